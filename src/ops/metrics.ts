import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ResponseCache, ResponseCacheStats } from '../github/cache.ts';
import { isLogin } from '../github/names.ts';
import type { UpstreamObserver } from '../github/upstream-observer.ts';
import { BoundedLabels } from './labels.ts';

/** How a webhook delivery ended, as the receiver reports it. */
export type WebhookOutcome =
  /** Verified and applied. */
  | 'processed'
  /** Verified, already seen (same delivery id): nothing done. */
  | 'duplicate'
  /** Verified, of an event the gateway does not act on. */
  | 'ignored'
  /** Refused before any work: bad signature, malformed body. */
  | 'rejected'
  /** Verified, but applying it failed. */
  | 'failed'
  /** Verified, refused with 503: too many deliveries waited to be processed. */
  | 'overloaded';

/** When each synced organization's alerts were last known to match GitHub (null: not yet). */
export type SyncedAtSource = () => Promise<ReadonlyArray<{ org: string; syncedAt: Date | null }>>;

/** GitHub's event names (secret_scanning_alert, ping, …); an unverified delivery may claim anything. */
const EVENT_NAME = /^[a-z_]{1,64}$/;
const MAX_EVENT_NAMES = 50;
const UPSTREAM_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The metrics of one gateway: its own prom-client registry (several gateways may share a
 * process, in tests), served as Prometheus text at GET /metrics (ops/endpoints.ts). Labels hold
 * route templates, status codes, organization logins, event names and the non-secret
 * credential keys of github/client.ts (a hash, or an App installation id), never a token, a
 * secret or anything else read from GitHub.
 *
 * Other components report through the methods below: the webhook receiver (webhookDelivery),
 * subscriptions (subscriptionOpened) and the index (watchSync, setSyncLeader).
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  /** Where the GitHub clients report the requests that reach GitHub (github/upstream-observer.ts). */
  readonly upstream: UpstreamObserver;
  private readonly webhookDeliveries: Counter<'event' | 'outcome'>;
  private readonly subscriptionsOpen: Gauge;
  private readonly syncLeader: Gauge;
  private readonly eventNames = new BoundedLabels(MAX_EVENT_NAMES, EVENT_NAME);
  /** Organization → when its alerts in the index were last known to match GitHub (epoch ms), as last read. */
  private syncedAt = new Map<string, number>();
  private readSyncedAt: SyncedAtSource | null = null;

  constructor(options: { cache: ResponseCache; now?: () => number }) {
    const registers = [this.registry];
    const now = options.now ?? Date.now;
    collectDefaultMetrics({ register: this.registry });
    this.upstream = upstreamMetrics(registers);
    cacheMetrics(registers, options.cache);
    this.webhookDeliveries = new Counter({
      name: 'gateway_webhook_deliveries_total',
      help: 'Webhook deliveries received, by event name and outcome (processed, duplicate, ignored, rejected, failed, overloaded).',
      labelNames: ['event', 'outcome'],
      registers,
    });
    this.subscriptionsOpen = new Gauge({ name: 'gateway_subscriptions_open', help: 'GraphQL subscriptions open now.', registers });
    this.syncLeader = new Gauge({ name: 'gateway_sync_leader', help: 'Whether this process runs the index sync (1) or leaves it to another replica (0).', registers });
    const metrics = this;
    new Gauge({
      name: 'gateway_sync_lag_seconds',
      help: "Seconds since each organization's alerts in the index were last known to match GitHub (the end of its last successful pass).",
      labelNames: ['org'],
      registers,
      async collect() {
        await metrics.refreshSyncedAt();
        this.reset();
        for (const [org, at] of metrics.syncedAt) this.set({ org }, Math.max(0, (now() - at) / 1000));
      },
    });
  }

  /** The webhook receiver: one call per delivery. `event` is GitHub's X-GitHub-Event (bounded here). */
  webhookDelivery(event: string, outcome: WebhookOutcome): void {
    this.webhookDeliveries.inc({ event: this.eventNames.label(event), outcome });
  }

  /** Subscriptions: call when one opens; call the returned function when it ends (a second call does nothing). */
  subscriptionOpened(): () => void {
    this.subscriptionsOpen.inc();
    let open = true;
    return () => {
      if (open) this.subscriptionsOpen.dec();
      open = false;
    };
  }

  /**
   * The index's sync: where each scrape reads when every organization's alerts were last known
   * to match GitHub (the end of its last successful pass; null before its first). Read from the
   * index itself, so every replica reports the leader's passes, and the lag grows while none
   * succeeds. An organization without a time (first sync not done) or no longer synced has no
   * series; a failed read keeps the times last read, so the lag still grows.
   */
  watchSync(source: SyncedAtSource): void {
    this.readSyncedAt = source;
  }

  private async refreshSyncedAt(): Promise<void> {
    if (!this.readSyncedAt) return;
    let read: Awaited<ReturnType<SyncedAtSource>>;
    try {
      read = await this.readSyncedAt();
    } catch {
      return;
    }
    const syncedAt = new Map<string, number>();
    for (const { org, syncedAt: at } of read) {
      if (at !== null && isLogin(org)) syncedAt.set(org.toLowerCase(), at.getTime());
    }
    this.syncedAt = syncedAt;
  }

  /** The index's sync leadership: whether this process syncs (exactly one replica on a PostgreSQL index does). */
  setSyncLeader(isLeader: boolean): void {
    this.syncLeader.set(isLeader ? 1 : 0);
  }

  /** The Prometheus text exposition of every metric of this gateway. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

function upstreamMetrics(registers: Registry[]): UpstreamObserver {
  const requests = new Counter({
    name: 'gateway_github_requests_total',
    help: 'Requests sent to GitHub (cache answers are not requests), by route template and HTTP status ("error": no answer).',
    labelNames: ['route', 'status'],
    registers,
  });
  const duration = new Histogram({
    name: 'gateway_github_request_duration_seconds',
    help: "Time to GitHub's response headers, by route template.",
    labelNames: ['route'],
    buckets: UPSTREAM_BUCKETS,
    registers,
  });
  const remaining = new Gauge({
    name: 'gateway_github_rate_limit_remaining',
    help: "Requests left in the credential's current rate-limit window, as GitHub last reported it, by credential key and resource.",
    labelNames: ['credential', 'resource'],
    registers,
  });
  /** Credential → the resources it has a series for, so that all of them can be dropped with it. */
  const resources = new Map<string, Set<string>>();
  return {
    requestCompleted(route, status, seconds) {
      requests.inc({ route, status });
      duration.observe({ route }, seconds);
    },
    rateLimitSeen(credential, resource, left) {
      remaining.set({ credential, resource }, left);
      resources.set(credential, (resources.get(credential) ?? new Set()).add(resource));
    },
    credentialDropped(credential) {
      for (const resource of resources.get(credential) ?? []) remaining.remove({ credential, resource });
      resources.delete(credential);
    },
  };
}

