import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoDataset } from '../../src/demo/dataset.ts';
import { startDemoGitHub, type DemoGitHub } from '../../src/demo/server.ts';
import { eventually } from '../support/eventually.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { synced } from '../support/synced.ts';

const ORG_LIST = 'GET /orgs/{org}/secret-scanning/alerts';
const INDEXED = { GATEWAY_INDEX: 'embedded', GATEWAY_SYNC_INTERVAL_SECONDS: '3600' };

const LISTING = `query($after: String, $filter: SecretScanningAlertFilter) {
  secretScanningAlerts(first: 100, after: $after, filter: $filter) {
    totalCount failures { login code }
    pageInfo { hasNextPage endCursor }
    nodes { number createdAt state repository { nameWithOwner } }
  }
}`;

async function everyAlert(h: Harness, filter: Record<string, unknown> = {}) {
  const alerts: { key: string; createdAt: string }[] = [];
  let after: string | null = null;
  let first: any = null;
  for (;;) {
    const result: { data?: any; errors?: unknown } = await h.query(LISTING, { after, filter });
    expect(result.errors).toBeUndefined();
    const page = result.data.secretScanningAlerts;
    first ??= page;
    alerts.push(...page.nodes.map((node: any) => ({ key: `${node.repository.nameWithOwner}#${node.number}`, createdAt: node.createdAt })));
    if (!page.pageInfo.hasNextPage) return { alerts, totalCount: first.totalCount, failures: first.failures };
    after = page.pageInfo.endCursor;
  }
}

const REPORT = `query($filter: SecretScanningAlertFilter) {
  secretScanningReport(filter: $filter) {
    total open resolved
    byOrganization { key count } bySecretType { key count } byState { key count } byResolution { key count } byValidity { key count }
    topRepositories(limit: 20) { key count }
    trend(interval: MONTH) { periodStart opened resolved }
    meanTimeToResolveSeconds
    failures { login code }
  }
}`;

