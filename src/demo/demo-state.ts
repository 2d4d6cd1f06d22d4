import type { DemoAlertRecord, DemoDataset, DemoOrg } from './dataset.ts';
import type { DemoInstallation } from './demo-app.ts';
import type { BypassRequest, CustomPattern, DismissalRequest } from './github-surface-types.ts';
import type { PatternConfiguration, SecretScanningAlert, SimpleRepository, SimpleUser } from './github-types.ts';
import { MovedRepositories } from './moved-repositories.ts';

/** An alert record with its current (possibly patched) alert and its repository as it is now. */
export interface ListedAlert {
  record: DemoAlertRecord;
  alert: SecretScanningAlert;
  repository: SimpleRepository;
}

/** What changed on the demo GitHub (its webhooks tell subscribers, as GitHub's do). */
export type DemoChange =
  | { kind: 'alert'; record: DemoAlertRecord; before: SecretScanningAlert | null; after: SecretScanningAlert; actor: SimpleUser | null }
  | { kind: 'repository'; before: SimpleRepository; after: SimpleRepository };

export interface MintedInstallationToken {
  token: string;
  installation: DemoInstallation;
  expiresAt: number;
}

/**
 * The server's mutable view of a dataset: PATCHes land here, so the dataset object the caller
 * holds stays the pristine reference.
 */
export class DemoState {
  readonly orgsByLogin = new Map<string, DemoOrg>();
  readonly reposByFullName = new Map<string, SimpleRepository>();
  readonly alertsByOrg = new Map<string, DemoAlertRecord[]>();
  readonly alertsByRepo = new Map<number, DemoAlertRecord[]>();
  readonly patternConfigurations = new Map<string, PatternConfiguration>();
  readonly installationTokens = new Map<string, MintedInstallationToken>();
  readonly moves = new MovedRepositories();
  /** Keyed by customPatternScopeKey. */
  readonly customPatterns = new Map<string, CustomPattern[]>();
  readonly enterprisePatternConfiguration: PatternConfiguration;
  readonly bypassRequests: BypassRequest[];
  readonly dismissalRequests: DismissalRequest[];
  /** Ids for objects created by writes (custom patterns, review responses). */
  private nextId = 90_000_000;
  private readonly startedAtMs = Date.now();
  private readonly alertByKey = new Map<string, DemoAlertRecord>();
  private readonly patchedAlerts = new Map<DemoAlertRecord, SecretScanningAlert>();
  /** Sorted alert lists per scope and order; dropped whenever an alert changes. */
  private readonly sortedLists = new Map<string, ListedAlert[]>();
  private readonly listeners: ((change: DemoChange) => void)[] = [];

  constructor(readonly dataset: DemoDataset) {
    for (const org of dataset.orgs) this.orgsByLogin.set(org.login.toLowerCase(), org);
    for (const repo of dataset.repos) this.reposByFullName.set(repo.full_name.toLowerCase(), repo);
    for (const record of dataset.alerts) {
      push(this.alertsByOrg, record.org.toLowerCase(), record);
      push(this.alertsByRepo, record.repository.id, record);
      this.alertByKey.set(`${record.repository.id}/${record.alert.number}`, record);
    }
    for (const [org, configuration] of Object.entries(dataset.patternConfigurations)) {
      this.patternConfigurations.set(org.toLowerCase(), structuredClone(configuration));
    }
    for (const [scope, patterns] of Object.entries(dataset.customPatterns)) this.customPatterns.set(scope, structuredClone(patterns));
    this.enterprisePatternConfiguration = structuredClone(dataset.enterprisePatternConfiguration);
    this.bypassRequests = structuredClone(dataset.bypassRequests);
    this.dismissalRequests = structuredClone(dataset.dismissalRequests);
  }

  /**
   * The dataset's clock: its `now` plus the time the server has run. Review requests are dated
   * relative to the dataset's `now`, so `time_period` windows are measured on this clock.
   */
  clockMs(): number {
    return this.dataset.now.getTime() + (Date.now() - this.startedAtMs);
  }

