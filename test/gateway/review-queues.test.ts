import { beforeEach, describe, expect, it } from 'vitest';
import type { BypassRequest, DismissalRequest } from '../../src/demo/github-surface-types.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { apiKeysEnv, asKey, KEYS } from '../support/api-keys.ts';
import { useSharedHarness, type Harness } from '../support/harness.ts';

const READABLE = ['acme-corp', 'acme-labs', 'globex', 'initech'];
const ORG_BYPASS_LIST = 'GET /orgs/{org}/bypass-requests/secret-scanning';
const REVIEW_BYPASS = 'PATCH /repos/{owner}/{repo}/bypass-requests/secret-scanning/{bypass_request_number}';
const DAY_MS = 86_400_000;

const BYPASS_QUEUE = `query($orgs: [String!], $filter: SecretScanningReviewRequestFilter, $first: Int, $after: String) {
  secretScanningBypassRequests(orgs: $orgs, filter: $filter, first: $first, after: $after) {
    totalCount
    failures { login code }
    pageInfo { hasNextPage endCursor }
    nodes { id number status createdAt requester { login } organization { login } repository { nameWithOwner } secrets { reason } responses { databaseId status reviewer { login } } }
  }
}`;

const DISMISSAL_QUEUE = `query($orgs: [String!], $filter: SecretScanningReviewRequestFilter) {
  secretScanningDismissalRequests(orgs: $orgs, filter: $filter) {
    totalCount
    failures { login code }
    nodes { id status alertNumber alerts { alertNumber reason } alert { number state } repository { nameWithOwner } }
  }
}`;

const REVIEW_BYPASS_MUTATION = `mutation($input: ReviewSecretScanningBypassRequestInput!) {
  reviewSecretScanningBypassRequest(input: $input) {
    __typename
    ... on ReviewSecretScanningBypassRequestSuccess { reviewId request { status responses { databaseId status } } }
    ... on Error { code message }
    ... on ValidationError { field }
    ... on UpstreamError { status }
  }
}`;

const REVIEW_DISMISSAL_MUTATION = `mutation($input: ReviewSecretScanningDismissalRequestInput!) {
  reviewSecretScanningDismissalRequest(input: $input) {
    __typename
    ... on ReviewSecretScanningDismissalRequestSuccess { reviewId request { status alert { state resolution closureRequestReviewerComment closureRequestReviewer { login } } } }
    ... on Error { code message }
    ... on ValidationError { field }
  }
}`;

const DISMISS_RESPONSE = `mutation($input: DismissSecretScanningBypassResponseInput!) {
  dismissSecretScanningBypassResponse(input: $input) {
    __typename
    ... on DismissSecretScanningBypassResponseSuccess { request { status responses { databaseId status } } }
    ... on Error { code }
  }
}`;

const admin = asKey(KEYS.admin);
const bypassId = (r: BypassRequest) => encodeNodeId('SecretScanningBypassRequest', `${r.repository.full_name}#${r.number}`);
const dismissalId = (r: DismissalRequest) => encodeNodeId('SecretScanningDismissalRequest', `${r.repository.full_name}#${r.resource_identifier}`);