describe('the alert index, through the gateway', () => {
  let demo: DemoGitHub;
  let indexed: Harness;
  let live: Harness;
  beforeAll(async () => {
    demo = await startDemoGitHub({ dataset: createDemoDataset() });
    indexed = await startHarness({ demo, env: INDEXED });
    live = await startHarness({ demo, env: { GATEWAY_INDEX: 'off' } });
  });
  afterAll(async () => {
    await Promise.all([indexed.close(), live.close()]);
    await demo.close();
  });

  it('reports each organization’s sync: READY with its alerts, FAILED with GitHub’s refusal', async () => {
    const states = await synced(indexed);
    expect(states).toEqual({ 'acme-corp': 'READY', 'acme-labs': 'READY', globex: 'READY', initech: 'READY', umbrella: 'FAILED', hooli: 'FAILED' });
    const result = await indexed.query('{ syncStatus(orgs: ["acme-corp", "hooli"]) { login state alertCount progress lastFullSyncAt error } }');
    const [acme, hooli] = result.data!.syncStatus;
    expect(acme).toMatchObject({ state: 'READY', progress: 1, alertCount: demo.dataset.alerts.filter((r) => r.org === 'acme-corp').length });
    expect(acme.lastFullSyncAt).not.toBeNull();
    expect(hooli).toMatchObject({ state: 'FAILED', lastFullSyncAt: null });
    expect(hooli.error).toMatch(/403/);
    expect((await live.query('{ syncStatus { login } }')).data).toEqual({ syncStatus: [] });
  });

  it('answers listings, counts and reports as live reads do, without asking GitHub', async () => {
    await synced(indexed);
    for (const filter of [{}, { state: 'OPEN' }, { state: 'RESOLVED', resolutions: ['REVOKED', 'FALSE_POSITIVE'] }, { validities: ['ACTIVE'], publiclyLeaked: false }]) {
      demo.resetCounts();
      const fromIndex = await everyAlert(indexed, filter);
      expect(demo.requestCount(ORG_LIST)).toBe(0);
      const fromGitHub = await everyAlert(live, filter);
      expect(fromIndex.totalCount).toBe(fromGitHub.totalCount);
      expect(fromIndex.failures).toEqual(fromGitHub.failures);
      expect(fromIndex.alerts.map((a) => a.key).sort()).toEqual(fromGitHub.alerts.map((a) => a.key).sort());
      // The same order (ties aside: each reader breaks them its own documented way).
      expect(fromIndex.alerts.map((a) => a.createdAt)).toEqual(fromGitHub.alerts.map((a) => a.createdAt));
      const [reportFromIndex, reportFromGitHub] = await Promise.all([indexed.query(REPORT, { filter }), live.query(REPORT, { filter })]);
      const { meanTimeToResolveSeconds: mean, ...figures } = reportFromIndex.data!.secretScanningReport;
      const { meanTimeToResolveSeconds: liveMean, ...liveFigures } = reportFromGitHub.data!.secretScanningReport;
      expect(figures).toEqual(liveFigures);
      if (liveMean === null) expect(mean).toBeNull();
      else expect(mean).toBeCloseTo(liveMean, 3);
    }
  });

  it('shows the gateway’s own write at once (read-your-writes)', async () => {
    await synced(indexed);
    const record = demo.dataset.alerts.find((r) => r.org === 'globex' && r.alert.state === 'open')!;
    const id = Buffer.from(`v1:SecretScanningAlert:globex/${record.repository.name}#${record.alert.number}`).toString('base64url');
    const resolved = await indexed.query(
      `mutation { updateSecretScanningAlert(input: { alertId: "${id}", state: RESOLVED, resolution: USED_IN_TESTS }) { __typename } }`,
    );
    expect(resolved.data).toEqual({ updateSecretScanningAlert: { __typename: 'UpdateSecretScanningAlertSuccess' } });
    demo.resetCounts();
    const open = await everyAlert(indexed, { state: 'OPEN' });
    expect(open.alerts.map((a) => a.key)).not.toContain(`globex/${record.repository.name}#${record.alert.number}`);
    const again = await indexed.query(`{ node(id: "${id}") { ... on SecretScanningAlert { state resolution } } }`);
    expect(again.data).toEqual({ node: { state: 'RESOLVED', resolution: 'USED_IN_TESTS' } });
    expect(demo.requestCount(ORG_LIST)).toBe(0);
  });
});

describe('paging the index while triaging', () => {
  it('yields every alert open at the start exactly once while alerts are resolved and raised between pages', async () => {
    const h = await startHarness({
      dataset: createDemoDataset({ orgCount: 2, alertsPerOrg: 260 }),
      // Webhooks on: a secret raised on GitHub between pages enters the index at once.
      env: { ...INDEXED, GATEWAY_ORGS: 'org-01,org-02', GATEWAY_BULK_MAX_IDS: '25', GITHUB_WEBHOOK_SECRET: 'webhook-secret-for-tests-0c4e' },
    });
    try {
      await synced(h);
      const openAtStart = new Set(h.demo.dataset.alerts.filter((r) => r.alert.state === 'open').map((r) => `${r.repository.full_name}#${r.alert.number}`));
      const seen: string[] = [];
      const raised: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 100; pages += 1) {
        const result: { data?: any } = await h.query(
          `query($after: String) { secretScanningAlerts(first: 25, after: $after, filter: { state: OPEN }) { pageInfo { hasNextPage endCursor } nodes { id number repository { nameWithOwner } } } }`,
          { after },
        );
        const { nodes, pageInfo } = result.data.secretScanningAlerts;
        seen.push(...nodes.map((node: any) => `${node.repository.nameWithOwner}#${node.number}`));
        const triaged = nodes.filter((_: unknown, index: number) => index % 2 === 0).map((node: any) => node.id);
        if (triaged.length > 0) {
          const resolved = await h.query('mutation($ids: [ID!]!) { bulkUpdateSecretScanningAlerts(input: { alertIds: $ids, state: RESOLVED, resolution: REVOKED }) { failed } }', { ids: triaged });
          expect(resolved.data!.bulkUpdateSecretScanningAlerts.failed).toBe(0);
        }
        raised.push(`org-0${(pages % 2) + 1}/repo-001#${h.demo.raiseAlert({ repository: `org-0${(pages % 2) + 1}/repo-001` })}`);
        await h.demo.webhooksSettled();
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      expect(seen.length).toBe(new Set(seen).size);
      // Newest first: the alerts raised meanwhile sort before the reader's position.
      expect(new Set(seen)).toEqual(openAtStart);
      // They reach the index (a webhook is processed after GitHub gets its 202): the newest of a fresh listing.
      const newest = async () => {
        const now = await h.query(`{ secretScanningAlerts(first: ${raised.length}, filter: { state: OPEN }) { nodes { number repository { nameWithOwner } } } }`);
        return new Set(now.data!.secretScanningAlerts.nodes.map((n: any) => `${n.repository.nameWithOwner}#${n.number}`));
      };
      expect(await eventually(newest, (keys) => raised.every((key) => keys.has(key)))).toEqual(new Set(raised));
    } finally {
      await h.close();
    }
  });
});

