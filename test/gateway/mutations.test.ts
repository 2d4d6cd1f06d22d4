import { beforeEach, describe, expect, it } from 'vitest';
import { alertKey } from '../../src/alerts/model.ts';
import { DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { API_KEYS, BULK, GLOBEX_WRITER, PATCH_ALERT, READER, READ_ALERTS, UPDATE, UPDATE_CONFIG, auditLines, gid, open, resolvedAs, useMutationHarnesses } from '../support/mutations.ts';

const mutations = useMutationHarnesses();
const { take } = mutations;
/** `h`: the local caller (may write anything). `k`: callers identified by API keys, with their own demo GitHub. */
let h: Harness;
let k: Harness;
beforeEach(() => {
  h = mutations.h;
  k = mutations.k;
});

describe('updateSecretScanningAlert', () => {
  it('resolves an open alert with one PATCH and returns the updated alert', async () => {
    const record = take(open);
    const result = await h.query(UPDATE, {
      input: { alertId: gid(record), state: 'RESOLVED', resolution: 'USED_IN_TESTS', resolutionComment: 'fixture only' },
    });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.updateSecretScanningAlert;
    expect(payload.__typename).toBe('UpdateSecretScanningAlertSuccess');
    expect(payload.alert).toMatchObject({
      id: gid(record),
      number: record.alert.number,
      state: 'RESOLVED',
      resolution: 'USED_IN_TESTS',
      resolutionComment: 'fixture only',
      resolvedBy: { login: 'octo-admin' },
      secret: null,
      repository: { nameWithOwner: record.repository.full_name },
    });
    expect(payload.alert.resolvedAt).toBeTruthy();
    expect(h.demo.requestCount(PATCH_ALERT)).toBe(1);
  });

  it('reopens a resolved alert', async () => {
    const record = take(resolvedAs('wont_fix'));
    const result = await h.query(UPDATE, { input: { alertId: gid(record), state: 'OPEN' } });
    expect(result.data!.updateSecretScanningAlert).toMatchObject({
      __typename: 'UpdateSecretScanningAlertSuccess',
      alert: { state: 'OPEN', resolution: null, resolvedAt: null, resolvedBy: null },
    });
    expect(h.demo.requestCount(PATCH_ALERT)).toBe(1);
  });

  it('answers an alert already in the requested state without a PATCH', async () => {
    const record = take(resolvedAs('false_positive'));
    const result = await h.query(UPDATE, { input: { alertId: gid(record), state: 'RESOLVED', resolution: 'FALSE_POSITIVE' } });
    expect(result.data!.updateSecretScanningAlert).toMatchObject({
      __typename: 'UpdateSecretScanningAlertSuccess',
      alert: { state: 'RESOLVED', resolution: 'FALSE_POSITIVE' },
    });
    expect(h.demo.requestCount(PATCH_ALERT)).toBe(0);
  });

  it.each([
    ['RESOLVED without a resolution', { state: 'RESOLVED' }, 'input.resolution'],
    ['OPEN with a resolution', { state: 'OPEN', resolution: 'REVOKED' }, 'input.resolution'],
    ['OPEN with a resolution comment', { state: 'OPEN', resolutionComment: 'x' }, 'input.resolutionComment'],
    ['PATTERN_EDITED, which only GitHub sets', { state: 'RESOLVED', resolution: 'PATTERN_EDITED' }, 'input.resolution'],
    ['PATTERN_DELETED, which only GitHub sets', { state: 'RESOLVED', resolution: 'PATTERN_DELETED' }, 'input.resolution'],
  ])('rejects %s with a ValidationError and no upstream call', async (_name, change, field) => {
    const record = take(open);
    const result = await h.query(UPDATE, { input: { alertId: gid(record), ...change } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.updateSecretScanningAlert).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION', field });
    expect(h.demo.requestCount(PATCH_ALERT)).toBe(0);
    expect(h.demo.requestCount()).toBe(0);
  });

  it('rejects undecodable and wrong-type ids with a ValidationError before any upstream call', async () => {
    const ids = [
      'not-an-id',
      Buffer.from('v1:SecretScanningAlert:nonsense').toString('base64url'),
      encodeNodeId('Organization', 'acme-corp'),
      encodeNodeId('Repository', 'acme-corp/api'),
    ];
    for (const alertId of ids) {
      const result = await h.query(UPDATE, { input: { alertId, state: 'OPEN' } });
      expect(result.data!.updateSecretScanningAlert).toMatchObject({ __typename: 'ValidationError', field: 'input.alertId' });
    }
    expect(h.demo.requestCount()).toBe(0);
  });

  it('answers NotFoundError for a well-formed id of a missing alert, without a PATCH', async () => {
    const record = take(open);
    const alertId = encodeNodeId('SecretScanningAlert', alertKey(record.repository.owner.login, record.repository.name, 99_999));
    const result = await h.query(UPDATE, { input: { alertId, state: 'RESOLVED', resolution: 'REVOKED' } });
    expect(result.data!.updateSecretScanningAlert).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    expect(h.demo.requestCount(PATCH_ALERT)).toBe(0);
  });

  it('maps a failing PATCH to UpstreamError with its status, and never retries it', async () => {
    const record = take(open);
    h.demo.failNext(PATCH_ALERT, 502);
    const result = await h.query(UPDATE, { input: { alertId: gid(record), state: 'RESOLVED', resolution: 'REVOKED' } });
    const payload = result.data!.updateSecretScanningAlert;
    expect(payload).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM', status: 502 });
    expect(payload.message).not.toMatch(/docs\.github\.com|ghp_/);
    expect(h.demo.requestCount(PATCH_ALERT)).toBe(1);
  });

  it('maps a rate-limited PATCH (retry-after beyond the wait limit) to UpstreamError with code RATE_LIMITED', async () => {
    const record = take(open);
    h.demo.failNext(PATCH_ALERT, 429, { retryAfter: 120 });
    const result = await h.query(UPDATE, { input: { alertId: gid(record), state: 'RESOLVED', resolution: 'REVOKED' } });
    expect(result.data!.updateSecretScanningAlert).toMatchObject({ __typename: 'UpstreamError', code: 'RATE_LIMITED', status: 429 });
    expect(h.demo.requestCount(PATCH_ALERT)).toBe(1);
  });

  it('shows the new state in the next request, even with a one-hour cache TTL', async () => {
    const record = take(open, 'globex');
    const before = await h.query(READ_ALERTS, { org: 'globex', state: 'OPEN' });
    const beforeRepo = await h.query(
      `query($o: String!, $n: String!, $num: Int!) { repository(owner: $o, name: $n) { secretScanningAlert(number: $num) { state } } }`,
      { o: 'globex', n: record.repository.name, num: record.alert.number },
    );
    expect(beforeRepo.data!.repository.secretScanningAlert.state).toBe('OPEN');
    const openIds = before.data!.organization.secretScanningAlerts.nodes.map((node: { id: string }) => node.id);
    const openCount = before.data!.organization.secretScanningAlerts.totalCount as number;
    // All of globex's open alerts fit in the one page read, so the page shows the change either way.
    expect(openIds).toHaveLength(openCount);
    expect(openIds).toContain(gid(record));
    // The same read again is served from the cache: no new upstream list request.
    h.demo.resetCounts();
    await h.query(READ_ALERTS, { org: 'globex', state: 'OPEN' });
    expect(h.demo.requestCount('GET /orgs/{org}/secret-scanning/alerts')).toBe(0);

    const update = await h.query(UPDATE, { input: { alertId: gid(record), state: 'RESOLVED', resolution: 'WONT_FIX' } });
    expect(update.data!.updateSecretScanningAlert.__typename).toBe('UpdateSecretScanningAlertSuccess');

    const after = await h.query(READ_ALERTS, { org: 'globex', state: 'OPEN' });
    const afterIds = after.data!.organization.secretScanningAlerts.nodes.map((node: { id: string }) => node.id);
    expect(after.data!.organization.secretScanningAlerts.totalCount).toBe(openCount - 1);
    expect(afterIds).toHaveLength(openCount - 1);
    expect(afterIds).not.toContain(gid(record));
    const resolved = await h.query(READ_ALERTS, { org: 'globex', state: 'RESOLVED' });
    expect(resolved.data!.organization.secretScanningAlerts.nodes).toContainEqual({ id: gid(record), state: 'RESOLVED', resolution: 'WONT_FIX' });
    const afterRepo = await h.query(
      `query($o: String!, $n: String!, $num: Int!) { repository(owner: $o, name: $n) { secretScanningAlert(number: $num) { state resolution } } }`,
      { o: 'globex', n: record.repository.name, num: record.alert.number },
    );
    expect(afterRepo.data!.repository.secretScanningAlert).toEqual({ state: 'RESOLVED', resolution: 'WONT_FIX' });
    const viaNode = await h.query(`query($id: ID!) { node(id: $id) { ... on SecretScanningAlert { state resolution } } }`, { id: gid(record) });
    expect(viaNode.data!.node).toEqual({ state: 'RESOLVED', resolution: 'WONT_FIX' });
  });

  it('answers ForbiddenError without a PATCH for a read-only caller, and for an organization outside its allowlist', async () => {
    const record = take(open, 'acme-corp');
    const input = { alertId: gid(record), state: 'RESOLVED', resolution: 'REVOKED' };
    const readOnly = await k.query(UPDATE, { input }, READER);
    expect(readOnly.data!.updateSecretScanningAlert).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    const outsideAllowlist = await k.query(UPDATE, { input }, GLOBEX_WRITER);
    expect(outsideAllowlist.data!.updateSecretScanningAlert).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(k.demo.requestCount()).toBe(0);
    const audit = k.logLines.map((line) => JSON.parse(line)).filter((line) => line.message === 'audit');
    expect(audit).toEqual([
      expect.objectContaining({ actor: 'key:reader', action: 'secret_scanning_alert.update', outcome: 'FORBIDDEN' }),
      expect.objectContaining({ actor: 'key:globex-writer', action: 'secret_scanning_alert.update', outcome: 'FORBIDDEN' }),
    ]);
    expect(k.logLines.join('\n')).not.toContain(API_KEYS.reader);
  });

  it("maps GitHub's 403 for a token without write access to ForbiddenError", async () => {
    const analyst = await startHarness({ env: { GITHUB_TOKEN: DEMO_TOKENS.analyst } });
    try {
      const record = analyst.demo.dataset.alerts.find((r) => r.org === 'acme-corp' && r.alert.state === 'open')!;
      const result = await analyst.query(UPDATE, { input: { alertId: gid(record), state: 'RESOLVED', resolution: 'REVOKED' } });
      expect(result.data!.updateSecretScanningAlert).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
      expect(analyst.demo.requestCount(PATCH_ALERT)).toBe(1);
      const config = await analyst.query(UPDATE_CONFIG, {
        input: { org: 'acme-corp', providerPatternSettings: [{ tokenType: 'GITHUB_PERSONAL_ACCESS_TOKEN', pushProtectionSetting: 'ENABLED' }] },
      });
      expect(config.data!.updateSecretScanningPatternConfiguration).toMatchObject({ __typename: 'ForbiddenError' });
      expect(analyst.logLines.join('\n')).not.toContain(DEMO_TOKENS.analyst);
    } finally {
      await analyst.close();
    }
  });
});


describe('audit log', () => {
  it('writes one line per mutation (and per bulk item plus a summary), without secrets or tokens', async () => {
    const start = auditLines(h).length;
    const single = take(open, 'acme-labs');
    const bulkA = take(open, 'acme-labs');
    const bulkB = take(resolvedAs('used_in_tests'));
    await h.query(UPDATE, { input: { alertId: gid(single), state: 'RESOLVED', resolution: 'REVOKED', resolutionComment: 'see ticket' } });
    await h.query(UPDATE, { input: { alertId: gid(single), state: 'RESOLVED' } });
    await h.query(BULK, { input: { alertIds: [gid(bulkA), gid(bulkB)], state: 'RESOLVED', resolution: 'USED_IN_TESTS' } });
    await h.query(UPDATE_CONFIG, { input: { org: 'globex', patternConfigVersion: 'stale', providerPatternSettings: [] } });
    const lines = auditLines(h).slice(start);
    expect(lines).toHaveLength(2 + 3 + 1);
    expect(lines[0]).toMatchObject({
      level: 'audit',
      actor: 'local',
      action: 'secret_scanning_alert.update',
      target: { kind: 'alert', org: single.org, repo: single.repository.name, alertNumber: single.alert.number },
      before: { state: 'open', resolution: null },
      after: { state: 'resolved', resolution: 'revoked' },
      outcome: 'success',
      unchanged: false,
    });
    expect(lines[1]).toMatchObject({ action: 'secret_scanning_alert.update', outcome: 'VALIDATION' });
    const items = lines.filter((line) => line.action === 'secret_scanning_alert.bulk_update_item');
    expect(items).toHaveLength(2);
    expect(items.find((line) => line.target.alertNumber === bulkB.alert.number && line.target.repo === bulkB.repository.name)).toMatchObject({
      before: { state: 'resolved', resolution: 'used_in_tests' },
      outcome: 'success',
      unchanged: true,
    });
    expect(lines.find((line) => line.action === 'secret_scanning_alert.bulk_update')).toMatchObject({ outcome: 'success', succeeded: 2, failed: 0 });
    expect(lines.at(-1)).toMatchObject({
      action: 'secret_scanning_pattern_configuration.update',
      target: { kind: 'pattern-configuration', org: 'globex' },
      outcome: 'VERSION_CONFLICT',
    });

    const everything = h.logLines.join('\n');
    for (const token of Object.values(DEMO_TOKENS)) expect(everything).not.toContain(token);
    for (const record of [single, bulkA, bulkB]) expect(everything).not.toContain(record.alert.secret);
    expect(lines.map((line) => JSON.stringify(line)).join('\n')).not.toContain('see ticket');
  });
});
