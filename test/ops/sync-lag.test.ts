import { setTimeout as delay } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { parseMetrics } from '../support/prometheus.ts';
import { synced } from '../support/synced.ts';

/** The shortest interval the configuration allows. */
const INTERVAL_S = 5;

/** The gateway's /metrics, as organization → sync lag in seconds. */
async function syncLag(h: Harness): Promise<Record<string, number>> {
  const samples = parseMetrics(await (await fetch(new URL('/metrics', h.gateway.url))).text());
  return Object.fromEntries(samples.filter((sample) => sample.name === 'gateway_sync_lag_seconds').map((sample) => [sample.labels.org!, sample.value]));
}

describe('gateway_sync_lag_seconds, read from the index at each scrape', () => {
  let h: Harness;
  let states: Record<string, string>;
  beforeAll(async () => {
    h = await startHarness({ env: { GATEWAY_INDEX: 'embedded', GATEWAY_SYNC_INTERVAL_SECONDS: String(INTERVAL_S) } });
    states = await synced(h);
    return () => h.close();
  });

  it('has a series for each synced organization, kept small by the passes, and none for an organization never synced', async () => {
    const ready = Object.keys(states).filter((org) => states[org] === 'READY').sort();
    // The demo has organizations the service token may not read, or with secret scanning off: FAILED.
    expect(ready.length).toBeGreaterThan(0);
    expect(ready.length).toBeLessThan(Object.keys(states).length);
    const lag = await eventually(() => syncLag(h), (now) => Object.keys(now).length === ready.length, { tries: 50, intervalMs: 100 });
    expect(Object.keys(lag).sort()).toEqual(ready);
    // A pass every interval: the lag stays below a few intervals (what an alert on it would fire at).
    for (const seconds of Object.values(lag)) expect(seconds).toBeLessThan(3 * INTERVAL_S);
  });

  it('grows while the passes of an organization fail, and falls once one succeeds', async () => {
    const fresh = (await syncLag(h))['globex']!;
    h.demo.failNext((target) => target.path.startsWith('/orgs/globex/'), 500, { count: 1_000_000 });
    try {
      await delay(2.5 * INTERVAL_S * 1000);
      const stale = (await syncLag(h))['globex']!;
      expect(stale).toBeGreaterThan(2.5 * INTERVAL_S - 1);
      expect(stale).toBeGreaterThan(fresh);
      // The other organizations' passes go on.
      expect((await syncLag(h))['acme-corp']!).toBeLessThan(stale);
    } finally {
      h.demo.clearFaults();
    }
    const recovered = await eventually(() => syncLag(h), (now) => now['globex']! < INTERVAL_S, { tries: 150, intervalMs: 200 });
    expect(recovered['globex']).toBeLessThan(INTERVAL_S);
  });
});
