import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { apiKeysFile, bearer } from '../support/api-keys.ts';
import { startHarness, type Harness } from '../support/harness.ts';

describe('restricted API keys', () => {
  let h: Harness;
  const KEYS = { reader: 'key-reader-acme-61f0', watcher: 'key-watcher-rate-2be7' };
  beforeAll(async () => {
    h = await startHarness({
      env: {
        GATEWAY_AUTH: 'api-keys',
        GATEWAY_API_KEYS_FILE: apiKeysFile({
          reader: { key: KEYS.reader, orgs: ['acme-corp', 'acme-labs'], permissions: ['read'] },
          watcher: { key: KEYS.watcher, orgs: ['acme-corp'], permissions: ['read', 'rate_limit'] },
        }),
      },
    });
    return () => h.close();
  });

  it('list the configured organizations they may read when `organizations` names none', async () => {
    const result = await h.query('{ organizations { login } }', {}, bearer(KEYS.reader));
    expect(result.errors).toBeUndefined();
    expect(result.data!.organizations.map((org: any) => org.login)).toEqual(['acme-corp', 'acme-labs']);
    const named = await h.query('{ organizations(logins: ["acme-corp", "globex"]) { login } }', {}, bearer(KEYS.reader));
    expect(named.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('see the service credential’s rate limit only with the rate_limit permission', async () => {
    h.demo.resetCounts();
    const refused = await h.query('{ rateLimit { remaining } }', {}, bearer(KEYS.reader));
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(h.demo.requestCount('GET /rate_limit')).toBe(0);
    const allowed = await h.query('{ rateLimit { remaining limit } }', {}, bearer(KEYS.watcher));
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.rateLimit.limit).toBe(5000);
  });
});

describe('input errors are VALIDATION errors that name what is wrong', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    return () => h.close();
  });

  it('names the variable whose value its type refuses', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['query($n: Int) { secretScanningAlerts(first: $n) { totalCount } }', { n: 'ten' }, '$n'],
      ['query($d: DateTime) { secretScanningAlerts(filter: { createdAfter: $d }) { totalCount } }', { d: 'yesterday' }, '$d'],
      ['query($s: SecretScanningAlertState) { secretScanningAlerts(filter: { state: $s }) { totalCount } }', { s: 'CLOSED' }, '$s'],
    ];
    for (const [query, variables, field] of cases) {
      const result = await h.query(query, variables);
      expect(result.errors?.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([['VALIDATION', field]]);
      expect(result.errors![0]!.message).toContain(field);
    }
  });

  it('answers node(id:) of an id that names no loadable object with VALIDATION, not INTERNAL', async () => {
    for (const typename of ['BulkUpdateItem', 'NoSuchType']) {
      const id = Buffer.from(`v1:${typename}:x`).toString('base64url');
      const result = await h.query(`{ node(id: "${id}") { id } }`);
      expect(result.errors?.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([['VALIDATION', 'id']]);
    }
  });
});

describe('passthrough', () => {
  it('asks GitHub about a refused token once, not on every request', async () => {
    const h = await startHarness({ env: { GATEWAY_AUTH: 'passthrough', GITHUB_TOKEN: '' } });
    try {
      const revoked = 'ghp_revoked0000000000000000000000000000';
      for (let i = 0; i < 3; i += 1) expect((await h.query('{ organizations { login } }', {}, bearer(revoked))).status).toBe(401);
      expect(h.demo.requestCount('GET /user')).toBe(1);
      // A good token is unaffected.
      expect((await h.query('{ organizations(logins: ["acme-corp"]) { login } }', {}, bearer(DEMO_TOKENS.admin))).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});
