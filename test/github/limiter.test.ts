import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Limiter, LimiterGroup } from '../../src/github/limiter.ts';

describe('Limiter (the scheduler under @octokit/plugin-throttling)', () => {
  it('starts jobs fired together in the same turn when slots are free', async () => {
    const limiter = new Limiter({ maxConcurrent: 50 });
    const started: number[] = [];
    const jobs = Array.from({ length: 40 }, (_, i) => limiter.schedule(async () => started.push(i)));
    // Bottleneck would still be handing jobs over one timer turn at a time here.
    await delay(0);
    expect(started).toEqual(Array.from({ length: 40 }, (_, i) => i));
    await Promise.all(jobs);
  });

  it('never runs more than maxConcurrent jobs at once and starts them in order', async () => {
    const limiter = new LimiterGroup({ maxConcurrent: 3 }).key('credential');
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        limiter.schedule({}, async (value: number) => {
          order.push(i);
          running += 1;
          peak = Math.max(peak, running);
          await delay(5);
          running -= 1;
          return value * 2;
        }, i),
      ),
    );
    expect(peak).toBe(3);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(results).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  });

  describe('with fake timers', () => {
    beforeEach(() => {
      vi.useFakeTimers({ now: 0 });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('spaces job starts by minTime (how writes of one credential are paced)', async () => {
      const limiter = new Limiter({ maxConcurrent: 1, minTime: 40 });
      const starts: number[] = [];
      const jobs = [1, 2, 3].map(() => limiter.schedule(async () => starts.push(Date.now())));
      await vi.advanceTimersByTimeAsync(0);
      expect(starts).toEqual([0]);
      await vi.advanceTimersByTimeAsync(39);
      expect(starts).toEqual([0]);
      await vi.advanceTimersByTimeAsync(1);
      expect(starts).toEqual([0, 40]);
      await vi.advanceTimersByTimeAsync(39);
      expect(starts).toEqual([0, 40]);
      await vi.advanceTimersByTimeAsync(1);
      expect(starts).toEqual([0, 40, 80]);
      await Promise.all(jobs);
    });

    it('starts the next job when a slot frees, if that is later than minTime', async () => {
      const limiter = new Limiter({ maxConcurrent: 1, minTime: 40 });
      const starts: number[] = [];
      const slow = () => {
        starts.push(Date.now());
        return new Promise<void>((resolve) => setTimeout(resolve, 100));
      };
      const jobs = [limiter.schedule(slow), limiter.schedule(slow)];
      await vi.advanceTimersByTimeAsync(99);
      expect(starts).toEqual([0]);
      await vi.advanceTimersByTimeAsync(1);
      expect(starts).toEqual([0, 100]);
      await vi.advanceTimersByTimeAsync(100);
      await Promise.all(jobs);
    });

    it('does not space jobs without minTime', async () => {
      const limiter = new Limiter({ maxConcurrent: 1 });
      const starts: number[] = [];
      await Promise.all([1, 2, 3].map(() => limiter.schedule(async () => starts.push(Date.now()))));
      expect(starts).toEqual([0, 0, 0]);
    });
  });

  it('retries a failed job after the wait a `failed` listener returns, and rethrows otherwise', async () => {
    const limiter = new Limiter({ maxConcurrent: 1 });
    const seen: number[] = [];
    limiter.on('failed', (error, info) => {
      seen.push(info.retryCount);
      return (error as Error).message === 'rate limited' && info.retryCount < 2 ? 5 : undefined;
    });
    let attempts = 0;
    const flaky = async (label: string) => {
      attempts += 1;
      if (attempts < 3) throw new Error('rate limited');
      return `${label} after ${attempts}`;
    };
    await expect(limiter.schedule(flaky, 'ok')).resolves.toBe('ok after 3');
    expect(seen).toEqual([0, 1]);
    await expect(limiter.schedule(async () => Promise.reject(new Error('not found')))).rejects.toThrow('not found');
    // The slot was given back after every failure.
    await expect(limiter.schedule(async () => 'free')).resolves.toBe('free');
  });

  it('lets weight-0 jobs (the plugin marks retries so) pass a full limiter', async () => {
    const limiter = new Limiter({ maxConcurrent: 1 });
    let release!: () => void;
    const blocker = limiter.schedule(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(limiter.schedule({ weight: 0 }, async () => 'retry ran')).resolves.toBe('retry ran');
    release();
    await blocker;
  });
});
