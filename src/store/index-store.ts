import { sql, type Transaction } from 'kysely';
import type { AlertRecord, RepositoryRecord } from '../alerts/model.ts';
import { orderValue, type AlertOrder } from '../alerts/query.ts';
import type { AlertReport, TrendInterval } from '../alerts/report.ts';
import type { AlertEvent, BacklogPoint } from '../domain/alert-history.ts';
import type { RestOrgAlert } from '../github/types.ts';
import { alertTimeline } from './alert-events.ts';
import { IndexAuditLog } from './audit-entries.ts';
import { indexBacklog } from './backlog.ts';
import { openIndexDatabase, type IndexDatabase, type IndexLocation } from './database.ts';
import { afterKeyset, alertConditions, orderColumn, type AlertKeyset, type IndexQuery } from './query.ts';
import { indexReport } from './report.ts';
import { countFromRollups } from './rollup-counts.ts';
import { alertKeyString, recordFromRow, repositoryRecord, repositoryRow, repositoryRowOf, storedAlert, type AlertKey } from './rows.ts';
import type { Database, RepositoriesTable } from './schema.ts';
import { organizationRows, syncStatuses, type OrganizationSyncStatus } from './sync-state.ts';
import { deleteAlerts, writeAlerts, writeRepositories, type AlertChange, type IncomingAlert } from './writes.ts';

/** Who made a change: a sync pass (and which kind), a webhook's re-read, or the gateway's own mutation. */
export type ChangeOrigin = { source: 'SYNC'; pass: 'full' | 'incremental' } | { source: 'WEBHOOK' | 'GATEWAY' };

export interface AlertChangeBatch {
  origin: ChangeOrigin;
  org: string;
  changes: AlertChange[];
}

export type ChangeListener = (batch: AlertChangeBatch) => void;

/** Most alerts one listing page may ask for. */
export const MAX_PAGE_SIZE = 1_000;

/**
 * The alert index of one GitHub (one GITHUB_API_URL): reads shaped like the domain (a query,
 * a keyset, a limit), writes from sync passes and from the gateway's own mutations, each
 * reported to change listeners. Every statement is scoped by the source.
 */
export class IndexStore {
  private readonly listeners = new Set<ChangeListener>();
  /** JSON of the repositories this process has written, by `org/repo`. */
  private readonly knownRepositories = new Map<string, string>();
  /** The durable audit log, kept beside the alerts of the same GitHub. */
  readonly auditLog: IndexAuditLog;

  private constructor(
    private readonly database: IndexDatabase,
    readonly sourceId: number,
  ) {
    this.auditLog = new IndexAuditLog(database.db, sourceId);
  }

  /**
   * Opens (creating and migrating) the index and registers `apiUrl` as its source; or uses a
   * database already opened and migrated (the engine comparison runs the store on PGlite).
   */
  static async open(where: IndexLocation | IndexDatabase, apiUrl: string): Promise<IndexStore> {
    const database = 'db' in where ? where : await openIndexDatabase(where);
    try {
      const { db } = database;
      await db.insertInto('sources').values({ api_url: apiUrl }).onConflict((conflict) => conflict.column('api_url').doNothing()).execute();
      const { id } = await db.selectFrom('sources').select('id').where('api_url', '=', apiUrl).executeTakeFirstOrThrow();
      return new IndexStore(database, id);
    } catch (error) {
      await database.close();
      throw error;
    }
  }

  get db() {
    return this.database.db;
  }

  get engine() {
    return this.database.engine;
  }