describe('review queues over HTTP', () => {
  let h: Harness;
  const harness = useSharedHarness({ env: { ...apiKeysEnv(Object.values(KEYS)), GATEWAY_CACHE_TTL_SECONDS: '0' } });
  beforeEach(() => {
    h = harness();
  });
  const within = (ms: number, orgs = READABLE) => (r: BypassRequest | DismissalRequest) =>
    orgs.includes(r.organization.name) && Date.parse(r.created_at) >= h.demo.dataset.now.getTime() - ms;

  it("merges every org's bypass requests of the last day (GitHub's default, sent explicitly), newest first", async () => {
    const result = await h.query(BYPASS_QUEUE, {}, admin);
    expect(result.errors).toBeUndefined();
    const queue = result.data!.secretScanningBypassRequests;
    const expected = h.demo.dataset.bypassRequests.filter(within(DAY_MS));
    expect(queue.totalCount).toBe(expected.length);
    expect(new Set(queue.nodes.map((n: { id: string }) => n.id))).toEqual(new Set(expected.map(bypassId)));
    const times = queue.nodes.map((n: { createdAt: string }) => Date.parse(n.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(queue.failures).toEqual([{ login: 'umbrella', code: 'NOT_FOUND' }, { login: 'hooli', code: 'FORBIDDEN' }]);
    expect(h.demo.requests.filter((r) => r.route === ORG_BYPASS_LIST).every((r) => r.query.time_period === 'day' && r.query.request_status === 'all')).toBe(true);
  });

  it('pages a filtered month-long queue by cursor, each request once, and refuses foreign cursors', async () => {
    const filter = { timePeriod: 'MONTH', status: 'OPEN' };
    const expected = h.demo.dataset.bypassRequests.filter((r) => within(30 * DAY_MS)(r) && (r.status === 'open' || r.status === 'pending'));
    const ids: string[] = [];
    let after: string | null = null;
    let last: any;
    for (let guard = 0; guard < 20; guard += 1) {
      last = (await h.query(BYPASS_QUEUE, { filter, first: 3, after }, admin)).data!.secretScanningBypassRequests;
      ids.push(...last.nodes.map((n: { id: string }) => n.id));
      if (!last.pageInfo.hasNextPage) break;
      after = last.pageInfo.endCursor;
    }
    expect(ids).toHaveLength(expected.length);
    expect(new Set(ids)).toEqual(new Set(expected.map(bypassId)));
    const foreign = await h.query(BYPASS_QUEUE, { filter: { timePeriod: 'WEEK' }, first: 3, after: last.pageInfo.endCursor }, admin);
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: 'after' });
    const tampered = await h.query(BYPASS_QUEUE, { filter, after: `${last.pageInfo.endCursor}x` }, admin);
    expect(tampered.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    const requester = expected[0]!.requester.actor_name;
    const byRequester = (await h.query(BYPASS_QUEUE, { filter: { ...filter, requester, repository: 'payments-api' } }, admin)).data!.secretScanningBypassRequests;
    expect(byRequester.nodes.every((n: any) => n.requester.login === requester && n.repository.nameWithOwner.endsWith('/payments-api'))).toBe(true);
  });

  it('lists dismissal requests with their alert (GitHub sends its number as a string) and rejects DELETED', async () => {
    const queue = (await h.query(DISMISSAL_QUEUE, { orgs: ['globex'], filter: { timePeriod: 'WEEK' } }, admin)).data!.secretScanningDismissalRequests;
    const expected = h.demo.dataset.dismissalRequests.filter(within(7 * DAY_MS, ['globex']));
    expect(queue.totalCount).toBe(expected.length);
    for (const node of queue.nodes) {
      expect(node.alertNumber).toBeTypeOf('number');
      expect(node.alert.number).toBe(node.alertNumber);
      expect(node.alerts[0].alertNumber).toBe(node.alertNumber);
    }
    const deleted = await h.query(DISMISSAL_QUEUE, { filter: { status: 'DELETED' } }, admin);
    expect(deleted.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: 'filter.status' });
  });

  it('reads one repository\'s queue, one request by number, and a request by global id', async () => {
    const request = h.demo.dataset.bypassRequests.find((r) => r.organization.name === 'acme-labs')!;
    const [owner, name] = request.repository.full_name.split('/');
    const result = await h.query(
      `query($owner: String!, $name: String!, $number: Int!, $id: ID!) {
        repository(owner: $owner, name: $name) {
          secretScanningBypassRequests(filter: { timePeriod: MONTH }) { totalCount nodes { number } }
          secretScanningBypassRequest(number: $number) { id number commitSha }
        }
        node(id: $id) { ... on SecretScanningBypassRequest { number } }
      }`,
      { owner, name, number: request.number, id: bypassId(request) },
      admin,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.repository.secretScanningBypassRequests.nodes.map((n: { number: number }) => n.number)).toContain(request.number);
    expect(result.data!.repository.secretScanningBypassRequest).toEqual({ id: bypassId(request), number: request.number, commitSha: request.resource_identifier });
    expect(result.data!.node).toEqual({ number: request.number });
  });

  it('approves a bypass request once, audits the decision without the comment, and withdraws the review', async () => {
    const request = h.demo.dataset.bypassRequests.find((r) => r.organization.name === 'initech' && r.status === 'pending')!;
    const input = { requestId: bypassId(request), decision: 'APPROVE', message: 'Confirmed test fixture, ticket SEC-77.' };
    const approved = (await h.query(REVIEW_BYPASS_MUTATION, { input }, admin)).data!.reviewSecretScanningBypassRequest;
    expect(approved).toMatchObject({ __typename: 'ReviewSecretScanningBypassRequestSuccess', request: { status: 'APPROVED' } });
    expect(approved.request.responses.at(-1)).toEqual({ databaseId: approved.reviewId, status: 'APPROVED' });
    const again = (await h.query(REVIEW_BYPASS_MUTATION, { input: { ...input, decision: 'REJECT' } }, admin)).data!.reviewSecretScanningBypassRequest;
    expect(again).toMatchObject({ __typename: 'ValidationError' });
    const audit = h.logLines.filter((line) => line.includes('secret_scanning_bypass_request.review')).map((line) => JSON.parse(line));
    expect(audit[0]).toMatchObject({ actor: 'key:admin', target: { kind: 'bypass-request', org: 'initech', number: request.number }, after: { decision: 'approve', status: 'approved' }, outcome: 'success' });
    expect(audit[1]).toMatchObject({ outcome: 'VALIDATION' });
    expect(h.logLines.some((line) => line.includes('SEC-77'))).toBe(false);
    const withdrawn = (await h.query(DISMISS_RESPONSE, { input: { requestId: input.requestId, responseId: approved.reviewId } }, admin)).data!.dismissSecretScanningBypassResponse;
    expect(withdrawn.request.status).toBe('OPEN');
    expect(withdrawn.request.responses.at(-1)).toEqual({ databaseId: approved.reviewId, status: 'DISMISSED' });
  });

  it('denies one dismissal request and approves another, which closes its alert', async () => {
    const [first, second] = h.demo.dataset.dismissalRequests.filter((r) => r.organization.name === 'acme-labs' && r.status === 'pending');
    const denied = (await h.query(REVIEW_DISMISSAL_MUTATION, { input: { requestId: dismissalId(first!), decision: 'DENY', message: 'Still active at the provider.' } }, admin)).data!.reviewSecretScanningDismissalRequest;
    expect(denied.request).toMatchObject({ status: 'DENIED', alert: { state: 'OPEN', closureRequestReviewerComment: 'Still active at the provider.', closureRequestReviewer: { login: 'octo-admin' } } });
    const approved = (await h.query(REVIEW_DISMISSAL_MUTATION, { input: { requestId: dismissalId(second!), decision: 'APPROVE', message: 'Agreed.' } }, admin)).data!.reviewSecretScanningDismissalRequest;
    expect(approved.request).toMatchObject({ status: 'APPROVED', alert: { state: 'RESOLVED' } });
    const wrongType = (await h.query(REVIEW_DISMISSAL_MUTATION, { input: { requestId: bypassId(h.demo.dataset.bypassRequests[0]!), decision: 'DENY', message: 'x' } }, admin)).data!.reviewSecretScanningDismissalRequest;
    expect(wrongType).toMatchObject({ __typename: 'ValidationError', field: 'input.requestId' });
  });

  it('refuses other organizations, read-only keys and overlong comments before any upstream call; never retries a review', async () => {
    const request = h.demo.dataset.bypassRequests.find((r) => r.organization.name === 'acme-corp' && r.status === 'pending')!;
    const input = { requestId: bypassId(request), decision: 'REJECT', message: 'No.' };
    expect((await h.query(REVIEW_BYPASS_MUTATION, { input }, asKey(KEYS.globex))).data!.reviewSecretScanningBypassRequest).toMatchObject({ __typename: 'ForbiddenError' });
    expect((await h.query(REVIEW_BYPASS_MUTATION, { input }, asKey(KEYS.reader))).data!.reviewSecretScanningBypassRequest).toMatchObject({ __typename: 'ForbiddenError' });
    const long = (await h.query(REVIEW_BYPASS_MUTATION, { input: { ...input, message: 'x'.repeat(2049) } }, admin)).data!.reviewSecretScanningBypassRequest;
    expect(long).toMatchObject({ __typename: 'ValidationError', field: 'input.message' });
    const queue = (await h.query(BYPASS_QUEUE, { orgs: ['acme-corp', 'globex'] }, asKey(KEYS.globex))).data!.secretScanningBypassRequests;
    expect(queue.failures).toEqual([{ login: 'acme-corp', code: 'FORBIDDEN' }]);
    expect(h.demo.requests.some((r) => r.path.includes('acme-corp'))).toBe(false);
    h.demo.failNext(REVIEW_BYPASS, 500);
    expect((await h.query(REVIEW_BYPASS_MUTATION, { input }, admin)).data!.reviewSecretScanningBypassRequest).toMatchObject({ __typename: 'UpstreamError', status: 500 });
    expect(h.demo.requestCount(REVIEW_BYPASS)).toBe(1);
  });

  it('keeps an organization whose queue fails out of the answer, which still holds the others', async () => {
    h.demo.failNext('GET /orgs/globex/bypass-requests/secret-scanning', 503, { count: 10 });
    const queue = (await h.query(BYPASS_QUEUE, { orgs: ['globex', 'initech'], filter: { timePeriod: 'MONTH' } }, admin)).data!.secretScanningBypassRequests;
    expect(queue.failures).toEqual([{ login: 'globex', code: 'UPSTREAM' }]);
    expect(queue.nodes.length).toBeGreaterThan(0);
    expect(queue.nodes.every((n: { organization: { login: string } }) => n.organization.login === 'initech')).toBe(true);
  });
});
