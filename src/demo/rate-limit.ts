export interface RateLimitState {
  limit: number;
  remaining: number;
  used: number;
  /** epoch seconds */
  reset: number;
}

const WINDOW_MS = 60 * 60 * 1000;

/** GitHub's primary rate limit: a fixed hourly budget per token (resource "core"). */
export class RateLimiter {
  private readonly windows = new Map<string, { used: number; resetMs: number }>();

  constructor(private readonly limitPerBucket: number) {}

  private window(bucket: string, nowMs: number): { used: number; resetMs: number } {
    let window = this.windows.get(bucket);
    if (window === undefined || window.resetMs <= nowMs) {
      window = { used: 0, resetMs: nowMs + WINDOW_MS };
      this.windows.set(bucket, window);
    }
    return window;
  }

  peek(bucket: string, nowMs: number, limit = this.limitPerBucket): RateLimitState {
    const window = this.window(bucket, nowMs);
    return {
      limit,
      remaining: Math.max(0, limit - window.used),
      used: window.used,
      reset: Math.ceil(window.resetMs / 1000),
    };
  }

  consume(bucket: string, nowMs: number): RateLimitState {
    this.window(bucket, nowMs).used += 1;
    return this.peek(bucket, nowMs);
  }

  reset(): void {
    this.windows.clear();
  }
}

export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'x-ratelimit-limit': String(state.limit),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-used': String(state.used),
    'x-ratelimit-reset': String(state.reset),
    'x-ratelimit-resource': 'core',
  };
}
