import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CursorCodec } from '../../src/alerts/cursor.ts';
import { ServerCapabilities } from '../../src/github/capabilities.ts';
import { createContext } from '../../src/context.ts';
import { crossOrgQuery } from '../../src/domain/alert-reads.ts';
import { RequestDeadline } from '../../src/domain/deadline.ts';
import { createDemoDataset, DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { startDemoGitHub, type DemoGitHub } from '../../src/demo/server.ts';
import { AlertEvents } from '../../src/events.ts';
import { GitHubClients } from '../../src/github/access.ts';
import { ResponseCache } from '../../src/github/cache.ts';
import { createLogger } from '../../src/logger.ts';

describe('an export read while alerts are resolved (what CSV exports stream)', () => {
  let demo: DemoGitHub;
  beforeAll(async () => {
    demo = await startDemoGitHub({ dataset: createDemoDataset({ orgCount: 1, alertsPerOrg: 700 }) });
  });
  afterAll(() => demo.close());

  it('yields every alert open at the start exactly once, although those already read are resolved meanwhile', async () => {
    const cache = new ResponseCache({ maxSizeBytes: 64 * 1024 * 1024, ttlMs: 3_600_000 });
    const clients = new GitHubClients({ apiUrl: demo.url, cache, concurrency: 4, timeoutMs: 10_000, writeIntervalMs: 0 });
    const context = createContext({
      caller: { name: 'test', canSeeSecrets: false, canWrite: false, canReadRateLimit: false, orgAllowlist: null },
      github: clients.tokenAccess(DEMO_TOKENS.admin),
      deadline: new RequestDeadline(null),
      events: new AlertEvents(),
      limits: { maxOrgs: 10, maxUpstreamCalls: 1_000 },
      defaultOrgs: ['org-01'],
      webUrl: 'https://github.com',
      bulkMaxIds: 100,
      enterprise: null,
      cursors: new CursorCodec(),
      capabilities: ServerCapabilities.DOTCOM,
      logger: createLogger('error', () => undefined),
    });
    const openAtStart = demo.dataset.alerts.filter((r) => r.alert.state === 'open').map((r) => `${r.repository.name}#${r.alert.number}`);
    expect(openAtStart.length).toBeGreaterThan(300);
    const { alerts } = await context.store.stream(crossOrgQuery(context, { filter: { state: 'OPEN' } }));
    const seen: string[] = [];
    const take = async (count: number) => {
      for (let i = 0; i < count; i += 1) {
        const next = await alerts.next();
        if (next.done) return;
        seen.push(`${next.value.repository.name}#${next.value.alert.number}`);
      }
    };
    // Into GitHub's second page of 100 (the third is already being read ahead)...
    await take(150);
    // ...someone resolves 120 of the alerts already exported, and a webhook drops the cached pages.
    for (const key of seen.slice(0, 120)) {
      const [name, number] = key.split('#');
      demo.changeAlertOnGitHub(`org-01/${name}`, Number(number), { state: 'resolved', resolution: 'revoked' });
    }
    cache.invalidate({ owner: 'org-01' });
    await take(Number.MAX_SAFE_INTEGER);
    expect(seen.length).toBe(new Set(seen).size);
    expect(new Set(seen)).toEqual(new Set(openAtStart));
  });
});
