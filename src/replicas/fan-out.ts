import { randomUUID } from 'node:crypto';
import type { AlertChange, AlertEvents } from '../events.ts';
import type { InvalidationScope, ResponseCache } from '../github/cache.ts';
import type { Logger } from '../logger.ts';
import type { IndexStore } from '../store/index-store.ts';
import { MAX_NOTIFY_BYTES, NotifyChannel } from './notify-channel.ts';

/**
 * What one replica tells the others: a change it published (whole when it fits a NOTIFY payload,
 * otherwise the alert's key, to be read from the index they share) or an invalidation of its
 * response cache. `from` names the replica, which ignores its own messages: its subscribers and
 * cache had them already.
 */
type PeerMessage =
  | { from: string; change: AlertChange }
  | { from: string; changed: Omit<AlertChange, 'record'> & { owner: string; repo: string; number: number } }
  | { from: string; invalidate: InvalidationScope };

export interface ReplicaFanOut {
  /** This process's id in the messages (random per start). */
  replicaId: string;
  close(): Promise<void>;
}

/**
 * Makes the replicas on one PostgreSQL one gateway for subscribers and caches: every change this
 * process publishes (a webhook it received, its own mutation, a sync pass it ran) and every
 * response-cache invalidation it makes is sent on the source's NOTIFY channel; what the others
 * send is delivered to this process's subscribers and drops the same cached responses. The
 * record sent never holds the secret (events.ts strips it before anything sees a change).
 */
export async function startReplicaFanOut(options: { url: string; store: IndexStore; events: AlertEvents; cache: ResponseCache; logger: Logger }): Promise<ReplicaFanOut> {
  const { store, events, cache, logger } = options;
  const replicaId = randomUUID();
  let received: Promise<void> = Promise.resolve();
  const channel = await NotifyChannel.open({
    url: options.url,
    // Per GitHub (source): replicas of two GitHubs on one database do not hear each other.
    channel: `gateway_changes_${store.sourceId}`,
    onMessage: (payload) => {
      const message = JSON.parse(payload) as PeerMessage;
      if (message.from === replicaId) return;
      // One after the other, in the order sent: an invalidation lands before the change behind it.
      received = received.then(() => applyPeerMessage(message, options)).catch((error: unknown) => logger.warn('replicas: a change from another replica could not be applied', { error: String(error) }));
    },
    // Messages sent while this replica was not listening are lost: its cached responses may be stale.
    onReconnected: () => cache.clear('peer'),
    logger,
  });
  const send = (message: PeerMessage) => void channel.send(JSON.stringify(message));
  const stopRelaying = [
    events.onPublished((change) => send(fitted(replicaId, change))),
    cache.onInvalidated((scope) => send({ from: replicaId, invalidate: scope })),
  ];
  return {
    replicaId,
    close: async () => {
      for (const stop of stopRelaying) stop();
      await channel.close();
      await received;
    },
  };
}

/** The change itself when its message fits a NOTIFY payload, otherwise its alert's key. */
function fitted(from: string, change: AlertChange): PeerMessage {
  const whole: PeerMessage = { from, change };
  if (Buffer.byteLength(JSON.stringify(whole)) <= MAX_NOTIFY_BYTES) return whole;
  const { record, ...rest } = change;
  return { from, changed: { ...rest, owner: record.repository.owner, repo: record.repository.name, number: record.alert.number ?? 0 } };
}

async function applyPeerMessage(message: PeerMessage, { store, events, cache }: { store: IndexStore; events: AlertEvents; cache: ResponseCache }): Promise<void> {
  if ('invalidate' in message) {
    if (message.invalidate === 'all') cache.clear('peer');
    else cache.invalidate(message.invalidate, 'peer');
  } else if ('change' in message) {
    events.publishFromPeer(message.change);
  } else {
    const { owner, repo, number, ...change } = message.changed;
    // The sender wrote the alert to the index before publishing it.
    const record = await store.alert(owner, repo, number);
    if (record) events.publishFromPeer({ ...change, record });
  }
}
