import type { Transaction } from 'kysely';
import type { AlertRecord, RepositoryRecord } from '../alerts/model.ts';
import { toAlertRecord } from '../alerts/model.ts';
import type { ChangeSource } from '../events.ts';
import type { RestRepoAlert } from '../github/types.ts';
import { deleteAlertEvents, eventRows, writeAlertEvents } from './alert-events.ts';
import { FacetDeltas, type FacetDimensions } from './facets.ts';
import { alertKeyString, alertRow, repositoryRecord, type AlertKey } from './rows.ts';
import type { AlertPayloadsTable, AlertsTable, Database, RepositoriesTable } from './schema.ts';

/** An alert as a write hands it to the index: its key, GitHub's object (no secret) and its repository. */
export interface IncomingAlert {
  key: AlertKey;
  alert: RestRepoAlert;
  repository: RepositoryRecord;
}

/** What one write changed: the alert before (null: new) and after (null: gone). */
export interface AlertChange {
  key: AlertKey;
  before: AlertRecord | null;
  after: AlertRecord | null;
}

const DIMENSIONS = [
  'org', 'repo', 'number', 'state', 'secret_type', 'resolution', 'validity', 'assignee', 'resolve_ms',
  'created_week', 'created_month', 'resolved_week', 'resolved_month',
] as const satisfies readonly (keyof AlertsTable)[];

type StoredDimensions = Pick<AlertsTable, (typeof DIMENSIONS)[number] | 'updated_at'> & { data: string };

/** What the index holds for these keys (all of one organization), by key. */
async function storedAlerts(trx: Transaction<Database>, sourceId: number, org: string, keys: readonly AlertKey[]): Promise<Map<string, StoredDimensions>> {
  if (keys.length === 0) return new Map();
  // SQLite has no row-value IN list; repo IN × number IN is a small superset, narrowed by key below.
  const rows = await trx
    .selectFrom('alerts')
    .innerJoin('alert_payloads', (join) =>
      join.onRef('alert_payloads.source_id', '=', 'alerts.source_id').onRef('alert_payloads.org', '=', 'alerts.org').onRef('alert_payloads.repo', '=', 'alerts.repo').onRef('alert_payloads.number', '=', 'alerts.number'),
    )
    .select([...DIMENSIONS.map((column) => `alerts.${column}` as const), 'alerts.updated_at', 'alert_payloads.data'])
    .where('alerts.source_id', '=', sourceId)
    .where('alerts.org', '=', org)
    .where('alerts.repo', 'in', [...new Set(keys.map((key) => key.repo))])
    .where('alerts.number', 'in', [...new Set(keys.map((key) => key.number))])
    .execute();
  const wanted = new Set(keys.map(alertKeyString));
  return new Map(rows.filter((row) => wanted.has(alertKeyString(row))).map((row) => [alertKeyString(row), row]));
}

/**
 * Inserts or updates alerts of one organization, their report rollups and their history (`origin`
 * says who learned of the changes), in the caller's transaction. An alert whose stored JSON is
 * unchanged is not written and yields no change; nor is one older than the stored version (a
 * sync page read before a mutation and written after it), which would undo a newer change.
 */
export async function writeAlerts(
  trx: Transaction<Database>,
  sourceId: number,
  org: string,
  incoming: readonly IncomingAlert[],
  origin: ChangeSource,
): Promise<AlertChange[]> {
  const stored = await storedAlerts(trx, sourceId, org, incoming.map((item) => item.key));
  const deltas = new FacetDeltas();
  const rows: AlertsTable[] = [];
  const payloads: AlertPayloadsTable[] = [];
  const changes: AlertChange[] = [];
  for (const { key, alert, repository } of incoming) {
    const { row, data } = alertRow(sourceId, key, alert);
    const before = stored.get(alertKeyString(key));
    if (before && (before.data === data || row.updated_at < before.updated_at)) continue;
    if (before) deltas.add({ ...before, full_name: repository.nameWithOwner }, -1);
    deltas.add({ ...row, full_name: repository.nameWithOwner }, 1);
    rows.push(row);
    payloads.push({ source_id: sourceId, ...key, data });
    changes.push({ key, before: before ? toAlertRecord(JSON.parse(before.data) as RestRepoAlert, repository) : null, after: toAlertRecord(alert, repository) });
  }
  if (rows.length > 0) {
    await trx
      .insertInto('alerts')
      .values(rows)
      .onConflict((conflict) =>
        conflict.columns(['source_id', 'org', 'repo', 'number']).doUpdateSet((eb) =>
          Object.fromEntries(UPDATED_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)])),
        ),
      )
      .execute();
    await trx
      .insertInto('alert_payloads')
      .values(payloads)
      .onConflict((conflict) => conflict.columns(['source_id', 'org', 'repo', 'number']).doUpdateSet((eb) => ({ data: eb.ref('excluded.data') })))
      .execute();
  }
  await deltas.write(trx, sourceId);
  await writeAlertEvents(trx, eventRows(sourceId, changes, origin));
  return changes;
}

