import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { alertKey } from '../../src/alerts/model.ts';
import { DEMO_TOKENS, type DemoAlertRecord } from '../../src/demo/dataset.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { resetHarness, startHarness, type Harness } from '../support/harness.ts';

const PATCH_ALERT = 'PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}';
const PATCH_CONFIG = 'PATCH /orgs/{org}/secret-scanning/pattern-configurations';
const WRITABLE = ['acme-corp', 'acme-labs', 'globex', 'initech'];
const BULK_MAX = 6;

const UPDATE = `mutation($input: UpdateSecretScanningAlertInput!) {
  updateSecretScanningAlert(input: $input) {
    __typename
    ... on UpdateSecretScanningAlertSuccess {
      alert { id number state resolution resolutionComment resolvedAt resolvedBy { login } updatedAt secret repository { nameWithOwner } }
    }
    ... on Error { code message }
    ... on ValidationError { field }
    ... on UpstreamError { status }
  }
}`;

const BULK = `mutation($input: BulkUpdateSecretScanningAlertsInput!) {
  bulkUpdateSecretScanningAlerts(input: $input) {
    succeeded
    failed
    results {
      alertId
      alert { number state resolution repository { nameWithOwner } }
      error { __typename code message ... on UpstreamError { status } }
    }
  }
}`;

const UPDATE_CONFIG = `mutation($input: UpdateSecretScanningPatternConfigurationInput!) {
  updateSecretScanningPatternConfiguration(input: $input) {
    __typename
    ... on UpdateSecretScanningPatternConfigurationSuccess { patternConfigVersion }
    ... on Error { code message }
    ... on ValidationError { field }
    ... on UpstreamError { status }
  }
}`;

const READ_CONFIG = `query($org: String!) {
  organization(login: $org) {
    secretScanningPatternConfiguration {
      version
      providerPatternOverrides { tokenType setting }
      customPatternOverrides { tokenType customPatternVersion setting }
    }
  }
}`;

const READ_ALERTS = `query($org: String!, $state: SecretScanningAlertState) {
  organization(login: $org) {
    secretScanningAlerts(first: 100, filter: { state: $state }) {
      totalCount
      nodes { id state resolution }
    }
  }
}`;

const API_KEYS = { reader: 'test-reader-key-0001', globexWriter: 'test-globex-writer-key-0002' };
const READER = { 'x-api-key': API_KEYS.reader };
const GLOBEX_WRITER = { 'x-api-key': API_KEYS.globexWriter };

function keysFile(): string {
  const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
  const file = join(mkdtempSync(join(tmpdir(), 'mutations-keys-')), 'keys.json');
  writeFileSync(
    file,
    JSON.stringify({
      keys: [
        { name: 'reader', sha256: sha256(API_KEYS.reader), orgs: ['*'], permissions: ['read'] },
        { name: 'globex-writer', sha256: sha256(API_KEYS.globexWriter), orgs: ['globex'], permissions: ['read', 'write'] },
      ],
    }),
  );
  return file;
}

/** `h`: the local caller (may write anything). `k`: callers identified by API keys, with their own demo GitHub. */
let h: Harness;
let k: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { GATEWAY_CACHE_TTL_SECONDS: '3600', GATEWAY_BULK_MAX_IDS: String(BULK_MAX) } });
  k = await startHarness({ env: { GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: keysFile() } });
});
afterAll(async () => {
  await h.close();
  await k.close();
});
beforeEach(() => {
  resetHarness(h);
  resetHarness(k);
});

/** The demo server's writes last for the whole file, so every test takes alerts nobody used yet. */
const used = new Set<DemoAlertRecord>();
function take(predicate: (record: DemoAlertRecord) => boolean, org?: string): DemoAlertRecord {
  const record = h.demo.dataset.alerts.find(
    (candidate) =>
      !used.has(candidate) && (org ? candidate.org === org : WRITABLE.includes(candidate.org)) && predicate(candidate),
  );
  if (!record) throw new Error('the demo dataset has no unused alert of that kind');
  used.add(record);
  return record;
}
const open = (record: DemoAlertRecord) => record.alert.state === 'open';
const resolvedAs = (resolution: string) => (record: DemoAlertRecord) =>
  record.alert.state === 'resolved' && record.alert.resolution === resolution;

