import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { CursorCodec } from './alerts/cursor.ts';
import { ConfigError, loadConfig, type GatewayConfig } from './config.ts';
import { loadCursorKey } from './cursor-key.ts';
import { DEMO_TOKENS } from './demo/dataset.ts';
import { startDemoGitHub, type DemoGitHub } from './demo/server.ts';
import { AlertEvents } from './events.ts';
import { ResponseCache } from './github/cache.ts';
import { hostMatcher } from './http/hosts.ts';
import { MAX_WEBHOOK_BYTES, WEBHOOK_PATH } from './webhooks/receiver.ts';
import { createLogger, type Logger } from './logger.ts';
import { Drain } from './ops/drain.ts';
import { OPERATIONS_PATHS } from './ops/endpoints.ts';
import { GatewayMetrics } from './ops/metrics.ts';
import { Readiness } from './ops/readiness.ts';
import { withRequestId } from './ops/request-id.ts';
import { startAlertIndex, type AlertIndex } from './sync/alert-index.ts';
import { startReplicaFanOut } from './replicas/fan-out.ts';
import { SharedWriteSlots } from './store/replica-state.ts';
import { lastSyncedAt } from './store/sync-state.ts';
import { createUpstream, type Upstream } from './upstream.ts';
import { publishSyncChanges } from './sync/change-events.ts';
import { createGateway, type Gateway } from './yoga.ts';

export interface RunningGateway {
  url: string;
  gateway: Gateway;
  cache: ResponseCache;
  /** The alert changes this gateway fans out to its subscribers. */
  events: AlertEvents;
  demo: DemoGitHub | null;
  metrics: GatewayMetrics;
  /** Components that must finish before the gateway serves: `readiness.waitFor(what)`. */
  readiness: Readiness;
  /** Components that hold something until shutdown: `drain.onShutdown(name, release)`. */
  drain: Drain;
  /** Graceful: drains requests in flight (GATEWAY_DRAIN_TIMEOUT_MS), then stops; clean when nothing had to be aborted. */
  shutdown(): Promise<{ clean: boolean }>;
  /** At once: open connections are cut. */
  close(): Promise<void>;
}

/**
 * Starts the gateway: with no GitHub credential it first starts the embedded demo GitHub on
 * loopback and points itself at it over HTTP, exactly as it would at api.github.com.
 */
export interface StartOptions {
  /** Transport under the cache (tests and benchmarks count or shape upstream traffic with it). */
  fetch?: typeof fetch;
  /** Base of the upstream retry back-off; tests shorten it. */
  retryBaseMs?: number;
}

