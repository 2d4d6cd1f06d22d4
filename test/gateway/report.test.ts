import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resetHarness, startHarness, useSharedHarness, type Harness } from '../support/harness.ts';
import {
  alertId,
  expectedAlerts,
  expectedReport,
  expectedWindowedAlerts,
  type ReferenceFilter,
  type ReferenceWindow,
} from '../support/reference.ts';

const READABLE = ['acme-corp', 'acme-labs', 'globex', 'initech'];
const UNREADABLE = [
  ['hooli', 'FORBIDDEN'],
  ['umbrella', 'NOT_FOUND'],
];
const ENTERPRISE = 'acme-enterprise';
const ORG_LIST = 'GET /orgs/{org}/secret-scanning/alerts';
const ENTERPRISE_LIST = 'GET /enterprises/{enterprise}/secret-scanning/alerts';

const REPORT = `query($orgs: [String!], $filter: SecretScanningAlertFilter, $enterprise: String, $limit: Int!) {
  secretScanningReport(orgs: $orgs, filter: $filter, enterprise: $enterprise) {
    total open resolved
    byOrganization { key count }
    bySecretType { key count }
    byState { key count }
    byResolution { key count }
    byValidity { key count }
    byAssignee { key count }
    topRepositories(limit: $limit) { key count }
    top10: topRepositories { key count }
    meanTimeToResolveSeconds
    meanTimeToResolveByOrganization { key count meanSeconds }
    meanTimeToResolveBySecretType { key count meanSeconds }
    week: trend(interval: WEEK) { periodStart opened resolved }
    month: trend(interval: MONTH) { periodStart opened resolved }
    failures { login code message }
  }
}`;

const CONNECTION = `query($orgs: [String!], $first: Int, $after: String, $filter: SecretScanningAlertFilter, $orderBy: SecretScanningAlertOrder, $enterprise: String) {
  secretScanningAlerts(orgs: $orgs, first: $first, after: $after, filter: $filter, orderBy: $orderBy, enterprise: $enterprise) {
    totalCount
    failures { login code }
    pageInfo { hasNextPage endCursor }
    nodes { number createdAt resolvedAt repository { nameWithOwner } }
  }
}`;

type Filter = ReferenceFilter & ReferenceWindow;

async function report(h: Harness, variables: { orgs?: string[]; filter?: Filter; enterprise?: string; limit?: number } = {}) {
  const result = await h.query(REPORT, { limit: 5, ...variables });
  expect(result.errors).toBeUndefined();
  return result.data!.secretScanningReport;
}

interface Node {
  number: number;
  createdAt: string;
  resolvedAt: string | null;
  repository: { nameWithOwner: string };
}

async function pageAll(h: Harness, variables: Record<string, unknown>) {
  const nodes: Node[] = [];
  const cursors: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 200; guard += 1) {
    const result: { errors?: unknown; data?: any } = await h.query(CONNECTION, { first: 100, ...variables, after });
    expect(result.errors).toBeUndefined();
    const connection: any = result.data!.secretScanningAlerts;
    nodes.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage) return { nodes, cursors, totalCount: connection.totalCount as number, failures: connection.failures };
    after = connection.pageInfo.endCursor;
    cursors.push(after!);
  }
  throw new Error('paging did not end');
}

const id = (node: Node) => `${node.repository.nameWithOwner}#${node.number}`;

/** Compares every field with the reference; means to the microsecond (the gateway sums exact milliseconds). */
function expectReport(actual: any, expected: ReturnType<typeof expectedReport>, limit = 5) {
  const { topRepositories, trend, meanTimeToResolveSeconds, meanTimeToResolveByOrganization, meanTimeToResolveBySecretType, ...plain } =
    expected;
  for (const [field, value] of Object.entries(plain)) expect(actual[field], field).toEqual(value);
  expect(actual.topRepositories).toEqual(topRepositories(limit));
  expect(actual.top10).toEqual(topRepositories(10));
  if (meanTimeToResolveSeconds === null) expect(actual.meanTimeToResolveSeconds).toBeNull();
  else expect(actual.meanTimeToResolveSeconds).toBeCloseTo(meanTimeToResolveSeconds, 6);
  const close = (list: { key: string; count: number; meanSeconds: number }[]) =>
    list.map(({ key, count, meanSeconds }) => ({ key, count, meanSeconds: expect.closeTo(meanSeconds, 6) }));
  expect(actual.meanTimeToResolveByOrganization).toEqual(close(meanTimeToResolveByOrganization));
  expect(actual.meanTimeToResolveBySecretType).toEqual(close(meanTimeToResolveBySecretType));
  expect(actual.week).toEqual(trend('WEEK'));
  expect(actual.month).toEqual(trend('MONTH'));
}

