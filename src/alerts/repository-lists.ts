import { listOrganizationRepositories } from '../domain/repositories.ts';
import { NotFoundError } from '../errors.ts';
import type { AlertListParams } from '../github/alerts.ts';
import type { Loaders } from '../github/loaders.ts';
import { FIRST_PAGE, type PageRef } from '../github/paging.ts';
import type { RestMinimalRepository, RestSimpleRepository } from '../github/types.ts';
import { repositoryFromRest, toAlertRecord, type AlertRecord } from './model.ts';

/**
 * Repositories one organization may have when its alerts are read per repository: every one costs
 * a request at least, and GATEWAY_MAX_UPSTREAM_CALLS bounds the request long before this does.
 */
const MAX_REPOSITORIES = 100_000;

/**
 * An organization's alerts where GitHub has no organization-wide list (GitHub Enterprise Server
 * before 3.3): its repositories (GET /orgs/{org}/repos, paged) and each one's list
 * (GET /repos/{owner}/{repo}/secret-scanning/alerts, every page), with the same parameters,
 * merged into one list in the order the parameters ask for (ties: repository, then number), as
 * the organization-wide list would give them. Every read goes through the request's loaders, so
 * it is authorized, counted against the request's budget and cached like any other.
 *
 * A repository that answers 404 (public, or secret scanning disabled for it) is skipped; any other
 * failure (a 503: the service is unavailable) is the organization's, as a failing organization-wide
 * list would be. An organization all of whose repositories answer 404 is NOT_FOUND, as GitHub
 * answers for an organization with secret scanning disabled.
 */
export async function readAlertsPerRepository(
  loaders: Pick<Loaders, 'orgRepositoryPage' | 'repoAlertPage'>,
  org: string,
  params: AlertListParams,
): Promise<AlertRecord[]> {
  const { repositories } = await listOrganizationRepositories(loaders, org, MAX_REPOSITORIES);
  const lists = await Promise.all(repositories.map((repository) => repositoryAlerts(loaders, org, repository, params)));
  const read = lists.filter((list) => list !== null);
  if (repositories.length > 0 && read.length === 0) {
    throw new NotFoundError(
      `Organization "${org}" has no repository whose alerts could be read (GitHub answered 404 for all ${repositories.length}: secret scanning is not enabled for them).`,
    );
  }
  return read.flat().sort(comparator(params));
}

/** Every alert of one repository; null when GitHub answers 404 for it. */
async function repositoryAlerts(
  loaders: Pick<Loaders, 'repoAlertPage'>,
  org: string,
  rest: RestMinimalRepository,
  params: AlertListParams,
): Promise<AlertRecord[] | null> {
  // minimal-repository has every field a repository record is built from; the alerts embed none.
  const repository = repositoryFromRest(rest as unknown as RestSimpleRepository);
  const records: AlertRecord[] = [];
  for (let ref: PageRef | null = FIRST_PAGE; ref; ) {
    const key = { owner: org, repo: rest.name, params, ref };
    let page;
    try {
      page = await loaders.repoAlertPage.load(key);
    } catch (error) {
      if (error instanceof NotFoundError && ref.kind === 'first') return null;
      throw error;
    }
    // The records are kept; the request's loader needs not keep the page as well.
    loaders.repoAlertPage.clear(key);
    for (const alert of page.items) records.push(toAlertRecord(alert, repository));
    ref = page.next;
  }
  return records;
}

function comparator(params: AlertListParams): (a: AlertRecord, b: AlertRecord) => number {
  const direction = params.direction === 'asc' ? 1 : -1;
  const value = (record: AlertRecord) => (params.sort === 'updated' ? record.sortKeys.updated : record.sortKeys.created);
  return (a, b) => {
    const byValue = (value(a) - value(b)) * direction;
    if (byValue !== 0) return byValue;
    const [x, y] = [a.repository.nameWithOwner, b.repository.nameWithOwner];
    // By code point, so the order is the same on every machine.
    if (x !== y) return x < y ? -1 : 1;
    return ((a.alert.number ?? 0) - (b.alert.number ?? 0)) * direction;
  };
}
