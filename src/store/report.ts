import { sql, type Kysely } from 'kysely';
import { assembleReport, Tally, trendWindow, type AlertReport, type OrganizationTotals, type TrendWindow } from '../alerts/report.ts';
import { addFacet, type FacetSum } from './facets.ts';
import { alertConditions, type IndexQuery } from './query.ts';
import type { Database } from './schema.ts';

/**
 * The report of a query, with the same shape and rules as the live one (src/alerts/report.ts).
 * Whole organizations, optionally by state, are summed from the rollups (a few thousand rows
 * whatever the number of alerts); any other filter is one grouped pass over the matching alerts.
 */
export async function indexReport(db: Kysely<Database>, sourceId: number, query: IndexQuery): Promise<AlertReport> {
  const window = trendWindow(query.filter);
  const perOrg = new Map(query.orgs.map((org) => [org.toLowerCase(), new Tally(window)]));
  const all = new Tally(window);
  if (perOrg.size > 0) {
    await (servedByRollups(query) ? fromRollups(db, sourceId, query, perOrg, all) : inOnePass(db, sourceId, query, perOrg, all, window));
  }
  const organizations: OrganizationTotals[] = [];
  for (const [login, tally] of perOrg) {
    tally.mergeInto(all);
    organizations.push({ login, total: tally.total, resolve: tally.resolve });
  }
  return assembleReport(all, organizations, window, []);
}

/** The rollups are kept per organization and state: any other condition needs the alerts themselves. */
function servedByRollups({ repository, filter }: IndexQuery): boolean {
  const { state, ...others } = filter;
  return !repository && Object.values(others).every((value) => value == null || (Array.isArray(value) && value.length === 0));
}

function addOrganizationTotals(tally: Tally, state: string, count: number, resolvedCount: number, resolveMs: number): void {
  addFacet(tally, { facet: 'total', key: '', count, resolved_count: resolvedCount, resolve_ms: resolveMs });
  const bucket = state === 'resolved' ? 'RESOLVED' : 'OPEN';
  tally.byState.set(bucket, (tally.byState.get(bucket) ?? 0) + count);
}

async function fromRollups(db: Kysely<Database>, sourceId: number, query: IndexQuery, perOrg: Map<string, Tally>, all: Tally): Promise<void> {
  const facets = db
    .selectFrom('alert_facets')
    .where('source_id', '=', sourceId)
    .where('org', 'in', [...perOrg.keys()])
    .$if(Boolean(query.filter.state), (qb) => qb.where('state', '=', query.filter.state!.toLowerCase()));
  const [totals, buckets] = await Promise.all([
    facets.select(['org', 'state', 'count', 'resolved_count', 'resolve_ms']).where('facet', '=', 'total').execute(),
    facets
      .select((eb) => [
        'facet',
        'key',
        eb.fn.sum<number>('count').as('count'),
        eb.fn.sum<number>('resolved_count').as('resolved_count'),
        eb.fn.sum<number>('resolve_ms').as('resolve_ms'),
      ])
      .where('facet', '<>', 'total')
      .groupBy(['facet', 'key'])
      .execute(),
  ]);
  for (const row of totals) addOrganizationTotals(perOrg.get(row.org)!, row.state, row.count, row.resolved_count, row.resolve_ms);
  for (const row of buckets) if (row.count !== 0) addFacet(all, row);
}

/**
 * A period column, or null when the event lies outside the report's trend window. The bounds are
 * literals (numbers): PostgreSQL matches a grouped expression to its GROUP BY text, parameters included.
 */
function periodInWindow(time: 'created_at' | 'resolved_at', period: string, window: TrendWindow) {
  const conditions = [
    ...(window.from === null ? [] : [sql`${sql.ref(`alerts.${time}`)} >= ${sql.lit(window.from)}`]),
    ...(window.to === null ? [] : [sql`${sql.ref(`alerts.${time}`)} < ${sql.lit(window.to)}`]),
  ];
  const column = sql.ref(`alerts.${period}`);
  return conditions.length === 0 ? column : sql`case when ${sql.join(conditions, sql` and `)} then ${column} end`;
}

async function inOnePass(db: Kysely<Database>, sourceId: number, query: IndexQuery, perOrg: Map<string, Tally>, all: Tally, window: TrendWindow): Promise<void> {
  const periods = {
    opened_week: periodInWindow('created_at', 'created_week', window),
    opened_month: periodInWindow('created_at', 'created_month', window),
    resolved_week: periodInWindow('resolved_at', 'resolved_week', window),
    resolved_month: periodInWindow('resolved_at', 'resolved_month', window),
  };
  const dimensions = ['org', 'repo', 'state', 'secret_type', 'resolution', 'validity', 'assignee'] as const;
  const groups = await db
    .selectFrom('alerts')
    .where((eb) => alertConditions(eb, sourceId, query))
    .select((eb) => [
      ...dimensions.map((column) => `alerts.${column}` as const),
      ...Object.entries(periods).map(([name, expression]) => sql<number | null>`${expression}`.as(name)),
      eb.fn.countAll<number>().as('count'),
      eb.fn.count<number>('alerts.resolve_ms').as('resolved_count'),
      eb.fn.coalesce(eb.fn.sum<number>('alerts.resolve_ms'), sql<number>`0`).as('resolve_ms'),
    ])
    .groupBy([...dimensions.map((column) => `alerts.${column}` as const), ...Object.values(periods)])
    .execute();
  const names = await repositoryNames(db, sourceId, [...perOrg.keys()]);
  for (const group of groups) {
    const { count, resolved_count, resolve_ms } = group;
    addOrganizationTotals(perOrg.get(group.org)!, group.state, count, resolved_count, resolve_ms);
    const add = (facet: string, key: string, withDurations = false) =>
      addFacet(all, { facet, key, count, resolved_count: withDurations ? resolved_count : 0, resolve_ms: withDurations ? resolve_ms : 0 } satisfies FacetSum);
    add('type', group.secret_type, true);
    if (group.state === 'resolved' && group.resolution) add('resolution', group.resolution.toUpperCase());
    add('validity', group.validity.toUpperCase());
    add('assignee', group.assignee ?? 'none');
    add('repo', names.get(`${group.org}/${group.repo}`) ?? `${group.org}/${group.repo}`);
    for (const facet of Object.keys(periods) as (keyof typeof periods)[]) {
      const start = group[facet];
      if (start !== null) add(facet, String(start));
    }
  }
}

async function repositoryNames(db: Kysely<Database>, sourceId: number, orgs: string[]): Promise<Map<string, string>> {
  const rows = await db.selectFrom('repositories').select(['org', 'repo', 'full_name']).where('source_id', '=', sourceId).where('org', 'in', orgs).execute();
  return new Map(rows.map((row) => [`${row.org}/${row.repo}`, row.full_name]));
}
