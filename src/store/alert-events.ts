import type { Insertable, Kysely, Transaction } from 'kysely';
import { periodStart } from '../alerts/report.ts';
import { eventOf, historySteps, type AlertEvent } from '../domain/alert-history.ts';
import type { AlertChangeAction, ChangeSource } from '../events.ts';
import type { AlertKey } from './rows.ts';
import type { AlertEventsTable, Database } from './schema.ts';
import type { AlertChange } from './writes.ts';

type EventRow = Insertable<AlertEventsTable>;

const OPEN_DELTA: Partial<Record<AlertChangeAction, number>> = { CREATED: 1, REOPENED: 1, RESOLVED: -1 };

/** The history rows of changes one write made (see historySteps), stamped with who learned of them. */
export function eventRows(sourceId: number, changes: readonly AlertChange[], origin: ChangeSource, now = Date.now()): EventRow[] {
  const rows: EventRow[] = [];
  for (const { key, before, after } of changes) {
    if (after === null) continue;
    const previousUpdatedAt = before === null ? 0 : before.sortKeys.updated;
    for (const step of historySteps(before?.alert ?? null, after.alert, now)) {
      rows.push({
        source_id: sourceId,
        ...key,
        occurred_at: step.occurredAt,
        action: step.action,
        state: step.state,
        resolution: step.resolution,
        actor: step.actor,
        origin,
        week: periodStart('WEEK', step.occurredAt),
        month: periodStart('MONTH', step.occurredAt),
        open_delta: OPEN_DELTA[step.action] ?? 0,
        resolve_ms: step.resolveMs,
        previous_updated_at: previousUpdatedAt,
      });
    }
  }
  return rows;
}

/** Rows per INSERT: SQLite allows 32,766 parameters per statement, and a row has 16. */
const INSERT_CHUNK = 1_000;

/**
 * Stores history rows in the caller's transaction (the one that updates the alerts), so a change
 * is in the history exactly when it is in the index. A change already stored (the same change
 * learned by two writers at once) is skipped by its key (see the 2026-12-02T02 migration).
 */
export async function writeAlertEvents(trx: Transaction<Database>, rows: readonly EventRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    await trx
      .insertInto('alert_events')
      .values(rows.slice(start, start + INSERT_CHUNK))
      .onConflict((conflict) => conflict.doNothing())
      .execute();
  }
}

/** Forgets the history of alerts removed from the index (GitHub no longer lists them). */
export async function deleteAlertEvents(trx: Transaction<Database>, sourceId: number, key: AlertKey): Promise<void> {
  await trx.deleteFrom('alert_events').where('source_id', '=', sourceId).where('org', '=', key.org).where('repo', '=', key.repo).where('number', '=', key.number).execute();
}

/** An alert's stored history, oldest first (events of one second in the order they were stored). */
export async function alertTimeline(db: Kysely<Database>, sourceId: number, key: AlertKey): Promise<AlertEvent[]> {
  const rows = await db
    .selectFrom('alert_events')
    .select(['action', 'occurred_at', 'state', 'resolution', 'actor', 'origin'])
    .where('source_id', '=', sourceId)
    .where('org', '=', key.org)
    .where('repo', '=', key.repo)
    .where('number', '=', key.number)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  return rows.map((row) =>
    eventOf(
      { action: row.action as AlertChangeAction, occurredAt: row.occurred_at, state: row.state === 'resolved' ? 'resolved' : 'open', resolution: row.resolution, actor: row.actor },
      row.origin as ChangeSource,
    ),
  );
}
