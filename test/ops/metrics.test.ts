import { describe, expect, it } from 'vitest';
import { DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { ResponseCache } from '../../src/github/cache.ts';
import { GatewayMetrics } from '../../src/ops/metrics.ts';
import { parseMetrics, sampleValue } from '../support/prometheus.ts';
import { rawRequest } from '../support/raw-http.ts';
import { DEMO_ORGS, startHarness, useSharedHarness, type Harness } from '../support/harness.ts';

const ORG_ALERTS = 'GET /orgs/{org}/secret-scanning/alerts';
// The API root (GET /, where the gateway learns GitHub's release) or a template of named segments.
const ROUTE = /^(GET|POST|PATCH|PUT|DELETE) (\/|(\/([a-z_-]+|\{[a-z_]+\}))+)$/;

async function scrape(h: Harness, headers: Record<string, string> = {}) {
  const response = await fetch(new URL('/metrics', h.gateway.url), { headers });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

describe('GET /metrics', () => {
  const harness = useSharedHarness();

  it('counts GraphQL operations by name and type, and GitHub requests by route template and status', async () => {
    const h = harness();
    const before = parseMetrics((await scrape(h)).text);
    const result = await h.query('query OpenAlertCount { secretScanningAlerts(filter: { state: OPEN }) { totalCount } }');
    expect(result.errors).toBeUndefined();
    const { text, contentType } = await scrape(h);
    const after = parseMetrics(text);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);

    const operation = { operationName: 'OpenAlertCount', operationType: 'query' };
    expect(sampleValue(after, 'gateway_graphql_requests_total', operation) - sampleValue(before, 'gateway_graphql_requests_total', operation)).toBe(1);
    expect(sampleValue(after, 'gateway_graphql_request_duration_seconds_count', { ...operation, status: '200' })).toBe(1);

    // The same requests the demo GitHub counted, under the same route templates.
    const upstream = (samples: typeof after) => sampleValue(samples, 'gateway_github_requests_total', { route: ORG_ALERTS });
    expect(upstream(after) - upstream(before)).toBe(h.demo.requestCount(ORG_ALERTS));
    expect(h.demo.requestCount(ORG_ALERTS)).toBeGreaterThan(0);
    const requests = after.filter((sample) => sample.name === 'gateway_github_requests_total');
    expect(requests.map((sample) => sample.labels.route!).filter((route) => !ROUTE.test(route))).toEqual([]);
    // hooli's secret scanning is disabled (404) and initech may not be read (403): statuses are labels of their own.
    expect(new Set(requests.filter((sample) => sample.labels.route === ORG_ALERTS).map((sample) => sample.labels.status))).toEqual(new Set(['200', '403', '404']));
  });

  it("reports what GitHub said is left of the credential's rate limit, keyed by a hash, never the token", async () => {
    const h = harness();
    await h.query('{ organization(login: "acme-corp") { login } }');
    const { text } = await scrape(h);
    const remaining = parseMetrics(text).filter((sample) => sample.name === 'gateway_github_rate_limit_remaining');
    expect(remaining).toEqual([{ name: 'gateway_github_rate_limit_remaining', labels: { credential: expect.stringMatching(/^token:[0-9a-f]{32}$/), resource: 'core' }, value: expect.any(Number) }]);
    expect(remaining[0]!.value).toBeGreaterThan(0);
    expect(remaining[0]!.value).toBeLessThan(5000);
  });

  it('counts response cache hits and misses', async () => {
    const h = harness();
    const read = async () => parseMetrics((await scrape(h)).text);
    const lookups = (samples: Awaited<ReturnType<typeof read>>, result: string) => sampleValue(samples, 'gateway_response_cache_requests_total', { result });
    const start = await read();
    await h.query('{ organization(login: "globex") { login } }');
    const cold = await read();
    await h.query('{ organization(login: "globex") { login } }');
    const warm = await read();
    expect(lookups(cold, 'miss') - lookups(start, 'miss')).toBe(1);
    expect(lookups(warm, 'miss') - lookups(cold, 'miss')).toBe(0);
    expect(lookups(warm, 'hit') - lookups(cold, 'hit')).toBe(1);
    expect(sampleValue(warm, 'gateway_response_cache_entries')).toBeGreaterThan(0);
  });

  it('holds no token, secret or repository data; organization logins only as the org label', async () => {
    const h = harness();
    await h.query('{ secretScanningAlerts(first: 50) { nodes { secret repository { nameWithOwner } locations(first: 5) { totalCount } } } }');
    const { text } = await scrape(h);
    for (const token of Object.values(DEMO_TOKENS)) expect(text).not.toContain(token);
    for (const record of h.demo.dataset.alerts) if (record.alert.secret) expect(text).not.toContain(record.alert.secret);
    const labels = parseMetrics(text).flatMap((sample) => Object.entries(sample.labels));
    const repositories = new Set(h.demo.dataset.alerts.map((record) => record.repository.name));
    expect(labels.filter(([, value]) => repositories.has(value) || (value.includes('/') && !value.includes('{') && value !== 'GET /'))).toEqual([]);
    expect(labels.filter(([name, value]) => name !== 'org' && DEMO_ORGS.some((org) => value.includes(org)))).toEqual([]);
  });

  it('answers /health, /ready and /metrics for any Host, and nothing else', async () => {
    const h = harness();
    const origin = new URL(h.gateway.url).origin;
    const byIp = (path: string) => rawRequest(`${origin}${path}`, { headers: { host: '10.20.30.40:4000' } });
    expect((await byIp('/health')).status).toBe(200);
    expect((await byIp('/ready')).status).toBe(200);
    expect((await byIp('/metrics')).status).toBe(200);
    for (const path of ['/graphql', '/metrics/', '/healthz', '/export/alerts.csv']) expect((await byIp(path)).status).toBe(421);
  });
});

describe('GET /metrics with GATEWAY_METRICS_TOKEN', () => {
  const TOKEN = 'metrics-3f9a0c27d1e84b56';
  const harness = useSharedHarness({ env: { GATEWAY_METRICS_TOKEN: TOKEN } });

  it('needs the bearer token', async () => {
    const h = harness();
    expect(await scrape(h)).toMatchObject({ status: 401 });
    expect(await scrape(h, { authorization: 'Bearer metrics-3f9a0c27d1e84b5' })).toMatchObject({ status: 401 });
    expect(await scrape(h, { authorization: `Basic ${TOKEN}` })).toMatchObject({ status: 401 });
    const scraped = await scrape(h, { authorization: `Bearer ${TOKEN}` });
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('gateway_github_requests_total');
  });

  it('has a registry of its own: another gateway of the process counts its own traffic', async () => {
    const other = await startHarness();
    try {
      await other.query('query OnlyOnTheOther { organizations { login } }');
      expect((await scrape(other)).text).toContain('operationName="OnlyOnTheOther"');
      expect((await scrape(harness(), { authorization: `Bearer ${TOKEN}` })).text).not.toContain('OnlyOnTheOther');
    } finally {
      await other.close();
    }
  });
});

describe('GatewayMetrics: what other components report', () => {
  const metricsAt = (now: () => number) => new GatewayMetrics({ cache: new ResponseCache({ maxSizeBytes: 1024, ttlMs: 1000 }), now });
  const samples = async (metrics: GatewayMetrics) => parseMetrics((await metrics.text()).body);

  it('webhook deliveries by event and outcome, with event names bounded', async () => {
    const metrics = metricsAt(Date.now);
    metrics.webhookDelivery('secret_scanning_alert', 'processed');
    metrics.webhookDelivery('secret_scanning_alert', 'processed');
    metrics.webhookDelivery('secret_scanning_alert', 'duplicate');
    metrics.webhookDelivery('<script>', 'rejected');
    const read = await samples(metrics);
    expect(sampleValue(read, 'gateway_webhook_deliveries_total', { event: 'secret_scanning_alert', outcome: 'processed' })).toBe(2);
    expect(sampleValue(read, 'gateway_webhook_deliveries_total', { event: 'secret_scanning_alert', outcome: 'duplicate' })).toBe(1);
    expect(sampleValue(read, 'gateway_webhook_deliveries_total', { event: 'other', outcome: 'rejected' })).toBe(1);
  });

  it('open subscriptions, each closed once however often its close is called', async () => {
    const metrics = metricsAt(Date.now);
    const first = metrics.subscriptionOpened();
    metrics.subscriptionOpened();
    first();
    first();
    expect(sampleValue(await samples(metrics), 'gateway_subscriptions_open')).toBe(1);
  });

  it('sync lag per organization, read at each scrape, growing until the next successful pass', async () => {
    let now = Date.parse('2026-05-01T12:00:00Z');
    const metrics = metricsAt(() => now);
    let synced: { org: string; syncedAt: Date | null }[] = [
      { org: 'Acme-Corp', syncedAt: new Date('2026-05-01T11:59:00Z') },
      { org: 'globex', syncedAt: new Date('2026-05-01T12:00:00Z') },
      { org: 'umbrella', syncedAt: null },
    ];
    let failing = false;
    metrics.watchSync(async () => {
      if (failing) throw new Error('the index is unreachable');
      return synced;
    });
    const lagOf = (read: Awaited<ReturnType<typeof samples>>) =>
      Object.fromEntries(read.filter((sample) => sample.name === 'gateway_sync_lag_seconds').map((sample) => [sample.labels.org!, sample.value]));
    // An organization whose first sync has not ended has no series.
    expect(lagOf(await samples(metrics))).toEqual({ 'acme-corp': 60, globex: 0 });
    now += 30_000;
    expect(lagOf(await samples(metrics))).toEqual({ 'acme-corp': 90, globex: 30 });
    // A failed read keeps the times last read: the lag still grows.
    failing = true;
    now += 10_000;
    expect(lagOf(await samples(metrics))).toEqual({ 'acme-corp': 100, globex: 40 });
    failing = false;
    synced = [{ org: 'acme-corp', syncedAt: new Date(now) }];
    expect(lagOf(await samples(metrics))).toEqual({ 'acme-corp': 0 });
  });
});