  async list(query: IndexQuery, after: AlertKeyset | null, limit: number): Promise<{ records: AlertRecord[]; hasNextPage: boolean }> {
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) throw new RangeError(`limit must be 0–${MAX_PAGE_SIZE} (got ${limit})`);
    if (query.orgs.length === 0) return { records: [], hasNextPage: false };
    const direction = query.order.direction === 'ASC' ? 'asc' : 'desc';
    const value = query.order.field === 'UPDATED_AT' ? 'updated_at' : 'created_at';
    // The page's keys from `alerts` alone (a LIMIT subquery, which neither engine flattens), then
    // their JSON and repositories: with the joins beside the LIMIT, PostgreSQL may join every match
    // before sorting (EXPLAIN ANALYZE: a top-N heapsort over 13,486 joined rows, 0.7 s at 22k alerts).
    const page = this.db
      .selectFrom('alerts')
      .select(['alerts.source_id', 'alerts.org', 'alerts.repo', 'alerts.number', `alerts.${value}`])
      .where((eb) => (after ? eb.and([alertConditions(eb, this.sourceId, query), afterKeyset(eb, query.order, after)]) : alertConditions(eb, this.sourceId, query)))
      .orderBy(orderColumn(query.order), direction)
      .orderBy('alerts.org', direction)
      .orderBy('alerts.repo', direction)
      .orderBy('alerts.number', direction)
      .limit(limit + 1)
      .as('page');
    const rows = await this.db
      .selectFrom(page)
      .innerJoin('alert_payloads', (join) =>
        join.onRef('alert_payloads.source_id', '=', 'page.source_id').onRef('alert_payloads.org', '=', 'page.org').onRef('alert_payloads.repo', '=', 'page.repo').onRef('alert_payloads.number', '=', 'page.number'),
      )
      .innerJoin('repositories', (join) =>
        join.onRef('repositories.source_id', '=', 'page.source_id').onRef('repositories.org', '=', 'page.org').onRef('repositories.repo', '=', 'page.repo'),
      )
      .select(RECORD_COLUMNS)
      .orderBy(`page.${value}`, direction)
      .orderBy('page.org', direction)
      .orderBy('page.repo', direction)
      .orderBy('page.number', direction)
      .execute();
    return { records: rows.slice(0, limit).map((row) => recordFromRow(row.data, row)), hasNextPage: rows.length > limit };
  }

  async count(query: IndexQuery): Promise<number> {
    if (query.orgs.length === 0) return 0;
    const fromRollups = await countFromRollups(this.db, this.sourceId, query);
    if (fromRollups !== null) return fromRollups;
    const row = await this.db
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where((eb) => alertConditions(eb, this.sourceId, query))
      .executeTakeFirstOrThrow();
    return row.count;
  }

  report(query: IndexQuery): Promise<AlertReport> {
    return indexReport(this.db, this.sourceId, query);
  }

  async alert(owner: string, repo: string, number: number): Promise<AlertRecord | null> {
    const row = await this.withRepositories()
      .where('alerts.source_id', '=', this.sourceId)
      .where('alerts.org', '=', owner.toLowerCase())
      .where('alerts.repo', '=', repo.toLowerCase())
      .where('alerts.number', '=', number)
      .executeTakeFirst();
    return row ? recordFromRow(row.data, row) : null;
  }

  /** The stored history of an alert, oldest first. */
  timeline(key: AlertKey): Promise<AlertEvent[]> {
    return alertTimeline(this.db, this.sourceId, key);
  }

  backlog(query: IndexQuery, interval: TrendInterval): Promise<BacklogPoint[]> {
    return indexBacklog(this.db, this.sourceId, query, interval);
  }

  syncStatus(orgs: readonly string[]): Promise<OrganizationSyncStatus[]> {
    return syncStatuses(this.db, this.sourceId, orgs);
  }

  /** Whether reads of this organization may be served from the index (its first full sync is done). */
  async isReady(org: string): Promise<boolean> {
    return (await this.readyOrgs([org])).has(org.toLowerCase());
  }

  /**
   * What the index can say of each organization: its alerts (READY), that GitHub refuses it (its
   * first sync failed with FORBIDDEN or NOT_FOUND: the failure a live read would report), or
   * nothing yet (its reads stay live). Organizations the index does not know are absent.
   */
  async coverage(orgs: readonly string[]): Promise<Map<string, { ready: true } | { ready: false; failure: { code: string; message: string } | null }>> {
    const rows = await organizationRows(this.db, this.sourceId, orgs);
    return new Map(
      rows.map((row) => [
        row.org,
        row.last_full_sync_at !== null
          ? { ready: true as const }
          : { ready: false as const, failure: row.error_code === 'FORBIDDEN' || row.error_code === 'NOT_FOUND' ? { code: row.error_code, message: row.error ?? '' } : null },
      ]),
    );
  }

  async readyOrgs(orgs: readonly string[]): Promise<Set<string>> {
    const rows = await organizationRows(this.db, this.sourceId, orgs);
    return new Set(rows.filter((row) => row.last_full_sync_at !== null).map((row) => row.org));
  }

  /**
   * Read-your-writes: a mutation that wrote `record` to GitHub writes it here in the same request
   * (GATEWAY); a webhook's re-read of an alert GitHub says changed is written the same way (WEBHOOK).
   */
  async applyAlertUpdate(record: AlertRecord, source: 'GATEWAY' | 'WEBHOOK' = 'GATEWAY'): Promise<AlertChange[]> {
    const { repository } = record;
    const key = { org: repository.owner.toLowerCase(), repo: repository.name.toLowerCase(), number: record.alert.number! };
    const changes = await this.transaction(async (trx) => {
      await writeRepositories(trx, [repositoryRowOf(this.sourceId, repository)], true);
      return writeAlerts(trx, this.sourceId, key.org, [{ key, alert: storedAlert(record.alert), repository }], source);
    });
    this.emit({ origin: { source }, org: key.org, changes });
    return changes;
  }

  /** One page of an organization's alert list, as GitHub sent it (repository embedded). */
  async writeListedAlerts(org: string, alerts: readonly RestOrgAlert[], pass: 'full' | 'incremental'): Promise<AlertChange[]> {
    const repositories = new Map<string, { row: RepositoriesTable; record: RepositoryRecord }>();
    const incoming: IncomingAlert[] = [];
    for (const alert of alerts) {
      const listed = alert.repository;
      // An alert that names no repository of this organization cannot be keyed (GitHub always embeds it).
      if (listed?.owner.login.toLowerCase() !== org || alert.number === undefined) continue;
      const key = { org, repo: listed.name.toLowerCase(), number: alert.number };
      let repository = repositories.get(key.repo);
      if (!repository) {
        const row = repositoryRow(this.sourceId, listed);
        repositories.set(key.repo, (repository = { row, record: repositoryRecord(row) }));
      }
      incoming.push({ key, alert: storedAlert(alert), repository: repository.record });
    }
    // Every page names the same few repositories: rows written before with the same JSON are not
    // written again (on PostgreSQL each write would lock them until the page's transaction ends).
    const changed = [...repositories.values()].map(({ row }) => row).filter((row) => this.knownRepositories.get(`${row.org}/${row.repo}`) !== row.data);
    const changes = await this.transaction(async (trx) => {
      await writeRepositories(trx, changed);
      return writeAlerts(trx, this.sourceId, org, incoming, 'SYNC');
    });
    for (const row of changed) this.knownRepositories.set(`${row.org}/${row.repo}`, row.data!);
    this.emit({ origin: { source: 'SYNC', pass }, org, changes });
    return changes;
  }

  /** Every alert key the index holds for an organization (`repo#number`). */
  async alertKeys(org: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('alerts').select(['org', 'repo', 'number']).where('source_id', '=', this.sourceId).where('org', '=', org).execute();
    return new Set(rows.map(alertKeyString));
  }

  /** Alerts a full pass no longer found on GitHub (deleted or transferred repositories). */
  async removeAlerts(org: string, keys: readonly AlertKey[]): Promise<AlertChange[]> {
    const changes = await this.transaction((trx) => deleteAlerts(trx, this.sourceId, org, keys));
    this.emit({ origin: { source: 'SYNC', pass: 'full' }, org, changes });
    return changes;
  }

  onChanges(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(batch: AlertChangeBatch): void {
    if (batch.changes.length === 0) return;
    for (const listener of this.listeners) listener(batch);
  }

  /** Refreshes the planner's statistics (after bulk writes: a first sync changes every row count). */
  async refreshStatistics(): Promise<void> {
    // PostgreSQL answers counts from indexes alone only for pages VACUUM has marked all-visible.
    await (this.engine === 'sqlite' ? sql`analyze` : sql`vacuum (analyze) alerts, alert_payloads, alert_facets`).execute(this.db);
  }

  sizeBytes(): Promise<number> {
    return this.database.sizeBytes();
  }

  close(): Promise<void> {
    return this.database.close();
  }

  /**
   * A write transaction, run again when PostgreSQL chose it as a deadlock victim (writes lock
   * rows in key order, but a caller's write and a sync page may still cross).
   */
  private async transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.db.transaction().execute(work);
      } catch (error) {
        if (attempt >= 3 || (error as { code?: string }).code !== '40P01') throw error;
      }
    }
  }

  /** Alerts with their JSON and their repository's columns: what a record is built from. */
  private withRepositories() {
    return this.db
      .selectFrom('alerts')
      .innerJoin('alert_payloads', (join) =>
        join.onRef('alert_payloads.source_id', '=', 'alerts.source_id').onRef('alert_payloads.org', '=', 'alerts.org').onRef('alert_payloads.repo', '=', 'alerts.repo').onRef('alert_payloads.number', '=', 'alerts.number'),
      )
      .innerJoin('repositories', (join) =>
        join.onRef('repositories.source_id', '=', 'alerts.source_id').onRef('repositories.org', '=', 'alerts.org').onRef('repositories.repo', '=', 'alerts.repo'),
      )
      .select(RECORD_COLUMNS);
  }
}

/** What a record is built from: the alert's JSON and its repository's columns. */
const RECORD_COLUMNS = ['alert_payloads.data', 'repositories.owner_login', 'repositories.name', 'repositories.full_name', 'repositories.is_private', 'repositories.html_url'] as const;

/** The keyset of a record in an order: where the page after it starts. */
export function keysetOf(record: AlertRecord, order: AlertOrder): AlertKeyset {
  return { value: orderValue(record, order), org: record.repository.owner.toLowerCase(), repo: record.repository.name.toLowerCase(), number: record.alert.number! };
}
