import { requireOrgAccess, requireRepoAccess, requireUserToken } from './auth.ts';
import { GitHubError } from './github-error.ts';
import { isoSeconds } from './github-objects.ts';
import type { BypassRequest, DismissalRequest, ReviewResponse } from './github-surface-types.ts';
import type { AlertResolution } from './github-types.ts';
import { paginateByPage } from './pagination.ts';
import { oneOf } from './query-params.ts';
import { actorOf, closureFields } from './review-dataset.ts';
import { ok, okWithLink, param, parseJsonObject, type HandlerResult, type RequestContext } from './request-context.ts';

type Kind = 'bypass' | 'dismissal';
type ReviewRequest = BypassRequest | DismissalRequest;

const PERIOD_MS = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000 } as const;
const STATUS_FILTERS = {
  bypass: ['completed', 'cancelled', 'approved', 'expired', 'deleted', 'denied', 'open', 'all'],
  dismissal: ['completed', 'cancelled', 'approved', 'expired', 'denied', 'open', 'all'],
} as const;
const MAX_MESSAGE = 2048;

function requestsOf(context: RequestContext, kind: Kind): ReviewRequest[] {
  return kind === 'bypass' ? context.state.bypassRequests : context.state.dismissalRequests;
}

/** `open` lists the requests still waiting for a review (pending, or open for bypass requests). */
function statusMatches(request: ReviewRequest, wanted: string): boolean {
  if (wanted === 'all') return true;
  if (wanted === 'open') return request.status === 'open' || request.status === 'pending';
  return request.status === wanted;
}

/** GitHub's filters of the org and repo lists; `time_period` defaults to `day`, measured on the dataset's clock. */
function listRequests(context: RequestContext, kind: Kind, inScope: (request: ReviewRequest) => boolean): HandlerResult {
  const query = context.url.searchParams;
  const resource = kind === 'bypass' ? 'BypassRequest' : 'DismissalRequest';
  const period = oneOf(query, 'time_period', ['hour', 'day', 'week', 'month'], 'day', resource);
  const status = oneOf(query, 'request_status', STATUS_FILTERS[kind], 'all', resource);
  const same = (a: string | null, b: string) => a === null || a.toLowerCase() === b.toLowerCase();
  const [repositoryName, reviewer, requester] = ['repository_name', 'reviewer', 'requester'].map((name) => query.get(name) || null);
  const since = context.state.clockMs() - PERIOD_MS[period];
  const listed = requestsOf(context, kind)
    .filter((request) => inScope(request) && Date.parse(request.created_at) >= since && statusMatches(request, status))
    .filter((request) => same(repositoryName ?? null, request.repository.name) && same(requester ?? null, request.requester.actor_name))
    .filter((request) => reviewer == null || (request.responses ?? []).some((response) => same(reviewer, response.reviewer.actor_name)))
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id);
  const page = paginateByPage(listed, context.url);
  return okWithLink(page.items, page.link);
}

export const listOrgBypassRequests = (context: RequestContext) => listOrgRequests(context, 'bypass');
export const listOrgDismissalRequests = (context: RequestContext) => listOrgRequests(context, 'dismissal');
export const listRepoBypassRequests = (context: RequestContext) => listRepoRequests(context, 'bypass');
export const listRepoDismissalRequests = (context: RequestContext) => listRepoRequests(context, 'dismissal');

/** Delegated bypass and dismissal endpoints are not available to GitHub Apps. */
function listOrgRequests(context: RequestContext, kind: Kind): HandlerResult {
  requireUserToken(context.principal);
  const org = requireOrgAccess(context.state, context.principal, param(context, 'org'), false);
  return listRequests(context, kind, (request) => request.organization.name === org.login);
}

function listRepoRequests(context: RequestContext, kind: Kind): HandlerResult {
  requireUserToken(context.principal);
  const { repo } = requireRepoAccess(context.state, context.principal, param(context, 'owner'), param(context, 'repo'), false);
  return listRequests(context, kind, (request) => request.repository.id === repo.id);
}

