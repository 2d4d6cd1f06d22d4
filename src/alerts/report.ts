import { ValidationError } from '../errors.ts';
import { forEachPage, recordFailure, scopeLogins, type AlertStream, type OrganizationFailure } from './connection.ts';
import type { AlertRecord } from './model.ts';
import type { AlertFilter } from './query.ts';
import type { AlertSource } from './source.ts';

/** A group key and its count. */
export interface ReportBucket {
  key: string;
  count: number;
}

/** Mean time to resolve within one group. */
export interface ReportDuration {
  key: string;
  /** Resolved alerts of the group with both timestamps. */
  count: number;
  meanSeconds: number;
}

export type TrendInterval = 'WEEK' | 'MONTH';

export interface TrendPoint {
  /** Start of the period (Monday 00:00 UTC, or the 1st of the month 00:00 UTC), ISO-8601. */
  periodStart: string;
  opened: number;
  resolved: number;
}

export interface AlertReport {
  total: number;
  open: number;
  resolved: number;
  byOrganization: ReportBucket[];
  bySecretType: ReportBucket[];
  byState: ReportBucket[];
  byResolution: ReportBucket[];
  byValidity: ReportBucket[];
  /** Per assignee login, "none" for unassigned alerts. */
  byAssignee: ReportBucket[];
  topRepositories(limit: number): ReportBucket[];
  meanTimeToResolveSeconds: number | null;
  meanTimeToResolveByOrganization: ReportDuration[];
  meanTimeToResolveBySecretType: ReportDuration[];
  trend(interval: TrendInterval): TrendPoint[];
  failures: OrganizationFailure[];
}

/** Most points one trend series may have (a window from 1970 by week would be thousands). */
export const MAX_TREND_POINTS = 2_000;
export const MAX_TOP_REPOSITORIES = 1_000;

const DAY_MS = 86_400_000;

export interface Durations {
  count: number;
  /** Sum of whole milliseconds: exact, so the mean does not depend on the order alerts arrive in. */
  sumMs: number;
}

/**
 * Running counts over the alerts of one organization. Memory grows with the number of distinct
 * keys (secret types, repositories, periods), never with the number of alerts. Tallies of
 * organizations that fail part-way are dropped whole, as the connection drops their alerts.
 */
export class Tally {
  total = 0;
  readonly byState = new Map<string, number>();
  readonly bySecretType = new Map<string, number>();
  readonly byResolution = new Map<string, number>();
  readonly byValidity = new Map<string, number>();
  readonly byAssignee = new Map<string, number>();
  readonly byRepository = new Map<string, number>();
  readonly resolveBySecretType = new Map<string, Durations>();
  readonly resolve: Durations = { count: 0, sumMs: 0 };
  /** Period start (epoch ms) → [opened, resolved], per interval. */
  readonly periods: Record<TrendInterval, Map<number, [number, number]>> = { WEEK: new Map(), MONTH: new Map() };

  constructor(private readonly window: TrendWindow) {}

  add({ alert, repository, sortKeys }: AlertRecord): void {
    this.total += 1;
    increment(this.byState, alert.state === 'resolved' ? 'RESOLVED' : 'OPEN');
    increment(this.bySecretType, alert.secret_type ?? '');
    if (alert.state === 'resolved' && alert.resolution) increment(this.byResolution, alert.resolution.toUpperCase());
    increment(this.byValidity, (alert.validity ?? 'unknown').toUpperCase());
    increment(this.byAssignee, alert.assigned_to?.login ?? 'none');
    increment(this.byRepository, repository.nameWithOwner);
    const created = alert.created_at ? sortKeys.created : Number.NaN;
    const resolved = alert.state === 'resolved' && alert.resolved_at ? Date.parse(alert.resolved_at) : Number.NaN;
    if (Number.isFinite(created) && Number.isFinite(resolved)) {
      const ms = Math.max(0, resolved - created);
      addDuration(this.resolve, ms);
      let perType = this.resolveBySecretType.get(alert.secret_type ?? '');
      if (!perType) this.resolveBySecretType.set(alert.secret_type ?? '', (perType = { count: 0, sumMs: 0 }));
      addDuration(perType, ms);
    }
    for (const interval of ['WEEK', 'MONTH'] as const) {
      if (this.window.contains(created)) this.event(interval, created, 0);
      if (this.window.contains(resolved)) this.event(interval, resolved, 1);
    }
  }