function gid(record: DemoAlertRecord): string {
  return encodeNodeId('SecretScanningAlert', alertKey(record.repository.owner.login, record.repository.name, record.alert.number));
}

function auditLines(): Record<string, any>[] {
  return h.logLines.map((line) => JSON.parse(line) as Record<string, any>).filter((line) => line.message === 'audit');
}

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

describe('updateSecretScanningPatternConfiguration', () => {
  async function readConfig(org: string) {
    const result = await h.query(READ_CONFIG, { org });
    expect(result.errors).toBeUndefined();
    return result.data!.organization.secretScanningPatternConfiguration as {
      version: string;
      providerPatternOverrides: { tokenType: string; setting: string }[];
      customPatternOverrides: { tokenType: string; customPatternVersion: string; setting: string }[];
    };
  }

  it('passes the versions through, maps settings, returns the new version and the next read shows it', async () => {
    const before = await readConfig('acme-labs');
    const provider = before.providerPatternOverrides[0]!;
    const custom = before.customPatternOverrides[0]!;
    const providerTarget = provider.setting === 'not-set' ? 'ENABLED' : 'NOT_SET';
    const customTarget = custom.setting === 'enabled' ? 'DISABLED' : 'ENABLED';
    const result = await h.query(UPDATE_CONFIG, {
      input: {
        org: 'acme-labs',
        patternConfigVersion: before.version,
        providerPatternSettings: [{ tokenType: provider.tokenType, pushProtectionSetting: providerTarget }],
        customPatternSettings: [{ tokenType: custom.tokenType, customPatternVersion: custom.customPatternVersion, pushProtectionSetting: customTarget }],
      },
    });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.updateSecretScanningPatternConfiguration;
    expect(payload.__typename).toBe('UpdateSecretScanningPatternConfigurationSuccess');
    expect(payload.patternConfigVersion).toBeTruthy();
    expect(payload.patternConfigVersion).not.toBe(before.version);
    expect(h.demo.requestCount(PATCH_CONFIG)).toBe(1);

    const after = await readConfig('acme-labs');
    expect(after.version).toBe(payload.patternConfigVersion);
    expect(after.providerPatternOverrides.find((o) => o.tokenType === provider.tokenType)!.setting).toBe(
      providerTarget === 'ENABLED' ? 'enabled' : 'not-set',
    );
    expect(after.customPatternOverrides.find((o) => o.tokenType === custom.tokenType)!.setting).toBe(customTarget.toLowerCase());
  });

  it('lets exactly one of two clients updating from the same version win; the other gets VersionConflictError', async () => {
    const before = await readConfig('initech');
    const [a, b] = before.providerPatternOverrides.filter((o) => o.setting !== 'enabled');
    const send = (tokenType: string) =>
      h.query(UPDATE_CONFIG, {
        input: {
          org: 'initech',
          patternConfigVersion: before.version,
          providerPatternSettings: [{ tokenType, pushProtectionSetting: 'ENABLED' }],
        },
      });
    const results = await Promise.all([send(a!.tokenType), send(b!.tokenType)]);
    const payloads = results.map((r) => r.data!.updateSecretScanningPatternConfiguration);
    const winners = payloads.filter((p) => p.__typename === 'UpdateSecretScanningPatternConfigurationSuccess');
    const losers = payloads.filter((p) => p.__typename === 'VersionConflictError');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]).toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(losers[0].message).toMatch(/re-read/i);
    expect(losers[0].message).toContain('secretScanningPatternConfiguration');
    // Never retried: one PATCH each.
    expect(h.demo.requestCount(PATCH_CONFIG)).toBe(2);

    const winnerToken = payloads[0] === winners[0] ? a!.tokenType : b!.tokenType;
    const loserToken = winnerToken === a!.tokenType ? b!.tokenType : a!.tokenType;
    const after = await readConfig('initech');
    expect(after.version).toBe(winners[0].patternConfigVersion);
    expect(after.providerPatternOverrides.find((o) => o.tokenType === winnerToken)!.setting).toBe('enabled');
    expect(after.providerPatternOverrides.find((o) => o.tokenType === loserToken)!.setting).toBe(
      before.providerPatternOverrides.find((o) => o.tokenType === loserToken)!.setting,
    );
  });

  it('answers VersionConflictError for a stale customPatternVersion', async () => {
    const before = await readConfig('globex');
    const custom = before.customPatternOverrides[0]!;
    const result = await h.query(UPDATE_CONFIG, {
      input: {
        org: 'globex',
        patternConfigVersion: before.version,
        customPatternSettings: [{ tokenType: custom.tokenType, customPatternVersion: 'stale-version', pushProtectionSetting: 'ENABLED' }],
      },
    });
    expect(result.data!.updateSecretScanningPatternConfiguration).toMatchObject({ __typename: 'VersionConflictError' });
    expect((await readConfig('globex')).version).toBe(before.version);
  });

  it('rejects NOT_SET for a custom pattern before calling GitHub', async () => {
    const result = await h.query(UPDATE_CONFIG, {
      input: { org: 'globex', customPatternSettings: [{ tokenType: 'cp_1', pushProtectionSetting: 'NOT_SET' }] },
    });
    expect(result.data!.updateSecretScanningPatternConfiguration).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.customPatternSettings[0].pushProtectionSetting',
    });
    expect(h.demo.requestCount()).toBe(0);
  });

  it("maps GitHub's 422 to ValidationError, 404 to NotFoundError and 5xx to UpstreamError (not retried)", async () => {
    const unknownToken = await h.query(UPDATE_CONFIG, {
      input: { org: 'globex', providerPatternSettings: [{ tokenType: 'NO_SUCH_TOKEN', pushProtectionSetting: 'ENABLED' }] },
    });
    expect(unknownToken.data!.updateSecretScanningPatternConfiguration).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
    for (const org of ['umbrella', 'no-such-org']) {
      const result = await h.query(UPDATE_CONFIG, { input: { org, providerPatternSettings: [] } });
      expect(result.data!.updateSecretScanningPatternConfiguration).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    }
    h.demo.resetCounts();
    h.demo.failNext(PATCH_CONFIG, 503);
    const failing = await h.query(UPDATE_CONFIG, { input: { org: 'globex', providerPatternSettings: [] } });
    expect(failing.data!.updateSecretScanningPatternConfiguration).toMatchObject({ __typename: 'UpstreamError', status: 503 });
    expect(h.demo.requestCount(PATCH_CONFIG)).toBe(1);
    const badLogin = await h.query(UPDATE_CONFIG, { input: { org: '../x', providerPatternSettings: [] } });
    expect(badLogin.data!.updateSecretScanningPatternConfiguration).toMatchObject({ __typename: 'ValidationError' });
  });

  it('answers ForbiddenError without a PATCH for a read-only caller, and for an organization outside its allowlist', async () => {
    for (const [org, headers] of [['globex', READER], ['acme-corp', GLOBEX_WRITER]] as const) {
      const result = await k.query(UPDATE_CONFIG, { input: { org, providerPatternSettings: [] } }, headers);
      expect(result.data!.updateSecretScanningPatternConfiguration).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    }
    expect(k.demo.requestCount()).toBe(0);
  });
});

describe('audit log', () => {
  it('writes one line per mutation (and per bulk item plus a summary), without secrets or tokens', async () => {
    const start = auditLines().length;
    const single = take(open, 'acme-labs');
    const bulkA = take(open, 'acme-labs');
    const bulkB = take(resolvedAs('used_in_tests'));
    await h.query(UPDATE, { input: { alertId: gid(single), state: 'RESOLVED', resolution: 'REVOKED', resolutionComment: 'see ticket' } });
    await h.query(UPDATE, { input: { alertId: gid(single), state: 'RESOLVED' } });
    await h.query(BULK, { input: { alertIds: [gid(bulkA), gid(bulkB)], state: 'RESOLVED', resolution: 'USED_IN_TESTS' } });
    await h.query(UPDATE_CONFIG, { input: { org: 'globex', patternConfigVersion: 'stale', providerPatternSettings: [] } });
    const lines = auditLines().slice(start);
    expect(lines).toHaveLength(2 + 3 + 1);
    expect(lines[0]).toMatchObject({
      level: 'info',
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
