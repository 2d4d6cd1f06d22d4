import type { DemoAlertRecord, DemoDataset } from '../../src/demo/dataset.ts';
import { isGenericSecretType } from '../../src/github/secret-types.ts';

/** The filter of the GraphQL API, evaluated directly on the demo dataset: the expected answers. */
export interface ReferenceFilter {
  state?: 'OPEN' | 'RESOLVED';
  secretTypes?: string[];
  resolutions?: string[];
  validities?: string[];
  publiclyLeaked?: boolean;
  multiRepo?: boolean;
  repositories?: string[];
  assignee?: string;
  providers?: string[];
  excludeProviders?: string[];
  excludeSecretTypes?: string[];
  isBypassed?: boolean;
}

export function alertId(record: DemoAlertRecord): string {
  return `${record.repository.full_name}#${record.alert.number}`;
}

export function matches(record: DemoAlertRecord, filter: ReferenceFilter): boolean {
  const { alert, repository } = record;
  if (filter.state && alert.state !== filter.state.toLowerCase()) return false;
  if (filter.secretTypes && !filter.secretTypes.includes(alert.secret_type ?? '')) return false;
  if (filter.resolutions && !filter.resolutions.map((r) => r.toLowerCase()).includes(alert.resolution ?? '')) return false;
  if (filter.validities && !filter.validities.map((v) => v.toLowerCase()).includes(alert.validity ?? '')) return false;
  if (filter.publiclyLeaked !== undefined && Boolean(alert.publicly_leaked) !== filter.publiclyLeaked) return false;
  if (filter.multiRepo !== undefined && Boolean(alert.multi_repo) !== filter.multiRepo) return false;
  if (filter.repositories && !filter.repositories.some((name) => name === repository.name || name === repository.full_name)) {
    return false;
  }
  return matchesAssigneeAndProvider(record, filter);
}

function matchesAssigneeAndProvider({ alert }: DemoAlertRecord, filter: ReferenceFilter): boolean {
  const { assignee } = filter;
  if (assignee === '*' && alert.assigned_to === null) return false;
  if (assignee === 'none' && alert.assigned_to !== null) return false;
  if (assignee !== undefined && assignee !== '*' && assignee !== 'none' && alert.assigned_to?.login.toLowerCase() !== assignee.toLowerCase()) return false;
  if (filter.providers && !filter.providers.includes(alert.provider_slug ?? '')) return false;
  if (filter.excludeProviders && alert.provider_slug !== null && filter.excludeProviders.includes(alert.provider_slug)) return false;
  if (filter.excludeSecretTypes?.includes(alert.secret_type)) return false;
  if (filter.isBypassed !== undefined && (alert.push_protection_bypassed === true) !== filter.isBypassed) return false;
  return true;
}

/** Every alert of these orgs that matches, newest first (ties in any order). */
export function expectedAlerts(dataset: DemoDataset, orgs: string[], filter: ReferenceFilter = {}): DemoAlertRecord[] {
  return dataset.alerts
    .filter((record) => orgs.includes(record.org) && matches(record, filter))
    .sort((a, b) => Date.parse(b.alert.created_at ?? '') - Date.parse(a.alert.created_at ?? ''));
}

/** Time windows of the filter, as ISO strings (half-open: after inclusive, before exclusive). */
export interface ReferenceWindow {
  createdAfter?: string;
  createdBefore?: string;
  resolvedAfter?: string;
  resolvedBefore?: string;
}

export function inWindow(record: DemoAlertRecord, window: ReferenceWindow): boolean {
  const { alert } = record;
  const created = Date.parse(alert.created_at);
  const resolved = alert.resolved_at ? Date.parse(alert.resolved_at) : Number.NaN;
  if (window.createdAfter && !(created >= Date.parse(window.createdAfter))) return false;
  if (window.createdBefore && !(created < Date.parse(window.createdBefore))) return false;
  if (window.resolvedAfter && !(resolved >= Date.parse(window.resolvedAfter))) return false;
  if (window.resolvedBefore && !(resolved < Date.parse(window.resolvedBefore))) return false;
  return true;
}

