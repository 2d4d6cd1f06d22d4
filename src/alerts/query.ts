import { ValidationError } from '../errors.ts';
import type { AlertListParams } from '../github/alerts.ts';
import { isLogin } from '../github/names.ts';
import { GENERIC_SECRET_TYPES, isGenericSecretType } from '../github/secret-types.ts';
import type { AlertRecord } from './model.ts';

export type AlertState = 'OPEN' | 'RESOLVED';
export type AlertResolution = 'FALSE_POSITIVE' | 'WONT_FIX' | 'REVOKED' | 'USED_IN_TESTS' | 'PATTERN_EDITED' | 'PATTERN_DELETED';
export type AlertValidity = 'ACTIVE' | 'INACTIVE' | 'UNKNOWN';

export interface AlertFilter {
  state?: AlertState | null;
  secretTypes?: readonly string[] | null;
  resolutions?: readonly AlertResolution[] | null;
  validities?: readonly AlertValidity[] | null;
  publiclyLeaked?: boolean | null;
  multiRepo?: boolean | null;
  /** Repository names, as `name` or `owner/name`. */
  repositories?: readonly string[] | null;
  /** Time windows, half-open: `after` is inclusive, `before` exclusive. GitHub cannot filter on time; the gateway does. */
  createdAfter?: Date | null;
  createdBefore?: Date | null;
  /** Only resolved alerts resolved in this window. */
  resolvedAfter?: Date | null;
  resolvedBefore?: Date | null;
  /** A login, "*" (any assignee) or "none" (unassigned); GitHub's `assignee`. */
  assignee?: string | null;
  /** Provider slugs (an alert's provider_slug); GitHub's `providers`. Not with excludeProviders. */
  providers?: readonly string[] | null;
  excludeProviders?: readonly string[] | null;
  /** Not with secretTypes (GitHub's spec says not to combine them). */
  excludeSecretTypes?: readonly string[] | null;
  /** true: only alerts a push-protection bypass created; false: only the others. */
  isBypassed?: boolean | null;
}

export interface AlertOrder {
  field: 'CREATED_AT' | 'UPDATED_AT';
  direction: 'ASC' | 'DESC';
}

export const DEFAULT_ORDER: AlertOrder = { field: 'CREATED_AT', direction: 'DESC' };

/**
 * One upstream list request family: the GitHub parameters, and the predicate the gateway
 * applies to what comes back (filters GitHub cannot express, and a re-check of those it can,
 * so that a server that ignores a parameter still yields a correct answer).
 */
export interface StreamPlan {
  params: AlertListParams;
  /** Distinguishes the streams of one scope in cursors. */
  name: 'default' | 'generic' | 'named';
  accepts(record: AlertRecord): boolean;
  /**
   * Whether GitHub applies every filter of the plan itself, so that each alert it lists is one the
   * gateway keeps (repositories and time windows are applied by the gateway alone).
   */
  filteredUpstream: boolean;
}

export function validateFilter(filter: AlertFilter): void {
  if (filter.state === 'OPEN' && filter.resolutions?.length) {
    throw new ValidationError('filter.resolutions applies only to RESOLVED alerts; remove it or use state: RESOLVED.', 'filter.resolutions');
  }
  if (filter.state === 'OPEN' && (filter.resolvedAfter || filter.resolvedBefore)) {
    const field = filter.resolvedAfter ? 'filter.resolvedAfter' : 'filter.resolvedBefore';
    throw new ValidationError(`${field.slice(7)} applies only to RESOLVED alerts; remove it or use state: RESOLVED.`, field);
  }
  for (const [after, before, name] of [
    [filter.createdAfter, filter.createdBefore, 'created'],
    [filter.resolvedAfter, filter.resolvedBefore, 'resolved'],
  ] as const) {
    if (after && before && after.getTime() >= before.getTime()) {
      throw new ValidationError(`filter.${name}After must be earlier than filter.${name}Before.`, `filter.${name}Before`);
    }
  }
  for (const type of filter.secretTypes ?? []) {
    if (!SECRET_TYPE.test(type)) {
      throw new ValidationError(`"${type.slice(0, 60)}" is not a secret type name.`, 'filter.secretTypes');
    }
  }
  for (const name of filter.repositories ?? []) {
    if (!/^(?:[A-Za-z0-9-]{1,39}\/)?[A-Za-z0-9._-]{1,100}$/.test(name)) {
      throw new ValidationError(`"${name.slice(0, 60)}" is not a repository name (name or owner/name).`, 'filter.repositories');
    }
  }
  validateExclusionsAndAssignee(filter);
}

const SECRET_TYPE = /^[A-Za-z0-9_.:-]{1,200}$/;
const PROVIDER_SLUG = /^[A-Za-z0-9_.-]{1,100}$/;

