import DataLoader from 'dataloader';
import type { GitHubClient } from './client.ts';
import { listCustomPatterns, type CustomPatternListParams } from './custom-patterns.ts';
import { scopeCredentialOwner, scopeKey, type OwnerScope } from './owner-scope.ts';
import type { ListPage } from './paging.ts';
import { getPatternConfiguration } from './pattern-configurations.ts';
import { perKey } from './per-key.ts';
import { listOrgRepositories } from './repos.ts';
import { getReviewRequest, listReviewRequests, type RestReviewRequest, type ReviewListParams, type ReviewRequestKind, type ReviewScope } from './review-requests.ts';
import { getScanHistory } from './scan-history.ts';
import type { RestCustomPattern, RestMinimalRepository, RestPatternConfiguration, RestScanHistory } from './types.ts';

export interface ReviewRequestPageKey {
  kind: ReviewRequestKind;
  scope: ReviewScope;
  params: ReviewListParams;
  page: number;
}

export interface CustomPatternPageKey {
  scope: OwnerScope;
  params: CustomPatternListParams;
  page: number;
}

/**
 * Per-request loaders of the secret-scanning surface beyond alerts (custom patterns, enterprise
 * settings, scan history, review requests); part of `Loaders` (loaders.ts). String keys only.
 */
export interface SurfaceLoaders {
  enterprisePatternConfiguration: DataLoader<string, RestPatternConfiguration>;
  customPatternPage: DataLoader<CustomPatternPageKey, ListPage<RestCustomPattern>, string>;
  /** `owner/repo` */
  scanHistory: DataLoader<string, RestScanHistory>;
  /** `org@page` */
  orgRepositoryPage: DataLoader<string, ListPage<RestMinimalRepository>>;
  reviewRequestPage: DataLoader<ReviewRequestPageKey, ListPage<RestReviewRequest>, string>;
  /** `bypass:owner/repo#number` or `dismissal:owner/repo#alertNumber` */
  reviewRequest: DataLoader<string, RestReviewRequest>;
}

export function createSurfaceLoaders(access: { clientFor(owner: string): Promise<GitHubClient> }): SurfaceLoaders {
  return {
    enterprisePatternConfiguration: new DataLoader(
      perKey(async (enterprise) => getPatternConfiguration(await access.clientFor(enterprise), { kind: 'enterprise', enterprise })),
      { cacheKeyFn: lower, batch: false },
    ),
    customPatternPage: new DataLoader(
      perKey(async (key: CustomPatternPageKey) => listCustomPatterns(await access.clientFor(scopeCredentialOwner(key.scope)), key.scope, key.params, key.page)),
      { cacheKeyFn: (key) => `${scopeKey(key.scope)}?${paramsKey(key.params)}&page=${key.page}`, batch: false },
    ),
    scanHistory: new DataLoader(
      perKey(async (fullName) => {
        const [owner = '', repo = ''] = fullName.split('/');
        return getScanHistory(await access.clientFor(owner), owner, repo);
      }),
      { cacheKeyFn: lower, batch: false },
    ),
    orgRepositoryPage: new DataLoader(
      perKey(async (key) => {
        const [org = '', page = '1'] = key.split('@');
        return listOrgRepositories(await access.clientFor(org), org, Number(page));
      }),
      { cacheKeyFn: lower, batch: false },
    ),
    reviewRequestPage: new DataLoader(
      perKey(async (key: ReviewRequestPageKey) => listReviewRequests(await access.clientFor(scopeCredentialOwner(key.scope)), key.kind, key.scope, key.params, key.page)),
      { cacheKeyFn: (key) => `${key.kind}:${scopeKey(key.scope)}?${paramsKey(key.params)}&page=${key.page}`, batch: false },
    ),
    reviewRequest: new DataLoader(
      perKey(async (key) => {
        const match = /^(bypass|dismissal):([^/]+)\/([^#]+)#(\d+)$/.exec(key);
        if (!match) throw new Error(`malformed review request key ${key}`);
        const [, kind, owner = '', repo = '', number] = match;
        return getReviewRequest(await access.clientFor(owner), kind as ReviewRequestKind, owner, repo, Number(number));
      }),
      { cacheKeyFn: lower, batch: false },
    ),
  };
}

function lower(key: string): string {
  return key.toLowerCase();
}

/** Query parameters in a stable order, for cache keys. */
export function paramsKey(params: object): string {
  return Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${String(value)}`)
    .join('&');
}