  private event(interval: TrendInterval, time: number, which: 0 | 1): void {
    const start = periodStart(interval, time);
    let counts = this.periods[interval].get(start);
    if (!counts) this.periods[interval].set(start, (counts = [0, 0]));
    counts[which] += 1;
  }

  mergeInto(into: Tally): void {
    into.total += this.total;
    for (const name of ['byState', 'bySecretType', 'byResolution', 'byValidity', 'byAssignee', 'byRepository'] as const) {
      for (const [key, count] of this[name]) increment(into[name], key, count);
    }
    for (const [key, durations] of this.resolveBySecretType) {
      const target = into.resolveBySecretType.get(key);
      if (target) addDuration(target, durations.sumMs, durations.count);
      else into.resolveBySecretType.set(key, { ...durations });
    }
    addDuration(into.resolve, this.resolve.sumMs, this.resolve.count);
    for (const interval of ['WEEK', 'MONTH'] as const) {
      for (const [start, [opened, resolved]] of this.periods[interval]) {
        const target = into.periods[interval].get(start);
        if (target) {
          target[0] += opened;
          target[1] += resolved;
        } else into.periods[interval].set(start, [opened, resolved]);
      }
    }
  }
}

/**
 * Where the trend series starts and ends: the filter's time bounds when it has any (the
 * earliest `after`, the latest `before`), otherwise the first and last event of the alerts.
 */
export interface TrendWindow {
  from: number | null;
  to: number | null;
  contains(time: number): boolean;
}

export function trendWindow(filter: AlertFilter): TrendWindow {
  const afters = [filter.createdAfter, filter.resolvedAfter].filter((d) => d != null).map((d) => d.getTime());
  const befores = [filter.createdBefore, filter.resolvedBefore].filter((d) => d != null).map((d) => d.getTime());
  const from = afters.length ? Math.min(...afters) : null;
  const to = befores.length ? Math.max(...befores) : null;
  return {
    from,
    to,
    contains: (time) => Number.isFinite(time) && (from === null || time >= from) && (to === null || time < to),
  };
}

/**
 * Aggregates every accepted alert of `streams` (the same streams a connection over the same
 * query reads) page by page: each page is counted and forgotten as it arrives. Page-numbered
 * streams are read in parallel. An organization that fails anywhere is left out of every
 * figure and listed in `failures`, exactly as in the connection.
 */
export async function buildAlertReport(
  source: AlertSource,
  streams: AlertStream[],
  options: { filter: AlertFilter; failures?: OrganizationFailure[] },
): Promise<AlertReport> {
  const window = trendWindow(options.filter);
  const failures = new Map((options.failures ?? []).map((failure) => [failure.login.toLowerCase(), failure]));
  // Keyed by lowercase login; the spelling shown is the one the caller used.
  const logins = new Map<string, string>();
  for (const { scope } of streams) for (const login of scopeLogins(scope)) logins.set(login.toLowerCase(), login);
  const tallies = new Map([...logins.keys()].map((key) => [key, new Tally(window)]));

  await Promise.all(
    streams.map(async (stream) => {
      try {
        await forEachPage(source, stream, (page, ref) => {
          for (const record of page.alerts) {
            if (!stream.plan.accepts(record)) continue;
            tallies.get(ownerKey(record, stream.scope.kind === 'org' ? stream.scope.org : null))?.add(record);
          }
          source.forget(stream.scope, stream.plan, ref);
        });
      } catch (error) {
        recordFailure(failures, stream.scope, error);
      }
    }),
  );

  const all = new Tally(window);
  const organizations: OrganizationTotals[] = [];
  for (const [key, tally] of tallies) {
    if (failures.has(key)) continue;
    tally.mergeInto(all);
    organizations.push({ login: logins.get(key)!, total: tally.total, resolve: tally.resolve });
  }
  return assembleReport(all, organizations, window, [...failures.values()]);
}

/** What the report shows per organization. */
export interface OrganizationTotals {
  login: string;
  total: number;
  resolve: Durations;
}

/**
 * The report of tallied alerts: `all` holds every organization's alerts, `organizations` each one's
 * totals. Shared by the live reader above and the index, which fills the tallies from SQL.
 */