const codes = (failures: { login: string; code: string }[]) => failures.map((f) => [f.login, f.code]);

const FILTERS: [string, Filter][] = [
  ['no filter', {}],
  ['open', { state: 'OPEN' }],
  ['revoked or false positive', { state: 'RESOLVED', resolutions: ['REVOKED', 'FALSE_POSITIVE'] }],
  ['active, publicly leaked', { validities: ['ACTIVE'], publiclyLeaked: true }],
  ['generic types by name', { secretTypes: ['password', 'http_basic_authentication_header'] }],
  ['assigned to bob-dev', { assignee: 'bob-dev' }],
  ['assigned, open', { assignee: '*', state: 'OPEN' }],
  ['unassigned, bypassed', { assignee: 'none', isBypassed: true }],
  ['two providers', { providers: ['aws', 'github'] }],
  ['not slack, not passwords', { excludeProviders: ['slack'], excludeSecretTypes: ['password'] }],
  ['repositories', { repositories: ['globex/payments-api', 'acme-labs/docs', 'web-frontend'] }],
  ['created in 2026 H1', { createdAfter: '2026-01-01T00:00:00Z', createdBefore: '2026-07-01T00:00:00Z' }],
  ['created since mid-October', { createdAfter: '2026-10-15T12:00:00Z' }],
  ['resolved in Q3 2026', { resolvedAfter: '2026-07-01T00:00:00Z', resolvedBefore: '2026-10-01T00:00:00Z' }],
  ['resolved before 2026, revoked', { resolvedBefore: '2026-01-01T00:00:00Z', resolutions: ['REVOKED'] }],
  [
    'both windows with a type filter',
    { createdAfter: '2025-06-01T00:00:00Z', resolvedAfter: '2026-03-01T00:00:00Z', resolvedBefore: '2026-10-20T08:30:00Z', validities: ['ACTIVE', 'UNKNOWN'] },
  ],
];

