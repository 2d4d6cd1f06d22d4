import { describe, expect, it } from 'vitest';
import { useSharedHarness, type GraphQLResponse, type Harness } from '../support/harness.ts';
import { alertId, expectedAlerts } from '../support/reference.ts';

const ORG_LIST = 'GET /orgs/{org}/secret-scanning/alerts';
const REPO_LIST = 'GET /repos/{owner}/{repo}/secret-scanning/alerts';
const READABLE = ['acme-corp', 'acme-labs', 'globex', 'initech'];

const PAGE = `query($first: Int, $after: String, $filter: SecretScanningAlertFilter, $enterprise: String) {
  secretScanningAlerts(first: $first, after: $after, filter: $filter, enterprise: $enterprise) {
    totalCount
    failures { login code }
    pageInfo { hasNextPage endCursor }
    nodes { number createdAt secret repository { nameWithOwner isPrivate url } }
  }
}`;

const REPORT = `query($filter: SecretScanningAlertFilter, $enterprise: String) {
  secretScanningReport(filter: $filter, enterprise: $enterprise) {
    total open resolved
    byOrganization { key count } bySecretType { key count } byValidity { key count } topRepositories(limit: 20) { key count }
    meanTimeToResolveSeconds trend(interval: MONTH) { periodStart opened resolved }
    failures { login code }
  }
}`;

interface Node {
  number: number;
  createdAt: string;
  secret: string | null;
  repository: { nameWithOwner: string; isPrivate: boolean | null; url: string };
}

/** Every page of the connection; checks each page's order and that the count and failures never change. */
async function everyAlert(h: Harness, variables: Record<string, unknown> = {}) {
  const nodes: Node[] = [];
  let after: string | null = null;
  let first: { totalCount: number; failures: unknown } | null = null;
  do {
    const result: GraphQLResponse<Record<string, any>> = await h.query(PAGE, { ...variables, first: 45, after });
    expect(result.errors).toBeUndefined();
    const page: { totalCount: number; failures: unknown; nodes: Node[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = result.data!.secretScanningAlerts;
    first ??= { totalCount: page.totalCount, failures: page.failures };
    expect({ totalCount: page.totalCount, failures: page.failures }).toEqual(first);
    nodes.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  const times = nodes.map((node) => Date.parse(node.createdAt));
  expect(times).toEqual([...times].sort((a, b) => b - a));
  return { ...first!, nodes, ids: nodes.map((node) => `${node.repository.nameWithOwner}#${node.number}`) };
}

const csv = async (h: Harness, query: string) => (await fetch(h.gateway.url.replace(/\/graphql$/, `/export/alerts.csv?${query}`))).text();
const sortedLines = (text: string) => text.split('\r\n').sort();

describe('GitHub Enterprise Server before 3.3: cross-org reads list each organization per repository', () => {
  const old = useSharedHarness({ flavor: 'ghes-3.1' });
  const recent = useSharedHarness({ flavor: 'ghes-3.17' });
  const tight = useSharedHarness({ flavor: 'ghes-3.1', env: { GATEWAY_MAX_UPSTREAM_CALLS: '20' } });

  it('pages through every alert once, with the count, repositories and failures of organization-wide lists', async () => {
    const perRepository = await everyAlert(old());
    expect(old().demo.requestCount(ORG_LIST)).toBe(0);
    expect(old().demo.requestCount(REPO_LIST)).toBeGreaterThan(30);
    const organizationWide = await everyAlert(recent());
    expect(perRepository.totalCount).toBe(organizationWide.totalCount);
    expect(perRepository.failures).toEqual([
      { login: 'hooli', code: 'FORBIDDEN' },
      { login: 'umbrella', code: 'NOT_FOUND' },
    ]);
    expect(perRepository.failures).toEqual(organizationWide.failures);
    expect([...perRepository.ids].sort()).toEqual([...organizationWide.ids].sort());
    expect(perRepository.ids.sort()).toEqual(expectedAlerts(old().demo.dataset, READABLE).map(alertId).sort());
    const repositoryOf = (nodes: Node[]) => new Map(nodes.map((node) => [node.repository.nameWithOwner, node.repository]));
    expect(repositoryOf(perRepository.nodes)).toEqual(repositoryOf(organizationWide.nodes));
  });

  it('filters, reports and exports as organization-wide lists do, through an enterprise too', async () => {
    const filter = { state: 'RESOLVED', secretTypes: ['password', 'aws_access_key_id'] };
    const filtered = await everyAlert(old(), { filter });
    expect(filtered.ids.sort()).toEqual(expectedAlerts(old().demo.dataset, READABLE, filter as never).map(alertId).sort());
    const report = async (h: Harness, enterprise?: string) => (await h.query(REPORT, { filter: { state: 'OPEN' }, enterprise })).data!.secretScanningReport;
    expect(await report(old(), 'acme-enterprise')).toEqual(await report(recent()));
    const query = 'orgs=acme-corp,globex,umbrella&state=OPEN';
    expect(sortedLines(await csv(old(), query))).toEqual(sortedLines(await csv(recent(), query)));
  });

  it('skips a repository that answers 404, and fails its organization on a 503', async () => {
    const h = old();
    const gone = h.demo.dataset.repos.find((repo) => repo.owner.login === 'acme-corp')!;
    h.demo.failNext(`GET /repos/${gone.full_name}/secret-scanning/alerts`, 404, { count: 1_000 });
    const skipped = await everyAlert(h, {});
    const expected = expectedAlerts(h.demo.dataset, READABLE).filter((record) => record.repository.id !== gone.id);
    expect(skipped.ids.sort()).toEqual(expected.map(alertId).sort());
    expect(skipped.failures).toHaveLength(2);

    h.gateway.cache.clear();
    h.demo.failNext((target) => target.route === REPO_LIST && target.path.startsWith('/repos/globex/'), 503, { count: 1_000 });
    const result = await h.query(PAGE, { first: 100 });
    expect(result.data!.secretScanningAlerts.failures).toContainEqual({ login: 'globex', code: 'UPSTREAM' });
    expect(result.data!.secretScanningAlerts.nodes.some((node: Node) => node.repository.nameWithOwner.startsWith('globex/'))).toBe(false);
  });

  it('never hands out the secret the old server sends whatever it is asked', async () => {
    const { nodes } = await everyAlert(old());
    expect(nodes.length).toBeGreaterThan(300);
    expect(nodes.every((node) => node.secret === null)).toBe(true);
    for (const body of old().responses) expect(body).not.toMatch(/"secret":"[^"]/);
  });

  it('counts every per-repository read against the request budget', async () => {
    const h = tight();
    const result = await h.query(PAGE, { first: 1 });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['BUDGET_EXCEEDED']);
    expect(h.demo.requestCount()).toBe(20);
  });
});
