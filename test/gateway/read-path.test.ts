import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OrgAlertsDocument, type OrgAlertsQuery, type SecretScanningAlertFilter } from '../generated/operations.ts';
import { GENERIC_SECRET_TYPES } from '../../src/github/secret-types.ts';
import { resetHarness, startHarness, type GraphQLResponse, type Harness } from '../support/harness.ts';
import { alertId, expectedAlerts, type ReferenceFilter } from '../support/reference.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => resetHarness(h));

const ORG_LIST = 'GET /orgs/{org}/secret-scanning/alerts';
const ORG = 'GET /orgs/{org}';


type OrderBy = { field: 'CREATED_AT' | 'UPDATED_AT'; direction: 'ASC' | 'DESC' };

async function pageThrough(login: string, first: number, extra: { filter?: ReferenceFilter; orderBy?: OrderBy } = {}) {
  const seen: { id: string; createdAt: string; updatedAt: string | null | undefined }[] = [];
  let after: string | null | undefined = null;
  for (let guard = 0; guard < 200; guard += 1) {
    const result: GraphQLResponse<OrgAlertsQuery> = await h.query(OrgAlertsDocument, {
      login,
      first,
      after,
      filter: extra.filter as SecretScanningAlertFilter,
      orderBy: extra.orderBy,
    });
    expect(result.errors).toBeUndefined();
    const connection: NonNullable<OrgAlertsQuery['organization']>['secretScanningAlerts'] =
      result.data!.organization!.secretScanningAlerts;
    for (const edge of connection.edges) {
      seen.push({ id: `${edge.node.repository.nameWithOwner}#${edge.node.number}`, createdAt: edge.node.createdAt, updatedAt: edge.node.updatedAt });
    }
    expect(connection.edges.length).toBeLessThanOrEqual(first);
    if (!connection.pageInfo.hasNextPage) return { seen, totalCount: connection.totalCount };
    after = connection.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

describe('organizations and repositories', () => {
  it('reads an organization with name and url, and null for an unknown one', async () => {
    const result = await h.query(`{
      organization(login: "acme-corp") { id login name url }
      missing: organization(login: "no-such-org") { login }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.organization).toMatchObject({ login: 'acme-corp', name: 'Acme Corporation' });
    expect(result.data!.organization.url).toMatch(/\/acme-corp$/);
    expect(result.data!.missing).toBeNull();
  });

  it('lists the configured organizations by default, and the named ones otherwise', async () => {
    const all = await h.query('{ organizations { login } }');
    expect(all.data!.organizations.map((o: { login: string }) => o.login)).toEqual(['acme-corp', 'acme-labs', 'globex', 'initech', 'umbrella', 'hooli']);
    const named = await h.query('{ organizations(logins: ["globex", "nope-org"]) { login } }');
    expect(named.data!.organizations).toEqual([{ login: 'globex' }]);
  });

  it('rejects malformed logins and repository names before any upstream call', async () => {
    const result = await h.query(`{
      a: organization(login: "../../user") { login }
      b: repository(owner: "acme-corp", name: "..") { name }
      c: repository(owner: "acme corp", name: "x") { name }
    }`);
    expect(result.errors!.map((e) => e.extensions!.code)).toEqual(['VALIDATION', 'VALIDATION', 'VALIDATION']);
    expect(h.demo.requestCount()).toBe(0);
  });

  it('reads a repository with its owner, privacy and alerts', async () => {
    const repo = h.demo.dataset.repos.find((r) => r.owner.login === 'globex')!;
    const result = await h.query(`query($owner: String!, $name: String!) {
      repository(owner: $owner, name: $name) { id name nameWithOwner isPrivate url owner { login }
        secretScanningAlerts(first: 100) { totalCount nodes { number repository { nameWithOwner } } } }
      viaOrg: organization(login: $owner) { repository(name: $name) { nameWithOwner } }
      missing: repository(owner: $owner, name: "not-a-repo") { name }
    }`, { owner: 'globex', name: repo.name });
    expect(result.errors).toBeUndefined();
    const { repository } = result.data!;
    expect(repository).toMatchObject({ name: repo.name, nameWithOwner: repo.full_name, isPrivate: repo.private, url: repo.html_url, owner: { login: 'globex' } });
    const expected = expectedAlerts(h.demo.dataset, ['globex'], { repositories: [repo.name] });
    expect(repository.secretScanningAlerts.totalCount).toBe(expected.length);
    expect(new Set(repository.secretScanningAlerts.nodes.map((n: { number: number }) => `${repo.full_name}#${n.number}`))).toEqual(new Set(expected.map(alertId)));
    expect(result.data!.viaOrg.repository.nameWithOwner).toBe(repo.full_name);
    expect(result.data!.missing).toBeNull();
  });
});

describe('Organization.secretScanningAlerts', () => {
  it.each([7, 30, 100])('pages through every alert exactly once, newest first (first: %i)', async (first) => {
    const { seen, totalCount } = await pageThrough('acme-corp', first);
    const expected = expectedAlerts(h.demo.dataset, ['acme-corp']);
    expect(seen.length).toBe(expected.length);
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
    expect(new Set(seen.map((s) => s.id))).toEqual(new Set(expected.map(alertId)));
    expect(totalCount).toBe(expected.length);
    const times = seen.map((s) => Date.parse(s.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('orders by UPDATED_AT ascending when asked', async () => {
    const { seen } = await pageThrough('globex', 40, { orderBy: { field: 'UPDATED_AT', direction: 'ASC' } });
    expect(seen.length).toBe(expectedAlerts(h.demo.dataset, ['globex']).length);
    const times = seen.map((s) => Date.parse(s.updatedAt ?? s.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it.each<[string, ReferenceFilter]>([
    ['state OPEN', { state: 'OPEN' }],
    ['state RESOLVED', { state: 'RESOLVED' }],
    ['a provider secret type', { secretTypes: ['github_personal_access_token'] }],
    ['a generic secret type', { secretTypes: ['password', 'rsa_private_key'] }],
    ['resolutions', { state: 'RESOLVED', resolutions: ['FALSE_POSITIVE', 'REVOKED'] }],
    ['validities', { validities: ['ACTIVE'] }],
    ['publicly leaked', { publiclyLeaked: true }],
    ['not publicly leaked', { publiclyLeaked: false }],
    ['multi repo', { multiRepo: true }],
    ['not multi repo', { multiRepo: false }],
    ['repositories', { repositories: ['payments-api', 'acme-corp/docs'] }],
  ])('filters: %s', async (_name, filter) => {
    const { seen, totalCount } = await pageThrough('acme-corp', 100, { filter });
    const expected = expectedAlerts(h.demo.dataset, ['acme-corp'], filter);
    expect(expected.length).toBeGreaterThan(0);
    expect(new Set(seen.map((s) => s.id))).toEqual(new Set(expected.map(alertId)));
    expect(seen.length).toBe(expected.length);
    expect(totalCount).toBe(expected.length);
  });

  it('returns generic secret types without a secretTypes filter, although GitHub omits them by default', async () => {
    const result = await h.query('{ organization(login: "acme-corp") { secretScanningAlerts(first: 100, filter: { secretTypes: ["password"] }) { totalCount } } }');
    expect(result.data!.organization.secretScanningAlerts.totalCount).toBeGreaterThan(0);
    const { seen } = await pageThrough('acme-corp', 100);
    const passwords = expectedAlerts(h.demo.dataset, ['acme-corp'], { secretTypes: ['password'] }).map(alertId);
    expect(seen.map((s) => s.id)).toEqual(expect.arrayContaining(passwords));
  });

  it('rejects RESOLVED-only filters combined with state OPEN', async () => {
    const result = await h.query('{ organization(login: "acme-corp") { secretScanningAlerts(filter: { state: OPEN, resolutions: [REVOKED] }) { totalCount } } }');
    expect(result.errors![0]!.extensions!.code).toBe('VALIDATION');
    expect(h.demo.requestCount(ORG_LIST)).toBe(0);
  });

  it('answers first: 0 with no edges but says whether alerts exist', async () => {
    const result = await h.query(OrgAlertsDocument, { login: 'initech', first: 0 });
    const connection = result.data!.organization!.secretScanningAlerts;
    expect(connection.edges).toEqual([]);
    expect(connection.pageInfo).toMatchObject({ hasNextPage: true, endCursor: null, startCursor: null });
  });

  it('ends on the last page with hasNextPage false', async () => {
    const expected = expectedAlerts(h.demo.dataset, ['initech']).length;
    const result = await h.query(OrgAlertsDocument, { login: 'initech', first: 100 });
    const connection = result.data!.organization!.secretScanningAlerts;
    expect(connection.edges.length).toBe(expected);
    expect(connection.pageInfo.hasNextPage).toBe(false);
    expect(connection.pageInfo.hasPreviousPage).toBe(false);
  });

  it('rejects a page size above 100 and a negative one', async () => {
    for (const first of [101, -1]) {
      const result = await h.query(OrgAlertsDocument, { login: 'initech', first });
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'VALIDATION', field: 'first' });
    }
  });

  it('rejects tampered and foreign cursors with a clear error', async () => {
    const page = await h.query(OrgAlertsDocument, { login: 'acme-corp', first: 5 });
    const cursor = page.data!.organization!.secretScanningAlerts.pageInfo.endCursor!;
    const tampered = cursor.slice(0, 10) + (cursor[10] === 'A' ? 'B' : 'A') + cursor.slice(11);
    for (const [after, login] of [[tampered, 'acme-corp'], ['garbage', 'acme-corp'], [cursor, 'globex']] as const) {
      const result = await h.query(OrgAlertsDocument, { login, first: 5, after });
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'VALIDATION', field: 'after' });
      expect(result.errors![0]!.message).toMatch(/cursor/);
    }
    const otherFilter = await h.query(OrgAlertsDocument, { login: 'acme-corp', first: 5, after: cursor, filter: { state: 'OPEN' } });
    expect(otherFilter.errors![0]!.message).toMatch(/different query/);
  });

  it('reports a forbidden and a disabled organization as failures, not errors', async () => {
    const result = await h.query(`{
      hooli: organization(login: "hooli") { secretScanningAlerts { totalCount nodes { number } failures { login code message } } }
      umbrella: organization(login: "umbrella") { secretScanningAlerts { totalCount failures { login code message } } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data!.hooli.secretScanningAlerts).toMatchObject({ totalCount: 0, nodes: [], failures: [{ login: 'hooli', code: 'FORBIDDEN' }] });
    expect(result.data!.umbrella.secretScanningAlerts).toMatchObject({ totalCount: 0, failures: [{ login: 'umbrella', code: 'NOT_FOUND' }] });
    expect(result.data!.hooli.secretScanningAlerts.failures[0].message).not.toMatch(/ghp_|Bearer|token /i);
  });

  it('makes one list request per upstream stream for a page of 50, and none per alert', async () => {
    const requests = () => h.demo.requests.map((r) => ({ route: r.route, path: r.path, query: r.query })).sort((a, b) => a.route.localeCompare(b.route));
    const named = await h.query(`{ organization(login: "acme-corp") {
      secretScanningAlerts(first: 50, filter: { secretTypes: ["github_personal_access_token", "aws_access_key_id", "slack_api_token", "stripe_api_key", "google_api_key", "password"] }) {
        nodes { number repository { nameWithOwner } resolvedBy { login } pushProtectionBypassedBy { login } organization { login } }
      } } }`);
    expect(named.errors).toBeUndefined();
    expect(named.data!.organization.secretScanningAlerts.nodes).toHaveLength(50);
    // organization(login) itself, and the first page of the one stream naming the types: nothing per alert.
    const list = { sort: 'created', direction: 'desc', hide_secret: 'true', per_page: '100' };
    expect(requests()).toEqual([
      { route: ORG, path: '/orgs/acme-corp', query: {} },
      { route: ORG_LIST, path: '/orgs/acme-corp/secret-scanning/alerts', query: { ...list, secret_type: 'github_personal_access_token,aws_access_key_id,slack_api_token,stripe_api_key,google_api_key,password' } },
    ]);

    resetHarness(h);
    const everything = await h.query(`{ organization(login: "acme-labs") {
      secretScanningAlerts(first: 50) { nodes { number repository { nameWithOwner } resolvedBy { login } } } } }`);
    expect(everything.data!.organization.secretScanningAlerts.nodes).toHaveLength(50);
    // The default stream and the generic-types stream: the first page of each.
    expect(requests()).toEqual([
      { route: ORG, path: '/orgs/acme-labs', query: {} },
      { route: ORG_LIST, path: '/orgs/acme-labs/secret-scanning/alerts', query: list },
      { route: ORG_LIST, path: '/orgs/acme-labs/secret-scanning/alerts', query: { ...list, secret_type: GENERIC_SECRET_TYPES.join(',') } },
    ].sort((a, b) => a.route.localeCompare(b.route)));
  });
});