describe('Query.secretScanningReport', () => {
  let h: Harness;
  const harness = useSharedHarness();
  beforeEach(() => {
    h = harness();
  });

  it.each(FILTERS)('matches the dataset in every field: %s', async (_name, filter) => {
    const actual = await report(h, { filter });
    const expected = expectedReport(h.demo.dataset, READABLE, filter);
    expect(expected.total).toBeGreaterThan(0);
    expectReport(actual, expected);
    expect(actual.total).toBe(actual.open + actual.resolved);
    expect(codes(actual.failures)).toEqual(UNREADABLE);
  });

  it('counts exactly what the connection lists, over the same upstream pages', async () => {
    const filter: Filter = { createdAfter: '2025-03-01T00:00:00Z', validities: ['INACTIVE', 'UNKNOWN'] };
    const actual = await report(h, { orgs: READABLE, filter });
    const listRequests = h.demo.requestCount(ORG_LIST);
    const lowerBound = READABLE.reduce((sum, org) => sum + Math.ceil(expectedAlerts(h.demo.dataset, [org]).length / 100), 0);
    expect(listRequests).toBeLessThanOrEqual(lowerBound + READABLE.length);
    expect(h.demo.requests.filter((r) => r.route === ORG_LIST).every((r) => r.query.hide_secret === 'true')).toBe(true);

    h.demo.resetCounts();
    const listed = await pageAll(h, { orgs: READABLE, filter });
    expect(h.demo.requestCount()).toBe(0); // the connection reads the very same pages (from the cache)
    expect(listed.totalCount).toBe(actual.total);
    expect(listed.nodes.length).toBe(actual.total);
  });

  it('keeps an organization that fails part-way out of every figure and reports it', async () => {
    h.demo.failNext('GET /orgs/globex/secret-scanning/alerts', 502, { count: 50 });
    const filter: Filter = { createdBefore: '2026-09-30T00:00:00Z', validities: ['INACTIVE', 'ACTIVE'], multiRepo: false };
    const actual = await report(h, { orgs: ['globex', 'initech', 'acme-labs', 'hooli'], filter });
    expect(codes(actual.failures)).toEqual([
      ['globex', 'UPSTREAM'],
      ['hooli', 'FORBIDDEN'],
    ]);
    expect(actual.failures[0].message).not.toMatch(/ghp_|token/i);
    expectReport(actual, expectedReport(h.demo.dataset, ['acme-labs', 'initech'], filter));
  });

  // Organizations outside an API key's allowlist: report-access.test.ts.
  it('rejects malformed organization names like the connection, before any upstream call', async () => {
    const bad = await h.query(REPORT, { orgs: ['acme-corp', 'evil/../x'], limit: 1 });
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'VALIDATION', field: 'orgs' });
    expect(h.demo.requestCount()).toBe(0);
  });

  it.each<[string, Filter, string]>([
    ['created window reversed', { createdAfter: '2026-02-01T00:00:00Z', createdBefore: '2026-01-01T00:00:00Z' }, 'filter.createdBefore'],
    ['empty resolved window', { resolvedAfter: '2026-02-01T00:00:00Z', resolvedBefore: '2026-02-01T00:00:00Z' }, 'filter.resolvedBefore'],
    ['open alerts resolved in a window', { state: 'OPEN', resolvedAfter: '2026-02-01T00:00:00Z' }, 'filter.resolvedAfter'],
  ])('rejects an invalid time window before any upstream call: %s', async (_name, filter, field) => {
    for (const document of [REPORT, CONNECTION]) {
      const result = await h.query(document, { filter, limit: 1 });
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'VALIDATION', field });
    }
    expect(h.demo.requestCount()).toBe(0);
  });

  it('rejects a malformed DateTime (before any upstream call) and an out-of-range limit', async () => {
    const date = await h.query('{ secretScanningReport(filter: { createdAfter: "yesterday" }) { total } }');
    expect(date.status).toBe(400);
    expect(date.errors).toEqual([
      expect.objectContaining({
        message: 'DateTime must be an ISO-8601 string such as 2026-11-01T00:00:00Z.',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
    expect(h.demo.requestCount()).toBe(0);
    const limit = await h.query(REPORT, { limit: -1 });
    expect(limit.errors).toEqual([expect.objectContaining({ extensions: { code: 'VALIDATION', field: 'limit' } })]);
  });

  it('gives an empty report with zero buckets for readable organizations when nothing matches', async () => {
    const filter: Filter = { createdAfter: '2030-01-01T00:00:00Z' };
    const actual = await report(h, { orgs: ['initech'], filter });
    expect(actual).toMatchObject({ total: 0, open: 0, resolved: 0, bySecretType: [], meanTimeToResolveSeconds: null, failures: [] });
    expect(actual.byOrganization).toEqual([{ key: 'initech', count: 0 }]);
    // The window starts in 2030 and has no end: nothing to plot.
    expect(actual.week).toEqual([]);
  });
});

describe('secretScanningAlerts with time windows', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h.close());

  it.each(FILTERS.filter(([, filter]) => Object.keys(filter).some((key) => /After|Before/.test(key))))(
    'lists exactly the alerts in the window: %s',
    async (_name, filter) => {
      for (const orderBy of [
        { field: 'CREATED_AT', direction: 'DESC' },
        { field: 'UPDATED_AT', direction: 'ASC' },
      ]) {
        const { nodes, totalCount } = await pageAll(h, { filter, orderBy, first: 41 });
        const expected = expectedWindowedAlerts(h.demo.dataset, READABLE, filter);
        expect(expected.length).toBeGreaterThan(0);
        expect(nodes.map(id).sort()).toEqual(expected.map(alertId).sort());
        expect(totalCount).toBe(expected.length);
      }
    },
  );

  it('uses half-open windows: createdAfter is inclusive, createdBefore exclusive', async () => {
    const [record] = expectedAlerts(h.demo.dataset, ['initech']);
    const at = record!.alert.created_at;
    const inclusive = await pageAll(h, { orgs: ['initech'], filter: { createdAfter: at } });
    expect(inclusive.nodes.map(id)).toContain(alertId(record!));
    const exclusive = await pageAll(h, { orgs: ['initech'], filter: { createdBefore: at } });
    expect(exclusive.nodes.map(id)).not.toContain(alertId(record!));
    expect(inclusive.totalCount + exclusive.totalCount).toBe(expectedAlerts(h.demo.dataset, ['initech']).length);
  });
});

