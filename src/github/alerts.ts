import type { GitHubClient } from './client.ts';
import { callGitHub } from './errors.ts';
import { FIRST_PAGE, pageNavigation, pageRefParams, UPSTREAM_PAGE_SIZE, type PageRef } from './paging.ts';
import type { RestAlertWithMetadata, RestLocation, RestOrgAlert, RestRepoAlert } from './types.ts';

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

export interface ListPage<T> {
  items: T[];
  next: PageRef | null;
  /** Number of the last page, when GitHub pages by number and says so. */
  lastPage: number | null;
}

interface ListResponse<T> {
  data: T[];
  headers: { link?: string };
}

/** The query of one full page of an alert list at `ref`. */
function listQuery(params: AlertListParams, ref: PageRef) {
  return { ...params, ...pageRefParams(ref), per_page: UPSTREAM_PAGE_SIZE };
}

/** Pages by GitHub's parsed items: a cached page's items are shared, and so is its ListPage. */
const listPages = new WeakMap<object, ListPage<unknown>>();

/** `ref` is the page that was asked for. */
function toListPage<T>(response: ListResponse<T>, ref: PageRef): ListPage<T> {
  let page = listPages.get(response.data) as ListPage<T> | undefined;
  if (!page) {
    const navigation = response.headers.link === undefined ? navigationWithoutLink(response.data.length, ref) : pageNavigation(response.headers.link);
    page = { items: response.data, ...navigation };
    listPages.set(response.data, page);
  }
  return page;
}

/**
 * GitHub's description declares no Link header on some lists (repository alerts): without one, a
 * full page of a page-numbered list is followed by the next number (a cursor has nowhere to go).
 */
function navigationWithoutLink(items: number, ref: PageRef): Pick<ListPage<unknown>, 'next' | 'lastPage'> {
  if (ref.kind === 'after' || items < UPSTREAM_PAGE_SIZE) return { next: null, lastPage: null };
  return { next: { kind: 'page', page: (ref.kind === 'page' ? ref.page : 1) + 1 }, lastPage: null };
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
