import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertKey } from '../../src/alerts/model.ts';
import { createDemoDataset } from '../../src/demo/dataset.ts';
import { startDemoGitHub, type DemoGitHub } from '../../src/demo/server.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { eventually } from '../support/eventually.ts';
import { spawnGateway, startedRequest } from '../support/gateway-process.ts';
import { freshLocation, type TestLocation } from '../support/index-engines.ts';
import { parseMetrics, sampleValue } from '../support/prometheus.ts';
import { subscribe } from '../support/sse.ts';

const ORG_LIST = 'GET /orgs/{org}/secret-scanning/alerts';
const INTERVAL_S = 5;
const REFUSED = ['umbrella', 'hooli'];
const WRITE_SPACING_MS = 500;
const WEBHOOK_SECRET = 'webhook-secret-for-replicas-5e1d';

type Replica = ReturnType<typeof spawnGateway> & { url: URL };

async function gql(replica: Replica, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: any; errors?: any[] }> {
  const response = await fetch(replica.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return response.json() as Promise<{ data?: any; errors?: any[] }>;
}

async function metrics(replica: Replica) {
  return parseMetrics(await (await fetch(new URL('/metrics', replica.url))).text());
}

/** Waits until every organization's first sync has ended (READY, or FAILED when GitHub refuses it). */
async function synced(replica: Replica): Promise<void> {
  const states = async () => ((await gql(replica, '{ syncStatus { state } }')).data?.syncStatus ?? []).map((status: any) => status.state as string);
  await eventually(states, (now) => now.length > 0 && now.every((state: string) => state === 'READY' || state === 'FAILED'), { tries: 300, intervalMs: 100 });
}

const alertId = (org: string, repo: string, number: number) => encodeNodeId('SecretScanningAlert', alertKey(org, repo, number));
/** Full-pass list requests for the organizations GitHub lets the demo token read (those it refuses are tried again with a back-off). */
const fullReads = (demo: DemoGitHub) => demo.requests.filter((r) => r.route === ORG_LIST && r.query.sort !== 'updated' && !REFUSED.includes(r.path.split('/')[2]!)).length;

/**
 * Two (then three) gateway processes, as `npm start` runs them, on one PostgreSQL database of the
 * test cluster and one demo GitHub. The tests run in order: they follow one deployment's life.
 */
describe('replicas on one PostgreSQL', () => {
  let demo: DemoGitHub;
  let database: TestLocation;
  let env: Record<string, string>;
  const started: Replica[] = [];
  let a: Replica;
  let b: Replica;

  const startReplica = async (): Promise<Replica> => {
    const spawned = spawnGateway(demo.url, env);
    const replica = { ...spawned, url: await spawned.graphqlUrl() };
    started.push(replica);
    return replica;
  };

  beforeAll(async () => {
    demo = await startDemoGitHub({ dataset: createDemoDataset() });
    database = await freshLocation('postgres');
    const { location } = database;
    if (location.kind !== 'postgres') throw new Error('a PostgreSQL location was asked for');
    env = {
      GATEWAY_INDEX: location.url,
      GATEWAY_SYNC_INTERVAL_SECONDS: String(INTERVAL_S),
      GATEWAY_WRITE_INTERVAL_MS: String(WRITE_SPACING_MS),
      // Cached responses would be served for an hour: only invalidations make a change visible.
      GATEWAY_CACHE_TTL_SECONDS: '3600',
      GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET,
    };
    a = await startReplica();
    await a.line(/leads the sync/);
    await synced(a);
    b = await startReplica();
  }, 60_000);

  afterAll(async () => {
    for (const replica of started) replica.child.kill('SIGKILL');
    await Promise.all(started.map((replica) => replica.exited));
    await demo?.close();
    await database?.drop();
  });

  it('syncs the estate once: the second replica sends GitHub no alert-list request', async () => {
    const fullReadsOfA = fullReads(demo);
    const bStartedAt = Date.now();
    // A's next incremental pass, while B runs: B has had its own chance to sync by then.
    await eventually(async () => demo.requests.filter((r) => r.route === ORG_LIST && r.query.sort === 'updated' && r.receivedAt > bStartedAt).length, (n) => n > 0, { tries: 200, intervalMs: 100 });
    expect(sampleValue(await metrics(b), 'gateway_github_requests_total', { route: ORG_LIST })).toBe(0);
    expect(sampleValue(await metrics(b), 'gateway_sync_leader')).toBe(0);
    expect(sampleValue(await metrics(a), 'gateway_sync_leader')).toBe(1);
    expect(fullReads(demo)).toBe(fullReadsOfA);
    // B serves the estate A synchronised, from the start.
    const statuses = (await gql(b, '{ syncStatus(orgs: ["acme-corp"]) { state } }')).data;
    expect(statuses).toEqual({ syncStatus: [{ state: 'READY' }] });
  });

  it('takes a cursor issued by one replica on the other', async () => {
    const page = `query($after: String) { secretScanningAlerts(orgs: ["acme-corp", "globex"], first: 7, after: $after) { pageInfo { endCursor } nodes { number repository { name } } } }`;
    const first = (await gql(a, page)).data!.secretScanningAlerts;
    const [onA, onB] = await Promise.all([gql(a, page, { after: first.pageInfo.endCursor }), gql(b, page, { after: first.pageInfo.endCursor })]);
    expect(onB.errors).toBeUndefined();
    expect(onB.data!.secretScanningAlerts.nodes).toEqual(onA.data!.secretScanningAlerts.nodes);
    expect(onB.data!.secretScanningAlerts.nodes).toHaveLength(7);
  });

  it('shows a write through one replica on the other at once, and spaces the writes of both', async () => {
    const open = demo.dataset.alerts.filter((r) => r.org === 'initech' && r.alert.state === 'open').slice(0, 6);
    const ids = open.map((r) => alertId('initech', r.repository.name, r.alert.number));
    const bulk = 'mutation($ids: [ID!]!) { bulkUpdateSecretScanningAlerts(input: { alertIds: $ids, state: RESOLVED, resolution: REVOKED }) { failed } }';
    const writesFrom = Date.now();
    const [throughA, throughB] = await Promise.all([gql(a, bulk, { ids: ids.slice(0, 3) }), gql(b, bulk, { ids: ids.slice(3) })]);
    expect([throughA.data, throughB.data]).toEqual([{ bulkUpdateSecretScanningAlerts: { failed: 0 } }, { bulkUpdateSecretScanningAlerts: { failed: 0 } }]);
    const states = async (replica: Replica, some: string[]) => (await gql(replica, 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on SecretScanningAlert { state } } }', { ids: some })).data!.nodes.map((n: any) => n.state);
    expect(await states(b, ids.slice(0, 3))).toEqual(['RESOLVED', 'RESOLVED', 'RESOLVED']);
    expect(await states(a, ids.slice(3))).toEqual(['RESOLVED', 'RESOLVED', 'RESOLVED']);

    const patches = demo.requests.filter((r) => r.method === 'PATCH' && r.receivedAt >= writesFrom).map((r) => r.receivedAt).sort((x, y) => x - y);
    expect(patches).toHaveLength(6);
    const gaps = patches.slice(1).map((at, i) => at - patches[i]!);
    // Each replica alone would space its own writes only: side by side, one's would fall between the
    // other's, one gap of each pair at most half the spacing. The slack is for the way from a slot to
    // the demo, which a loaded machine stretches by tens of milliseconds.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(WRITE_SPACING_MS - 100);
  });

  it('delivers a webhook received by one replica to subscribers of both, once each, and to the other replica’s reads', async () => {
    demo.setWebhook({ url: new URL('/webhooks/github', b.url).href, secret: WEBHOOK_SECRET });
    const changes = 'subscription { secretScanningAlertChanged(orgs: ["globex"]) { action source alert { number state repository { name } } } }';
    const [onA, onB] = await Promise.all([subscribe(a.url.href, changes), subscribe(b.url.href, changes)]);
    try {
      const record = demo.dataset.alerts.find((r) => r.org === 'globex' && r.alert.state === 'open')!;
      demo.changeAlertOnGitHub(record.repository.full_name, record.alert.number, { state: 'resolved', resolution: 'false_positive' });
      const resolved = { action: 'RESOLVED', source: 'WEBHOOK', alert: { number: record.alert.number, state: 'RESOLVED', repository: { name: record.repository.name } } };
      expect((await onA.next()).data).toEqual({ secretScanningAlertChanged: resolved });
      expect((await onB.next()).data).toEqual({ secretScanningAlertChanged: resolved });
      const node = await gql(a, `{ node(id: "${alertId('globex', record.repository.name, record.alert.number)}") { ... on SecretScanningAlert { state resolution } } }`);
      expect(node.data).toEqual({ node: { state: 'RESOLVED', resolution: 'FALSE_POSITIVE' } });
      // The next event on each is the next change: the first was not delivered twice.
      demo.changeAlertOnGitHub(record.repository.full_name, record.alert.number, { state: 'open' });
      expect((await onB.next()).data.secretScanningAlertChanged.action).toBe('REOPENED');
      expect((await onA.next()).data.secretScanningAlertChanged.action).toBe('REOPENED');
    } finally {
      onA.close();
      onB.close();
      demo.setWebhook(null);
    }
  });

  it('drops the cached responses another replica’s write makes stale', async () => {
    const read = async () => (await gql(a, '{ organization(login: "acme-labs") { secretScanningPatternConfiguration { version } } }')).data!.organization.secretScanningPatternConfiguration.version as string;
    const before = await read();
    const update = await gql(
      b,
      `mutation($version: String) { updateSecretScanningPatternConfiguration(input: { org: "acme-labs", patternConfigVersion: $version,
        providerPatternSettings: [{ tokenType: "GITHUB_PERSONAL_ACCESS_TOKEN", pushProtectionSetting: DISABLED }] }) {
        __typename ... on UpdateSecretScanningPatternConfigurationSuccess { patternConfigVersion } } }`,
      { version: before },
    );
    const after = update.data!.updateSecretScanningPatternConfiguration.patternConfigVersion as string;
    expect(after).not.toBe(before);
    // The invalidation reaches A on its own connection, a moment after B answered.
    expect(await eventually(read, (version) => version === after)).toBe(after);
  });

  it('moves sync leadership to another replica within two sync intervals of the leader being killed', async () => {
    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    await a.exited;
    await b.line(/leads the sync/);
    expect(Date.now() - killedAt).toBeLessThan(2 * INTERVAL_S * 1000);
    expect(sampleValue(await metrics(b), 'gateway_sync_leader')).toBe(1);
    // And it syncs: its incremental passes reach GitHub.
    const listed = await eventually(async () => sampleValue(await metrics(b), 'gateway_github_requests_total', { route: ORG_LIST }), (n) => n > 0, { tries: 100, intervalMs: 100 });
    expect(listed).toBeGreaterThan(0);
  });

  it('answers /ready 503 while draining on SIGTERM, and hands leadership over as it stops', async () => {
    const c = await startReplica();
    // A request GitHub is slow to answer keeps B draining while its readiness is asked.
    demo.failNext('GET /orgs/{org}/secret-scanning/pattern-configurations', 404, { stallMs: 2_000 });
    const slow = gql(b, '{ organization(login: "globex") { secretScanningPatternConfiguration { version } } }');
    await eventually(async () => demo.requests.some((r) => r.route === 'GET /orgs/{org}/secret-scanning/pattern-configurations' && r.path.includes('globex')), Boolean);
    const probe = await startedRequest(Number(b.url.port), 'GET /ready HTTP/1.1\r\nHost: 10.0.0.9\r\n');
    b.child.kill('SIGTERM');
    await b.line(/^draining$/);
    expect(await probe.finish()).toMatch(/^HTTP\/1\.1 503[\s\S]*\{"status":"draining"\}/);
    await slow;
    expect(await b.exited).toBe(0);
    expect(b.lines.some((line) => /no longer leads the sync \(released\)/.test(String(line.message)))).toBe(true);
    await c.line(/leads the sync/);
    expect(sampleValue(await metrics(c), 'gateway_sync_leader')).toBe(1);
  });
});
