import { createHash } from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import { Limiter, LimiterGroup } from './limiter.ts';
import { retry } from './retry.ts';
import { WriteQueue } from './write-queue.ts';

export const GitHubOctokit = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof GitHubOctokit>;

export interface GitHubClientOptions {
  baseUrl: string;
  /** A token, or an auth strategy (GitHub App installation) with its options. */
  auth: string | { authStrategy: unknown; auth: unknown };
  /** Stable, non-secret identity of the credential; separates throttling state per credential. */
  credentialKey: string;
  fetch?: typeof fetch;
  /** Upstream requests in flight at once for this credential. */
  concurrency: number;
  /** Minimum spacing between writes of this credential (see write-queue.ts). */
  writeIntervalMs: number;
  /** Writes that may wait for this credential, per caller and in all; default 100 and 1,000. */
  maxWaitingWrites?: { perCaller: number; total: number };
  /** Longest wait, in seconds, worth spending on a rate limit before failing the request. */
  maxRateLimitWaitSeconds?: number;
  /** Base of the retry back-off in milliseconds (GitHub-facing default: 1000). */
  retryBaseMs?: number;
  log?: Pick<Console, 'warn' | 'error'>;
}

/** Identity for caches and limiters: a hash, so that no token is ever used as a key. */
export function credentialKeyForToken(token: string): string {
  return `token:${createHash('sha256').update(token).digest('hex').slice(0, 32)}`;
}

/** Each client's write queue, and the credential it writes as (the key shared write spacing is kept under). */
const writeQueues = new WeakMap<GitHubClient, { queue: WriteQueue; credentialKey: string }>();

/** Write spacing kept beyond this process (several replicas of the gateway, see store/replica-state.ts). */
export interface SharedWriteSpacing {
  /** Resolves when a write of `credentialKey` may start; rejects when `signal` aborts first. */
  wait(credentialKey: string, signal: AbortSignal): Promise<void>;
}

/**
 * A turn to write with this client's credential (guarded-github.ts takes them): its place in the
 * process's queue (one write at a time, fair between callers), then, with `shared`, its slot in
 * the spacing every replica keeps. The queue is held while waiting for the slot, so the writes of
 * this process stay one at a time. Call the returned function once the write is done.
 */
export async function takeWriteTurn(client: GitHubClient, party: string, signal: AbortSignal, shared: SharedWriteSpacing | null): Promise<() => void> {
  const entry = writeQueues.get(client);
  if (!entry) throw new Error('This GitHub client has no write queue (it was not made by createGitHubClient).');
  const release = await entry.queue.turn(party, signal);
  try {
    await shared?.wait(entry.credentialKey, signal);
  } catch (error) {
    release();
    throw error;
  }
  return release;
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const maxWait = options.maxRateLimitWaitSeconds ?? 10;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const silent = () => {};
  const auth =
    typeof options.auth === 'string' ? { auth: options.auth } : (options.auth as Record<string, unknown>);
  const client = new GitHubOctokit({
    ...auth,
    baseUrl: options.baseUrl,
    userAgent: 'secret-scanning-gateway',
    request: options.fetch ? { fetch: options.fetch } : {},
    log: { debug: silent, info: silent, warn: options.log?.warn ?? silent, error: options.log?.error ?? silent },
    throttle: {
      id: options.credentialKey,
      // Our own limiters (read by the plugin, absent from its types): its Bottleneck defaults are
      // process-wide, allow only 10 requests at once and start jobs one timer turn apart (limiter.ts).
      ...({
        global: new LimiterGroup({ maxConcurrent: options.concurrency }),
        // Writes are serialized and spaced by the client's WriteQueue, before they reach the plugin.
        write: new LimiterGroup({ maxConcurrent: 1 }),
        auth: new LimiterGroup({ maxConcurrent: 1 }),
        search: new LimiterGroup({ maxConcurrent: 1, minTime: 2000 }),
        notifications: new LimiterGroup({ maxConcurrent: 1, minTime: 3000 }),
        retryLimiter: new Limiter(),
      } as object),
      retryAfterBaseValue: retryBaseMs,
      onRateLimit: (retryAfter: number, _request: unknown, _octokit: unknown, retryCount: number) =>
        retryCount < 1 && retryAfter <= maxWait,
      onSecondaryRateLimit: (retryAfter: number, _request: unknown, _octokit: unknown, retryCount: number) =>
        retryCount < 2 && retryAfter <= maxWait,
    },
    retry: {
      retryAfterBaseValue: retryBaseMs,
      // 409 and 412 are version conflicts and 429 belongs to the throttling plugin: retrying any would be wrong.
      doNotRetry: [400, 401, 403, 404, 409, 410, 412, 422, 429, 451],
    },
  });
  const waiting = options.maxWaitingWrites ?? { perCaller: 100, total: 1000 };
  const queue = new WriteQueue({ intervalMs: options.writeIntervalMs, maxWaitingPerParty: waiting.perCaller, maxWaiting: waiting.total });
  writeQueues.set(client, { queue, credentialKey: options.credentialKey });
  return client;
}
