import type { AlertListParams } from '../github/alerts.ts';
import type { GitHubClient } from '../github/client.ts';
import { toDomainError } from '../github/errors.ts';
import { pageNavigation, pageRefParams, UPSTREAM_PAGE_SIZE, type PageRef } from '../github/paging.ts';
import type { RestOrgAlert } from '../github/types.ts';
import type { RateHeaders } from './budget.ts';

export type SyncPage =
  | { status: 200; items: RestOrgAlert[]; next: PageRef | null; lastPage: number | null; etag: string | null; date: number | null }
  | { status: 304 };

/**
 * One page of an organization's alert list for the sync. It asks the response cache to stay out
 * (each page is read once, and would only push callers' entries out), sends `etag` as
 * If-None-Match when given (a 304 costs no rate limit), and hands every answer's rate-limit
 * headers to `observe`, failures included.
 */
export async function fetchSyncPage(
  client: GitHubClient,
  org: string,
  params: AlertListParams,
  ref: PageRef,
  options: { etag?: string | null; observe(headers: RateHeaders | undefined): void },
): Promise<SyncPage> {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (options.etag) headers['if-none-match'] = options.etag;
  try {
    const response = await client.request('GET /orgs/{org}/secret-scanning/alerts', {
      org,
      ...params,
      ...pageRefParams(ref),
      per_page: UPSTREAM_PAGE_SIZE,
      headers,
    });
    options.observe(response.headers as RateHeaders);
    const date = response.headers.date ? Date.parse(response.headers.date) : Number.NaN;
    return {
      status: 200,
      items: response.data,
      ...pageNavigation(response.headers.link),
      etag: response.headers.etag ?? null,
      date: Number.isFinite(date) ? date : null,
    };
  } catch (error) {
    const failure = error as { status?: number; response?: { headers?: RateHeaders } };
    options.observe(failure.response?.headers);
    if (failure.status === 304) return { status: 304 };
    throw toDomainError(error, `organization "${org}"`);
  }
}
