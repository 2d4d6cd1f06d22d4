import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, OrganizationsTable, SyncState } from './schema.ts';

/** Where the index stands for one organization (the contract's OrganizationSyncStatus, plus an ETA). */
export interface OrganizationSyncStatus {
  login: string;
  state: SyncState;
  /** Alerts the index holds for this organization. */
  alertCount: number;
  /** Share of the first full sync done, 0 to 1 (1 once READY). */
  progress: number;
  lastFullSyncAt: Date | null;
  lastIncrementalSyncAt: Date | null;
  error: string | null;
  /** Seconds until the running full pass is expected to end, from its pace so far; null when none runs. */
  etaSeconds: number | null;
}

/** The end of the organization's last successful pass, full or incremental; null before its first. */
export function lastSyncedAt(status: OrganizationSyncStatus): Date | null {
  const times = [status.lastFullSyncAt, status.lastIncrementalSyncAt].filter((at): at is Date => at !== null);
  return times.length === 0 ? null : new Date(Math.max(...times.map((at) => at.getTime())));
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type OrganizationUpdate = Omit<Updateable<OrganizationsTable>, 'source_id' | 'org'>;

export async function organizationRows(db: Kysely<Database>, sourceId: number, orgs?: readonly string[]): Promise<OrganizationRow[]> {
  if (orgs?.length === 0) return [];
  return db
    .selectFrom('organizations')
    .selectAll()
    .where('source_id', '=', sourceId)
    .$if(orgs !== undefined, (qb) => qb.where('org', 'in', orgs!.map((org) => org.toLowerCase())))
    .orderBy('org')
    .execute();
}

/** Adds organizations the index does not know yet, as PENDING. */
export async function addOrganizations(db: Kysely<Database>, sourceId: number, orgs: readonly string[]): Promise<void> {
  if (orgs.length === 0) return;
  await db
    .insertInto('organizations')
    .values(orgs.map((org) => ({ source_id: sourceId, org: org.toLowerCase(), state: 'PENDING' as const })))
    .onConflict((conflict) => conflict.columns(['source_id', 'org']).doNothing())
    .execute();
}

export async function updateOrganization(db: Kysely<Database>, sourceId: number, org: string, update: OrganizationUpdate): Promise<void> {
  await db.updateTable('organizations').set(update).where('source_id', '=', sourceId).where('org', '=', org).execute();
}

/** Forgets an organization (no longer in GATEWAY_ORGS): its alerts, their history, rollups, repositories and state. */
export async function removeOrganization(db: Kysely<Database>, sourceId: number, org: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of ['alerts', 'alert_payloads', 'alert_events', 'alert_facets', 'repositories', 'organizations'] as const) {
      await trx.deleteFrom(table).where('source_id', '=', sourceId).where('org', '=', org).execute();
    }
  });
}

export async function syncStatuses(db: Kysely<Database>, sourceId: number, orgs: readonly string[], now = Date.now()): Promise<OrganizationSyncStatus[]> {
  const rows = await organizationRows(db, sourceId, orgs);
  const counts = rows.length === 0 ? [] : await db
    .selectFrom('alert_facets')
    .select((eb) => ['org', eb.fn.sum<number>('count').as('count')])
    .where('source_id', '=', sourceId)
    .where('facet', '=', 'total')
    .where('org', 'in', rows.map((row) => row.org))
    .groupBy('org')
    .execute();
  const alertCounts = new Map(counts.map((row) => [row.org, row.count]));
  return rows.map((row) => ({
    login: row.org,
    state: row.state,
    alertCount: alertCounts.get(row.org) ?? 0,
    progress: row.state === 'READY' ? 1 : row.pages_total > 0 ? Math.min(1, row.pages_done / row.pages_total) : 0,
    lastFullSyncAt: row.last_full_sync_at === null ? null : new Date(row.last_full_sync_at),
    lastIncrementalSyncAt: row.last_incremental_sync_at === null ? null : new Date(row.last_incremental_sync_at),
    error: row.error,
    etaSeconds: row.state === 'READY' && row.pages_done >= row.pages_total ? null : etaSeconds(row.full_started_at, row.pages_done, row.pages_total, now),
  }));
}

/** Seconds until a full pass ends, at the pace of the pages it has done so far; null when not known. */
export function etaSeconds(startedAt: number | null, done: number, total: number, now: number): number | null {
  if (startedAt === null || done === 0 || done >= total) return null;
  return Math.round(((now - startedAt) / 1000) * ((total - done) / done));
}
