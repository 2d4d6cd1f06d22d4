import { beforeEach, describe, expect, it } from 'vitest';
import { createDemoDataset, type DemoAlertRecord, type DemoDataset } from '../../src/demo/dataset.ts';
import { isGenericSecretType } from '../../src/github/secret-types.ts';
import { resetHarness, startHarness, useSharedHarness, type Harness } from '../support/harness.ts';
import { alertId, expectedAlerts, expectedOrder, type ReferenceFilter } from '../support/reference.ts';

const ORG_LIST = 'GET /orgs/{org}/secret-scanning/alerts';
const READABLE = ['acme-corp', 'acme-labs', 'globex', 'initech'];

const CROSS_ORG = `query($orgs: [String!], $first: Int, $after: String, $filter: SecretScanningAlertFilter, $orderBy: SecretScanningAlertOrder) {
  secretScanningAlerts(orgs: $orgs, first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    failures { login code message }
    pageInfo { hasNextPage endCursor }
    nodes { number createdAt updatedAt organization { login } repository { nameWithOwner } }
  }
}`;

interface Node {
  number: number;
  createdAt: string;
  updatedAt: string | null;
  organization: { login: string };
  repository: { nameWithOwner: string };
}

async function pageAll(h: Harness, variables: Record<string, unknown>) {
  const nodes: Node[] = [];
  let after: string | null = null;
  let last: any;
  for (let guard = 0; guard < 500; guard += 1) {
    const result = await h.query(CROSS_ORG, { ...variables, after });
    expect(result.errors).toBeUndefined();
    last = result.data!.secretScanningAlerts;
    nodes.push(...last.nodes);
    if (!last.pageInfo.hasNextPage) return { nodes, totalCount: last.totalCount as number, failures: last.failures };
    after = last.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

const id = (node: Node) => `${node.repository.nameWithOwner}#${node.number}`;

/**
 * The demo dataset with ties across organizations: GitHub creates the alerts of one push in the
 * same second, but the generated data only repeats timestamps within an organization. Here open
 * alerts of acme-labs, globex and initech take the created_at and updated_at of acme-corp alerts,
 * and in each globex repository two open alerts are updated in the same second.
 */
function datasetWithCrossOrgTies(): DemoDataset {
  const dataset = createDemoDataset();
  const changed = new Set<DemoAlertRecord>();
  const openOf = (org: string) => dataset.alerts.filter((r) => r.org === org && r.alert.state === 'open' && !changed.has(r));
  const sources = openOf('acme-corp').filter((_, i) => i % 7 === 0);
  for (const org of ['acme-labs', 'globex', 'initech']) {
    openOf(org)
      .filter((_, i) => i % 5 === 0)
      .forEach((record, i) => {
        const source = sources[i % sources.length]!;
        record.alert.created_at = source.alert.created_at;
        record.alert.updated_at = source.alert.updated_at;
        changed.add(record);
      });
  }
  for (const repo of dataset.repos.filter((r) => r.owner.login === 'globex')) {
    // Numbers follow creation, so the later alert's updated_at is after the earlier one's created_at.
    const [earlier, later] = openOf('globex').filter((r) => r.repository.id === repo.id).slice(-2);
    if (earlier && later) earlier.alert.updated_at = later.alert.updated_at;
  }
  return dataset;
}

/** Neighbours in `records` with the same timestamp, by what tells them apart. */
function ties(records: DemoAlertRecord[], field: 'CREATED_AT' | 'UPDATED_AT') {
  const time = ({ alert }: DemoAlertRecord) => (field === 'UPDATED_AT' ? (alert.updated_at ?? alert.created_at) : alert.created_at);
  const pairs = records.slice(1).map((b, i) => [records[i]!, b] as const).filter(([a, b]) => time(a) === time(b));
  const generic = (r: DemoAlertRecord) => isGenericSecretType(r.alert.secret_type);
  return {
    crossOrg: pairs.filter(([a, b]) => a.org !== b.org).length,
    crossStream: pairs.filter(([a, b]) => a.org === b.org && generic(a) !== generic(b)).length,
    crossRepo: pairs.filter(([a, b]) => a.org === b.org && generic(a) === generic(b) && a.repository.id !== b.repository.id).length,
    sameRepo: pairs.filter(([a, b]) => a.repository.id === b.repository.id).length,
  };
}

describe('Query.secretScanningAlerts over many organizations', () => {
  let h: Harness;
  const harness = useSharedHarness({ dataset: datasetWithCrossOrgTies() });
  beforeEach(() => {
    h = harness();
  });

  it.each([
    [13, 'CREATED_AT', 'DESC'],
    [50, 'CREATED_AT', 'ASC'],
    [100, 'UPDATED_AT', 'DESC'],
    [37, 'UPDATED_AT', 'ASC'],
  ] as const)('yields every alert exactly once, ties by organization then GitHub\'s order (first: %i, %s %s)', async (first, field, direction) => {
    const { nodes, totalCount, failures } = await pageAll(h, { first, orderBy: { field, direction } });
    const expected = expectedOrder(h.demo.dataset, READABLE, { field, direction });
    // The order has ties of every kind to break.
    const kinds = ties(expected, field);
    expect(kinds.crossOrg).toBeGreaterThanOrEqual(10);
    expect(kinds.crossStream).toBeGreaterThan(0);
    expect(kinds.crossRepo).toBeGreaterThan(0);
    expect(kinds.sameRepo).toBeGreaterThan(0);
    expect(nodes.map(id)).toEqual(expected.map(alertId));
    expect(totalCount).toBe(expected.length);
    expect(failures.map((f: { login: string; code: string }) => [f.login, f.code])).toEqual([
      ['hooli', 'FORBIDDEN'],
      ['umbrella', 'NOT_FOUND'],
    ]);
  });

  it.each<[string, ReferenceFilter]>([
    ['open', { state: 'OPEN' }],
    ['revoked or false positive', { state: 'RESOLVED', resolutions: ['REVOKED', 'FALSE_POSITIVE'] }],
    ['active, publicly leaked', { validities: ['ACTIVE'], publiclyLeaked: true }],
    ['generic types by name', { secretTypes: ['password', 'http_basic_authentication_header'] }],
    ['repositories by owner/name', { repositories: ['globex/payments-api', 'acme-labs/docs', 'web-frontend'] }],
    ['not multi-repo', { multiRepo: false }],
  ])('filters across organizations: %s', async (_name, filter) => {
    const { nodes, totalCount } = await pageAll(h, { first: 100, filter });
    const expected = expectedAlerts(h.demo.dataset, READABLE, filter);
    expect(expected.length).toBeGreaterThan(0);
    expect(new Set(nodes.map(id))).toEqual(new Set(expected.map(alertId)));
    expect(totalCount).toBe(expected.length);
  });

  it('reads only the named organizations, each once, in the order of its alerts', async () => {
    const { nodes, failures } = await pageAll(h, { orgs: ['globex', 'initech', 'GLOBEX'], first: 100 });
    expect(new Set(nodes.map((n) => n.organization.login))).toEqual(new Set(['globex', 'initech']));
    expect(nodes.length).toBe(expectedAlerts(h.demo.dataset, ['globex', 'initech']).length);
    expect(failures).toEqual([]);
  });

  it('rejects malformed organization names and a cursor of another query', async () => {
    const bad = await h.query(CROSS_ORG, { orgs: ['acme-corp', 'evil/../../user'] });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'VALIDATION', field: 'orgs' });
    expect(h.demo.requestCount()).toBe(0);
    const page = await h.query(CROSS_ORG, { orgs: ['globex'], first: 3 });
    const foreign = await h.query(CROSS_ORG, { orgs: ['initech'], first: 3, after: page.data!.secretScanningAlerts.pageInfo.endCursor });
    expect(foreign.errors![0]!.message).toMatch(/different query/);
  });

  it('reports an organization that keeps failing upstream and still returns the others', async () => {
    h.demo.failNext('GET /orgs/globex/secret-scanning/alerts', 502, { count: 50 });
    const result = await h.query(CROSS_ORG, { orgs: ['globex', 'initech'], first: 100 });
    expect(result.errors).toBeUndefined();
    const connection = result.data!.secretScanningAlerts;
    expect(connection.failures).toEqual([expect.objectContaining({ login: 'globex', code: 'UPSTREAM' })]);
    expect(new Set(connection.nodes.map(id))).toEqual(new Set(expectedAlerts(h.demo.dataset, ['initech']).map(alertId)));
  });

  it('recovers from a transient upstream error by retrying', async () => {
    const filter: ReferenceFilter = { secretTypes: ['github_personal_access_token'] };
    h.demo.failNext('GET /orgs/acme-labs/secret-scanning/alerts', 503, { count: 1 });
    const result = await h.query(CROSS_ORG, { orgs: ['acme-labs'], first: 100, filter });
    expect(result.data!.secretScanningAlerts.failures).toEqual([]);
    expect(new Set(result.data!.secretScanningAlerts.nodes.map(id))).toEqual(new Set(expectedAlerts(h.demo.dataset, ['acme-labs'], filter).map(alertId)));
    // One stream (a named type): the failed read, then its retry.
    expect(h.demo.requests.map((r) => [r.route, r.status])).toEqual([
      [ORG_LIST, 503],
      [ORG_LIST, 200],
    ]);
  });

  it('waits out a short secondary rate limit and retries (throttling plugin), both 403 and 429', async () => {
    h.demo.failNext('GET /orgs/globex/secret-scanning/alerts', 403, { count: 1, retryAfter: 1 });
    h.demo.failNext('GET /orgs/initech/secret-scanning/alerts', 429, { count: 1, retryAfter: 1 });
    const filter: ReferenceFilter = { state: 'OPEN', validities: ['ACTIVE'] };
    const result = await h.query(CROSS_ORG, { orgs: ['globex', 'initech'], first: 100, filter });
    expect(result.data!.secretScanningAlerts.failures).toEqual([]);
    expect(result.data!.secretScanningAlerts.nodes.length).toBe(expectedAlerts(h.demo.dataset, ['globex', 'initech'], filter).length);
    const limited = h.demo.requests.filter((r) => r.route === ORG_LIST && r.status !== 200);
    expect(limited.map((r) => r.status).sort()).toEqual([403, 429]);
  });

  it('reports a rate-limited organization as RATE_LIMITED', async () => {
    h.demo.failNext('GET /orgs/initech/secret-scanning/alerts', 403, { count: 10, retryAfter: 3600 });
    const result = await h.query(CROSS_ORG, { orgs: ['initech', 'acme-labs'], first: 100 });
    expect(result.data!.secretScanningAlerts.failures).toEqual([expect.objectContaining({ login: 'initech', code: 'RATE_LIMITED' })]);
    expect(new Set(result.data!.secretScanningAlerts.nodes.map(id))).toEqual(new Set(expectedAlerts(h.demo.dataset, ['acme-labs']).map(alertId)));
  });
});

