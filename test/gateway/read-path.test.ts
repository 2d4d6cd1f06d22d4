import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OrgAlertsDocument, type OrgAlertsQuery, type SecretScanningAlertFilter } from '../generated/operations.ts';
import { LOCATION_TYPES } from '../../src/demo/github-types.ts';
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
const READABLE_ORGS = ['acme-corp', 'acme-labs', 'globex', 'initech'];

const LOCATIONS = `query($owner: String!, $name: String!, $n: Int!, $first: Int!) { repository(owner: $owner, name: $name) {
  secretScanningAlert(number: $n) { locations(first: $first) { nodes { type details { __typename
    ... on FileLocation { path startLine endLine startColumn endColumn blobSha commitSha commitUrl }
    ... on CommitLocation { blobUrl }
    ... on WikiCommitLocation { pageUrl }
    ... on IssueTitleLocation { issueTitleUrl }
    ... on IssueBodyLocation { issueBodyUrl }
    ... on IssueCommentLocation { issueCommentUrl }
    ... on DiscussionTitleLocation { discussionTitleUrl }
    ... on DiscussionBodyLocation { discussionBodyUrl }
    ... on DiscussionCommentLocation { discussionCommentUrl }
    ... on PullRequestTitleLocation { pullRequestTitleUrl }
    ... on PullRequestBodyLocation { pullRequestBodyUrl }
    ... on PullRequestCommentLocation { pullRequestCommentUrl }
    ... on PullRequestReviewLocation { pullRequestReviewUrl }
    ... on PullRequestReviewCommentLocation { pullRequestReviewCommentUrl }
  } } } } } }`;

type Details = Record<string, unknown>;
const file = (d: Details) => ({
  path: d.path,
  startLine: d.start_line,
  endLine: d.end_line,
  startColumn: d.start_column,
  endColumn: d.end_column,
  blobSha: d.blob_sha,
  commitSha: d.commit_sha,
  commitUrl: d.commit_url,
});
/** GitHub's 13 location types: the GraphQL member and each of its fields, from GitHub's `details`. */
const DETAILS: Record<string, (d: Details) => Details> = {
  commit: (d) => ({ __typename: 'CommitLocation', ...file(d), blobUrl: d.blob_url }),
  wiki_commit: (d) => ({ __typename: 'WikiCommitLocation', ...file(d), pageUrl: d.page_url }),
  issue_title: (d) => ({ __typename: 'IssueTitleLocation', issueTitleUrl: d.issue_title_url }),
  issue_body: (d) => ({ __typename: 'IssueBodyLocation', issueBodyUrl: d.issue_body_url }),
  issue_comment: (d) => ({ __typename: 'IssueCommentLocation', issueCommentUrl: d.issue_comment_url }),
  discussion_title: (d) => ({ __typename: 'DiscussionTitleLocation', discussionTitleUrl: d.discussion_title_url }),
  discussion_body: (d) => ({ __typename: 'DiscussionBodyLocation', discussionBodyUrl: d.discussion_body_url }),
  discussion_comment: (d) => ({ __typename: 'DiscussionCommentLocation', discussionCommentUrl: d.discussion_comment_url }),
  pull_request_title: (d) => ({ __typename: 'PullRequestTitleLocation', pullRequestTitleUrl: d.pull_request_title_url }),
  pull_request_body: (d) => ({ __typename: 'PullRequestBodyLocation', pullRequestBodyUrl: d.pull_request_body_url }),
  pull_request_comment: (d) => ({ __typename: 'PullRequestCommentLocation', pullRequestCommentUrl: d.pull_request_comment_url }),
  pull_request_review: (d) => ({ __typename: 'PullRequestReviewLocation', pullRequestReviewUrl: d.pull_request_review_url }),
  pull_request_review_comment: (d) => ({ __typename: 'PullRequestReviewCommentLocation', pullRequestReviewCommentUrl: d.pull_request_review_comment_url }),
};
const REPO_LIST = 'GET /repos/{owner}/{repo}/secret-scanning/alerts';

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