export async function startGateway(config: GatewayConfig, logger: Logger, options: StartOptions = {}): Promise<RunningGateway> {
  let demo: DemoGitHub | null = null;
  let effective = config;
  if (config.demo) {
    demo = await startDemoGitHub();
    const orgs = config.orgs.length > 0 ? config.orgs : demo.dataset.orgs.map((org) => org.login);
    // The demo GitHub delivers its changes to the gateway's webhook receiver, signed with a secret of this run.
    const webhookSecret = config.webhookSecret ?? randomBytes(16).toString('hex');
    effective = { ...config, orgs, webhookSecret, github: { ...config.github, apiUrl: demo.url, token: DEMO_TOKENS.admin } };
    logger.warn('DEMO MODE: no GitHub credential is configured (GITHUB_TOKEN or GITHUB_APP_ID), so the gateway serves the embedded demo GitHub with made-up data', {
      demoGitHub: demo.url,
      orgs,
    });
  }
  const cache = new ResponseCache({ maxSizeBytes: effective.cache.maxBytes, ttlMs: effective.cache.ttlSeconds * 1000 });
  const events = new AlertEvents();
  const metrics = new GatewayMetrics({ cache });
  const readiness = new Readiness();
  const drain = new Drain({ timeoutMs: effective.operations.drainTimeoutMs, readiness, logger });
  const upstream = createUpstream(effective, { cache, logger, metrics, fetch: options.fetch, retryBaseMs: options.retryBaseMs });
  await learnGitHubRelease(upstream, logger);
  const index = await openIndex(effective, upstream, { events, cache, metrics, drain, logger });
  const gateway = createGateway({
    config: effective,
    cache,
    events,
    logger,
    cursors: new CursorCodec(await loadCursorKey(effective, index?.replicas ? index.store.db : null)),
    upstream,
    index: index?.store ?? null,
    sharedWriteSpacing: index?.replicas?.writeSpacing ?? null,
    demoNotice: demo ? 'DEMO DATA (embedded demo GitHub, no real organizations)' : undefined,
    metrics,
    readiness,
    drain,
  });
  const { requestTimeoutMs, maxBodyBytes } = effective.limits;
  // A client sending its request slowly holds a connection: it gets the request's deadline to send it
  // (Node's default is 300 s), checked every second rather than every 30.
  const server: Server = createServer(
    { requestTimeout: requestTimeoutMs, headersTimeout: Math.min(requestTimeoutMs, 10_000), connectionsCheckingInterval: Math.min(requestTimeoutMs, 1_000) },
    drain.track(withRequestId(guardIncoming(gateway, { maxBodyBytes, allowedHosts: effective.allowedHosts }))),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(effective.port, effective.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = effective.host.includes(':') ? `[${effective.host}]` : effective.host;
  const url = `http://${host}:${port}/graphql`;
  if (demo && effective.webhookSecret) demo.setWebhook({ url: `http://${host}:${port}/webhooks/github`, secret: effective.webhookSecret });
  return {
    url,
    gateway,
    cache,
    events,
    demo,
    metrics,
    readiness,
    drain,
    shutdown: async () => {
      const result = await drain.shutdown(server);
      await demo?.close();
      return result;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await demo?.close();
    },
  };
}

/** Asks GitHub once which release it runs (see github/server-version.ts); a failure is asked again by the first request. */
async function learnGitHubRelease(upstream: Upstream, logger: Logger): Promise<void> {
  try {
    const { enterpriseVersion } = await upstream.clients.server.detect();
    logger.info(enterpriseVersion === null ? 'GitHub serves as GitHub.com or GitHub Enterprise Cloud' : `GitHub serves as GitHub Enterprise Server ${enterpriseVersion}`);
  } catch (error) {
    logger.warn('could not learn which GitHub release serves the gateway; the first request asks again', { error: error instanceof Error ? error.message : 'unknown' });
  }
}

/** The index, and on PostgreSQL what this process shares with the other replicas on it. */
interface OpenIndex extends AlertIndex {
  replicas: { writeSpacing: SharedWriteSlots } | null;
}

/**
 * The synchronised alert index (GATEWAY_INDEX), opened and migrated before the gateway listens,
 * its sync started (on one replica: see sync/leadership.ts), its changes published to
 * subscribers, closed at shutdown. On PostgreSQL, changes and cache invalidations travel between
 * replicas (replicas/fan-out.ts) and writes are spaced across them. Off when the gateway has no
 * credential of its own (passthrough without one): it would have nothing to sync with.
 */
async function openIndex(
  config: GatewayConfig,
  upstream: Upstream,
  deps: { events: AlertEvents; cache: ResponseCache; metrics: GatewayMetrics; drain: Drain; logger: Logger },
): Promise<OpenIndex | null> {
  if (!upstream.serviceAccess) {
    if (config.index.kind !== 'off') deps.logger.warn('the alert index is off: in passthrough mode without GITHUB_TOKEN or a GitHub App it has nothing to sync with');
    return null;
  }
  const index = await startAlertIndex(config, upstream.serviceAccess, deps.logger, { onLeadership: (leader) => deps.metrics.setSyncLeader(leader) });
  if (!index) return null;
  publishSyncChanges(index.store, deps.events);
  deps.metrics.watchSync(async () =>
    (await index.store.syncStatus(config.orgs)).map((status) => ({ org: status.login, syncedAt: lastSyncedAt(status) })),
  );
  let replicas: OpenIndex['replicas'] = null;
  if (config.index.kind === 'postgres') {
    const fanOut = await startReplicaFanOut({ url: config.index.url, store: index.store, events: deps.events, cache: deps.cache, logger: deps.logger });
    // Hooks run last registered first: the fan-out still relays what the sync's last pass publishes.
    deps.drain.onShutdown('replica fan-out', () => fanOut.close());
    replicas = { writeSpacing: new SharedWriteSlots(index.store.db, index.store.sourceId, config.writeIntervalMs) };
  }
  deps.drain.onShutdown('alert index and its sync leadership', () => index.close());
  return { ...index, replicas };
}

/**
 * Refuses, before yoga or any plugin sees them, requests for a host name the gateway does not
 * serve (DNS rebinding, see http/hosts.ts; the operational endpoints answer any Host, since
 * load balancers probe by IP) and bodies above the limit. The length is checked from
 * Content-Length, so a body streamed without one is refused with 411 (GraphQL clients always send
 * it) rather than read to find out.
 */
function guardIncoming(handler: RequestListener, options: { maxBodyBytes: number; allowedHosts: readonly string[] }): RequestListener {
  const hostAllowed = hostMatcher(options.allowedHosts);
  return (request, response) => {
    const path = request.url?.split('?')[0] ?? '';
    // GitHub's deliveries may be up to 25 MB; everything else is a GraphQL request or an export.
    const maxBytes = path === WEBHOOK_PATH ? MAX_WEBHOOK_BYTES : options.maxBodyBytes;
    const refuse = (status: number, code: string, message: string) => {
      response.writeHead(status, { 'content-type': 'application/json', connection: 'close', 'x-content-type-options': 'nosniff' });
      response.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
      request.resume();
    };
    if (!OPERATIONS_PATHS.includes(path) && !hostAllowed(request.headers.host ?? null)) {
      return refuse(421, 'MISDIRECTED_REQUEST', 'This gateway does not answer for that host name (see GATEWAY_ALLOWED_HOSTS).');
    }
    const length = request.headers['content-length'];
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS';
    if (hasBody && length === undefined) {
      return refuse(411, 'LENGTH_REQUIRED', 'Send the request body with a Content-Length header.');
    }
    if (Number(length ?? 0) > maxBytes) {
      return refuse(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${maxBytes} bytes.`);
    }
    handler(request, response);
  };
}

async function main(): Promise<void> {
  let config: GatewayConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const running = await startGateway(config, logger).catch((error: unknown) => {
    console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
  logger.info(`Secret scanning gateway listening on ${running.url}${config.graphiql ? ' (GraphiQL: open it in a browser)' : ''}`);
  // A second signal while draining is not caught: it ends the process at once.
  const shutdown = (signal: string) => {
    logger.info('shutting down', { signal });
    void running.shutdown().then(({ clean }) => process.exit(clean ? 0 : 1));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