describe('upstream efficiency and the cross-request cache', () => {
  it('stays within the lower bound plus one request per org, hides secrets, and costs nothing when warm', async () => {
    const h = await startHarness();
    try {
      await pageAll(h, { orgs: READABLE, first: 100 });
      const lowerBound = READABLE.reduce((sum, org) => sum + Math.ceil(expectedAlerts(h.demo.dataset, [org]).length / 100), 0);
      const listRequests = h.demo.requests.filter((r) => r.route === ORG_LIST);
      expect(listRequests.length).toBeLessThanOrEqual(lowerBound + READABLE.length);
      expect(listRequests.every((r) => r.query.per_page === '100' && r.query.hide_secret === 'true')).toBe(true);

      h.demo.resetCounts();
      await pageAll(h, { orgs: READABLE, first: 100 });
      expect(h.demo.requestCount()).toBe(0);
    } finally {
      await h.close();
    }
  });

  it.each([
    ['@include', 'totalCount @include(if: $flag)', false],
    ['@skip', 'totalCount @skip(if: $flag)', true],
  ])('reads pages only when needed: a totalCount left out with %s costs no full read', async (_name, selection, leftOut) => {
    const h = await startHarness();
    try {
      const query = `query($flag: Boolean!) {
        secretScanningAlerts(orgs: ["acme-corp"], first: 10) { ${selection} failures { login } nodes { number } }
      }`;
      const expected = expectedAlerts(h.demo.dataset, ['acme-corp']).length;
      expect(expected).toBeGreaterThan(100);
      const uncounted = await h.query(query, { flag: leftOut });
      expect(uncounted.errors).toBeUndefined();
      expect(uncounted.data!.secretScanningAlerts.totalCount).toBeUndefined();
      // The first page of the default stream and of the generic-types stream, nothing more.
      expect(h.demo.requests.filter((r) => r.route === ORG_LIST).map((r) => r.query.page ?? '1')).toEqual(['1', '1']);

      h.demo.resetCounts();
      const counted = await h.query(query, { flag: !leftOut });
      expect(counted.data!.secretScanningAlerts.totalCount).toBe(expected);
      expect(h.demo.requests.filter((r) => r.route === ORG_LIST).map((r) => r.query.page)).toEqual(['2']);
    } finally {
      await h.close();
    }
  });

  it('counts a many-page org from its first and last pages when GitHub applies every filter, and reads all when it cannot', async () => {
    const dataset = createDemoDataset({ orgCount: 1, alertsPerOrg: 450 });
    const h = await startHarness({ dataset, env: { GATEWAY_ORGS: 'org-01' } });
    try {
      const query = `query($filter: SecretScanningAlertFilter, $orderBy: SecretScanningAlertOrder) {
        secretScanningAlerts(first: 5, filter: $filter, orderBy: $orderBy) { totalCount failures { login } nodes { number } }
      }`;
      const pagesRead = () => h.demo.requests.filter((r) => r.route === ORG_LIST && !r.query.secret_type).map((r) => r.query.page ?? '1');
      for (const filter of [{}, { state: 'OPEN' }, { validities: ['ACTIVE', 'UNKNOWN'] }] as ReferenceFilter[]) {
        resetHarness(h);
        const expected = expectedAlerts(dataset, ['org-01'], filter).length;
        expect(expected).toBeGreaterThan(200);
        const result = await h.query(query, { filter });
        expect(result.data!.secretScanningAlerts.totalCount).toBe(expected);
        expect(pagesRead().sort()).toEqual(['1', String(Math.ceil(expected / 100))]);
      }
      // Repositories are filtered by the gateway alone: the count has to look at every alert.
      resetHarness(h);
      const filter: ReferenceFilter = { repositories: ['repo-001', 'repo-002'] };
      const narrowed = await h.query(query, { filter });
      expect(narrowed.data!.secretScanningAlerts.totalCount).toBe(expectedAlerts(dataset, ['org-01'], filter).length);
      expect(pagesRead().sort()).toEqual(['1', '2', '3', '4', '5']);
    } finally {
      await h.close();
    }
  });

  it('revalidates after the TTL with If-None-Match and uses the 304', async () => {
    const h = await startHarness({ env: { GATEWAY_CACHE_TTL_SECONDS: '0' } });
    try {
      const first = await pageAll(h, { orgs: ['globex'], first: 100 });
      h.demo.resetCounts();
      const second = await pageAll(h, { orgs: ['globex'], first: 100 });
      expect(second.nodes.map(id)).toEqual(first.nodes.map(id));
      const listRequests = h.demo.requests.filter((r) => r.route === ORG_LIST);
      expect(listRequests.length).toBeGreaterThan(0);
      expect(listRequests.every((r) => r.ifNoneMatch !== undefined && r.status === 304)).toBe(true);
      expect(h.gateway.cache.stats().notModified).toBeGreaterThanOrEqual(listRequests.length);
    } finally {
      await h.close();
    }
  });

  it('caps the number of organizations per query', async () => {
    const h = await startHarness({ env: { GATEWAY_MAX_ORGS_PER_QUERY: '2' } });
    try {
      const result = await h.query(CROSS_ORG, { orgs: ['acme-corp', 'globex', 'initech'] });
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'VALIDATION', field: 'orgs' });
      expect(h.demo.requestCount()).toBe(0);
    } finally {
      await h.close();
    }
  });
});

