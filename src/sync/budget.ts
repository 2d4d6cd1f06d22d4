import { setTimeout as delay } from 'node:timers/promises';

/** GitHub's rate-limit headers of one answer (any status). */
export type RateHeaders = Record<string, string | number | undefined>;

/**
 * The share of one credential's hourly rate limit the sync may spend. GitHub's own count
 * (X-RateLimit-Limit/Remaining/Reset of every answer) decides, so requests the gateway serves
 * to callers with the same credential count too: the sync stops while the credential has used
 * `share` of its window, and the rest stays for callers. In App mode each installation has its
 * own limit, and so its own budget.
 */
export class RateBudget {
  private limit: number | null = null;
  private remaining = 0;
  /** Epoch ms when GitHub resets the window. */
  private resetAt = 0;

  constructor(
    private readonly share: number,
    private readonly now: () => number = Date.now,
  ) {}

  observe(headers: RateHeaders | undefined): void {
    const limit = Number(headers?.['x-ratelimit-limit']);
    const remaining = Number(headers?.['x-ratelimit-remaining']);
    const reset = Number(headers?.['x-ratelimit-reset']);
    if (!Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(reset)) return;
    this.limit = limit;
    this.remaining = remaining;
    this.resetAt = reset * 1000;
  }

  /** How long to wait before the next request; 0 when it may go now. Counts the request as spent. */
  take(): number {
    if (this.limit === null) return 0;
    if (this.now() >= this.resetAt) {
      // A new window: the next answer tells how much of it is left.
      this.limit = null;
      return 0;
    }
    if (this.limit - this.remaining >= this.share * this.limit) return this.resetAt - this.now() + 1_000;
    this.remaining -= 1;
    return 0;
  }

  /** Waits until a request may go; `onWait` hears of each wait (for the log). */
  async acquire(signal?: AbortSignal, onWait?: (ms: number) => void): Promise<void> {
    for (let wait = this.take(); wait > 0; wait = this.take()) {
      onWait?.(wait);
      await delay(wait, undefined, { signal });
    }
  }
}
