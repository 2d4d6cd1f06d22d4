import type { RestRepoAlert, RestSimpleRepository } from '../github/types.ts';

/** A repository as far as alerts need it; `isPrivate` is null when the source did not say. */
export interface RepositoryRecord {
  owner: string;
  name: string;
  nameWithOwner: string;
  isPrivate: boolean | null;
  url: string;
}

/** One alert with the repository it belongs to. `alert` is GitHub's object (shared: never mutate it). */
export interface AlertRecord {
  repository: RepositoryRecord;
  alert: RestRepoAlert;
  /** created_at and updated_at (or created_at) in epoch ms, parsed once for ordering. */
  sortKeys: { created: number; updated: number };
}

/** One record per repository object: list pages share one object per repository (see fresh-read.ts). */
const recordsOfRepositories = new WeakMap<RestSimpleRepository, RepositoryRecord>();

export function repositoryFromRest(repository: RestSimpleRepository): RepositoryRecord {
  let record = recordsOfRepositories.get(repository);
  if (!record) {
    record = toRepositoryRecord(repository);
    recordsOfRepositories.set(repository, record);
  }
  return record;
}

function toRepositoryRecord(repository: RestSimpleRepository): RepositoryRecord {
  return {
    owner: repository.owner.login,
    name: repository.name,
    nameWithOwner: repository.full_name,
    isPrivate: repository.private,
    url: repository.html_url,
  };
}

export function repositoryFromName(owner: string, name: string, webUrl: string): RepositoryRecord {
  return { owner, name, nameWithOwner: `${owner}/${name}`, isPrivate: null, url: `${webUrl}/${owner}/${name}` };
}

/**
 * The alert as GitHub sent it, not copied: list pages are shared by every request reading them
 * (see fresh-read.ts). Readers take the repository from `repository`, never from the org list's
 * embedded one.
 */
export function toAlertRecord(alert: RestRepoAlert & { repository?: RestSimpleRepository }, repository: RepositoryRecord): AlertRecord {
  const created = alert.created_at ? Date.parse(alert.created_at) : 0;
  const updated = alert.updated_at ? Date.parse(alert.updated_at) : created;
  return { repository, alert, sortKeys: { created, updated } };
}

export function alertKey(owner: string, repo: string, alertNumber: number): string {
  return `${owner}/${repo}#${alertNumber}`.toLowerCase();
}
