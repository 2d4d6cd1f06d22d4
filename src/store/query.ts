import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { AlertFilter, AlertOrder } from '../alerts/query.ts';
import type { Database } from './schema.ts';

/** The alert filter of the index: the API's filter and the list parameters GitHub has beyond it. */
export interface IndexAlertFilter extends AlertFilter {
  /** A login, '*' for any assigned alert, or 'none' for unassigned ones. */
  assignee?: string | null;
  providers?: readonly string[] | null;
  excludeProviders?: readonly string[] | null;
  excludeSecretTypes?: readonly string[] | null;
  /** true: only alerts created by a push-protection bypass; false: only the others. */
  isBypassed?: boolean | null;
}

/** What a read asks for; `orgs` are lowercase logins the caller is already authorized for. */
export interface IndexQuery {
  orgs: readonly string[];
  repository?: { owner: string; name: string } | null;
  filter: IndexAlertFilter;
  order: AlertOrder;
}

/** A position in an ordered listing: the last alert of the previous page. */
export interface AlertKeyset {
  /** Epoch ms of the order field. */
  value: number;
  org: string;
  repo: string;
  number: number;
}

type AlertsBuilder = ExpressionBuilder<Database, 'alerts'>;

export function orderColumn(order: AlertOrder): 'alerts.created_at' | 'alerts.updated_at' {
  return order.field === 'UPDATED_AT' ? 'alerts.updated_at' : 'alerts.created_at';
}

const lower = (values: readonly string[]) => values.map((value) => value.toLowerCase());

/** Every condition of a query as SQL: the organizations, the repository and each filter field. */
export function alertConditions(eb: AlertsBuilder, sourceId: number, query: IndexQuery): Expression<SqlBool> {
  const { filter } = query;
  const conditions: Expression<SqlBool>[] = [eb('alerts.source_id', '=', sourceId), eb('alerts.org', 'in', lower(query.orgs))];
  if (query.repository) {
    conditions.push(eb('alerts.org', '=', query.repository.owner.toLowerCase()), eb('alerts.repo', '=', query.repository.name.toLowerCase()));
  }
  if (filter.state) conditions.push(eb('alerts.state', '=', filter.state.toLowerCase()));
  if (filter.secretTypes?.length) conditions.push(eb('alerts.secret_type', 'in', [...filter.secretTypes]));
  if (filter.excludeSecretTypes?.length) conditions.push(eb('alerts.secret_type', 'not in', [...filter.excludeSecretTypes]));
  if (filter.resolutions?.length) conditions.push(eb('alerts.resolution', 'in', lower(filter.resolutions)));
  if (filter.validities?.length) conditions.push(eb('alerts.validity', 'in', lower(filter.validities)));
  if (filter.providers?.length) conditions.push(eb('alerts.provider_slug', 'in', [...filter.providers]));
  if (filter.excludeProviders?.length) {
    conditions.push(eb.or([eb('alerts.provider_slug', 'is', null), eb('alerts.provider_slug', 'not in', [...filter.excludeProviders])]));
  }
  // As the live predicate (query.ts): a flag GitHub did not report passes either way.
  for (const [column, wanted] of [
    ['alerts.publicly_leaked', filter.publiclyLeaked],
    ['alerts.multi_repo', filter.multiRepo],
  ] as const) {
    if (wanted != null) conditions.push(eb.or([eb(column, 'is', null), eb(column, '=', wanted ? 1 : 0)]));
  }
  if (filter.isBypassed === true) conditions.push(eb('alerts.push_protection_bypassed', '=', 1));
  if (filter.isBypassed === false) conditions.push(eb.or([eb('alerts.push_protection_bypassed', 'is', null), eb('alerts.push_protection_bypassed', '=', 0)]));
  if (filter.assignee === '*') conditions.push(eb('alerts.assignee', 'is not', null));
  else if (filter.assignee === 'none') conditions.push(eb('alerts.assignee', 'is', null));
  else if (filter.assignee) conditions.push(eb(eb.fn('lower', ['alerts.assignee']), '=', filter.assignee.toLowerCase()));
  if (filter.repositories?.length) conditions.push(repositoriesCondition(eb, filter.repositories));
  conditions.push(...timeConditions(eb, filter));
  return eb.and(conditions);
}

/** Names are `name` (any organization asked for) or `owner/name`. */
function repositoriesCondition(eb: AlertsBuilder, names: readonly string[]): Expression<SqlBool> {
  return eb.or(
    lower(names).map((name) => {
      const [owner, repo] = name.includes('/') ? name.split('/', 2) : [null, name];
      return owner === null ? eb('alerts.repo', '=', repo!) : eb.and([eb('alerts.org', '=', owner!), eb('alerts.repo', '=', repo!)]);
    }),
  );
}

/** Half-open windows, as the live predicate: `after` inclusive, `before` exclusive; no time is outside every window. */
function timeConditions(eb: AlertsBuilder, filter: AlertFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.createdAfter) conditions.push(eb('alerts.created_at', '>=', filter.createdAfter.getTime()));
  if (filter.createdBefore) conditions.push(eb('alerts.created_at', '<', filter.createdBefore.getTime()));
  if (filter.resolvedAfter) conditions.push(eb('alerts.resolved_at', '>=', filter.resolvedAfter.getTime()));
  if (filter.resolvedBefore) conditions.push(eb('alerts.resolved_at', '<', filter.resolvedBefore.getTime()));
  return conditions;
}

/** Alerts strictly after `after` in the order: (value, org, repo, number) compared as a row. */
export function afterKeyset(eb: AlertsBuilder, order: AlertOrder, after: AlertKeyset): Expression<SqlBool> {
  const row = eb.refTuple(orderColumn(order), 'alerts.org', 'alerts.repo', 'alerts.number');
  const position = eb.tuple(after.value, after.org, after.repo, after.number);
  return eb(row, order.direction === 'ASC' ? '>' : '<', position);
}
