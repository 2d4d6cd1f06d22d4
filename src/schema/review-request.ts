import { nullIfNotFound } from '../errors.ts';
import { repositoryFromName } from '../alerts/model.ts';
import type { GatewayContext } from '../context.ts';
import type { RestReviewActor, RestReviewRequest, RestReviewResponse, ReviewRequestKind } from '../github/review-requests.ts';
import { toRecord, type ReviewRequestRecord } from '../reviews/queue.ts';
import { authorizeOrg } from './access.ts';
import { parseAlertId } from './alert.ts';
import { builder } from './builder.ts';
import { AlertRef, BypassRequestRef, DismissalRequestRef, OrganizationRef, RepositoryRef } from './refs.ts';

/** GitHub's lower-case value as a GraphQL enum value, or null for a value GitHub added since. */
function enumValue<T extends string>(raw: unknown, values: readonly T[]): T | null {
  const upper = typeof raw === 'string' ? raw.toUpperCase() : '';
  return values.find((value) => value === upper) ?? null;
}

const STATUSES = ['PENDING', 'OPEN', 'APPROVED', 'DENIED', 'CANCELLED', 'COMPLETED', 'EXPIRED'] as const;
const RequestStatusEnum = builder.enumType('SecretScanningReviewRequestStatus', {
  description: 'Where a bypass or dismissal request stands.',
  values: {
    PENDING: { description: 'Waiting for a reviewer.' },
    OPEN: { description: 'Waiting for a reviewer (bypass requests; also after a review was dismissed).' },
    APPROVED: { description: 'A reviewer approved it.' },
    DENIED: { description: 'A reviewer rejected (bypass) or denied (dismissal) it.' },
    CANCELLED: { description: 'The requester withdrew it.' },
    COMPLETED: { description: 'Approved and used: the push went through (bypass requests).' },
    EXPIRED: { description: 'Nobody reviewed it in time.' },
  } as const,
});

const RESPONSE_STATUSES = ['APPROVED', 'DENIED', 'DISMISSED'] as const;
const ResponseStatusEnum = builder.enumType('SecretScanningReviewResponseStatus', {
  description: "A reviewer's answer to a request.",
  values: {
    APPROVED: { description: 'Approved.' },
    DENIED: { description: 'Rejected or denied.' },
    DISMISSED: { description: 'The review was dismissed (dismissSecretScanningBypassResponse) and no longer counts.' },
  } as const,
});

const BYPASS_REASONS = ['USED_IN_TESTS', 'FALSE_POSITIVE', 'FIX_LATER'] as const;
const BypassReasonEnum = builder.enumType('SecretScanningBypassReason', {
  description: 'Why a push-protection bypass was requested (GitHub spells it fix_later here, will_fix_later when bypassing directly).',
  values: {
    USED_IN_TESTS: { description: 'The secret is only used in tests.' },
    FALSE_POSITIVE: { description: 'The match is not a secret.' },
    FIX_LATER: { description: 'The secret is real and will be removed later.' },
  } as const,
});

const DISMISSAL_REASONS = ['FIXED_LATER', 'FALSE_POSITIVE', 'TESTS', 'REVOKED'] as const;
const DismissalReasonEnum = builder.enumType('SecretScanningDismissalReason', {
  description: 'Why closing an alert was requested.',
  values: {
    FIXED_LATER: { description: 'It will be fixed later (closes the alert as won\'t fix).' },
    FALSE_POSITIVE: { description: 'The match is not a secret.' },
    TESTS: { description: 'The secret is only used in tests.' },
    REVOKED: { description: 'The secret was revoked.' },
  } as const,
});

const ActorRef = builder.objectRef<RestReviewActor>('SecretScanningReviewActor').implement({
  description: 'A GitHub user as the review APIs name one.',
  fields: (t) => ({
    login: t.string({ nullable: true, description: 'The GitHub login (actor_name).', resolve: (a) => a.actor_name ?? null }),
    databaseId: t.int({ nullable: true, description: "GitHub's user id (actor_id).", resolve: (a) => a.actor_id ?? null }),
  }),
});

const ResponseRef = builder.objectRef<RestReviewResponse>('SecretScanningReviewResponse').implement({
  description: "A reviewer's answer to a bypass or dismissal request.",
  fields: (t) => ({
    databaseId: t.int({ nullable: true, description: "GitHub's id of the response (a bypass response is dismissed by it).", resolve: (r) => r.id ?? null }),
    reviewer: t.field({ type: ActorRef, nullable: true, description: 'Who answered.', resolve: (r) => r.reviewer ?? null }),
    status: t.field({ type: ResponseStatusEnum, nullable: true, description: 'The answer.', resolve: (r) => enumValue(r.status, RESPONSE_STATUSES) }),
    createdAt: t.field({ type: 'DateTime', nullable: true, description: 'When.', resolve: (r) => r.created_at ?? null }),
  }),
});

/** Dismissal requests carry the alert number as a string in GitHub's schema and as an integer in its examples. */
export function dismissalAlertNumber(request: RestReviewRequest): number | null {
  const raw = request.data?.[0]?.alert_number ?? request.resource_identifier;
  const number = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(number) ? number : null;
}

/** `owner/repo#number`: the bypass request number, or the dismissal request's alert number (how GitHub addresses each). */
export function reviewRequestLocalId(record: ReviewRequestRecord): string {
  const number = record.kind === 'bypass' ? record.request.number : dismissalAlertNumber(record.request);
  return `${record.owner}/${record.repo}#${number ?? 0}`.toLowerCase();
}