/** The response cache's own counters (github/cache.ts), read at each scrape. */
function cacheMetrics(registers: Registry[], cache: ResponseCache): void {
  new Counter({
    name: 'gateway_response_cache_requests_total',
    help: 'Cacheable GitHub GETs by how they were answered: hit (fresh entry), miss, revalidation (If-None-Match sent), shared (joined an identical request in flight).',
    labelNames: ['result'],
    registers,
    collect() {
      const stats = cache.stats();
      this.reset();
      this.inc({ result: 'hit' }, stats.hits);
      this.inc({ result: 'miss' }, stats.misses);
      this.inc({ result: 'revalidation' }, stats.revalidations);
      this.inc({ result: 'shared' }, stats.inflightShared);
    },
  });
  const fromStats = (Metric: typeof Counter | typeof Gauge, name: string, help: string, stat: keyof ResponseCacheStats) =>
    new Metric({
      name,
      help,
      registers,
      collect(this: Counter | Gauge) {
        this.reset();
        this.inc(cache.stats()[stat]);
      },
    });
  fromStats(Counter, 'gateway_response_cache_not_modified_total', 'Revalidations GitHub answered 304 Not Modified (no rate limit spent).', 'notModified');
  fromStats(Counter, 'gateway_response_cache_evictions_total', 'Entries evicted to stay within GATEWAY_CACHE_MAX_MB.', 'evictions');
  fromStats(Gauge, 'gateway_response_cache_entries', 'Entries in the response cache.', 'entries');
  fromStats(Gauge, 'gateway_response_cache_size_bytes', 'Bytes held by the response cache (bodies as received).', 'sizeBytes');
}
