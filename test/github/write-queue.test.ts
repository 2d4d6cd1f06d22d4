import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WriteQueue } from '../../src/github/write-queue.ts';

describe('WriteQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** Takes turns for `party` and records the order writes start in; each write is done at once. */
  function take(queue: WriteQueue, party: string, started: string[], signal = new AbortController().signal) {
    return queue.turn(party, signal).then((release) => {
      started.push(party);
      release();
    });
  }

  it('serves parties in turn, one write at a time, spaced by the interval', async () => {
    const queue = new WriteQueue({ intervalMs: 100, maxWaitingPerParty: 10, maxWaiting: 100 });
    const started: string[] = [];
    const all = [...Array.from({ length: 4 }, () => take(queue, 'a', started)), take(queue, 'b', started), take(queue, 'b', started), take(queue, 'c', started)];
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(99);
    expect(started).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual(['a', 'a']);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(all);
    // The first write started alone; then a, b and c take turns while they have writes waiting.
    expect(started).toEqual(['a', 'a', 'b', 'c', 'a', 'b', 'a']);
  });

  it('drops a waiting write whose signal aborts: it never starts', async () => {
    const queue = new WriteQueue({ intervalMs: 100, maxWaitingPerParty: 10, maxWaiting: 100 });
    const started: string[] = [];
    const controller = new AbortController();
    const first = take(queue, 'a', started);
    const dropped = take(queue, 'b', started, controller.signal);
    const last = take(queue, 'c', started);
    controller.abort(new Error('deadline'));
    await expect(dropped).rejects.toThrow('deadline');
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([first, last]);
    expect(started).toEqual(['a', 'c']);
    expect(queue.length).toBe(0);
  });

  it('refuses writes past the per-party and total bounds at once', async () => {
    const queue = new WriteQueue({ intervalMs: 100, maxWaitingPerParty: 2, maxWaiting: 3 });
    const started: string[] = [];
    const running = take(queue, 'a', started);
    const waiting = [take(queue, 'a', started), take(queue, 'a', started)];
    await expect(take(queue, 'a', started)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    waiting.push(take(queue, 'b', started));
    await expect(take(queue, 'c', started)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([running, ...waiting]);
    expect(started).toEqual(['a', 'a', 'b', 'a']);
  });
});
