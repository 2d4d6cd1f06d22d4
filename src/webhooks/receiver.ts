import { LRUCache } from 'lru-cache';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.ts';
import type { WebhookOutcome } from '../ops/metrics.ts';
import { ProcessingQueue, type ProcessingQueueOptions } from './processing-queue.ts';

export const WEBHOOK_PATH = '/webhooks/github';
/** GitHub caps a delivery's payload at 25 MB. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;
/**
 * Deliveries processed at once (each re-reads its alert from GitHub), between these as the event
 * loop allows, the rest waiting in order; and the bodies that may wait: a few thousand of
 * GitHub's deliveries, or two of its largest.
 */
export const DELIVERY_PROCESSING: ProcessingQueueOptions = { minConcurrency: 4, maxConcurrency: 32, maxWaitingBytes: 64 * 1024 * 1024 };

/** A verified delivery: GitHub's event name, its delivery id and the parsed payload. */
export interface Delivery {
  id: string;
  name: string;
  payload: Record<string, unknown>;
}

export interface WebhookReceiverOptions {
  /** Checks X-Hub-Signature-256 over the raw body, in constant time (@octokit/webhooks). */
  verify(body: string, signature: string): Promise<boolean>;
  /** Whether a verified delivery asks anything of this gateway (an event it handles, of its organizations). */
  concerns(delivery: Delivery): boolean;
  /** Handles a verified delivery that concerns it, after it has been acknowledged. */
  process(delivery: Delivery): Promise<void>;
  /** What became of each delivery (for /metrics). */
  outcome(event: string, outcome: WebhookOutcome): void;
  /** Processing that outlives its request: the drain waits for it at shutdown. */
  track(processing: Promise<unknown>): void;
  logger: Logger;
  /** How many deliveries are processed at once, and how many bytes of them may wait (default DELIVERY_PROCESSING). */
  processing?: ProcessingQueueOptions;
}

/**
 * POST /webhooks/github. A delivery is verified over its raw body before anything is parsed
 * (401 and nothing changed when the signature is missing or wrong), a delivery id seen before is
 * acknowledged and dropped, and a valid one is acknowledged at once (GitHub waits 10 s) and
 * processed afterwards, in order, as many at once as the event loop allows (processing-queue.ts).
 * When too much waits, a delivery is refused with 503: GitHub shows it failed and it can be
 * redelivered; the next sync pass brings its change in meanwhile.
 */
export function useGitHubWebhooks(options: WebhookReceiverOptions): Plugin {
  const seen = new LRUCache<string, true>({ max: 50_000, ttl: 24 * 3600_000 });
  const queue = new ProcessingQueue(options.processing ?? DELIVERY_PROCESSING);
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== WEBHOOK_PATH) return;
      if (request.method !== 'POST') {
        endResponse(answer(405, 'Deliver webhooks with POST.', { allow: 'POST' }));
        return;
      }
      const signature = request.headers.get('x-hub-signature-256');
      const name = request.headers.get('x-github-event');
      const id = request.headers.get('x-github-delivery');
      const event = name ?? 'unknown';
      const refuse = (status: number, message: string) => {
        options.outcome(event, 'rejected');
        endResponse(answer(status, message));
      };
      if (!signature) return refuse(401, 'The delivery is not signed (X-Hub-Signature-256).');
      const body = await readText(request, MAX_WEBHOOK_BYTES);
      if (body === null) return refuse(413, `The delivery is larger than ${MAX_WEBHOOK_BYTES} bytes.`);
      if (!(await options.verify(body, signature).catch(() => false))) return refuse(401, 'The delivery signature does not match (GITHUB_WEBHOOK_SECRET).');
      if (!name || !id) return refuse(400, 'A delivery needs X-GitHub-Event and X-GitHub-Delivery.');
      if (seen.has(id)) {
        options.outcome(event, 'duplicate');
        endResponse(answer(200, 'Already received.'));
        return;
      }
      let payload: Record<string, unknown>;
      try {
        payload = JSON.parse(body) as Record<string, unknown>;
      } catch {
        return refuse(400, 'The delivery is not JSON.');
      }
      if (!options.concerns({ id, name, payload })) {
        seen.set(id, true);
        options.outcome(event, 'ignored');
        endResponse(answer(202, 'Accepted; nothing to do for this gateway.'));
        return;
      }
      const processed = queue.offer(body.length, () => options.process({ id, name, payload }));
      if (!processed) {
        options.outcome(event, 'overloaded');
        options.logger.warn('webhook delivery refused: too many deliveries wait to be processed', { delivery: id, event: name, waiting: queue.queued });
        endResponse(answer(503, 'Too many deliveries wait to be processed; redeliver this one later.', { 'retry-after': '60' }));
        return;
      }
      seen.set(id, true);
      endResponse(answer(202, 'Accepted.'));
      const processing = processed.then(
        () => options.outcome(event, 'processed'),
        (error: unknown) => {
          // Not taken for received: GitHub's redelivery of it is processed.
          seen.delete(id);
          options.outcome(event, 'failed');
          options.logger.warn('webhook delivery could not be processed', { delivery: id, event: name, error: String(error) });
        },
      );
      options.track(processing);
    },
  };
}

function answer(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ message }), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

/** The body as text, or null past `maxBytes` (not read further). */
async function readText(request: Request, maxBytes: number): Promise<string | null> {
  if (!request.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