const UPDATED_COLUMNS = [
  'state', 'secret_type', 'resolution', 'validity', 'publicly_leaked', 'multi_repo', 'assignee', 'provider_slug',
  'push_protection_bypassed', 'created_at', 'updated_at', 'resolved_at', 'resolve_ms', 'created_week', 'created_month',
  'resolved_week', 'resolved_month',
] as const satisfies readonly (keyof AlertsTable)[];

/** Repositories seen in a write; `onlyIfAbsent` keeps what a sync stored over a name-only record. */
export async function writeRepositories(trx: Transaction<Database>, rows: readonly RepositoriesTable[], onlyIfAbsent = false): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('repositories')
    // In key order: concurrent writers then lock the same rows in the same order.
    .values([...rows].sort((a, b) => (a.repo < b.repo ? -1 : a.repo > b.repo ? 1 : 0)))
    .onConflict((conflict) => {
      const target = conflict.columns(['source_id', 'org', 'repo']);
      return onlyIfAbsent
        ? target.doNothing()
        : target.doUpdateSet((eb) => ({
            owner_login: eb.ref('excluded.owner_login'),
            name: eb.ref('excluded.name'),
            full_name: eb.ref('excluded.full_name'),
            is_private: eb.ref('excluded.is_private'),
            html_url: eb.ref('excluded.html_url'),
            data: eb.ref('excluded.data'),
          }));
    })
    .execute();
}

/** Removes alerts of one organization (gone from GitHub) and takes them out of the rollups. */
export async function deleteAlerts(trx: Transaction<Database>, sourceId: number, org: string, keys: readonly AlertKey[]): Promise<AlertChange[]> {
  const changes: AlertChange[] = [];
  // Chunks keep the superset query of storedAlerts small.
  for (let start = 0; start < keys.length; start += 100) {
    const chunk = keys.slice(start, start + 100);
    const stored = await storedAlerts(trx, sourceId, org, chunk);
    if (stored.size === 0) continue;
    const repositories = await repositoriesOf(trx, sourceId, org, [...new Set([...stored.values()].map((row) => row.repo))]);
    const deltas = new FacetDeltas();
    for (const row of stored.values()) {
      const repository = repositories.get(row.repo)!;
      deltas.add({ ...row, full_name: repository.nameWithOwner } satisfies FacetDimensions, -1);
      changes.push({ key: { org: row.org, repo: row.repo, number: row.number }, before: toAlertRecord(JSON.parse(row.data) as RestRepoAlert, repository), after: null });
      for (const table of ['alerts', 'alert_payloads'] as const) {
        await trx.deleteFrom(table).where('source_id', '=', sourceId).where('org', '=', org).where('repo', '=', row.repo).where('number', '=', row.number).execute();
      }
      await deleteAlertEvents(trx, sourceId, row);
    }
    await deltas.write(trx, sourceId);
  }
  return changes;
}

async function repositoriesOf(trx: Transaction<Database>, sourceId: number, org: string, repos: string[]): Promise<Map<string, RepositoryRecord>> {
  const rows = await trx
    .selectFrom('repositories')
    .select(['repo', 'owner_login', 'name', 'full_name', 'is_private', 'html_url'])
    .where('source_id', '=', sourceId)
    .where('org', '=', org)
    .where('repo', 'in', repos)
    .execute();
  return new Map(rows.map((row) => [row.repo, repositoryRecord(row)]));
}
