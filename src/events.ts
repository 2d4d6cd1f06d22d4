import { LRUCache } from 'lru-cache';
import type { AlertRecord } from './alerts/model.ts';

export type AlertChangeAction =
  | 'CREATED'
  | 'RESOLVED'
  | 'REOPENED'
  | 'ASSIGNED'
  | 'UNASSIGNED'
  | 'VALIDATED'
  | 'PUBLICLY_LEAKED'
  | 'LOCATION_ADDED'
  | 'UPDATED';

export type ChangeSource = 'WEBHOOK' | 'SYNC' | 'GATEWAY';

/** One change of one alert, as the gateway learned of it. The record never holds the secret value. */
export interface AlertChange {
  action: AlertChangeAction;
  record: AlertRecord;
  /** ISO-8601. */
  occurredAt: string;
  source: ChangeSource;
}

/** Thrown into a subscription that could not keep up: it is closed rather than buffered without bound. */
export class SlowSubscriberError extends Error {
  constructor(readonly maxQueued: number) {
    super(`This subscription fell more than ${maxQueued} changes behind and was closed; subscribe again.`);
  }
}

interface Subscriber {
  accepts(change: AlertChange): boolean;
  push(change: AlertChange): void;
}

/**
 * The gateway's alert changes (webhook deliveries, sync passes, its own mutations), fanned out to
 * subscriptions. One change of an alert often arrives twice (the gateway's own write, then
 * GitHub's webhook for it): a change whose alert looks exactly as last published is dropped.
 * Each subscriber has a bounded queue; one that falls behind is closed (SlowSubscriberError),
 * so a slow client never holds unbounded memory.
 */
export class AlertEvents {
  private readonly subscribers = new Set<Subscriber>();
  private readonly relays = new Set<(change: AlertChange) => void>();
  /** Alert key → fingerprint of its last published state. */
  private readonly lastPublished = new LRUCache<string, string>({ max: 50_000 });

  constructor(private readonly options: { maxQueuedPerSubscriber: number } = { maxQueuedPerSubscriber: 1_000 }) {}

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Publishes a change to every subscriber that accepts it; false when it repeats the last known state. */
  publish(change: AlertChange): boolean {
    const published = this.deliver(change);
    if (published) for (const relay of this.relays) relay(published);
    return published !== null;
  }

  /**
   * A change another replica published (see replicas/fan-out.ts): delivered to this process's
   * subscribers and remembered as the alert's last state (so GitHub's webhook for it, landing
   * here, is a repeat), but not relayed again.
   */
  publishFromPeer(change: AlertChange): boolean {
    return this.deliver(change) !== null;
  }

  /** Told of every change published here (not those from peers), as subscribers receive it: without the secret. */
  onPublished(relay: (change: AlertChange) => void): () => void {
    this.relays.add(relay);
    return () => this.relays.delete(relay);
  }

  private deliver(change: AlertChange): AlertChange | null {
    const record = withoutSecret(change.record);
    const key = `${record.repository.nameWithOwner}#${record.alert.number ?? 0}`.toLowerCase();
    // A new location changes nothing the alert shows: it is never taken for a repeat.
    if (change.action !== 'LOCATION_ADDED') {
      const state = fingerprint(record);
      if (this.lastPublished.get(key) === state) return null;
      this.lastPublished.set(key, state);
    }
    const published = { ...change, record };
    for (const subscriber of this.subscribers) if (subscriber.accepts(published)) subscriber.push(published);
    return published;
  }

  /** Changes accepted by `accepts`, from now on, until `signal` aborts or the iterator is returned. */
  subscribe(accepts: (change: AlertChange) => boolean, signal?: AbortSignal): AsyncGenerator<AlertChange, void, undefined> {
    const queue: AlertChange[] = [];
    let wake: (() => void) | null = null;
    let failure: Error | null = null;
    const { maxQueuedPerSubscriber } = this.options;
    const subscriber: Subscriber = {
      accepts,
      push: (change) => {
        if (queue.length >= maxQueuedPerSubscriber) {
          failure = new SlowSubscriberError(maxQueuedPerSubscriber);
          this.subscribers.delete(subscriber);
        } else queue.push(change);
        wake?.();
      },
    };
    this.subscribers.add(subscriber);
    const stop = () => {
      this.subscribers.delete(subscriber);
      wake?.();
    };
    signal?.addEventListener('abort', stop, { once: true });
    const subscribers = this.subscribers;
    return (async function* changes() {
      try {
        for (;;) {
          while (queue.length > 0) yield queue.shift()!;
          if (failure) throw failure;
          if (!subscribers.has(subscriber)) return;
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
        }
      } finally {
        signal?.removeEventListener('abort', stop);
        subscribers.delete(subscriber);
      }
    })();
  }
}

function withoutSecret(record: AlertRecord): AlertRecord {
  if (record.alert.secret === undefined) return record;
  const { secret: _secret, ...alert } = record.alert;
  return { ...record, alert };
}

function fingerprint({ alert }: AlertRecord): string {
  return JSON.stringify([
    alert.state,
    alert.resolution ?? null,
    alert.validity ?? null,
    alert.publicly_leaked ?? null,
    (alert as { assigned_to?: { login?: string } | null }).assigned_to?.login ?? null,
    alert.updated_at ?? null,
  ]);
}
