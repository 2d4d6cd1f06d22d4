import DataLoader from 'dataloader';
import {
  type AlertListParams,
  getAlert,
  listAlertLocations,
  listEnterpriseAlerts,
  listOrgAlerts,
  listRepoAlerts,
  type ListPage,
} from './alerts.ts';
import type { GitHubClient } from './client.ts';
import { getOrganization } from './orgs.ts';
import { pageRefKey, type PageRef } from './paging.ts';
import { perKey } from './per-key.ts';
import { getPatternConfiguration } from './pattern-configurations.ts';
import { getRepository } from './repos.ts';
import { createSurfaceLoaders, type SurfaceLoaders } from './surface-loaders.ts';
import type {
  RestAlertWithMetadata,
  RestLocation,
  RestOrganization,
  RestOrgAlert,
  RestPatternConfiguration,
  RestRepoAlert,
  RestRepository,
} from './types.ts';

/** Which credential serves which organization (one token for all, or an App installation per org). */
export interface GitHubAccess {
  clientFor(owner: string): Promise<GitHubClient>;
}

export interface AlertPageKey {
  /** The organization (or repository owner); the enterprise slug for `enterpriseAlertPage`. */
  owner: string;
  /** Absent for the organization-wide list. */
  repo?: string;
  params: AlertListParams;
  ref: PageRef;
}

export interface Loaders extends SurfaceLoaders {
  organization: DataLoader<string, RestOrganization>;
  repository: DataLoader<string, RestRepository>;
  alert: DataLoader<string, RestAlertWithMetadata>;
  locations: DataLoader<string, ListPage<RestLocation>>;
  orgAlertPage: DataLoader<AlertPageKey, ListPage<RestOrgAlert>, string>;
  repoAlertPage: DataLoader<AlertPageKey, ListPage<RestRepoAlert>, string>;
  enterpriseAlertPage: DataLoader<AlertPageKey, ListPage<RestOrgAlert>, string>;
  patternConfiguration: DataLoader<string, RestPatternConfiguration>;
}

/**
 * GitHub's REST API has no batch reads, so each loader de-duplicates identical calls within
 * one request and runs distinct ones concurrently; one failing key yields its own Error
 * without failing the others. Batching is off: a batch settles only when all its keys have,
 * which would hold every page of a whole-estate walk in memory at once and delay the first.
 * Created per request: nothing here outlives it.
 */
export function createLoaders(access: GitHubAccess): Loaders {
  return {
    ...createSurfaceLoaders(access),
    organization: new DataLoader(perKey(async (org) => getOrganization(await access.clientFor(org), org)), {
      cacheKeyFn: lower,
      batch: false,
    }),
    repository: new DataLoader(
      perKey(async (fullName) => {
        const [owner, repo] = splitFullName(fullName);
        return getRepository(await access.clientFor(owner), owner, repo);
      }),
      { cacheKeyFn: lower, batch: false },
    ),
    alert: new DataLoader(
      perKey(async (key) => {
        const { owner, repo, alertNumber, withSecret } = parseAlertKey(key);
        return getAlert(await access.clientFor(owner), owner, repo, alertNumber, !withSecret);
      }),
      { cacheKeyFn: lower, batch: false },
    ),
    locations: new DataLoader(
      perKey(async (key) => {
        const [alertPart, page] = key.split('@');
        // Locations carry no secret value, so their key never asks for it.
        const { owner, repo, alertNumber } = parseAlertKey(alertPart ?? '');
        return listAlertLocations(await access.clientFor(owner), owner, repo, alertNumber, Number(page));
      }),
      { cacheKeyFn: lower, batch: false },
    ),
    orgAlertPage: new DataLoader(
      perKey(async (key: AlertPageKey) => listOrgAlerts(await access.clientFor(key.owner), key.owner, key.params, key.ref)),
      { cacheKeyFn: alertPageCacheKey, batch: false },
    ),
    repoAlertPage: new DataLoader(
      perKey(async (key: AlertPageKey) =>
        listRepoAlerts(await access.clientFor(key.owner), key.owner, key.repo ?? '', key.params, key.ref),
      ),
      { cacheKeyFn: alertPageCacheKey, batch: false },
    ),
    enterpriseAlertPage: new DataLoader(
      // The enterprise list is read with the credential that serves the organizations (one token for all).
      perKey(async (key: AlertPageKey) => listEnterpriseAlerts(await access.clientFor(key.owner), key.owner, key.params, key.ref)),
      { cacheKeyFn: (key) => `enterprise:${alertPageCacheKey(key)}`, batch: false },
    ),
    patternConfiguration: new DataLoader(
      perKey(async (org) => getPatternConfiguration(await access.clientFor(org), { kind: 'org', org })),
      { cacheKeyFn: lower, batch: false },
    ),
  };
}

function lower(key: string): string {
  return key.toLowerCase();
}

function alertPageCacheKey(key: AlertPageKey): string {
  const params = Object.entries(key.params)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => `${name}=${String(value)}`)
    .join('&');
  // Owner and repo are case-insensitive on GitHub; upstream cursors are not.
  return `${key.owner}/${key.repo ?? ''}`.toLowerCase() + `?${params}&${pageRefKey(key.ref)}`;
}

/** `owner/repo#number`, with `+secret` when the secret value is to be read too. */
export function alertLoaderKey(owner: string, repo: string, alertNumber: number, withSecret = false): string {
  return `${owner}/${repo}#${alertNumber}${withSecret ? '+secret' : ''}`;
}

function parseAlertKey(key: string): { owner: string; repo: string; alertNumber: number; withSecret: boolean } {
  const [fullName, rest = ''] = key.split('#');
  const [owner, repo] = splitFullName(fullName ?? '');
  return { owner, repo, alertNumber: Number.parseInt(rest, 10), withSecret: rest.endsWith('+secret') };
}

function splitFullName(fullName: string): [string, string] {
  const [owner = '', repo = ''] = fullName.split('/');
  return [owner, repo];
}