  newId(): number {
    this.nextId += 1;
    return this.nextId;
  }

  org(login: string): DemoOrg | undefined {
    return this.orgsByLogin.get(login.toLowerCase());
  }

  repo(owner: string, name: string): SimpleRepository | undefined {
    return this.reposByFullName.get(`${owner}/${name}`.toLowerCase());
  }

  alertRecord(repositoryId: number, number: number): DemoAlertRecord | undefined {
    return this.alertByKey.get(`${repositoryId}/${number}`);
  }

  /** The alert as it is now, after any PATCH (and with its repository's current name in its URLs). */
  currentAlert(record: DemoAlertRecord): SecretScanningAlert {
    return this.moves.alertOf(record, this.patchedAlerts.get(record) ?? record.alert);
  }

  listed(record: DemoAlertRecord): ListedAlert {
    return { record, alert: this.currentAlert(record), repository: this.moves.repositoryOf(record) };
  }

  /**
   * Renames or transfers a repository, as someone on GitHub would: its alerts follow it, and the
   * old name answers 301 to /repositories/{id}. The new owner must be an organization of the dataset.
   */
  moveRepository(fromFullName: string, toFullName: string): SimpleRepository {
    const repository = this.reposByFullName.get(fromFullName.toLowerCase());
    const [ownerLogin = '', name = ''] = toFullName.split('/');
    const owner = this.org(ownerLogin);
    if (repository === undefined || owner === undefined || !name) throw new Error(`cannot move ${fromFullName} to ${toFullName}`);
    const moved = this.moves.move(repository, owner, name);
    this.reposByFullName.delete(fromFullName.toLowerCase());
    this.reposByFullName.set(moved.full_name.toLowerCase(), moved);
    for (const record of this.alertsByRepo.get(repository.id) ?? []) {
      const from = this.alertsByOrg.get(repository.owner.login.toLowerCase()) ?? [];
      from.splice(from.indexOf(record), 1);
      push(this.alertsByOrg, owner.login.toLowerCase(), record);
    }
    this.sortedLists.clear();
    this.notify({ kind: 'repository', before: repository, after: moved });
    return moved;
  }

  updateAlert(record: DemoAlertRecord, alert: SecretScanningAlert, actor: SimpleUser | null = null): void {
    const before = this.currentAlert(record);
    this.patchedAlerts.set(record, alert);
    this.sortedLists.clear();
    this.notify({ kind: 'alert', record, before, after: this.currentAlert(record), actor });
  }

  /** A new alert (a secret just found): it joins the lists of its organization and repository. */
  addAlert(record: DemoAlertRecord): void {
    push(this.alertsByOrg, this.moves.repositoryOf(record).owner.login.toLowerCase(), record);
    push(this.alertsByRepo, record.repository.id, record);
    this.alertByKey.set(`${record.repository.id}/${record.alert.number}`, record);
    this.sortedLists.clear();
    this.notify({ kind: 'alert', record, before: null, after: this.currentAlert(record), actor: null });
  }

  /** The alerts of a repository (by id), as they are now. */
  repositoryAlerts(repositoryId: number): readonly DemoAlertRecord[] {
    return this.alertsByRepo.get(repositoryId) ?? [];
  }

  onChange(listener: (change: DemoChange) => void): void {
    this.listeners.push(listener);
  }

  private notify(change: DemoChange): void {
    for (const listener of this.listeners) listener(change);
  }

  /** Memoizes the sorted list of a scope so big datasets (benchmarks) do not re-sort on every page. */
  sortedAlerts(cacheKey: string, sort: () => ListedAlert[]): ListedAlert[] {
    let sorted = this.sortedLists.get(cacheKey);
    if (sorted === undefined) {
      sorted = sort();
      this.sortedLists.set(cacheKey, sorted);
    }
    return sorted;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const values = map.get(key);
  if (values === undefined) map.set(key, [value]);
  else values.push(value);
}