describe('Repository alerts, single alerts, locations and nodes', () => {
  const target = () => h.demo.dataset.alerts.find((r) => r.org === 'acme-corp' && r.locations.length > 3)!;

  it('reads one alert by number with its users and fields, and null for a missing number', async () => {
    const record = h.demo.dataset.alerts.find((r) => r.org === 'acme-corp' && r.alert.state === 'resolved' && r.alert.resolved_by)!;
    const result = await h.query(`query($owner: String!, $name: String!, $n: Int!) { repository(owner: $owner, name: $name) {
      secretScanningAlert(number: $n) { number state resolution resolvedAt resolvedBy { login url avatarUrl } secretType secretTypeDisplayName secret createdAt url }
      missing: secretScanningAlert(number: 999999) { number } } }`, { owner: 'acme-corp', name: record.repository.name, n: record.alert.number });
    expect(result.errors).toBeUndefined();
    const alert = result.data!.repository.secretScanningAlert;
    expect(alert).toMatchObject({
      number: record.alert.number,
      state: 'RESOLVED',
      resolution: record.alert.resolution!.toUpperCase(),
      resolvedBy: { login: record.alert.resolved_by!.login },
      secretType: record.alert.secret_type,
      url: record.alert.html_url,
      secret: null,
    });
    expect(result.data!.repository.missing).toBeNull();
  });

  it('pages locations with every detail type resolved by shape', async () => {
    const record = target();
    const all: { type: string; typename: string }[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = await h.query(`query($owner: String!, $name: String!, $n: Int!, $after: String) { repository(owner: $owner, name: $name) {
        secretScanningAlert(number: $n) { locations(first: 2, after: $after) { pageInfo { hasNextPage endCursor }
          nodes { type details { __typename ... on CommitLocation { path startLine blobSha } ... on IssueCommentLocation { issueCommentUrl } } } } } } }`,
        { owner: 'acme-corp', name: record.repository.name, n: record.alert.number, after });
      expect(result.errors).toBeUndefined();
      const locations = result.data.repository.secretScanningAlert.locations;
      all.push(...locations.nodes.map((n: any) => ({ type: n.type, typename: n.details.__typename })));
      if (!locations.pageInfo.hasNextPage) break;
      after = locations.pageInfo.endCursor;
    }
    expect(all.map((l) => l.type)).toEqual(record.locations.map((l) => l.type));
    for (const { type, typename } of all) {
      expect(typename).toBe(`${type.split('_').map((p) => p[0]!.toUpperCase() + p.slice(1)).join('')}Location`);
    }
  });

  it('answers each of the 13 location types with its details member and every field of it', async () => {
    expect(Object.keys(DETAILS).sort()).toEqual([...LOCATION_TYPES].sort());
    for (const [type, expectedDetails] of Object.entries(DETAILS)) {
      // The last alert of the readable orgs with a location of this type (not the one alert that has them all).
      const record = h.demo.dataset.alerts.findLast((r) => READABLE_ORGS.includes(r.org) && r.locations.some((l) => l.type === type))!;
      const index = record.locations.findIndex((l) => l.type === type);
      const result = await h.query(LOCATIONS, { owner: record.repository.owner.login, name: record.repository.name, n: record.alert.number, first: record.locations.length });
      expect(result.errors, type).toBeUndefined();
      const nodes = result.data!.repository.secretScanningAlert.locations.nodes;
      expect(nodes, type).toHaveLength(record.locations.length);
      expect(nodes[index], type).toEqual({ type, details: expectedDetails(record.locations[index]!.details) });
    }
  });

  it('round-trips global ids through node and nodes, and rejects foreign ids', async () => {
    const first = await h.query('{ organization(login: "globex") { id repository(name: "docs") { id } secretScanningAlerts(first: 2) { nodes { id number } } } }');
    const org = first.data!.organization;
    const alertIds = org.secretScanningAlerts.nodes.map((n: { id: string }) => n.id);
    const result = await h.query(`query($ids: [ID!]!, $org: ID!) {
      node(id: $org) { __typename ... on Organization { login } }
      nodes(ids: $ids) { __typename ... on SecretScanningAlert { number repository { owner { login } } } }
    }`, { ids: alertIds, org: org.id });
    expect(result.errors).toBeUndefined();
    expect(result.data!.node).toEqual({ __typename: 'Organization', login: 'globex' });
    expect(result.data!.nodes.map((n: { number: number }) => n.number)).toEqual(org.secretScanningAlerts.nodes.map((n: { number: number }) => n.number));
    const bad = await h.query('{ node(id: "not-an-id") { id } }');
    expect(bad.errors![0]!.extensions!.code).toBe('VALIDATION');
  });

  it('reads the pattern configuration of an organization', async () => {
    const result = await h.query('{ organization(login: "acme-corp") { secretScanningPatternConfiguration { version organization { login } providerPatternOverrides { tokenType setting displayName alertTotal } customPatternOverrides { tokenType customPatternVersion setting } } } }');
    expect(result.errors).toBeUndefined();
    const config = h.demo.dataset.patternConfigurations['acme-corp']!;
    const read = result.data!.organization.secretScanningPatternConfiguration;
    expect(read.version).toBe(config.pattern_config_version);
    expect(read.providerPatternOverrides.map((o: { tokenType: string }) => o.tokenType)).toEqual(config.provider_pattern_overrides!.map((o) => o.token_type));
    expect(read.customPatternOverrides.map((o: { customPatternVersion: string }) => o.customPatternVersion)).toEqual(config.custom_pattern_overrides!.map((o) => o.custom_pattern_version));
  });

  it('reports the rate limit of the serving credential', async () => {
    const result = await h.query('{ rateLimit { limit remaining used resetAt } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.rateLimit.limit).toBe(5000);
    expect(result.data!.rateLimit.remaining + result.data!.rateLimit.used).toBe(5000);
  });

  it('reads repository alerts with the repository list endpoint', async () => {
    const record = target();
    const result = await h.query(`query($name: String!) { repository(owner: "acme-corp", name: $name) { secretScanningAlerts(first: 100, filter: { state: OPEN }) { totalCount } } }`, { name: record.repository.name });
    expect(result.data!.repository.secretScanningAlerts.totalCount).toBe(expectedAlerts(h.demo.dataset, ['acme-corp'], { state: 'OPEN', repositories: [record.repository.name] }).length);
    expect(h.demo.requestCount(REPO_LIST)).toBeGreaterThan(0);
    expect(h.demo.requestCount(ORG_LIST)).toBe(0);
  });
});