/** The bypass request by its number, or the latest dismissal request for an alert number. */
function requestOf(context: RequestContext, kind: Kind, write: boolean): ReviewRequest {
  requireUserToken(context.principal);
  const { repo } = requireRepoAccess(context.state, context.principal, param(context, 'owner'), param(context, 'repo'), write);
  const wanted = kind === 'bypass' ? param(context, 'bypass_request_number') : param(context, 'alert_number');
  const request = requestsOf(context, kind)
    .filter((candidate) => candidate.repository.id === repo.id && String(kind === 'bypass' ? candidate.number : candidate.resource_identifier) === wanted)
    .sort((a, b) => b.id - a.id)[0];
  if (request === undefined) throw GitHubError.notFound();
  return request;
}

export const getBypassRequest = (context: RequestContext) => ok(requestOf(context, 'bypass', false));
export const getDismissalRequest = (context: RequestContext) => ok(requestOf(context, 'dismissal', false));

const invalid = (field: string, message: string) => GitHubError.validation([{ resource: 'Review', field, code: 'invalid', message }]);

/** PATCH body checks shared by both reviews; answers the response GitHub records. */
function review(context: RequestContext, request: ReviewRequest, verbs: readonly [string, string]): ReviewResponse {
  const { status, message } = parseJsonObject(context.body);
  if (typeof status !== 'string' || !verbs.includes(status)) throw invalid('status', `status must be ${verbs.join(' or ')}`);
  if (typeof message !== 'string' || message.trim() === '' || message.length > MAX_MESSAGE) throw invalid('message', `message is required, at most ${MAX_MESSAGE} characters`);
  if (request.status !== 'pending' && request.status !== 'open') throw invalid('status', 'the request is not waiting for a review');
  const reviewer = requireUserToken(context.principal).user;
  if (reviewer.login === request.requester.actor_name) throw invalid('status', 'requesters may not review their own request');
  const response: ReviewResponse = {
    id: context.state.newId(),
    reviewer: actorOf(reviewer),
    status: status === verbs[0] ? 'approved' : 'denied',
    created_at: isoSeconds(context.state.clockMs()),
  };
  request.responses = [...(request.responses ?? []), response];
  request.status = response.status === 'approved' ? 'approved' : 'denied';
  return response;
}

export function reviewBypassRequest(context: RequestContext): HandlerResult {
  const response = review(context, requestOf(context, 'bypass', true), ['approve', 'reject']);
  return ok({ bypass_review_id: response.id });
}

const RESOLUTION_OF: Record<DismissalRequest['data'][number]['reason'], AlertResolution> = {
  fixed_later: 'wont_fix',
  false_positive: 'false_positive',
  tests: 'used_in_tests',
  revoked: 'revoked',
};

/** An approval resolves the alert with the requested reason; either way the alert shows the review. */
export function reviewDismissalRequest(context: RequestContext): HandlerResult {
  const request = requestOf(context, 'dismissal', true) as DismissalRequest;
  const { message } = parseJsonObject(context.body);
  const response = review(context, request, ['approve', 'deny']);
  const repo = context.state.repo(param(context, 'owner'), param(context, 'repo'))!;
  const record = context.state.alertRecord(repo.id, Number(request.resource_identifier));
  if (record !== undefined) {
    const reviewer = requireUserToken(context.principal).user;
    const now = isoSeconds(context.state.clockMs());
    const alert = { ...context.state.currentAlert(record), ...closureFields(request, reviewer, String(message)), updated_at: now };
    if (response.status === 'approved') {
      Object.assign(alert, { state: 'resolved', resolution: RESOLUTION_OF[request.data[0]?.reason ?? 'false_positive'], resolved_at: now, resolved_by: reviewer, resolution_comment: null });
    }
    context.state.updateAlert(record, alert);
  }
  return ok({ dismissal_review_id: response.id });
}

/** DELETE a review of a bypass request: the response is dismissed and the request waits for a review again. */
export function dismissBypassResponse(context: RequestContext): HandlerResult {
  requireUserToken(context.principal);
  const { repo } = requireRepoAccess(context.state, context.principal, param(context, 'owner'), param(context, 'repo'), true);
  const id = Number(param(context, 'bypass_response_id'));
  const request = context.state.bypassRequests.find((candidate) => candidate.repository.id === repo.id && (candidate.responses ?? []).some((response) => response.id === id));
  const response = request?.responses?.find((candidate) => candidate.id === id);
  if (request === undefined || response === undefined) throw GitHubError.notFound();
  if (response.status === 'dismissed') throw invalid('bypass_response_id', 'the response is already dismissed');
  response.status = 'dismissed';
  request.status = 'open';
  return { status: 204, body: undefined };
}
