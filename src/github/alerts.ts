import type { GitHubClient } from './client.ts';
import { ValidationError } from '../errors.ts';
import { callGitHub } from './errors.ts';
import { FIRST_PAGE, pageRefParams, toListPage, UPSTREAM_PAGE_SIZE, type ListPage, type ListResponse, type PageRef } from './paging.ts';
import type { RestAlertWithMetadata, RestLocation, RestOrgAlert, RestRepoAlert } from './types.ts';

export type { ListPage } from './paging.ts';

/** The alert-list query parameters GitHub filters on (org, repo and enterprise lists alike). */
export interface AlertListParams {
  state?: 'open' | 'resolved';
  /** Comma-separated; generic types are returned only when named here. */
  secret_type?: string;
  resolution?: string;
  validity?: string;
  /** GitHub filters only on `true`; `false` is its default and means "no filter". */
  is_publicly_leaked?: true;
  is_multi_repo?: true;
  /** A login, `*` or `none` (not on GHES before 3.20). */
  assignee?: string;
  /** Comma-separated provider slugs; `providers` and `exclude_providers` are not combined (not on GHES before 3.22). */
  providers?: string;
  exclude_providers?: string;
  /** Comma-separated; never beside `secret_type`. */
  exclude_secret_types?: string;
  is_bypassed?: boolean;
  sort: 'created' | 'updated';
  direction: 'asc' | 'desc';
  hide_secret: boolean;
}

/** The query of one full page of an alert list at `ref`. */
function listQuery(params: AlertListParams, ref: PageRef) {
  return { ...params, ...pageRefParams(ref), per_page: UPSTREAM_PAGE_SIZE };
}

export async function listOrgAlerts(
  client: GitHubClient,
  org: string,
  params: AlertListParams,
  ref: PageRef,
): Promise<ListPage<RestOrgAlert>> {
  return callGitHub(`organization "${org}"`, async () => {
    const response = await client.request('GET /orgs/{org}/secret-scanning/alerts', {
      org,
      ...listQuery(params, ref),
    });
    return toListPage(response, ref);
  });
}

export async function listEnterpriseAlerts(
  client: GitHubClient,
  enterprise: string,
  params: AlertListParams,
  ref: PageRef,
): Promise<ListPage<RestOrgAlert>> {
  return callGitHub(`enterprise "${enterprise}"`, async () => {
    const response = await client.request('GET /enterprises/{enterprise}/secret-scanning/alerts', {
      enterprise,
      ...listQuery(params, ref),
    });
    return toListPage(response as ListResponse<RestOrgAlert>, ref);
  });
}

export async function listRepoAlerts(
  client: GitHubClient,
  owner: string,
  repo: string,
  params: AlertListParams,
  ref: PageRef,
): Promise<ListPage<RestRepoAlert>> {
  return callGitHub(`repository "${owner}/${repo}"`, async () => {
    const response = await client.request('GET /repos/{owner}/{repo}/secret-scanning/alerts', {
      owner,
      repo,
      ...listQuery(params, ref),
    });
    return toListPage(response, ref);
  });
}

export async function getAlert(
  client: GitHubClient,
  owner: string,
  repo: string,
  alertNumber: number,
  hideSecret: boolean,
): Promise<RestAlertWithMetadata> {
  return callGitHub(`alert ${owner}/${repo}#${alertNumber}`, async () => {
    const response = await client.request('GET /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', {
      owner,
      repo,
      alert_number: alertNumber,
      hide_secret: hideSecret,
    });
    return response.data;
  });
}

/** A PATCH body: a state change, an assignee (null unassigns), a validity override (null clears it), or several. */
export interface AlertUpdate {
  state?: 'open' | 'resolved';
  resolution?: 'false_positive' | 'wont_fix' | 'revoked' | 'used_in_tests' | null;
  resolution_comment?: string | null;
  assignee?: string | null;
  validity?: 'active' | 'inactive' | null;
}

/**
 * GitHub's 422 for a PATCH that carries an assignee or a validity means that one was refused (its
 * description: the assignee has no write access to the repository, or the validity change cannot
 * be applied): a ValidationError naming that field (`assignee`, `validity`). Null otherwise.
 */
function refusedField(error: unknown, subject: string, update: AlertUpdate): ValidationError | null {
  if ((error as { status?: unknown } | null)?.status !== 422) return null;
  if (typeof update.assignee === 'string') {
    return new ValidationError(
      `GitHub refused to assign "${update.assignee}" to ${subject}: the assignee must be a user with write access to the repository (GitHub answered 422).`,
      'assignee',
    );
  }
  if ('validity' in update) return new ValidationError(`GitHub could not apply this validity change to ${subject} (422).`, 'validity');
  return null;
}

export async function updateAlert(
  client: GitHubClient,
  owner: string,
  repo: string,
  alertNumber: number,
  update: AlertUpdate,
): Promise<RestAlertWithMetadata> {
  const subject = `alert ${owner}/${repo}#${alertNumber}`;
  return callGitHub(subject, async () => {
    try {
      const response = await client.request('PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', {
        owner,
        repo,
        alert_number: alertNumber,
        ...update,
        // A write is never repeated blindly: after an ambiguous failure the caller re-reads.
        request: { retries: 0 },
      });
      return response.data;
    } catch (error) {
      throw refusedField(error, subject, update) ?? error;
    }
  });
}

export async function listAlertLocations(
  client: GitHubClient,
  owner: string,
  repo: string,
  alertNumber: number,
  page: number,
): Promise<ListPage<RestLocation>> {
  return callGitHub(`locations of alert ${owner}/${repo}#${alertNumber}`, async () => {
    const response = await client.request('GET /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}/locations', {
      owner,
      repo,
      alert_number: alertNumber,
      page,
      per_page: UPSTREAM_PAGE_SIZE,
    });
    return toListPage(response, page > 1 ? { kind: 'page', page } : FIRST_PAGE);
  });
}
