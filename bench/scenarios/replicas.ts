import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { createDemoDataset } from '../../src/demo/dataset.ts';
import { startDemoGitHub, type DemoGitHub } from '../../src/demo/server.ts';
import { spawnGateway } from '../../test/support/gateway-process.ts';
import { startPostgresCluster } from '../../test/support/postgres-cluster.ts';
import { parseMetrics, sampleValue } from '../../test/support/prometheus.ts';
import { markdownTable } from '../lib/markdown-table.ts';
import type { BenchScenario } from '../lib/scenario.ts';

const INTERVAL_S = 5;
/** Each measured window spans this many sync intervals. */
const WINDOW_INTERVALS = 3;
const ORG_LIST = 'GET /orgs/{org}/secret-scanning/alerts';

interface Window {
  /** Requests the demo GitHub received in the window, list requests among them, and those answered 304. */
  requests: number;
  listRequests: number;
  notModified: number;
}

export interface ReplicasReport {
  scenario: 'replicas';
  estate: { orgs: number; alerts: number; latencyMs: number };
  intervalSeconds: number;
  windowSeconds: number;
  firstSyncMs: number;
  oneReplica: Window;
  twoReplicas: Window;
  /** What the second replica itself sent GitHub from its start (its /metrics). */
  secondReplica: { listRequests: number; otherRequests: number };
  /** PostgreSQL table + index bytes of the index tables, per alert. */
  postgresBytesPerAlert: number;
}

type Replica = ReturnType<typeof spawnGateway> & { url: URL };

async function startReplica(demo: DemoGitHub, env: Record<string, string>): Promise<Replica> {
  const spawned = spawnGateway(demo.url, env);
  return { ...spawned, url: await spawned.graphqlUrl() };
}

async function untilSynced(replica: Replica): Promise<void> {
  for (;;) {
    const response = await fetch(replica.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ syncStatus { state } }' }) });
    const states = ((await response.json()) as { data: { syncStatus: { state: string }[] } }).data.syncStatus.map((s) => s.state);
    if (states.length > 0 && states.every((state) => state === 'READY' || state === 'FAILED')) return;
    await delay(200);
  }
}

/** What the demo GitHub receives over a few sync intervals. */
async function measureWindow(demo: DemoGitHub): Promise<Window> {
  demo.resetCounts();
  const from = demo.requests.length;
  await delay(WINDOW_INTERVALS * INTERVAL_S * 1000);
  const received = demo.requests.slice(from);
  return { requests: received.length, listRequests: received.filter((r) => r.route === ORG_LIST).length, notModified: received.filter((r) => r.status === 304).length };
}

async function indexBytes(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ bytes: string }>(
      "select sum(pg_total_relation_size(c.oid)) as bytes from pg_class c where c.relkind = 'r' and c.relname in ('alerts', 'alert_payloads', 'alert_facets', 'repositories', 'organizations')",
    );
    return Number(rows[0]?.bytes ?? 0);
  } finally {
    await client.end();
  }
}

/** One replica syncs an estate; a second joins: what GitHub receives with one, then with two. */
export const replicasScenario: BenchScenario<ReplicasReport> = {
  name: 'replicas',
  description: 'two gateway processes on one PostgreSQL: upstream requests for an estate already synced, with one replica and with two',
  async run(options, log) {
    const cluster = await startPostgresCluster({ fsync: 'off', synchronous_commit: 'off' });
    const demo = await startDemoGitHub({ dataset: createDemoDataset({ orgCount: options.orgs, alertsPerOrg: options.alertsPerOrg }), latencyMs: options.latencyMs });
    const orgs = demo.dataset.orgs.map((org) => org.login);
    const env = { GATEWAY_INDEX: cluster.url, GATEWAY_ORGS: orgs.join(','), GATEWAY_SYNC_INTERVAL_SECONDS: String(INTERVAL_S) };
    const replicas: Replica[] = [];
    try {
      const started = performance.now();
      replicas.push(await startReplica(demo, env));
      await untilSynced(replicas[0]!);
      const firstSyncMs = performance.now() - started;
      log(`  first sync by replica A: ${(firstSyncMs / 1000).toFixed(1)} s, ${demo.dataset.alerts.length} alerts`);
      // The first incremental pass learns each stream's ETag; the windows measure the steady state.
      await delay(INTERVAL_S * 1000 * 1.5);
      const oneReplica = await measureWindow(demo);
      log(`  A alone, ${WINDOW_INTERVALS * INTERVAL_S} s: ${oneReplica.requests} requests (${oneReplica.listRequests} list, ${oneReplica.notModified} answered 304)`);
      replicas.push(await startReplica(demo, env));
      const twoReplicas = await measureWindow(demo);
      log(`  A and B, ${WINDOW_INTERVALS * INTERVAL_S} s: ${twoReplicas.requests} requests (${twoReplicas.listRequests} list, ${twoReplicas.notModified} answered 304)`);
      const samples = parseMetrics(await (await fetch(new URL('/metrics', replicas[1]!.url))).text());
      const total = sampleValue(samples, 'gateway_github_requests_total');
      const listRequests = sampleValue(samples, 'gateway_github_requests_total', { route: ORG_LIST });
      const bytes = await indexBytes(cluster.url);
      return {
        scenario: 'replicas',
        estate: { orgs: orgs.length, alerts: demo.dataset.alerts.length, latencyMs: options.latencyMs },
        intervalSeconds: INTERVAL_S,
        windowSeconds: WINDOW_INTERVALS * INTERVAL_S,
        firstSyncMs,
        oneReplica,
        twoReplicas,
        secondReplica: { listRequests, otherRequests: total - listRequests },
        postgresBytesPerAlert: bytes / demo.dataset.alerts.length,
      };
    } finally {
      for (const replica of replicas) replica.child.kill('SIGTERM');
      await Promise.all(replicas.map((replica) => replica.exited));
      await demo.close();
      cluster.stop();
    }
  },
  format(report) {
    const row = (name: string, window: Window) => [name, String(window.requests), String(window.listRequests), String(window.notModified)];
    const ratio = report.oneReplica.requests === 0 ? '–' : (report.twoReplicas.requests / report.oneReplica.requests).toFixed(2);
    return [
      `${report.estate.orgs} orgs, ${report.estate.alerts.toLocaleString('en-US')} alerts, ${report.estate.latencyMs} ms per upstream request; sync interval ${report.intervalSeconds} s; windows of ${report.windowSeconds} s after the first sync (${(report.firstSyncMs / 1000).toFixed(1)} s).`,
      '',
      markdownTable(['replicas running', 'upstream requests', 'alert-list requests', 'answered 304'], [row('A (leader)', report.oneReplica), row('A and B', report.twoReplicas)]),
      '',
      `Ratio two replicas / one: ${ratio}. Replica B itself, since it started: ${report.secondReplica.listRequests} alert-list requests, ${report.secondReplica.otherRequests} other (its start-up probe of GitHub's release).`,
      `PostgreSQL tables + indexes: ${report.postgresBytesPerAlert.toFixed(0)} bytes per alert (× 1M ≈ ${((report.postgresBytesPerAlert * 1e6) / 2 ** 30).toFixed(2)} GiB).`,
    ].join('\n');
  },
};
