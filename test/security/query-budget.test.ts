import { beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';

const NESTED = `query Nested($n: Int) {
  secretScanningAlerts(orgs: ["acme-corp"], first: $n) { nodes { number locations(first: $n) { nodes { type } } } }
}`;

describe('what one request may cost, whatever its variables and aliases', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { GATEWAY_MAX_ORGS_PER_QUERY: '3' } });
    return () => h.close();
  });

  it('computes the cost with variable values: `first: $n` costs what `first: 50` costs, and is refused before any GitHub call', async () => {
    h.demo.resetCounts();
    const withVariables = await h.query(NESTED, { n: 50 });
    const withLiterals = await h.query(NESTED.replace('($n: Int)', '').replaceAll('$n', '50'));
    for (const result of [withVariables, withLiterals]) {
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COSTLY']);
    }
    expect(withVariables.errors![0]!.extensions!.cost).toBe(withLiterals.errors![0]!.extensions!.cost);
    expect(withVariables.errors![0]!.extensions!.cost).toBeGreaterThan(20_000);
    expect(h.demo.requestCount()).toBe(0);
    // Small pages of the same query are fine.
    const small = await h.query(NESTED, { n: 2 });
    expect(small.errors).toBeUndefined();
  });

  it('limits `nodes(ids:)` to 100 ids', async () => {
    h.demo.resetCounts();
    const ids = Array.from({ length: 101 }, (_, i) => Buffer.from(`v1:SecretScanningAlert:acme-corp/docs#${i + 1}`).toString('base64url'));
    const result = await h.query('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expect(result.errors?.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([['VALIDATION', 'ids']]);
    expect(h.demo.requestCount()).toBe(0);
  });

  it('counts organizations over all fields and aliases: three aliases of three organizations are nine, above a limit of 3', async () => {
    h.demo.resetCounts();
    const result = await h.query(`{
      a: secretScanningAlerts(orgs: ["acme-corp", "acme-labs", "globex"], first: 1) { totalCount }
      b: secretScanningAlerts(orgs: ["initech", "umbrella", "hooli"], first: 1) { totalCount }
      c: organizations(logins: ["acme-corp", "initech", "globex"]) { login }
    }`);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([['VALIDATION', 'orgs']]);
    expect(result.errors![0]!.message).toMatch(/over all fields and aliases \(this one names 6\)/);
    expect(h.demo.requestCount()).toBe(0);
    // Aliases over the same three organizations stay within the limit.
    const same = await h.query(`{
      a: secretScanningAlerts(orgs: ["acme-corp", "acme-labs", "globex"], first: 1) { totalCount }
      b: organizations(logins: ["globex", "acme-corp"]) { login }
    }`);
    expect(same.errors).toBeUndefined();
  });

});

describe('the GitHub-call budget of one request (GATEWAY_MAX_UPSTREAM_CALLS)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { GATEWAY_MAX_UPSTREAM_CALLS: '5' } });
    return () => h.close();
  });

  it('stops a request that needs more GitHub calls than its budget, as a whole, without making the rest', async () => {
    // Three organizations, two streams each (default and generic secret types): at least six calls.
    const result = await h.query('{ secretScanningAlerts(orgs: ["acme-corp", "acme-labs", "globex"], first: 1) { totalCount } }');
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['BUDGET_EXCEEDED']);
    expect(result.errors![0]!.message).toMatch(/more than 5 GitHub calls/);
    expect(h.demo.requestCount()).toBe(5);
    // One organization fits.
    const one = await h.query('{ secretScanningAlerts(orgs: ["acme-corp"], first: 1) { nodes { number } } }');
    expect(one.errors).toBeUndefined();
  });
});