export function assembleReport(all: Tally, organizations: OrganizationTotals[], window: TrendWindow, failures: OrganizationFailure[]): AlertReport {
  const byOrganization = organizations.map(({ login, total }) => ({ key: login, count: total }));
  const resolveByOrganization = organizations.filter(({ resolve }) => resolve.count > 0).map(({ login, resolve }) => duration(login, resolve));
  const open = all.byState.get('OPEN') ?? 0;
  const resolved = all.byState.get('RESOLVED') ?? 0;
  return {
    total: all.total,
    open,
    resolved,
    byOrganization: sortBuckets(byOrganization),
    bySecretType: buckets(all.bySecretType),
    byState: buckets(all.byState),
    byResolution: buckets(all.byResolution),
    byValidity: buckets(all.byValidity),
    byAssignee: buckets(all.byAssignee),
    topRepositories: (limit) => {
      if (!Number.isInteger(limit) || limit < 0 || limit > MAX_TOP_REPOSITORIES) {
        throw new ValidationError(`\`limit\` must be between 0 and ${MAX_TOP_REPOSITORIES} (got ${limit}).`, 'limit');
      }
      return buckets(all.byRepository).slice(0, limit);
    },
    meanTimeToResolveSeconds: all.resolve.count > 0 ? all.resolve.sumMs / all.resolve.count / 1000 : null,
    meanTimeToResolveByOrganization: sortDurations(resolveByOrganization),
    meanTimeToResolveBySecretType: sortDurations([...all.resolveBySecretType].map(([key, d]) => duration(key, d))),
    trend: (interval) => trendSeries(all.periods[interval], interval, window),
    failures: failures.sort((a, b) => a.login.localeCompare(b.login)),
  };
}

/** The organization an alert belongs to: the org of an org scope, else the repository's owner. */
function ownerKey(record: AlertRecord, org: string | null): string {
  return (org ?? record.repository.owner).toLowerCase();
}

function trendSeries(periods: Map<number, [number, number]>, interval: TrendInterval, window: TrendWindow): TrendPoint[] {
  const starts = [...periods.keys()];
  const first = window.from !== null ? window.from : starts.length ? Math.min(...starts) : null;
  // `to` is exclusive: its last period is the one holding the millisecond before it.
  const last = window.to !== null ? window.to - 1 : starts.length ? Math.max(...starts) : null;
  if (first === null || last === null || last < first) return [];
  const points: TrendPoint[] = [];
  for (let start = periodStart(interval, first); start <= last; start = nextPeriod(interval, start)) {
    if (points.length === MAX_TREND_POINTS) {
      throw new ValidationError(
        `The trend would have more than ${MAX_TREND_POINTS} points; narrow the filter's time window or use MONTH.`,
        'interval',
      );
    }
    const [opened, resolved] = periods.get(start) ?? [0, 0];
    points.push({ periodStart: new Date(start).toISOString(), opened, resolved });
  }
  return points;
}

/** Start of the period holding `time`: ISO weeks start on Monday 00:00 UTC, months on the 1st. */
export function periodStart(interval: TrendInterval, time: number): number {
  const date = new Date(time);
  if (interval === 'MONTH') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return midnight - ((date.getUTCDay() + 6) % 7) * DAY_MS;
}

/** Start of the period after the one starting at `start`. */
export function nextPeriod(interval: TrendInterval, start: number): number {
  if (interval === 'WEEK') return start + 7 * DAY_MS;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function addDuration(durations: Durations, sumMs: number, count = 1): void {
  durations.count += count;
  durations.sumMs += sumMs;
}

function duration(key: string, { count, sumMs }: Durations): ReportDuration {
  return { key, count, meanSeconds: sumMs / count / 1000 };
}

/** Count descending, then key ascending (by code point, so the order is the same everywhere). */
function byCountThenKey(a: { key: string; count: number }, b: { key: string; count: number }): number {
  return b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function buckets(map: Map<string, number>): ReportBucket[] {
  return sortBuckets([...map].map(([key, count]) => ({ key, count })));
}

function sortBuckets(list: ReportBucket[]): ReportBucket[] {
  return list.sort(byCountThenKey);
}

function sortDurations(list: ReportDuration[]): ReportDuration[] {
  return list.sort(byCountThenKey);
}
