import { repositoryFromRest, type RepositoryRecord } from '../alerts/model.ts';
import { nullIfNotFound } from '../errors.ts';
import type { Loaders } from '../github/loaders.ts';
import { assertRepositoryName } from '../github/names.ts';
import { UPSTREAM_PAGE_SIZE } from '../github/paging.ts';
import type { RestMinimalRepository } from '../github/types.ts';
import type { AccessPolicy } from './policy.ts';

/**
 * One repository by name, or null if GitHub has none visible. GitHub answers a renamed or
 * transferred repository from its new place, which may be another organization's: the answer
 * is that organization's data, so the caller is authorized again for the owner GitHub names
 * (and everything read below the repository is read under its new name and owner).
 */
export async function readRepository(
  deps: { policy: AccessPolicy; loaders: Loaders },
  owner: string,
  name: string,
  field = 'name',
): Promise<RepositoryRecord | null> {
  deps.policy.authorizeRead(owner, field);
  assertRepositoryName(name, field);
  const repository = await deps.loaders.repository.load(`${owner}/${name}`).catch(nullIfNotFound);
  if (!repository) return null;
  const record = repositoryFromRest(repository);
  if (record.owner.toLowerCase() !== owner.toLowerCase()) deps.policy.authorizeRead(record.owner, field);
  return record;
}

/** Up to `limit` repositories of an organization (GET /orgs/{org}/repos), page by page; `truncated` when GitHub has more. */
export async function listOrganizationRepositories(
  loaders: Pick<Loaders, 'orgRepositoryPage'>,
  org: string,
  limit: number,
): Promise<{ repositories: RestMinimalRepository[]; truncated: boolean }> {
  const repositories: RestMinimalRepository[] = [];
  for (let page = 1; repositories.length < limit; page += 1) {
    const { items, next } = await loaders.orgRepositoryPage.load(`${org}@${page}`);
    repositories.push(...items);
    if (!next || items.length < UPSTREAM_PAGE_SIZE) return { repositories: repositories.slice(0, limit), truncated: repositories.length > limit };
  }
  return { repositories: repositories.slice(0, limit), truncated: true };
}
