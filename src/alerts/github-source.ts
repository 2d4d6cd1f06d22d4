import { NotFoundError, UpstreamError } from '../errors.ts';
import type { ServerCapabilities } from '../github/capabilities.ts';
import type { RestOrgAlert } from '../github/types.ts';
import { alertLoaderKey, type Loaders } from '../github/loaders.ts';
import type { PageRef } from '../github/paging.ts';
import { paramsKey } from '../github/surface-loaders.ts';
import { repositoryFromName, repositoryFromRest, toAlertRecord, type AlertRecord } from './model.ts';
import type { StreamPlan } from './query.ts';
import { readAlertsPerRepository } from './repository-lists.ts';
import type { AlertPage, AlertScope, AlertSource } from './source.ts';

/**
 * Records of a page, keyed by GitHub's parsed items array. The parsed body of a cached page is
 * shared by every request reading it (see fresh-read.ts), so a page is turned into records
 * once, not once per GraphQL page that looks at its stream's head.
 */
const recordsByPage = new WeakMap<readonly object[], AlertRecord[]>();

function recordsOf<T extends object>(items: readonly T[], toRecord: (item: T) => AlertRecord): AlertRecord[] {
  let records = recordsByPage.get(items);
  if (!records) {
    records = items.map(toRecord);
    recordsByPage.set(items, records);
  }
  return records;
}

/** Reads alerts from GitHub on demand through the request's loaders (and so the shared cache). */
export class GitHubAlertSource implements AlertSource {
  /** Organizations read per repository, as one page each (see perRepository). */
  private readonly perRepositoryPages = new Map<string, Promise<AlertPage>>();

  constructor(
    private readonly loaders: Loaders,
    private readonly webUrl: string,
    private readonly capabilities: ServerCapabilities,
  ) {}

  async page(scope: AlertScope, plan: StreamPlan, ref: PageRef): Promise<AlertPage> {
    const orgLists = this.capabilities.has('ORGANIZATION_ALERT_LISTS');
    if (scope.kind === 'org' && !orgLists) return this.perRepository(scope.org, plan, ref);
    if (scope.kind === 'org') {
      const page = await this.loaders.orgAlertPage.load({ owner: scope.org, params: plan.params, ref });
      const records = recordsOf(page.items, (alert) => toAlertRecord(alert, this.repositoryOf(alert)));
      // An org list holds the org's own alerts; one naming another owner is not taken for this org's.
      const org = scope.org.toLowerCase();
      return {
        alerts: records.every((record) => record.repository.owner.toLowerCase() === org)
          ? records
          : records.filter((record) => record.repository.owner.toLowerCase() === org),
        next: page.next,
        lastPage: page.lastPage,
      };
    }
    if (scope.kind === 'enterprise') {
      // An enterprise-wide list came after the organization-wide ones: readers fall back to per-organization reads.
      if (!orgLists) throw new NotFoundError(`This GitHub Enterprise Server (${this.capabilities.enterpriseVersion}) has no enterprise alert list.`);
      const page = await this.loaders.enterpriseAlertPage.load({ owner: scope.enterprise, params: plan.params, ref });
      const records = recordsOf(page.items, (alert) => toAlertRecord(alert, this.repositoryOf(alert)));
      // Only the organizations asked for: the enterprise list holds every organization's alerts.
      const wanted = new Set(scope.orgs.map((org) => org.toLowerCase()));
      return {
        alerts: records.filter((record) => wanted.has(record.repository.owner.toLowerCase())),
        next: page.next,
        lastPage: null,
      };
    }
    const page = await this.loaders.repoAlertPage.load({ owner: scope.owner, repo: scope.repo, params: plan.params, ref });
    const repository = repositoryFromName(scope.owner, scope.repo, this.webUrl);
    return {
      alerts: recordsOf(page.items, (alert) => toAlertRecord(alert, repository)),
      next: page.next,
      lastPage: page.lastPage,
    };
  }

  /**
   * Without organization-wide lists (GHES before 3.3) an organization's alerts are all its
   * repositories' lists, merged: one page holding every alert (it has no next page, so a cursor
   * resumes it by its boundary alone). Kept for the request until forgotten.
   */
  private perRepository(org: string, plan: StreamPlan, ref: PageRef): Promise<AlertPage> {
    if (ref.kind !== 'first') return Promise.resolve({ alerts: [], next: null, lastPage: null });
    const key = this.perRepositoryKey(org, plan);
    let page = this.perRepositoryPages.get(key);
    if (!page) {
      page = readAlertsPerRepository(this.loaders, org, plan.params).then((alerts) => ({ alerts, next: null, lastPage: null }));
      this.perRepositoryPages.set(key, page);
      page.catch(() => this.perRepositoryPages.delete(key));
    }
    return page;
  }

  private perRepositoryKey(org: string, plan: StreamPlan): string {
    return `${org.toLowerCase()}?${paramsKey(plan.params)}`;
  }

  /** Org lists embed the repository; GitHub's schema does not promise it, so fall back to the alert's API URL. */
  private repositoryOf(alert: RestOrgAlert) {
    if (alert.repository) return repositoryFromRest(alert.repository);
    const match = /\/repos\/([^/]+)\/([^/]+)\/secret-scanning\//.exec(alert.url ?? '');
    if (!match?.[1] || !match[2]) throw new UpstreamError('GitHub returned an alert without its repository.');
    return repositoryFromName(decodeURIComponent(match[1]), decodeURIComponent(match[2]), this.webUrl);
  }

  prefetch(scope: AlertScope, plan: StreamPlan, ref: PageRef): void {
    this.page(scope, plan, ref).catch(() => {
      // The read that needs this page reports the failure.
    });
  }

  forget(scope: AlertScope, plan: StreamPlan, ref: PageRef): void {
    if (scope.kind === 'org' && !this.capabilities.has('ORGANIZATION_ALERT_LISTS')) this.perRepositoryPages.delete(this.perRepositoryKey(scope.org, plan));
    else if (scope.kind === 'org') this.loaders.orgAlertPage.clear({ owner: scope.org, params: plan.params, ref });
    else if (scope.kind === 'enterprise') this.loaders.enterpriseAlertPage.clear({ owner: scope.enterprise, params: plan.params, ref });
    else this.loaders.repoAlertPage.clear({ owner: scope.owner, repo: scope.repo, params: plan.params, ref });
  }

  async alert(owner: string, repo: string, alertNumber: number, withSecret: boolean): Promise<AlertRecord> {
    const alert = await this.loaders.alert.load(alertLoaderKey(owner, repo, alertNumber, withSecret));
    return toAlertRecord(alert, repositoryFromName(owner, repo, this.webUrl));
  }

  locations(owner: string, repo: string, alertNumber: number, page: number) {
    return this.loaders.locations.load(`${alertLoaderKey(owner, repo, alertNumber)}@${page}`);
  }
}
