import type { GitHubClient } from './client.ts';
import { toDomainError } from './errors.ts';

export interface RateLimitStatus {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds. */
  reset: number;
}

/** GET /rate_limit does not count against the limit it reports. */
export async function getRateLimit(client: GitHubClient): Promise<RateLimitStatus> {
  try {
    const { data } = await client.request('GET /rate_limit');
    const core = data.resources.core;
    return { limit: core.limit, remaining: core.remaining, used: core.used, reset: core.reset };
  } catch (error) {
    throw toDomainError(error, 'the rate limit');
  }
}