/** The filters GitHub added with assignees and providers: their values, and the pairs its spec says not to combine. */
function validateExclusionsAndAssignee(filter: AlertFilter): void {
  if (filter.secretTypes?.length && filter.excludeSecretTypes?.length) {
    throw new ValidationError('GitHub cannot combine secretTypes with excludeSecretTypes: give one of them.', 'filter.excludeSecretTypes');
  }
  if (filter.providers?.length && filter.excludeProviders?.length) {
    throw new ValidationError('GitHub cannot combine providers with excludeProviders: give one of them.', 'filter.excludeProviders');
  }
  const lists = [
    ['excludeSecretTypes', filter.excludeSecretTypes, SECRET_TYPE, 'a secret type name'],
    ['providers', filter.providers, PROVIDER_SLUG, 'a provider slug (see providerSlug)'],
    ['excludeProviders', filter.excludeProviders, PROVIDER_SLUG, 'a provider slug (see providerSlug)'],
  ] as const;
  for (const [name, values, pattern, what] of lists) {
    for (const value of values ?? []) {
      if (!pattern.test(value)) throw new ValidationError(`"${value.slice(0, 60)}" is not ${what}.`, `filter.${name}`);
    }
  }
  const { assignee } = filter;
  if (assignee != null && assignee !== '*' && assignee !== 'none' && !isLogin(assignee)) {
    throw new ValidationError(`"${assignee.slice(0, 60)}" is not a GitHub login, "*" (any assignee) or "none" (unassigned).`, 'filter.assignee');
  }
}

/**
 * GitHub omits generic secret types (passwords, private keys, connection strings) unless they
 * are named in `secret_type`. A user who names no type expects every alert, so that case reads
 * two streams per scope: the default one and one naming the generic types.
 */
export function planStreams(filter: AlertFilter, order: AlertOrder, hideSecret: boolean): StreamPlan[] {
  const base = upstreamParams(filter, order, hideSecret);
  const common = commonPredicate(filter);
  const filteredUpstream = !filter.repositories?.length && !filter.createdAfter && !filter.createdBefore && !filter.resolvedAfter && !filter.resolvedBefore;
  if (filter.secretTypes?.length) {
    const named = new Set(filter.secretTypes);
    return [
      {
        name: 'named',
        params: { ...base, secret_type: [...named].join(',') },
        accepts: (record) => named.has(record.alert.secret_type ?? '') && common(record),
        filteredUpstream,
      },
    ];
  }
  const plans: StreamPlan[] = [
    {
      name: 'default',
      params: { ...base, ...(filter.excludeSecretTypes?.length ? { exclude_secret_types: filter.excludeSecretTypes.join(',') } : {}) },
      accepts: (record) => !isGenericSecretType(record.alert.secret_type ?? '') && common(record),
      filteredUpstream,
    },
  ];
  const generic = genericTypesOf(filter);
  if (generic.length > 0) {
    plans.push({
      name: 'generic',
      params: { ...base, secret_type: generic.join(',') },
      accepts: (record) => isGenericSecretType(record.alert.secret_type ?? '') && common(record),
      filteredUpstream,
    });
  }
  return plans;
}

/** The parameters GitHub filters on, shared by every stream of a query. */
function upstreamParams(filter: AlertFilter, order: AlertOrder, hideSecret: boolean): AlertListParams {
  const list = (values: readonly string[] | null | undefined) => (values?.length ? values.join(',') : undefined);
  const params: AlertListParams = {
    sort: order.field === 'CREATED_AT' ? 'created' : 'updated',
    direction: order.direction === 'ASC' ? 'asc' : 'desc',
    hide_secret: hideSecret,
    ...(filter.state ? { state: filter.state === 'OPEN' ? 'open' : 'resolved' } : {}),
    ...(filter.resolutions?.length ? { resolution: filter.resolutions.map((r) => r.toLowerCase()).join(',') } : {}),
    ...(filter.validities?.length ? { validity: filter.validities.map((v) => v.toLowerCase()).join(',') } : {}),
    ...(filter.publiclyLeaked === true ? { is_publicly_leaked: true as const } : {}),
    ...(filter.multiRepo === true ? { is_multi_repo: true as const } : {}),
    ...(filter.assignee != null ? { assignee: filter.assignee } : {}),
    ...(list(filter.providers) ? { providers: list(filter.providers) } : {}),
    ...(list(filter.excludeProviders) ? { exclude_providers: list(filter.excludeProviders) } : {}),
    ...(filter.isBypassed != null ? { is_bypassed: filter.isBypassed } : {}),
  };
  return params;
}

/**
 * The generic types the second stream names: all of them, less those excluded (GitHub takes no
 * exclude_secret_types beside secret_type); none when providers are asked for (generic patterns
 * have no provider).
 */
function genericTypesOf(filter: AlertFilter): string[] {
  if (filter.providers?.length) return [];
  const excluded = new Set(filter.excludeSecretTypes ?? []);
  return GENERIC_SECRET_TYPES.filter((type) => !excluded.has(type));
}

