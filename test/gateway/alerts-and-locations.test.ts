import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCATION_TYPES } from '../../src/demo/github-types.ts';
import { resetHarness, startHarness, type Harness } from '../support/harness.ts';
import { expectedAlerts } from '../support/reference.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => resetHarness(h));

const ORG_LIST = 'GET /orgs/{org}/secret-scanning/alerts';
const REPO_LIST = 'GET /repos/{owner}/{repo}/secret-scanning/alerts';
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
