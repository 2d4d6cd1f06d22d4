import type { GitHubClient } from './client.ts';
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

export interface AlertUpdate {
  state: 'open' | 'resolved';
  resolution?: 'false_positive' | 'wont_fix' | 'revoked' | 'used_in_tests' | null;
  resolution_comment?: string | null;
}

export async function updateAlert(
  client: GitHubClient,
  owner: string,
  repo: string,
  alertNumber: number,
  update: AlertUpdate,
): Promise<RestAlertWithMetadata> {
  return callGitHub(`alert ${owner}/${repo}#${alertNumber}`, async () => {
    const response = await client.request('PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', {
      owner,
      repo,
      alert_number: alertNumber,
      ...update,
      // A write is never repeated blindly: after an ambiguous failure the caller re-reads.
      request: { retries: 0 },
    });
    return response.data;
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
