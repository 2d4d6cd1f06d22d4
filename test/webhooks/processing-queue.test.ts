import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import type { WebhookOutcome } from '../../src/ops/metrics.ts';
import { ProcessingQueue } from '../../src/webhooks/processing-queue.ts';
import { useGitHubWebhooks, type Delivery } from '../../src/webhooks/receiver.ts';

const SECRET = 'processing-queue-secret-1234';

/** A promise with its resolve, to hold work until a test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('ProcessingQueue', () => {
  /** A queue whose event loop reads as `busy` (0–1) whenever asked. */
  const queueOf = (options: { min: number; max: number; bytes: number }, busy: { value: number }) =>
    new ProcessingQueue({ minConcurrency: options.min, maxConcurrency: options.max, maxWaitingBytes: options.bytes, busyAbove: 0.7, loopBusy: () => busy.value });

  it('runs at most `minConcurrency` works at once while the event loop is busy, the others in the order offered', async () => {
    const queue = queueOf({ min: 2, max: 10, bytes: 1_000 }, { value: 0.9 });
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    const done = gates.map((g, i) => queue.offer(10, async () => (started.push(i), await g.opened, i)));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(queue.queued).toBe(3);
    gates[1]!.open();
    await done[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(queue.queued).toBe(0);
  });

  it('runs up to `maxConcurrency` while the event loop has time to spare, and more again once it has', async () => {
    const busy = { value: 0.1 };
    const queue = queueOf({ min: 1, max: 3, bytes: 1_000 }, busy);
    const gates = Array.from({ length: 6 }, gate);
    const started: number[] = [];
    const done = gates.map((g, i) => queue.offer(10, async () => (started.push(i), await g.opened)));
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    busy.value = 0.95;
    gates[0]!.open();
    gates[1]!.open();
    await Promise.all([done[0], done[1]]);
    await Promise.resolve();
    // Busy: only the minimum runs (work 2 still runs, nothing more starts).
    expect(started).toEqual([0, 1, 2]);
    busy.value = 0.2;
    // Looked at again shortly, not only when a work ends.
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(started).toEqual([0, 1, 2, 3, 4]);
    for (const g of gates) g.open();
    await Promise.all(done);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses what would make the waiting bytes pass the bound, and takes work again once some has started', async () => {
    const queue = queueOf({ min: 1, max: 1, bytes: 100 }, { value: 0 });
    const first = gate();
    const running = queue.offer(1_000, () => first.opened);
    // A free slot takes any size; waiting is what is bounded.
    expect(running).not.toBeNull();
    expect(queue.offer(60, async () => 'a')).not.toBeNull();
    expect(queue.offer(60, async () => 'b')).toBeNull();
    expect(queue.offer(40, async () => 'c')).not.toBeNull();
    first.open();
    await running;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(queue.queued).toBe(0);
    expect(await queue.offer(60, async () => 'd')).toBe('d');
  });
});

describe('the receiver when too many deliveries wait', () => {
  it('answers 503 with Retry-After, keeps what it accepted, and takes the refused delivery when GitHub redelivers it', async () => {
    const release = gate();
    const processed: string[] = [];
    const outcomes: WebhookOutcome[] = [];
    const body = JSON.stringify({ action: 'resolved', alert: { number: 1 }, repository: { name: 'r', owner: { login: 'acme-corp' } } });
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
      logging: false,
      plugins: [
        useGitHubWebhooks({
          concerns: () => true,
          verify: async (text, signature) => signature === `sha256=${createHmac('sha256', SECRET).update(text).digest('hex')}`,
          process: async (delivery: Delivery) => {
            await release.opened;
            processed.push(delivery.id);
          },
          outcome: (_event, outcome) => outcomes.push(outcome),
          track: () => {},
          logger: createLogger('error', () => {}),
          // One at a time; two bodies may wait.
          processing: { minConcurrency: 1, maxConcurrency: 1, maxWaitingBytes: 2 * body.length },
        }),
      ],
    });
    const server = createServer(yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/github`;
      const deliver = (id: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-github-event': 'secret_scanning_alert', 'x-github-delivery': id, 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` },
          body,
        });
      const statuses = [];
      for (const id of ['d-1', 'd-2', 'd-3', 'd-4']) statuses.push((await deliver(id)).status);
      expect(statuses).toEqual([202, 202, 202, 503]);
      const refused = await deliver('d-5');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(outcomes).toEqual(['overloaded', 'overloaded']);

      release.open();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(processed).toEqual(['d-1', 'd-2', 'd-3']);
      // Refused, so not taken for received: the redelivery is processed, not dropped as a duplicate.
      expect((await deliver('d-4')).status).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(processed).toEqual(['d-1', 'd-2', 'd-3', 'd-4']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