/** One request by owner, repository and number, through the per-request loader; null if GitHub has none. */
export async function loadReviewRequest(context: GatewayContext, kind: ReviewRequestKind, owner: string, repo: string, number: number): Promise<ReviewRequestRecord | null> {
  const request = await context.loaders.reviewRequest.load(`${kind}:${owner}/${repo}#${number}`).catch(nullIfNotFound);
  return request ? toRecord(kind, { kind: 'repo', owner, repo }, request) : null;
}

const ReviewRequestInterface = builder.interfaceRef<ReviewRequestRecord>('SecretScanningReviewRequest').implement({
  description: 'A delegated review request: a push-protection bypass or an alert dismissal someone asked reviewers to allow (GHEC, GHES).',
  resolveType: (record) => (record.kind === 'bypass' ? 'SecretScanningBypassRequest' : 'SecretScanningDismissalRequest'),
  fields: (t) => ({
    number: t.int({ nullable: true, description: 'The request number within its repository.', resolve: ({ request }) => request.number ?? null }),
    databaseId: t.int({ nullable: true, description: "GitHub's id of the request.", resolve: ({ request }) => request.id ?? null }),
    repository: t.field({ type: RepositoryRef, description: 'Where it was made.', resolve: (r, _args, context) => repositoryFromName(r.owner, r.repo, context.webUrl) }),
    organization: t.field({ type: OrganizationRef, description: 'The organization of that repository.', resolve: (r) => ({ login: r.owner }) }),
    requester: t.field({ type: ActorRef, nullable: true, description: 'Who asked.', resolve: ({ request }) => request.requester ?? null }),
    requesterComment: t.string({ nullable: true, description: "The requester's reason, in their words.", resolve: ({ request }) => request.requester_comment ?? null }),
    status: t.field({ type: RequestStatusEnum, nullable: true, description: 'Where it stands; null for a status GitHub added since.', resolve: ({ request }) => enumValue(request.status, STATUSES) }),
    createdAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was made.', resolve: ({ request }) => request.created_at ?? null }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, description: 'When it expires unless reviewed.', resolve: ({ request }) => request.expires_at ?? null }),
    responses: t.field({ type: [ResponseRef], description: 'The reviews so far.', resolve: ({ request }) => request.responses ?? [] }),
    url: t.string({ nullable: true, description: 'Its page on GitHub.', resolve: ({ request }) => request.html_url ?? null }),
  }),
});

const BypassedSecretRef = builder.objectRef<Record<string, unknown>>('SecretScanningBypassedSecret').implement({
  description: 'One secret a bypass request is for.',
  fields: (t) => ({
    secretType: t.string({ nullable: true, description: 'The secret type.', resolve: (d) => (typeof d.secret_type === 'string' ? d.secret_type : null) }),
    reason: t.field({ type: BypassReasonEnum, nullable: true, description: 'Why the bypass was asked for.', resolve: (d) => enumValue(d.bypass_reason, BYPASS_REASONS) }),
    path: t.string({ nullable: true, description: 'Where in the repository (path:line:column).', resolve: (d) => (typeof d.path === 'string' ? d.path : null) }),
    branch: t.string({ nullable: true, description: 'The branch pushed to.', resolve: (d) => (typeof d.branch === 'string' ? d.branch : null) }),
  }),
});

const DismissedAlertRef = builder.objectRef<Record<string, unknown>>('SecretScanningDismissalRequestedAlert').implement({
  description: 'The alert a dismissal request asks to close, and why.',
  fields: (t) => ({
    secretType: t.string({ nullable: true, description: 'The secret type.', resolve: (d) => (typeof d.secret_type === 'string' ? d.secret_type : null) }),
    alertNumber: t.int({ nullable: true, description: 'The alert number.', resolve: (d) => dismissalAlertNumber({ data: [d] }) }),
    reason: t.field({ type: DismissalReasonEnum, nullable: true, description: 'Why.', resolve: (d) => enumValue(d.reason, DISMISSAL_REASONS) }),
  }),
});

function loadOneOf(kind: ReviewRequestKind) {
  return async (id: string, context: GatewayContext) => {
    const { owner, repo, alertNumber: number } = parseAlertId(id, 'id');
    authorizeOrg(context, owner, 'id');
    return loadReviewRequest(context, kind, owner, repo, number);
  };
}

builder.node(BypassRequestRef, {
  description: 'A request to push a secret past push protection, for delegated bypass reviewers (GET …/bypass-requests/secret-scanning).',
  interfaces: [ReviewRequestInterface],
  id: { resolve: reviewRequestLocalId },
  loadOne: loadOneOf('bypass'),
  fields: (t) => ({
    commitSha: t.string({ nullable: true, description: 'The commit that was blocked (resource_identifier).', resolve: ({ request }) => (request.resource_identifier == null ? null : String(request.resource_identifier)) }),
    secrets: t.field({ type: [BypassedSecretRef], description: 'The secrets the push contains.', resolve: ({ request }) => request.data ?? [] }),
  }),
});

builder.node(DismissalRequestRef, {
  description: 'A request to close an alert, for delegated alert dismissal reviewers (GET …/dismissal-requests/secret-scanning).',
  interfaces: [ReviewRequestInterface],
  id: { resolve: reviewRequestLocalId },
  loadOne: loadOneOf('dismissal'),
  fields: (t) => ({
    alertNumber: t.int({ nullable: true, description: 'The number of the alert to close.', resolve: ({ request }) => dismissalAlertNumber(request) }),
    alert: t.field({
      type: AlertRef,
      nullable: true,
      description: 'The alert to close; null if it is gone.',
      resolve: async (record, _args, context) => {
        const number = dismissalAlertNumber(record.request);
        return number === null ? null : context.store.alert(record.owner, record.repo, number, false).catch(nullIfNotFound);
      },
    }),
    alerts: t.field({ type: [DismissedAlertRef], description: 'The alert and the reason given, as GitHub lists them.', resolve: ({ request }) => request.data ?? [] }),
  }),
});
