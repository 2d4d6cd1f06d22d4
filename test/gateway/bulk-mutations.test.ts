import { beforeEach, describe, expect, it } from 'vitest';
import { alertKey } from '../../src/alerts/model.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { BULK, BULK_MAX, GLOBEX_WRITER, PATCH_ALERT, READER, UPDATE, gid, open, resolvedAs, useMutationHarnesses } from '../support/mutations.ts';

const mutations = useMutationHarnesses();
const { take } = mutations;
/** `h`: the local caller (may write anything). `k`: callers identified by API keys, with their own demo GitHub. */
let h: Harness;
let k: Harness;
beforeEach(() => {
  h = mutations.h;
  k = mutations.k;
});

describe('bulkUpdateSecretScanningAlerts', () => {
  it('gives per-item results in input order for valid, already-resolved, missing and duplicate ids', async () => {
    const first = take(open, 'acme-corp');
    const already = take(resolvedAs('revoked'));
    const second = take(open, 'initech');
    const missing = encodeNodeId('SecretScanningAlert', alertKey(first.repository.owner.login, first.repository.name, 88_888));
    const ids = [gid(first), gid(already), missing, gid(second), gid(first)];
    const result = await h.query(BULK, { input: { alertIds: ids, state: 'RESOLVED', resolution: 'REVOKED', resolutionComment: 'rotated' } });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.bulkUpdateSecretScanningAlerts;
    expect(payload.results.map((item: { alertId: string }) => item.alertId)).toEqual(ids);
    expect(payload.results.map((item: any) => item.error?.__typename ?? item.alert.state)).toEqual([
      'RESOLVED',
      'RESOLVED',
      'NotFoundError',
      'RESOLVED',
      'RESOLVED',
    ]);
    expect(payload.results[1].alert).toMatchObject({ number: already.alert.number, resolution: 'REVOKED' });
    expect(payload).toMatchObject({ succeeded: 4, failed: 1 });
    // One PATCH per distinct alert that needed one: not the already-resolved, the missing or the duplicate.
    expect(h.demo.requestCount(PATCH_ALERT)).toBe(2);
  });

  it('lets one failing write not stop the others', async () => {
    const a = take(open);
    const b = take(open);
    const c = take(open);
    h.demo.failNext(PATCH_ALERT, 500);
    const result = await h.query(BULK, { input: { alertIds: [gid(a), gid(b), gid(c)], state: 'RESOLVED', resolution: 'FALSE_POSITIVE' } });
    const payload = result.data!.bulkUpdateSecretScanningAlerts;
    expect(payload).toMatchObject({ succeeded: 2, failed: 1 });
    const failures = payload.results.filter((item: any) => item.error !== null);
    expect(failures).toHaveLength(1);
    expect(failures[0].error).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM', status: 500 });
    expect(h.demo.requestCount(PATCH_ALERT)).toBe(3);
  });

  it('reopens alerts in bulk', async () => {
    const a = take(resolvedAs('wont_fix'));
    const b = take(open);
    const result = await h.query(BULK, { input: { alertIds: [gid(a), gid(b)], state: 'OPEN' } });
    expect(result.data!.bulkUpdateSecretScanningAlerts).toMatchObject({
      succeeded: 2,
      failed: 0,
      results: [{ alert: { state: 'OPEN', resolution: null } }, { alert: { state: 'OPEN' } }],
    });
    expect(h.demo.requestCount(PATCH_ALERT)).toBe(1);
  });

  it('validates the whole input before any upstream call', async () => {
    const a = take(open);
    const tooMany = Array.from({ length: BULK_MAX + 1 }, () => gid(a));
    const cases: [Record<string, unknown>, string][] = [
      [{ alertIds: tooMany, state: 'OPEN' }, 'input.alertIds'],
      [{ alertIds: [gid(a), 'garbage'], state: 'OPEN' }, 'input.alertIds[1]'],
      [{ alertIds: [gid(a)], state: 'RESOLVED' }, 'input.resolution'],
      [{ alertIds: [gid(a)], state: 'OPEN', resolution: 'REVOKED' }, 'input.resolution'],
      [{ alertIds: [gid(a)], state: 'RESOLVED', resolution: 'PATTERN_DELETED' }, 'input.resolution'],
    ];
    for (const [input, field] of cases) {
      const result = await h.query(BULK, { input });
      expect(result.data).toBeNull();
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'VALIDATION', field });
    }
    expect(h.demo.requestCount()).toBe(0);
    const tooManyResult = await h.query(BULK, { input: cases[0]![0] });
    expect(tooManyResult.errors![0]!.message).toContain(`At most ${BULK_MAX}`);
  });

  it('rejects a read-only caller as a whole, and alerts of organizations outside the allowlist one by one', async () => {
    const a = take(open, 'acme-corp');
    const b = take(open, 'globex');
    const input = { alertIds: [gid(a), gid(b)], state: 'RESOLVED', resolution: 'REVOKED' };
    const readOnly = await k.query(BULK, { input }, READER);
    expect(readOnly.data).toBeNull();
    expect(readOnly.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(readOnly.errors![0]!.message).toMatch(/read-only/);
    expect(k.demo.requestCount()).toBe(0);
    const limited = await k.query(BULK, { input }, GLOBEX_WRITER);
    expect(limited.data!.bulkUpdateSecretScanningAlerts).toMatchObject({
      succeeded: 1,
      failed: 1,
      results: [{ alert: null, error: { __typename: 'ForbiddenError' } }, { alert: { state: 'RESOLVED' }, error: null }],
    });
    expect(k.demo.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual([
      `/repos/${b.repository.full_name}/secret-scanning/alerts/${b.alert.number}`,
    ]);
  });

  it('spaces writes of one credential by GATEWAY_WRITE_INTERVAL_MS (default 1000 ms)', async () => {
    const INTERVAL_MS = 1000;
    // The harness sets no spacing for the other tests; this one runs with the default.
    const paced = await startHarness({ env: { GATEWAY_WRITE_INTERVAL_MS: '' } });
    try {
      const [first, ...records] = paced.demo.dataset.alerts.filter((r) => r.org === 'globex' && r.alert.state === 'open').slice(0, 4);
      // A first write on its own: the first PATCH of a process leaves tens of ms after its start.
      const single = await paced.query(UPDATE, { input: { alertId: gid(first!), state: 'RESOLVED', resolution: 'WONT_FIX' } });
      expect(single.data!.updateSecretScanningAlert.__typename).toBe('UpdateSecretScanningAlertSuccess');
      paced.demo.resetCounts();
      const result = await paced.query(BULK, { input: { alertIds: records.map(gid), state: 'RESOLVED', resolution: 'WONT_FIX' } });
      expect(result.data!.bulkUpdateSecretScanningAlerts).toMatchObject({ succeeded: 3, failed: 0 });
      // Each PATCH arrives at GitHub at least the interval after the one before. The limiter spaces
      // their starts; on a busy machine a request can reach the demo GitHub over 100 ms after its
      // start, which shortens the gap after it, hence 20% of slack. Unspaced writes arrive one
      // round trip (a few ms) apart.
      const arrivals = paced.demo.requests.filter((r) => r.route === PATCH_ALERT).map((r) => r.receivedAt);
      expect(arrivals).toHaveLength(3);
      const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]!);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(INTERVAL_MS * 0.8);
    } finally {
      await paced.close();
    }
  });
});