/** Whether an alert matches every condition of a filter (as GitHub and the gateway apply them together). */
export function alertMatches(filter: AlertFilter): (record: AlertRecord) => boolean {
  return commonPredicate(filter);
}

function commonPredicate(filter: AlertFilter): (record: AlertRecord) => boolean {
  const state = filter.state?.toLowerCase();
  const resolutions = filter.resolutions?.length ? new Set(filter.resolutions.map((r) => r.toLowerCase())) : null;
  const validities = filter.validities?.length ? new Set(filter.validities.map((v) => v.toLowerCase())) : null;
  const repositories = filter.repositories?.length ? filter.repositories.map((r) => r.toLowerCase()) : null;
  const created = timeWindow(filter.createdAfter, filter.createdBefore);
  const resolved = timeWindow(filter.resolvedAfter, filter.resolvedBefore);
  const rechecks = assigneeAndProviderChecks(filter);
  return ({ alert, repository }) => {
    if (state && alert.state !== state) return false;
    if (resolutions && !resolutions.has(alert.resolution ?? '')) return false;
    if (validities && !validities.has(alert.validity ?? 'unknown')) return false;
    // A flag GitHub does not report (GHES has no publicly_leaked) is left to the upstream filter.
    if (filter.publiclyLeaked != null && alert.publicly_leaked != null && alert.publicly_leaked !== filter.publiclyLeaked) return false;
    if (filter.multiRepo != null && alert.multi_repo != null && alert.multi_repo !== filter.multiRepo) return false;
    if (repositories) {
      const name = repository.name.toLowerCase();
      const full = repository.nameWithOwner.toLowerCase();
      if (!repositories.some((wanted) => wanted === name || wanted === full)) return false;
    }
    if (created && !created(alert.created_at)) return false;
    if (resolved && !resolved(alert.resolved_at)) return false;
    return rechecks.every((check) => check(alert));
  };
}

/**
 * The gateway's re-check of the assignee, provider, excluded-type and bypass filters GitHub
 * applies. As for publiclyLeaked, a field the server does not send is left to its own filter.
 */
function assigneeAndProviderChecks(filter: AlertFilter): ((alert: AlertRecord['alert']) => boolean)[] {
  const checks: ((alert: AlertRecord['alert']) => boolean)[] = [];
  const { assignee, isBypassed } = filter;
  if (assignee != null) {
    const login = assignee.toLowerCase();
    checks.push(({ assigned_to: to }) => {
      if (to === undefined) return true;
      return assignee === '*' ? to !== null : assignee === 'none' ? to === null : to?.login.toLowerCase() === login;
    });
  }
  const providers = filter.providers?.length ? new Set(filter.providers.map((p) => p.toLowerCase())) : null;
  if (providers) checks.push(({ provider_slug: slug }) => slug === undefined || (slug !== null && providers.has(slug.toLowerCase())));
  const excluded = filter.excludeProviders?.length ? new Set(filter.excludeProviders.map((p) => p.toLowerCase())) : null;
  if (excluded) checks.push(({ provider_slug: slug }) => slug == null || !excluded.has(slug.toLowerCase()));
  const excludedTypes = filter.excludeSecretTypes?.length ? new Set(filter.excludeSecretTypes) : null;
  if (excludedTypes) checks.push(({ secret_type: type }) => !excludedTypes.has(type ?? ''));
  if (isBypassed != null) checks.push(({ push_protection_bypassed: bypassed }) => bypassed === undefined || (bypassed === true) === isBypassed);
  return checks;
}

/** A half-open window [after, before) on a timestamp; a missing timestamp is outside any window. */
function timeWindow(after: Date | null | undefined, before: Date | null | undefined): ((stamp: string | null | undefined) => boolean) | null {
  if (!after && !before) return null;
  const from = after?.getTime() ?? -Infinity;
  const to = before?.getTime() ?? Infinity;
  return (stamp) => {
    const time = stamp ? Date.parse(stamp) : Number.NaN;
    return time >= from && time < to;
  };
}

/** The value alerts are ordered by, in epoch milliseconds. */
export function orderValue(record: AlertRecord, order: AlertOrder): number {
  return order.field === 'UPDATED_AT' ? record.sortKeys.updated : record.sortKeys.created;
}

/**
 * The merge rule of every cross-stream reader: the stream whose head comes first in `order`;
 * ties go to the earlier stream, so the merged order is deterministic. `streams` is non-empty.
 */
export function nextInOrder<T>(streams: readonly T[], head: (stream: T) => AlertRecord, order: AlertOrder): T {
  const direction = order.direction === 'ASC' ? 1 : -1;
  let best = streams[0]!;
  let bestValue = orderValue(head(best), order);
  for (let i = 1; i < streams.length; i += 1) {
    const candidate = streams[i]!;
    const value = orderValue(head(candidate), order);
    if ((value - bestValue) * direction < 0) {
      best = candidate;
      bestValue = value;
    }
  }
  return best;
}
