import type { GitHubClient } from './client.ts';
import { callGitHub } from './errors.ts';

export interface RateLimitStatus {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds. */
  reset: number;
}

/** GET /rate_limit does not count against the limit it reports. */
export async function getRateLimit(client: GitHubClient): Promise<RateLimitStatus> {
  return callGitHub('the rate limit', async () => {
    const { data } = await client.request('GET /rate_limit');
    const core = data.resources.core;
    return { limit: core.limit, remaining: core.remaining, used: core.used, reset: core.reset };
  });
}
