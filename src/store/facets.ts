import type { Kysely, Transaction } from 'kysely';
import type { Tally } from '../alerts/report.ts';
import type { AlertFacetsTable, AlertsTable, Database } from './schema.ts';

/** The report buckets kept as rollups; each names how a facet row is added to a report tally. */
export type FacetName = 'total' | 'type' | 'resolution' | 'validity' | 'assignee' | 'repo' | 'opened_week' | 'opened_month' | 'resolved_week' | 'resolved_month';

/** The columns of an alert its facets depend on, plus its repository's full name (the top-repositories key). */
export type FacetDimensions = Pick<
  AlertsTable,
  'org' | 'state' | 'secret_type' | 'resolution' | 'validity' | 'assignee' | 'resolve_ms' | 'created_week' | 'created_month' | 'resolved_week' | 'resolved_month'
> & { full_name: string };

type FacetDelta = Pick<AlertFacetsTable, 'org' | 'state' | 'facet' | 'key' | 'count' | 'resolved_count' | 'resolve_ms'>;

/**
 * Changes of the rollups, summed in memory over one write (a page of alerts) so that each facet row
 * is written once per page, in key order (two writers of one organization lock rows in the same order).
 */
export class FacetDeltas {
  private readonly deltas = new Map<string, FacetDelta>();

  /** Counts an alert in (sign 1) or out (sign −1) of every bucket it belongs to. */
  add(alert: FacetDimensions, sign: 1 | -1): void {
    const resolvedMs = alert.resolve_ms;
    const durations: [number, number] = resolvedMs === null ? [0, 0] : [sign, sign * resolvedMs];
    this.bump(alert, 'total', '', sign, durations);
    this.bump(alert, 'type', alert.secret_type, sign, durations);
    if (alert.state === 'resolved' && alert.resolution) this.bump(alert, 'resolution', alert.resolution.toUpperCase(), sign);
    this.bump(alert, 'validity', alert.validity.toUpperCase(), sign);
    this.bump(alert, 'assignee', alert.assignee ?? 'none', sign);
    this.bump(alert, 'repo', alert.full_name, sign);
    this.bump(alert, 'opened_week', String(alert.created_week), sign);
    this.bump(alert, 'opened_month', String(alert.created_month), sign);
    if (alert.resolved_week !== null) this.bump(alert, 'resolved_week', String(alert.resolved_week), sign);
    if (alert.resolved_month !== null) this.bump(alert, 'resolved_month', String(alert.resolved_month), sign);
  }

  private bump(alert: FacetDimensions, facet: FacetName, key: string, count: number, [resolvedCount, resolveMs]: [number, number] = [0, 0]): void {
    const id = `${alert.org}\n${alert.state}\n${facet}\n${key}`;
    const delta = this.deltas.get(id);
    if (delta) {
      delta.count += count;
      delta.resolved_count += resolvedCount;
      delta.resolve_ms += resolveMs;
    } else {
      this.deltas.set(id, { org: alert.org, state: alert.state, facet, key, count, resolved_count: resolvedCount, resolve_ms: resolveMs });
    }
  }

  async write(trx: Transaction<Database> | Kysely<Database>, sourceId: number): Promise<void> {
    const rows = [...this.deltas.entries()]
      .filter(([, delta]) => delta.count !== 0 || delta.resolved_count !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, delta]) => ({ source_id: sourceId, ...delta }));
    // 8 columns a row: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters per statement.
    for (let start = 0; start < rows.length; start += 1_000) {
      await trx
        .insertInto('alert_facets')
        .values(rows.slice(start, start + 1_000))
        .onConflict((conflict) =>
          conflict.columns(['source_id', 'org', 'state', 'facet', 'key']).doUpdateSet((eb) => ({
            count: eb('alert_facets.count', '+', eb.ref('excluded.count')),
            resolved_count: eb('alert_facets.resolved_count', '+', eb.ref('excluded.resolved_count')),
            resolve_ms: eb('alert_facets.resolve_ms', '+', eb.ref('excluded.resolve_ms')),
          })),
        )
        .execute();
    }
    this.deltas.clear();
  }
}

/** A facet row as the report reads it (summed over the organizations and states asked for). */
export interface FacetSum {
  facet: string;
  key: string;
  count: number;
  resolved_count: number;
  resolve_ms: number;
}

/**
 * Adds a rollup row, or a group of alerts of the one-pass report, to a report tally. Period rows
 * are events already inside the report's trend window (the one-pass query decides that per alert).
 */
export function addFacet(tally: Tally, { facet, key, count, resolved_count, resolve_ms }: FacetSum): void {
  const add = (map: Map<string, number>, bucket: string) => map.set(bucket, (map.get(bucket) ?? 0) + count);
  switch (facet as FacetName) {
    case 'total':
      tally.total += count;
      addDurations(tally.resolve, resolved_count, resolve_ms);
      return;
    case 'type':
      add(tally.bySecretType, key);
      if (resolved_count > 0) {
        let durations = tally.resolveBySecretType.get(key);
        if (!durations) tally.resolveBySecretType.set(key, (durations = { count: 0, sumMs: 0 }));
        addDurations(durations, resolved_count, resolve_ms);
      }
      return;
    case 'resolution':
      return void add(tally.byResolution, key);
    case 'validity':
      return void add(tally.byValidity, key);
    case 'assignee':
      return void add(tally.byAssignee, key);
    case 'repo':
      return void add(tally.byRepository, key);
    case 'opened_week':
    case 'opened_month':
    case 'resolved_week':
    case 'resolved_month':
      return addPeriod(tally, facet, Number(key), count);
  }
}

function addDurations(durations: { count: number; sumMs: number }, count: number, sumMs: number): void {
  durations.count += count;
  durations.sumMs += sumMs;
}

function addPeriod(tally: Tally, facet: string, start: number, count: number): void {
  const periods = tally.periods[facet.endsWith('week') ? 'WEEK' : 'MONTH'];
  let counts = periods.get(start);
  if (!counts) periods.set(start, (counts = [0, 0]));
  counts[facet.startsWith('opened') ? 0 : 1] += count;
}
