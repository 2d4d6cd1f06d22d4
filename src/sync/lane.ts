import type { GitHubClient } from '../github/client.ts';
import { Limiter } from '../github/limiter.ts';
import type { Logger } from '../logger.ts';
import type { IndexStore } from '../store/index-store.ts';
import { RateBudget } from './budget.ts';

/**
 * How the sync reaches GitHub with one credential: a few requests at a time (the credential's
 * own limiter, shared with callers, is first come first served, so the sync never queues more
 * than this many in front of them) within the credential's sync budget.
 */
export class SyncLane {
  private readonly budget: RateBudget;
  private readonly limiter: Limiter;
  private readonly logger: Logger;
  private lastWaitLog = 0;

  constructor(
    readonly client: GitHubClient,
    options: { budgetShare: number; concurrency: number; logger: Logger },
  ) {
    this.budget = new RateBudget(options.budgetShare);
    this.limiter = new Limiter({ maxConcurrent: options.concurrency });
    this.logger = options.logger;
  }

  /** Every answer's rate-limit headers, for the budget. */
  readonly observe = (headers: Parameters<RateBudget['observe']>[0]) => this.budget.observe(headers);

  run<T>(job: (client: GitHubClient) => Promise<T>, signal: AbortSignal): Promise<T> {
    return this.limiter.schedule(async () => {
      await this.budget.acquire(signal, (ms) => this.logWait(ms));
      return job(this.client);
    });
  }

  private logWait(ms: number): void {
    if (Date.now() - this.lastWaitLog < 60_000) return;
    this.lastWaitLog = Date.now();
    this.logger.info('index sync paused: its share of the credential\'s rate limit is used up until the window resets', { waitSeconds: Math.round(ms / 1000) });
  }
}

/** What a sync pass works with. */
export interface PassContext {
  store: IndexStore;
  lane: SyncLane;
  logger: Logger;
  signal: AbortSignal;
}
