import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoDataset, DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { startDemoGitHub, type DemoGitHub } from '../../src/demo/server.ts';
import { GitHubClients } from '../../src/github/access.ts';
import { ResponseCache } from '../../src/github/cache.ts';
import { isGenericSecretType } from '../../src/github/secret-types.ts';
import { createLogger } from '../../src/logger.ts';
import { IndexStore } from '../../src/store/index-store.ts';
import { SyncEngine } from '../../src/sync/sync-engine.ts';
import { ENGINES, freshLocation, type TestLocation } from '../support/index-engines.ts';

const LIST_ROUTE = 'GET /orgs/{org}/secret-scanning/alerts';
/** One organization of 1,500 alerts: 15 pages of its default stream, and a generic-types stream. */
const dataset = createDemoDataset({ orgCount: 1, alertsPerOrg: 1_500 });
const ORG = dataset.orgs[0]!.login;
const GENERIC = dataset.alerts.filter((record) => isGenericSecretType(record.alert.secret_type!)).length;
const DEFAULT_PAGES = Math.ceil((dataset.alerts.length - GENERIC) / 100);
/** Pages of the default stream from this one on fail in the first attempt. */
const FAILING_FROM = 9;

/** The default stream's page numbers GitHub was asked for (the generic stream names its types). */
const defaultPages = (demo: DemoGitHub, from = 0) =>
  demo.requests
    .slice(from)
    .filter((request) => request.route === LIST_ROUTE && request.query.secret_type === undefined && request.status === 200)
    .map((request) => Number(request.query.page ?? 1))
    .sort((a, b) => a - b);

describe.each(ENGINES)('an interrupted first sync on %s', (engineName) => {
  let demo: DemoGitHub;
  let location: TestLocation;
  let store: IndexStore;
  const logLines: string[] = [];
  const engineOn = (index: IndexStore) => {
    const clients = new GitHubClients({ apiUrl: demo.url, cache: new ResponseCache({ maxSizeBytes: 8 << 20, ttlMs: 60_000 }), concurrency: 20, timeoutMs: 5_000, writeIntervalMs: 0, retryBaseMs: 1 });
    // Two pages in flight at once: a failure leaves a long run of pages written from the start.
    return new SyncEngine({ store: index, access: clients.tokenAccess(DEMO_TOKENS.admin), orgs: [ORG], intervalSeconds: 60, budgetShare: 0.5, reconcileHours: 24, concurrency: 2, logger: createLogger('info', (line) => logLines.push(line)) });
  };

  beforeEach(async () => {
    demo = await startDemoGitHub({ dataset });
    location = await freshLocation(engineName);
    store = await IndexStore.open(location.location, demo.url);
  });
  afterEach(async () => {
    await store.close();
    await location.drop();
    await demo.close();
  });

  it('reads on from the pages it had written, after a failure and after a restart, and ends with every alert', async () => {
    expect(DEFAULT_PAGES).toBeGreaterThan(FAILING_FROM + 2);
    demo.failNext((target) => target.route === LIST_ROUTE && target.query.secret_type === undefined && Number(target.query.page ?? 1) >= FAILING_FROM, 500, { count: 1_000_000 });
    const first = engineOn(store);
    await first.reconcileOrganizations();
    await first.runDue();
    const [failed] = await store.syncStatus([ORG]);
    expect(failed).toMatchObject({ state: 'FAILED', lastFullSyncAt: null });
    expect(failed!.progress).toBeGreaterThan(0);
    expect(defaultPages(demo)).toEqual(Array.from({ length: FAILING_FROM - 1 }, (_, i) => i + 1));

    // A restart: the same index, opened again by a new process.
    demo.clearFaults();
    await store.close();
    store = await IndexStore.open(location.location, demo.url);
    const before = demo.requests.length;
    await engineOn(store).runDue(Date.now() + 3_600_000);
    // Only the pages not written before, and no generic-types page again (that stream had ended).
    expect(defaultPages(demo, before)).toEqual(Array.from({ length: DEFAULT_PAGES - FAILING_FROM + 1 }, (_, i) => FAILING_FROM + i));
    expect(demo.requests.slice(before).filter((request) => request.route === LIST_ROUTE && request.query.secret_type !== undefined)).toEqual([]);

    const [ready] = await store.syncStatus([ORG]);
    expect(ready).toMatchObject({ state: 'READY', progress: 1, alertCount: dataset.alerts.length, lastFullSyncAt: expect.any(Date) });
    const stored = await store.db.selectFrom('alerts').select(['repo', 'number']).where('org', '=', ORG).execute();
    expect(stored.map((row) => `${row.repo}#${row.number}`).sort()).toEqual(dataset.alerts.map((record) => `${record.repository.name.toLowerCase()}#${record.alert.number}`).sort());
    expect(logLines.some((line) => line.includes('organization read in full') && line.includes('resumedAfterPages'))).toBe(true);
    // Nothing left to resume: a later full pass (a reconciliation) reads everything again.
    const row = await store.db.selectFrom('organizations').select('full_resume').where('org', '=', ORG).executeTakeFirstOrThrow();
    expect(row.full_resume).toBeNull();
  });
});
