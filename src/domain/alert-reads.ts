import { enterpriseFor } from '../alerts/enterprise.ts';
import { DEFAULT_ORDER, validateFilter, type AlertFilter, type AlertOrder } from '../alerts/query.ts';
import type { ServerCapabilities } from '../github/capabilities.ts';
import type { AlertQuery, AlertQueryScope, AlertStore } from './alert-store.ts';
import type { OrganizationFailure } from './failures.ts';
import type { AccessPolicy } from './policy.ts';

/** What the alert reads of one request need: its policy, the defaults, and where alerts come from. */
export interface AlertReadContext {
  policy: AccessPolicy;
  store: AlertStore;
  defaultOrgs: readonly string[];
  /** GATEWAY_ENTERPRISE. */
  enterprise: string | null;
  /** What the GitHub behind the gateway can filter on. */
  capabilities: ServerCapabilities;
}

/** The alerts asked for: organizations (named, or the defaults), a filter and an order. */
export interface AlertSelection {
  orgs?: readonly string[] | null;
  enterprise?: string | null;
  filter?: AlertFilter | null;
  orderBy?: AlertOrder | null;
  withSecrets?: boolean;
}

/**
 * The query of a cross-org read, authorized: organizations outside the caller's allowlist are
 * refused without a read (and reported as failures), the filter is validated, secrets are
 * asked for only when the caller may see them.
 */
export function crossOrgQuery(context: AlertReadContext, selection: AlertSelection): AlertQuery {
  const { logins, refused } = context.policy.organizationsToRead(selection.orgs, context.defaultOrgs);
  const enterprise = enterpriseFor(selection.enterprise, context.enterprise);
  return scopedQuery(context, { kind: 'organizations', orgs: logins, enterprise }, selection, refused);
}

/** The query of one organization's or one repository's alerts, authorized. */
export function scopeQuery(context: AlertReadContext, scope: AlertQueryScope, selection: AlertSelection): AlertQuery {
  if (scope.kind === 'repository') context.policy.authorizeRead(scope.owner, 'owner');
  else for (const org of scope.orgs) context.policy.authorizeRead(org);
  return scopedQuery(context, scope, selection, []);
}

function scopedQuery(context: AlertReadContext, scope: AlertQueryScope, selection: AlertSelection, refused: AlertQuery['refused']): AlertQuery {
  const filter = selection.filter ?? {};
  validateFilter(filter);
  assertFilterSupported(filter, context.capabilities);
  return {
    scope,
    filter,
    order: selection.orderBy ?? DEFAULT_ORDER,
    withSecrets: Boolean(selection.withSecrets) && context.policy.canSeeSecrets,
    refused,
  };
}

/**
 * The organizations a caller served with its own token may read, for stores that hold alerts
 * read with another credential (the index): one live read of each organization's first page,
 * with the caller's token (cached like any read). The others are FORBIDDEN failures.
 */
export async function readableWithOwnToken(live: AlertStore, orgs: readonly string[]): Promise<{ readable: string[]; refused: OrganizationFailure[] }> {
  const checks = await Promise.all(
    orgs.map(async (org) => {
      const page = await live.page(
        { scope: { kind: 'organizations', orgs: [org], enterprise: null }, filter: {}, order: DEFAULT_ORDER, withSecrets: false, refused: [] },
        { first: 1, after: null, withTotalCount: false },
      );
      return { org, failure: (await page.failures())[0] ?? null };
    }),
  );
  return {
    readable: checks.filter((check) => check.failure === null).map((check) => check.org),
    refused: checks.flatMap((check) => (check.failure ? [check.failure] : [])),
  };
}

/**
 * Filters the server cannot apply are refused before any read, naming the release they need:
 * an older GitHub Enterprise Server ignores parameters it does not know and lacks the fields the
 * gateway would re-check them on, so its answer would look filtered and not be.
 */
export function assertFilterSupported(filter: AlertFilter, capabilities: ServerCapabilities): void {
  if (filter.assignee != null) capabilities.require('ALERT_ASSIGNMENT', 'filter.assignee', 'The assignee filter');
  for (const name of ['providers', 'excludeProviders', 'excludeSecretTypes'] as const) {
    if (filter[name]?.length) capabilities.require('PROVIDER_FILTERS', `filter.${name}`, `The ${name} filter`);
  }
  if (filter.isBypassed != null) capabilities.require('PROVIDER_FILTERS', 'filter.isBypassed', 'The isBypassed filter');
}
