import { GitHubClients } from '../../src/github/access.ts';
import { ResponseCache } from '../../src/github/cache.ts';
import { DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { createLogger } from '../../src/logger.ts';
import { IndexStore } from '../../src/store/index-store.ts';
import type { IndexLocation } from '../../src/store/database.ts';
import { SyncEngine } from '../../src/sync/sync-engine.ts';

/**
 * Child-process entry of the index benchmark: the sync alone in its process, so its RSS is the
 * gateway's (store, clients, sync) and nothing of the demo GitHub or the benchmark.
 * argv: githubUrl orgs(csv) location(JSON). Answers 'full', 'incremental' and 'close' on IPC.
 */
export type IndexSyncRequest = { id: number; kind: 'full' | 'incremental' | 'close' };

const [githubUrl, orgList, locationJson] = process.argv.slice(2) as [string, string, string];
const send = (message: unknown) => process.send!(message);
if (!process.send) throw new Error('index-sync-process.ts runs as a forked child');

const INTERVAL_S = 60;
const store = await IndexStore.open(JSON.parse(locationJson) as IndexLocation, githubUrl);
const clients = new GitHubClients({ apiUrl: githubUrl, cache: new ResponseCache({ maxSizeBytes: 64 * 2 ** 20, ttlMs: 60_000 }), concurrency: 50, timeoutMs: 60_000, writeIntervalMs: 0 });
const engine = new SyncEngine({
  store,
  access: clients.tokenAccess(DEMO_TOKENS.admin),
  orgs: orgList.split(','),
  intervalSeconds: INTERVAL_S,
  budgetShare: 1,
  reconcileHours: 24,
  logger: createLogger('warn'),
});
await engine.reconcileOrganizations();
send({ ready: true });

let peak = 0;
let steps = 0;
setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50).unref();

process.on('disconnect', () => process.exit(0));
process.on('message', async (message: IndexSyncRequest) => {
  const started = performance.now();
  switch (message.kind) {
    case 'full':
      peak = process.memoryUsage.rss();
      await engine.runDue();
      send({ id: message.id, ms: performance.now() - started, peakRssBytes: peak });
      break;
    case 'incremental':
      steps += 1;
      await engine.runDue(Date.now() + steps * INTERVAL_S * 1000);
      send({ id: message.id, ms: performance.now() - started });
      break;
    case 'close':
      await store.close();
      send({ id: message.id });
      process.disconnect();
      break;
  }
});
