import type { GitHubClient } from './client.ts';
import { callGitHub } from './errors.ts';
import { scopeRoute, scopeSubject, type OwnerScope } from './owner-scope.ts';
import { FIRST_PAGE, toListPage, UPSTREAM_PAGE_SIZE, type ListPage, type ListResponse } from './paging.ts';

/**
 * Delegated push-protection bypass requests and alert dismissal requests (GHEC, GHES ≥ 3.18):
 * two lists with one shape. @octokit/openapi-types covers api.github.com only, so the shapes are
 * written here from the GHEC description; no field is required there.
 */
export type ReviewRequestKind = 'bypass' | 'dismissal';

export interface RestReviewActor {
  actor_id?: number;
  actor_name?: string;
}

export interface RestReviewResponse {
  id?: number;
  reviewer?: RestReviewActor;
  status?: string;
  created_at?: string;
}

export interface RestReviewRequest {
  id?: number;
  number?: number;
  repository?: { id?: number; name?: string; full_name?: string };
  organization?: { id?: number; name?: string };
  requester?: RestReviewActor;
  request_type?: string;
  /** Bypass: secret_type, bypass_reason, path, branch. Dismissal: secret_type, alert_number, reason. */
  data?: Record<string, unknown>[] | null;
  /** A commit SHA (bypass) or the alert number (dismissal; a string in the schema, an integer in GitHub's examples). */
  resource_identifier?: string | number;
  status?: string;
  requester_comment?: string | null;
  expires_at?: string;
  created_at?: string;
  responses?: RestReviewResponse[] | null;
  url?: string;
  html_url?: string;
}

/** The list filters of both kinds; GitHub's `time_period` defaults to `day`, so it is always sent. */
export interface ReviewListParams {
  time_period: 'hour' | 'day' | 'week' | 'month';
  request_status: string;
  repository_name?: string;
  reviewer?: string;
  requester?: string;
}

export type ReviewScope = Extract<OwnerScope, { kind: 'org' | 'repo' }>;

const COLLECTION: Record<ReviewRequestKind, string> = { bypass: 'bypass-requests', dismissal: 'dismissal-requests' };
const NOUN: Record<ReviewRequestKind, string> = { bypass: 'bypass requests', dismissal: 'dismissal requests' };

export async function listReviewRequests(
  client: GitHubClient,
  kind: ReviewRequestKind,
  scope: ReviewScope,
  params: ReviewListParams,
  page: number,
): Promise<ListPage<RestReviewRequest>> {
  const { prefix, params: path } = scopeRoute(scope);
  return callGitHub(`the ${NOUN[kind]} of ${scopeSubject(scope)}`, async () => {
    const response = (await client.request(`GET ${prefix}/${COLLECTION[kind]}/secret-scanning` as string, {
      ...path,
      ...params,
      page,
      per_page: UPSTREAM_PAGE_SIZE,
    })) as ListResponse<RestReviewRequest>;
    return toListPage(response, page > 1 ? { kind: 'page', page } : FIRST_PAGE);
  });
}

/** One bypass request by its number, or the dismissal request of an alert number. */
export async function getReviewRequest(client: GitHubClient, kind: ReviewRequestKind, owner: string, repo: string, number: number): Promise<RestReviewRequest> {
  const key = kind === 'bypass' ? 'bypass_request_number' : 'alert_number';
  return callGitHub(`${kind} request ${owner}/${repo}#${number}`, async () => {
    const response = await client.request(`GET /repos/{owner}/{repo}/${COLLECTION[kind]}/secret-scanning/{${key}}` as string, { owner, repo, [key]: number });
    return response.data as RestReviewRequest;
  });
}

/** PATCH a review: approve/reject (bypass) or approve/deny (dismissal), with the reviewer's message. Never retried. */
export async function reviewRequest(
  client: GitHubClient,
  kind: ReviewRequestKind,
  target: { owner: string; repo: string; number: number },
  status: 'approve' | 'reject' | 'deny',
  message: string,
): Promise<number | null> {
  const key = kind === 'bypass' ? 'bypass_request_number' : 'alert_number';
  const { owner, repo, number } = target;
  return callGitHub(`${kind} request ${owner}/${repo}#${number}`, async () => {
    const response = await client.request(`PATCH /repos/{owner}/{repo}/${COLLECTION[kind]}/secret-scanning/{${key}}` as string, {
      owner,
      repo,
      [key]: number,
      status,
      message,
      request: { retries: 0 },
    });
    const data = response.data as { bypass_review_id?: number; dismissal_review_id?: number };
    return (kind === 'bypass' ? data.bypass_review_id : data.dismissal_review_id) ?? null;
  });
}

/** DELETE /repos/{owner}/{repo}/bypass-responses/secret-scanning/{bypass_response_id}: 204. Never retried. */
export async function dismissBypassResponse(client: GitHubClient, owner: string, repo: string, responseId: number): Promise<void> {
  await callGitHub(`bypass response ${responseId} in ${owner}/${repo}`, async () => {
    await client.request('DELETE /repos/{owner}/{repo}/bypass-responses/secret-scanning/{bypass_response_id}' as string, {
      owner,
      repo,
      bypass_response_id: responseId,
      request: { retries: 0 },
    });
  });
}