describe('enterprise source', () => {
  let h: Harness;
  beforeAll(async () => {
    // Every read goes upstream (answered 304 when unchanged), so the requests show which list served it.
    h = await startHarness({ env: { GATEWAY_CACHE_TTL_SECONDS: '0' } });
  });
  afterAll(async () => h.close());
  beforeEach(() => resetHarness(h));

  it.each(FILTERS.slice(0, 7))('gives the same report as per-organization reads: %s', async (_name, filter) => {
    const perOrg = await report(h, { filter });
    h.demo.resetCounts();
    const viaEnterprise = await report(h, { filter, enterprise: ENTERPRISE });
    expect(h.demo.requestCount(ENTERPRISE_LIST)).toBeGreaterThan(0);
    // Per organization, only the first page is read (to learn which organizations are readable).
    const orgReads = h.demo.requests.filter((r) => r.route === ORG_LIST);
    expect(orgReads.every((r) => r.query.page === undefined && r.query.after === undefined)).toBe(true);
    expect(viaEnterprise).toEqual(perOrg);
    expect(codes(viaEnterprise.failures)).toEqual(UNREADABLE);
  });

  it('drops the alerts of organizations not asked for', async () => {
    const filter: Filter = { state: 'RESOLVED' };
    const actual = await report(h, { orgs: ['globex', 'acme-labs'], filter, enterprise: ENTERPRISE });
    expect(h.demo.requestCount(ENTERPRISE_LIST)).toBeGreaterThan(0);
    expectReport(actual, expectedReport(h.demo.dataset, ['globex', 'acme-labs'], filter));
    expect(actual.failures).toEqual([]);
  });

  it.each([
    [13, 'CREATED_AT', 'DESC'],
    [100, 'UPDATED_AT', 'ASC'],
  ] as const)('gives the same connection, page by page (first: %i, %s %s)', async (first, field, direction) => {
    const variables = { first, orderBy: { field, direction }, filter: { createdAfter: '2025-01-01T00:00:00Z' } };
    const perOrg = await pageAll(h, variables);
    h.demo.resetCounts();
    const viaEnterprise = await pageAll(h, { ...variables, enterprise: ENTERPRISE });
    expect(h.demo.requestCount(ENTERPRISE_LIST)).toBeGreaterThan(0);
    expect(viaEnterprise.nodes.map(id)).toEqual(perOrg.nodes.map(id));
    expect(viaEnterprise.totalCount).toBe(perOrg.totalCount);
    expect(viaEnterprise.failures).toEqual(perOrg.failures);
  });

  it.each([
    ['refused (403, as for a GitHub App)', 403],
    ['unknown (404)', 404],
  ])('falls back to per-organization reads when the enterprise list is %s, reporting nothing', async (_name, status) => {
    const filter: Filter = { validities: ['ACTIVE'], createdAfter: '2025-02-01T00:00:00Z' };
    h.demo.failNext(`GET /enterprises/${ENTERPRISE}/secret-scanning/alerts`, status, { count: 20 });
    const actual = await report(h, { orgs: READABLE, filter, enterprise: ENTERPRISE });
    expect(actual.failures).toEqual([]);
    expectReport(actual, expectedReport(h.demo.dataset, READABLE, filter));
    expect(h.demo.requestCount(ORG_LIST)).toBeGreaterThan(0);
  });

  it('falls back for an enterprise the credential does not belong to', async () => {
    const filter: Filter = { state: 'OPEN', createdAfter: '2025-04-01T00:00:00Z' };
    const actual = await report(h, { filter, enterprise: 'other-enterprise' });
    expectReport(actual, expectedReport(h.demo.dataset, READABLE, filter));
    expect(codes(actual.failures)).toEqual(UNREADABLE);
  });

  it('rejects a malformed enterprise slug', async () => {
    const result = await h.query(REPORT, { enterprise: 'no/such', limit: 1 });
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'VALIDATION', field: 'enterprise' });
  });
});
