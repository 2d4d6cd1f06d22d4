import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { alertKey } from '../../src/alerts/model.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { apiKeysFile } from '../support/api-keys.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const BULK = `mutation($ids: [ID!]!) {
  bulkUpdateSecretScanningAlerts(input: { alertIds: $ids, state: RESOLVED, resolution: REVOKED }) {
    succeeded failed
    results { alertId alert { number } error { __typename code message ... on TimeoutError { applied } } }
  }
}`;
const KEYS = { a: 'key-writer-a-5e1f77', b: 'key-writer-b-09aa4c' };

let harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.map((h) => h.close()));
  harnesses = [];
});

async function writableGateway(env: Record<string, string>): Promise<Harness> {
  const keys = apiKeysFile({
    a: { key: KEYS.a, orgs: ['*'], permissions: ['read', 'write'] },
    b: { key: KEYS.b, orgs: ['*'], permissions: ['read', 'write'] },
  });
  const h = await startHarness({ env: { GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: keys, ...env } });
  harnesses.push(h);
  return h;
}

/** Open alerts of acme-corp, in dataset order: their ids and the path their PATCH goes to. */
function openAlerts(h: Harness, count: number, skip = 0): { id: string; path: string }[] {
  return h.demo.dataset.alerts
    .filter((record) => record.org === 'acme-corp' && record.alert.state === 'open')
    .slice(skip, skip + count)
    .map(({ repository, alert }) => ({
      id: encodeNodeId('SecretScanningAlert', alertKey('acme-corp', repository.name, alert.number)),
      path: `/repos/acme-corp/${repository.name}/secret-scanning/alerts/${alert.number}`,
    }));
}

const openAlertIds = (h: Harness, count: number, skip = 0) => openAlerts(h, count, skip).map((alert) => alert.id);

const patches = (h: Harness) => h.demo.requests.filter((r) => r.method === 'PATCH');

describe('the request deadline stops the work, not only the answer', () => {
  it('sends no write of a bulk update once its deadline passed, and says which ones were applied', async () => {
    const h = await writableGateway({ GATEWAY_WRITE_INTERVAL_MS: '200', GATEWAY_REQUEST_TIMEOUT_MS: '700', GATEWAY_UPSTREAM_TIMEOUT_MS: '500' });
    const ids = openAlertIds(h, 10);
    const result = await h.query(BULK, { ids }, { 'x-api-key': KEYS.a });
    const sentWhenAnswered = patches(h).length;
    await delay(1_000);
    // Nothing was sent after the answer.
    expect(patches(h).length).toBe(sentWhenAnswered);
    const { succeeded, failed, results } = result.data!.bulkUpdateSecretScanningAlerts;
    expect(succeeded + failed).toBe(10);
    expect(succeeded).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
    const notSent = results.filter((item: any) => item.error?.applied === false);
    const unknown = results.filter((item: any) => item.error !== null && item.error.applied === null);
    for (const item of [...notSent, ...unknown]) expect(item.error).toMatchObject({ __typename: 'TimeoutError', code: 'TIMEOUT' });
    expect(notSent.length + unknown.length).toBe(failed);
    // Every applied write answered success; only a write under way at the deadline is unknown.
    expect(unknown.length).toBeLessThanOrEqual(1);
    expect(sentWhenAnswered).toBeGreaterThanOrEqual(succeeded);
    expect(sentWhenAnswered).toBeLessThanOrEqual(succeeded + unknown.length);
    // The audit trail says the same, item by item.
    const items = h.logLines.map((line) => JSON.parse(line)).filter((line) => line.action === 'secret_scanning_alert.bulk_update_item');
    expect(items.filter((line) => line.outcome === 'success')).toHaveLength(succeeded);
    expect(items.filter((line) => line.outcome === 'TIMEOUT' && line.applied === false)).toHaveLength(notSent.length);
  });
});

describe('the write queue of one credential', () => {
  it('serves callers in turn: a single update does not wait behind another caller’s whole bulk update', async () => {
    // Spaced widely enough that the single update is queued before the bulk's second write starts.
    const h = await writableGateway({ GATEWAY_WRITE_INTERVAL_MS: '400', GATEWAY_BULK_MAX_IDS: '5' });
    const bulk = h.query(BULK, { ids: openAlertIds(h, 5) }, { 'x-api-key': KEYS.a });
    while (patches(h).length === 0) await delay(5);
    const [single] = openAlerts(h, 1, 5);
    const alone = await h.query(BULK, { ids: [single!.id] }, { 'x-api-key': KEYS.b });
    expect(alone.data!.bulkUpdateSecretScanningAlerts.succeeded).toBe(1);
    await bulk;
    const order = patches(h).map((r) => r.path);
    expect(order).toHaveLength(6);
    // Round-robin: at most one more of the bulk's writes went before it (the one already granted).
    expect(order.indexOf(single!.path)).toBeGreaterThan(0);
    expect(order.indexOf(single!.path)).toBeLessThanOrEqual(2);
  });

  it('is bounded: past the writes a caller may have waiting, more are refused at once (RATE_LIMITED), never queued for later', async () => {
    const h = await writableGateway({ GATEWAY_WRITE_INTERVAL_MS: '100', GATEWAY_BULK_MAX_IDS: '4' });
    const [first, second] = await Promise.all([
      h.query(BULK, { ids: openAlertIds(h, 4) }, { 'x-api-key': KEYS.a }),
      h.query(BULK, { ids: openAlertIds(h, 4, 4) }, { 'x-api-key': KEYS.a }),
    ]);
    const results = [...first.data!.bulkUpdateSecretScanningAlerts.results, ...second.data!.bulkUpdateSecretScanningAlerts.results];
    const refused = results.filter((item: any) => item.error !== null);
    expect(refused.length).toBeGreaterThan(0);
    for (const item of refused) expect(item.error).toMatchObject({ __typename: 'UpstreamError', code: 'RATE_LIMITED' });
    await delay(300);
    expect(patches(h)).toHaveLength(results.length - refused.length);
  });
});
