import { describe, expect, it } from 'vitest';
import { RateBudget } from '../../src/sync/budget.ts';

describe('sync rate budget', () => {
  const headers = (remaining: number, resetSeconds: number) => ({ 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(resetSeconds) });

  it('spends at most its share of the window, counting what GitHub says was used, then waits for the reset', () => {
    let now = 1_000_000;
    const budget = new RateBudget(0.5, () => now);
    expect(budget.take()).toBe(0);
    budget.observe(headers(2_502, 1_000 + 3_600));
    expect(budget.take()).toBe(0);
    expect(budget.take()).toBe(0);
    // 2,500 used: the share is spent until the window resets (an hour after the first answer).
    expect(budget.take()).toBe(3_600_000 + 1_000);
    budget.observe(headers(2_600, 1_000 + 3_600));
    expect(budget.take()).toBe(0);
    now = 1_000_000 + 3_600_000;
    expect(budget.take()).toBe(0);
  });

  it('ignores answers without rate-limit headers', () => {
    const budget = new RateBudget(0.1, () => 0);
    budget.observe({});
    budget.observe(undefined);
    expect(budget.take()).toBe(0);
  });
});
