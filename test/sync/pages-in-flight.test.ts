import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoDataset, DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { startDemoGitHub, type DemoGitHub } from '../../src/demo/server.ts';
import { GitHubClients } from '../../src/github/access.ts';
import { ResponseCache } from '../../src/github/cache.ts';
import { createLogger } from '../../src/logger.ts';
import { IndexStore } from '../../src/store/index-store.ts';
import { SyncEngine } from '../../src/sync/sync-engine.ts';
import { freshLocation, type TestLocation } from '../support/index-engines.ts';

const LIST_ROUTE = 'GET /orgs/{org}/secret-scanning/alerts';
/** One organization of 4,000 alerts: about 40 pages, far more than are read at once. */
const dataset = createDemoDataset({ orgCount: 1, alertsPerOrg: 4_000 });
const ORG = dataset.orgs[0]!.login;

describe('a first sync whose index writes are slower than GitHub answers', () => {
  let demo: DemoGitHub;
  let location: TestLocation;
  let store: IndexStore;
  beforeAll(async () => {
    demo = await startDemoGitHub({ dataset });
    location = await freshLocation('embedded');
    store = await IndexStore.open(location.location, demo.url);
  });
  afterAll(async () => {
    await store.close();
    await location.drop();
    await demo.close();
  });

  it('keeps the pages read and not yet written bounded (a few per stream), not the whole organization', async () => {
    let written = 0;
    let mostUnwritten = 0;
    const write = store.writeListedAlerts.bind(store);
    // A slow database (PostgreSQL under load): pages are written one after the other, 20 ms each.
    let queue: Promise<unknown> = Promise.resolve();
    store.writeListedAlerts = (...args) => {
      const answered = demo.requests.filter((request) => request.route === LIST_ROUTE && request.status === 200).length;
      mostUnwritten = Math.max(mostUnwritten, answered - written);
      const done = queue.then(async () => {
        await delay(20);
        return write(...args);
      }).finally(() => (written += 1));
      queue = done.catch(() => {});
      return done;
    };
    const clients = new GitHubClients({ apiUrl: demo.url, cache: new ResponseCache({ maxSizeBytes: 8 << 20, ttlMs: 60_000 }), concurrency: 20, timeoutMs: 5_000, writeIntervalMs: 0, retryBaseMs: 1 });
    const engine = new SyncEngine({ store, access: clients.tokenAccess(DEMO_TOKENS.admin), orgs: [ORG], intervalSeconds: 60, budgetShare: 0.5, reconcileHours: 24, logger: createLogger('error', () => {}) });
    await engine.reconcileOrganizations();
    await engine.runDue();
    expect(await store.syncStatus([ORG])).toMatchObject([{ state: 'READY', alertCount: dataset.alerts.length }]);
    expect(written).toBeGreaterThan(30);
    // Eight readers per stream, two streams.
    expect(mostUnwritten).toBeLessThanOrEqual(16);
  });
});
