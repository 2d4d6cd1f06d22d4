import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoDataset, DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { startDemoGitHub, type DemoGitHub } from '../../src/demo/server.ts';
import { ResponseCache } from '../../src/github/cache.ts';
import { GitHubClients } from '../../src/github/access.ts';
import { createLogger } from '../../src/logger.ts';
import { IndexStore, type AlertChangeBatch } from '../../src/store/index-store.ts';
import { SyncEngine } from '../../src/sync/sync-engine.ts';
import { ENGINES, freshLocation, type TestLocation } from '../support/index-engines.ts';
import { call } from '../demo/http.ts';

const dataset = createDemoDataset();
const ORGS = dataset.orgs.map((org) => org.login);
const READABLE = dataset.orgs.filter((org) => org.readable && org.secretScanningEnabled).map((org) => org.login);
const INTERVAL_S = 60;
const LIST_ROUTE = 'GET /orgs/{org}/secret-scanning/alerts';

/** A time at which every READY organization is due for an incremental pass (and none for a full one). */
const later = (steps = 1) => Date.now() + steps * INTERVAL_S * 1000;

describe.each(ENGINES)('sync on %s', (engineName) => {
  let demo: DemoGitHub;
  let location: TestLocation;
  let store: IndexStore;
  let engine: SyncEngine;
  const batches: AlertChangeBatch[] = [];
  const logLines: string[] = [];

  const startEngine = (orgs = ORGS) => {
    const clients = new GitHubClients({ apiUrl: demo.url, cache: new ResponseCache({ maxSizeBytes: 8 << 20, ttlMs: 60_000 }), concurrency: 20, timeoutMs: 5_000, writeIntervalMs: 0, retryBaseMs: 1 });
    return new SyncEngine({ store, access: clients.tokenAccess(DEMO_TOKENS.admin), orgs, intervalSeconds: INTERVAL_S, budgetShare: 0.5, reconcileHours: 24, logger: createLogger('debug', (line) => logLines.push(line)) });
  };

  beforeAll(async () => {
    demo = await startDemoGitHub({ dataset });
    location = await freshLocation(engineName);
    store = await IndexStore.open(location.location, demo.url);
    store.onChanges((batch) => batches.push(batch));
    engine = startEngine();
    await engine.reconcileOrganizations();
  });
  afterAll(async () => {
    await store?.close();
    await location?.drop();
    await demo?.close();
  });

  it('serves nothing from the index before the first full pass', async () => {
    expect(await store.isReady('acme-corp')).toBe(false);
    const [status] = await store.syncStatus(['acme-corp']);
    expect(status).toMatchObject({ login: 'acme-corp', state: 'PENDING', alertCount: 0, progress: 0, lastFullSyncAt: null });
  });

  it('fills the index with exactly the demo GitHub alerts, without a secret', async () => {
    await engine.runDue();
    for (const org of READABLE) {
      const expected = dataset.alerts.filter((record) => record.org === org);
      const records = await store.list({ orgs: [org], filter: {}, order: { field: 'CREATED_AT', direction: 'ASC' } }, null, 1000);
      expect(records.records.map((record) => record.alert).sort((a, b) => a.url!.localeCompare(b.url!))).toEqual(
        expected.map(({ alert: { secret: _secret, ...alert } }) => alert).sort((a, b) => a.url.localeCompare(b.url)),
      );
      expect(await store.isReady(org)).toBe(true);
    }
    const statuses = await store.syncStatus(ORGS);
    expect(statuses.filter((status) => status.state === 'READY').map((status) => status.login).sort()).toEqual([...READABLE].sort());
    expect(statuses.find((status) => status.login === 'hooli')).toMatchObject({ state: 'FAILED', error: expect.stringMatching(/403/) });
    expect(statuses.find((status) => status.login === 'acme-corp')).toMatchObject({ progress: 1, alertCount: 140, lastFullSyncAt: expect.any(Date) });
    expect(demo.requests.filter((request) => request.route === LIST_ROUTE).every((request) => request.query.hide_secret === 'true')).toBe(true);
    const secrets = dataset.alerts.map((record) => record.alert.secret!);
    for (const table of ['alerts', 'repositories', 'alert_facets', 'organizations'] as const) {
      const text = JSON.stringify(await store.db.selectFrom(table).selectAll().execute());
      expect(secrets.filter((secret) => text.includes(secret)), table).toEqual([]);
    }
  });

  it('costs only 304s when nothing changed, then picks up a change made on GitHub', async () => {
    await engine.runDue(later());
    demo.resetCounts();
    await engine.runDue(later(2));
    const unchanged = demo.requests.filter((request) => request.route === LIST_ROUTE && READABLE.includes(request.path.split('/')[2]!));
    expect(unchanged).toHaveLength(READABLE.length * 2);
    expect(unchanged.every((request) => request.status === 304)).toBe(true);

    const target = dataset.alerts.find((record) => record.org === 'globex' && record.alert.state === 'open')!;
    const patched = await call(demo, `/repos/${target.repository.full_name}/secret-scanning/alerts/${target.alert.number}`, { method: 'PATCH', body: { state: 'resolved', resolution: 'revoked' } });
    expect(patched.status).toBe(200);
    batches.length = 0;
    await engine.runDue(later(3));
    const record = await store.alert(target.repository.owner.login, target.repository.name, target.alert.number);
    expect(record?.alert).toMatchObject({ state: 'resolved', resolution: 'revoked' });
    const changes = batches.flatMap((batch) => batch.changes);
    expect(changes.map((change) => [change.before?.alert.state, change.after?.alert.state])).toEqual([['open', 'resolved']]);
    expect(batches[0]!.origin).toEqual({ source: 'SYNC', pass: 'incremental' });
    expect((await store.report({ orgs: ['globex'], filter: {}, order: { field: 'CREATED_AT', direction: 'DESC' } })).resolved).toBe(
      dataset.alerts.filter((alert) => alert.org === 'globex' && alert.alert.state === 'resolved').length + 1,
    );
  });

  it('reopens the same index after a restart without reading everything again', async () => {
    await store.close();
    store = await IndexStore.open(location.location, demo.url);
    engine = startEngine();
    demo.resetCounts();
    await engine.runDue(later(4));
    const full = demo.requests.filter((request) => request.route === LIST_ROUTE && request.query.sort === 'created');
    expect(full.filter((request) => READABLE.includes(request.path.split('/')[2]!))).toEqual([]);
    expect(await store.isReady('acme-corp')).toBe(true);
  });

  it('removes what a full pass no longer finds, and organizations no longer configured', async () => {
    const [existing] = (await store.list({ orgs: ['initech'], filter: {}, order: { field: 'CREATED_AT', direction: 'DESC' } }, null, 1)).records;
    await store.applyAlertUpdate({ ...existing!, alert: { ...existing!.alert, number: 9_999 } });
    expect(await store.alert('initech', existing!.repository.name, 9_999)).not.toBeNull();
    await engine.runDue(Date.now() + 25 * 3_600_000);
    expect(await store.alert('initech', existing!.repository.name, 9_999)).toBeNull();
    expect(await store.count({ orgs: ['initech'], filter: {}, order: { field: 'CREATED_AT', direction: 'DESC' } })).toBe(70);

    engine = startEngine(READABLE.filter((org) => org !== 'initech'));
    await engine.reconcileOrganizations();
    expect((await store.syncStatus(['initech']))).toEqual([]);
    expect(await store.count({ orgs: ['initech'], filter: {}, order: { field: 'CREATED_AT', direction: 'DESC' } })).toBe(0);
  });
});
