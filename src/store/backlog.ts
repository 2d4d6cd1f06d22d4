import { sql, type Kysely } from 'kysely';
import { MAX_TREND_POINTS, nextPeriod, periodStart, trendWindow, type TrendInterval } from '../alerts/report.ts';
import type { BacklogPoint } from '../domain/alert-history.ts';
import { ValidationError } from '../errors.ts';
import { alertConditions, type IndexQuery } from './query.ts';
import type { Database } from './schema.ts';

interface PeriodSums {
  period: number;
  delta: number;
  opened: number;
  reopened: number;
  resolved: number;
  timed: number;
  resolve_ms: number | null;
}

const countOf = (action: string) => sql<number>`sum(case when alert_events.action = ${action} then 1 else 0 end)`;

/**
 * The backlog of a query from the stored history: one grouped pass over the events of its
 * organizations (the covering indexes of the 2026-12-02T02 migration), then a running sum of what
 * each period did to the open count. Whole organizations read the events alone; any filter or a
 * repository joins each event to its alert as it is now (the same alert set as the report).
 * The series runs from the filter's window (trendWindow) where given, else from the first event
 * to the current period, gaps filled.
 */
export async function indexBacklog(db: Kysely<Database>, sourceId: number, query: IndexQuery, interval: TrendInterval, now = Date.now()): Promise<BacklogPoint[]> {
  if (query.orgs.length === 0) return [];
  const period = interval === 'WEEK' ? 'alert_events.week' : 'alert_events.month';
  const filtered = Boolean(query.repository) || Object.values(query.filter).some((value) => value != null && !(Array.isArray(value) && value.length === 0));
  const sums: PeriodSums[] = await db
    .selectFrom('alert_events')
    .$if(filtered, (qb) =>
      qb
        .innerJoin('alerts', (join) =>
          join.onRef('alerts.source_id', '=', 'alert_events.source_id').onRef('alerts.org', '=', 'alert_events.org').onRef('alerts.repo', '=', 'alert_events.repo').onRef('alerts.number', '=', 'alert_events.number'),
        )
        .where((eb) => alertConditions(eb as never, sourceId, query)),
    )
    .where('alert_events.source_id', '=', sourceId)
    .where('alert_events.org', 'in', query.orgs.map((org) => org.toLowerCase()))
    .select((eb) => [
      eb.ref(period).as('period'),
      eb.fn.sum<number>('alert_events.open_delta').as('delta'),
      countOf('CREATED').as('opened'),
      countOf('REOPENED').as('reopened'),
      countOf('RESOLVED').as('resolved'),
      eb.fn.count<number>('alert_events.resolve_ms').as('timed'),
      eb.fn.sum<number | null>('alert_events.resolve_ms').as('resolve_ms'),
    ])
    .groupBy(period)
    .orderBy(period)
    .execute();
  return backlogSeries(sums, interval, trendWindow(query.filter), now);
}

function backlogSeries(sums: PeriodSums[], interval: TrendInterval, window: ReturnType<typeof trendWindow>, now: number): BacklogPoint[] {
  if (sums.length === 0 && window.from === null) return [];
  const first = periodStart(interval, window.from ?? sums[0]!.period);
  // `to` is exclusive: its last period is the one holding the millisecond before it.
  const last = periodStart(interval, window.to !== null ? window.to - 1 : Math.max(now, sums.at(-1)?.period ?? now));
  let open = 0;
  let next = 0;
  for (; next < sums.length && sums[next]!.period < first; next += 1) open += sums[next]!.delta;
  const points: BacklogPoint[] = [];
  for (let start = first; start <= last; start = nextPeriod(interval, start)) {
    if (points.length === MAX_TREND_POINTS) {
      throw new ValidationError(`The backlog would have more than ${MAX_TREND_POINTS} points; narrow the filter's time window or use MONTH.`, 'interval');
    }
    const sum = sums[next]?.period === start ? sums[next++] : undefined;
    open += sum?.delta ?? 0;
    points.push({
      periodStart: new Date(start).toISOString(),
      open,
      opened: sum?.opened ?? 0,
      reopened: sum?.reopened ?? 0,
      resolved: sum?.resolved ?? 0,
      meanTimeToResolveSeconds: sum && sum.timed > 0 ? (sum.resolve_ms ?? 0) / sum.timed / 1000 : null,
    });
  }
  return points;
}