describe('the alert index across restarts and before its first sync', () => {
  it('keeps what it synchronised: a gateway restarted on the same data directory does not read organizations in full again', async () => {
    const demo = await startDemoGitHub({ dataset: createDemoDataset() });
    const dataDir = mkdtempSync(join(tmpdir(), 'gateway-index-'));
    try {
      const first = await startHarness({ demo, env: { ...INDEXED, GATEWAY_DATA_DIR: dataDir } });
      await synced(first);
      await first.close();
      demo.resetCounts();
      const again = await startHarness({ demo, env: { ...INDEXED, GATEWAY_DATA_DIR: dataDir, GATEWAY_SYNC_INTERVAL_SECONDS: '5' } });
      try {
        // READY from the start: served from the index at once.
        const status = await again.query('{ syncStatus(orgs: ["acme-corp"]) { state } }');
        expect(status.data).toEqual({ syncStatus: [{ state: 'READY' }] });
        const page = await again.query('{ secretScanningAlerts(orgs: ["acme-corp"], first: 5) { nodes { number } } }');
        expect(page.data!.secretScanningAlerts.nodes).toHaveLength(5);
        // What the restarted sync has read so far of the synchronised organizations are incremental
        // passes (newest updates first); only the two GitHub refused are tried in full again.
        const reads = demo.requests.filter((r) => r.route === ORG_LIST);
        const full = reads.filter((r) => r.query.sort !== 'updated').map((r) => r.path.split('/')[2]);
        expect(full.every((org) => org === 'umbrella' || org === 'hooli')).toBe(true);
      } finally {
        await again.close();
      }
    } finally {
      await demo.close();
    }
  });

  it('serves an organization whose first sync has not finished live from GitHub, from the first request', async () => {
    // A sync budget of 10% of 40 requests an hour: the first sync pauses almost at once.
    const h = await startHarness({ rateLimitPerToken: 40, env: { GATEWAY_INDEX: 'embedded', GATEWAY_SYNC_BUDGET_PERCENT: '10' } });
    try {
      const result = await h.query('{ syncStatus { login state } }');
      const waiting = result.data!.syncStatus.filter((status: any) => status.state === 'PENDING' || status.state === 'SYNCING').map((s: any) => s.login);
      expect(waiting.length).toBeGreaterThan(0);
      const org = waiting.find((login: string) => login !== 'hooli' && login !== 'umbrella');
      h.demo.resetCounts();
      const page = await h.query(`{ secretScanningAlerts(orgs: ["${org}"], first: 100) { totalCount nodes { number } } }`);
      expect(page.errors).toBeUndefined();
      expect(page.data!.secretScanningAlerts.totalCount).toBe(h.demo.dataset.alerts.filter((r) => r.org === org).length);
      // Answered by GitHub, not by the index.
      expect(h.demo.requests.some((r) => r.route === ORG_LIST && r.path === `/orgs/${org}/secret-scanning/alerts`)).toBe(true);
    } finally {
      await h.close();
    }
  });
});