/** Alerts of these orgs matching the filter and its time windows, newest first. */
export function expectedWindowedAlerts(
  dataset: DemoDataset,
  orgs: string[],
  filter: ReferenceFilter & ReferenceWindow = {},
): DemoAlertRecord[] {
  return expectedAlerts(dataset, orgs, filter).filter((record) => inWindow(record, filter));
}

export interface ReferenceBucket {
  key: string;
  count: number;
}

export interface ReferenceDuration {
  key: string;
  count: number;
  meanSeconds: number;
}

/** Count descending, then key ascending by code point. */
function sortBuckets<T extends { key: string; count: number }>(list: T[]): T[] {
  return list.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function countBy(records: DemoAlertRecord[], keyOf: (record: DemoAlertRecord) => string | null): ReferenceBucket[] {
  const counts = new Map<string, number>();
  for (const record of records) {
    const key = keyOf(record);
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return sortBuckets([...counts].map(([key, count]) => ({ key, count })));
}

function resolveMs(record: DemoAlertRecord): number | null {
  const { alert } = record;
  if (alert.state !== 'resolved' || !alert.resolved_at) return null;
  return Math.max(0, Date.parse(alert.resolved_at) - Date.parse(alert.created_at));
}

function meanBy(records: DemoAlertRecord[], keyOf: (record: DemoAlertRecord) => string): ReferenceDuration[] {
  const sums = new Map<string, { count: number; sumMs: number }>();
  for (const record of records) {
    const ms = resolveMs(record);
    if (ms === null) continue;
    const entry = sums.get(keyOf(record)) ?? { count: 0, sumMs: 0 };
    entry.count += 1;
    entry.sumMs += ms;
    sums.set(keyOf(record), entry);
  }
  return sortBuckets([...sums].map(([key, { count, sumMs }]) => ({ key, count, meanSeconds: sumMs / count / 1000 })));
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05, the first Monday after the Unix epoch. */
const A_MONDAY = Date.UTC(1970, 0, 5);

/**
 * Monday 00:00 UTC of the week, or the 1st 00:00 UTC of the month, holding `time`. Worked out
 * differently from the report (whole weeks counted from a known Monday; the month read off the
 * ISO string), and checked against hand-computed dates in test/alerts/report-periods.test.ts.
 */
export function referencePeriodStart(interval: 'WEEK' | 'MONTH', time: number): number {
  if (interval === 'MONTH') return Date.parse(`${new Date(time).toISOString().slice(0, 7)}-01T00:00:00.000Z`);
  return A_MONDAY + Math.floor((time - A_MONDAY) / WEEK_MS) * WEEK_MS;
}

/** The period after the one starting at `start`. */
function referenceNextPeriod(interval: 'WEEK' | 'MONTH', start: number): number {
  return interval === 'WEEK' ? start + WEEK_MS : referencePeriodStart('MONTH', start + 32 * DAY_MS);
}

/**
 * The trend as the schema documents it: periods oldest first, gaps filled with zeros, spanning the
 * filter's window (earliest createdAfter/resolvedAfter to latest createdBefore/resolvedBefore) where
 * given, else the first to the last event; events outside the window are not counted.
 */
export function expectedTrend(
  records: DemoAlertRecord[],
  interval: 'WEEK' | 'MONTH',
  window: ReferenceWindow,
): { periodStart: string; opened: number; resolved: number }[] {
  const afters = [window.createdAfter, window.resolvedAfter].filter((s) => s !== undefined).map((s) => Date.parse(s));
  const befores = [window.createdBefore, window.resolvedBefore].filter((s) => s !== undefined).map((s) => Date.parse(s));
  const from = afters.length ? Math.min(...afters) : null;
  const to = befores.length ? Math.max(...befores) : null;
  const inside = (time: number) => Number.isFinite(time) && (from === null || time >= from) && (to === null || time < to);
  const opened = new Map<number, number>();
  const resolved = new Map<number, number>();
  for (const { alert } of records) {
    const created = Date.parse(alert.created_at);
    if (inside(created)) opened.set(referencePeriodStart(interval, created), (opened.get(referencePeriodStart(interval, created)) ?? 0) + 1);
    const closed = alert.state === 'resolved' && alert.resolved_at ? Date.parse(alert.resolved_at) : Number.NaN;
    if (inside(closed)) resolved.set(referencePeriodStart(interval, closed), (resolved.get(referencePeriodStart(interval, closed)) ?? 0) + 1);
  }
  const starts = [...opened.keys(), ...resolved.keys()];
  const first = from ?? (starts.length ? Math.min(...starts) : null);
  const last = to !== null ? to - 1 : starts.length ? Math.max(...starts) : null;
  if (first === null || last === null || last < first) return [];
  const points = [];
  for (let start = referencePeriodStart(interval, first); start <= last; start = referenceNextPeriod(interval, start)) {
    points.push({ periodStart: new Date(start).toISOString(), opened: opened.get(start) ?? 0, resolved: resolved.get(start) ?? 0 });
  }
  return points;
}

/**
 * Every field of SecretScanningReport for `orgs` (the readable ones) and `filter`, straight from the dataset.
 * `failures` are not included: the caller knows which orgs it expects to fail.
 */
export function expectedReport(dataset: DemoDataset, orgs: string[], filter: ReferenceFilter & ReferenceWindow = {}) {
  const records = expectedWindowedAlerts(dataset, orgs, filter);
  const resolvedMs = records.map(resolveMs).filter((ms) => ms !== null);
  return {
    total: records.length,
    open: records.filter((r) => r.alert.state === 'open').length,
    resolved: records.filter((r) => r.alert.state === 'resolved').length,
    byOrganization: sortBuckets(orgs.map((org) => ({ key: org, count: records.filter((r) => r.org === org).length }))),
    bySecretType: countBy(records, (r) => r.alert.secret_type),
    byState: countBy(records, (r) => r.alert.state.toUpperCase()),
    byResolution: countBy(records, (r) => (r.alert.state === 'resolved' && r.alert.resolution ? r.alert.resolution.toUpperCase() : null)),
    byValidity: countBy(records, (r) => (r.alert.validity ?? 'unknown').toUpperCase()),
    byAssignee: countBy(records, (r) => r.alert.assigned_to?.login ?? 'none'),
    topRepositories: (limit: number) => countBy(records, (r) => r.repository.full_name).slice(0, limit),
    meanTimeToResolveSeconds: resolvedMs.length ? resolvedMs.reduce((a, b) => a + b, 0) / resolvedMs.length / 1000 : null,
    meanTimeToResolveByOrganization: meanBy(records, (r) => r.org),
    meanTimeToResolveBySecretType: meanBy(records, (r) => r.alert.secret_type),
    trend: (interval: 'WEEK' | 'MONTH') => expectedTrend(records, interval, filter),
  };
}

export interface ReferenceOrder {
  field: 'CREATED_AT' | 'UPDATED_AT';
  direction: 'ASC' | 'DESC';
}

/**
 * The merged order the README documents: by the ordered timestamp; ties broken by organization
 * (in the order the query reads them), then by GitHub's own order. GitHub's own order as the demo
 * implements it (src/demo/alert-query.ts, alertSortKey): the same timestamp, then repository id,
 * then alert number, all in the requested direction. The gateway reads an organization's generic
 * secret types as a second stream (README, "Generic secret types"), and a tie between two streams
 * goes to the earlier one (src/alerts/query.ts, nextInOrder): the default stream's alert first.
 */
export function expectedOrder(
  dataset: DemoDataset,
  orgs: string[],
  order: ReferenceOrder,
  filter: ReferenceFilter = {},
): DemoAlertRecord[] {
  const sign = order.direction === 'ASC' ? 1 : -1;
  const time = ({ alert }: DemoAlertRecord) => Date.parse(order.field === 'UPDATED_AT' ? (alert.updated_at ?? alert.created_at) : alert.created_at);
  const stream = ({ alert }: DemoAlertRecord) => (isGenericSecretType(alert.secret_type) ? 1 : 0);
  return dataset.alerts
    .filter((record) => orgs.includes(record.org) && matches(record, filter))
    .sort(
      (a, b) =>
        sign * (time(a) - time(b)) ||
        orgs.indexOf(a.org) - orgs.indexOf(b.org) ||
        stream(a) - stream(b) ||
        sign * (a.repository.id - b.repository.id) ||
        sign * (a.alert.number - b.alert.number),
    );
}