describe('GATEWAY_ENTERPRISE', () => {
  // One order (each case starts a harness): GitHub's own order of the enterprise list breaks ties
  // by repository id, not by organization, so a merge over one enterprise stream would differ.
  it.each([['CREATED_AT', 'DESC']] as const)('reads through the enterprise alert list in the same order as per-organization reads (%s %s)', async (field, direction) => {
    const viaEnterprise = await startHarness({ dataset: datasetWithCrossOrgTies(), env: { GATEWAY_ENTERPRISE: 'acme-enterprise' } });
    try {
      const { nodes, totalCount, failures } = await pageAll(viaEnterprise, { first: 100, orderBy: { field, direction } });
      const expected = expectedOrder(viaEnterprise.demo.dataset, READABLE, { field, direction });
      expect(ties(expected, field).crossOrg).toBeGreaterThanOrEqual(10);
      expect(nodes.map(id)).toEqual(expected.map(alertId));
      expect(totalCount).toBe(expected.length);
      expect(failures.map((f: { login: string; code: string }) => [f.login, f.code])).toEqual([
        ['hooli', 'FORBIDDEN'],
        ['umbrella', 'NOT_FOUND'],
      ]);
      expect(viaEnterprise.demo.requestCount('GET /enterprises/{enterprise}/secret-scanning/alerts')).toBeGreaterThan(0);
    } finally {
      await viaEnterprise.close();
    }
  });
});
