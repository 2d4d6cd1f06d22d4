import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createDemoDataset, DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { startDemoGitHub, type DemoGitHub } from '../../src/demo/server.ts';
import { GitHubClients } from '../../src/github/access.ts';
import { ResponseCache } from '../../src/github/cache.ts';
import { createLogger } from '../../src/logger.ts';
import { startAlertIndex } from '../../src/sync/alert-index.ts';
import { ENGINES, freshLocation } from '../support/index-engines.ts';

describe.each(ENGINES)('the alert index as the gateway starts it, on %s', (engine) => {
  let demo: DemoGitHub;
  beforeAll(async () => {
    demo = await startDemoGitHub({ dataset: createDemoDataset() });
  });
  afterAll(async () => demo?.close());

  it('syncs the demo estate within seconds of starting, logging its progress', async () => {
    const { location, drop } = await freshLocation(engine);
    const env = location.kind === 'embedded' ? { GATEWAY_DATA_DIR: location.dataDir } : { GATEWAY_INDEX: location.url };
    const config = loadConfig({ GITHUB_TOKEN: DEMO_TOKENS.admin, GITHUB_API_URL: demo.url, GATEWAY_ORGS: 'acme-corp,globex,hooli', ...env });
    const clients = new GitHubClients({ apiUrl: demo.url, cache: new ResponseCache({ maxSizeBytes: 1 << 20, ttlMs: 1_000 }), concurrency: 10, timeoutMs: 5_000, writeIntervalMs: 0 });
    const lines: string[] = [];
    const index = await startAlertIndex(config, clients.tokenAccess(DEMO_TOKENS.admin), createLogger('info', (line) => lines.push(line)));
    try {
      const started = Date.now();
      while (!(await index!.store.isReady('globex')) || !(await index!.store.isReady('acme-corp'))) {
        expect(Date.now() - started, 'seconds to READY').toBeLessThan(10_000);
        await delay(50);
      }
      const statuses = await index!.store.syncStatus(['acme-corp', 'globex', 'hooli']);
      expect(statuses.map(({ login, state }) => [login, state])).toEqual([['acme-corp', 'READY'], ['globex', 'READY'], ['hooli', expect.stringMatching(/PENDING|SYNCING|FAILED/)]]);
      expect(lines.some((line) => line.includes('organization read in full') && line.includes('"org":"globex"'))).toBe(true);
    } finally {
      await index?.close();
      await drop();
    }
  });

  it('is off when GATEWAY_INDEX=off', async () => {
    const config = loadConfig({ GATEWAY_INDEX: 'off' });
    expect(await startAlertIndex(config, { clientFor: async () => { throw new Error('unused'); } }, createLogger('error'))).toBeNull();
  });
});
