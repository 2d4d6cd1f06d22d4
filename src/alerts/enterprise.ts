import { DomainError, UpstreamError, ValidationError } from '../errors.ts';
import { FIRST_PAGE } from '../github/paging.ts';
import type { OrganizationFailure } from './connection.ts';
import type { StreamPlan } from './query.ts';
import type { AlertScope, AlertSource } from './source.ts';

const ENTERPRISE_SLUG = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,98}[A-Za-z0-9])?$/;

export function assertEnterpriseSlug(slug: string, field = 'enterprise'): string {
  if (!ENTERPRISE_SLUG.test(slug)) throw new ValidationError(`"${slug.slice(0, 60)}" is not an enterprise slug.`, field);
  return slug;
}

/**
 * The enterprise whose alert list serves cross-org reads: the argument, else GATEWAY_ENTERPRISE,
 * else none. Callers the policy keeps from enterprise-wide reads fall back to per-organization
 * reads (see crossOrgScopes), with the same answer.
 */
export function enterpriseFor(requested: string | null | undefined, configured: string | null): string | null {
  return requested != null ? assertEnterpriseSlug(requested) : configured;
}

export interface CrossOrgScopes {
  scopes: AlertScope[];
  /** Organizations found unreadable while choosing (enterprise mode checks each one). */
  failures: OrganizationFailure[];
  via: 'enterprise' | 'organizations';
}

/**
 * Chooses, per request, how to read the alerts of `logins`.
 *
 * Without an enterprise: one `org` scope per organization. With one, the enterprise-wide list
 * (`GET /enterprises/{enterprise}/secret-scanning/alerts`, cursor-paged) is tried: if GitHub
 * refuses it, or it fails in any other way, the answer falls back to per-organization reads
 * and nothing is reported as a failure on its account. The enterprise list silently leaves out
 * organizations the credential cannot read, so each organization's first page is read too
 * (the page a per-organization read starts with, so a fallback costs nothing more): an
 * organization refused there becomes the same failure, with the same code, as without the
 * enterprise. The organizations asked for are assumed to belong to the enterprise.
 *
 * `oneScopePerOrg` keeps one stream per organization (the connection: the merge, ties and
 * cursors are then those of per-organization reads); otherwise one enterprise scope holds them
 * all (reports and exports, which read every page once).
 */
export async function crossOrgScopes(
  source: AlertSource,
  logins: readonly string[],
  plans: readonly StreamPlan[],
  enterprise: string | null,
  oneScopePerOrg: boolean,
): Promise<CrossOrgScopes> {
  const perOrg: CrossOrgScopes = { scopes: logins.map((org) => ({ kind: 'org', org })), failures: [], via: 'organizations' };
  const plan = plans[0];
  if (!enterprise || !plan || logins.length === 0) return perOrg;
  const probes = Promise.all(
    logins.map((org) =>
      source.page({ kind: 'org', org }, plan, FIRST_PAGE).then(
        () => null,
        (error: unknown) => ({ org, error }),
      ),
    ),
  );
  try {
    await source.page({ kind: 'enterprise', enterprise, orgs: logins }, plan, FIRST_PAGE);
  } catch {
    await probes;
    return perOrg;
  }
  const refused = (await probes).filter((probe) => probe !== null);
  // Only the answer mattered; the enterprise list serves the alerts.
  for (const org of logins) source.forget({ kind: 'org', org }, plan, FIRST_PAGE);
  const failures = refused.map(({ org, error }): OrganizationFailure => {
    const domain = error instanceof DomainError ? error : new UpstreamError(`Reading ${org} failed.`);
    return { login: org, code: domain.code, message: domain.message };
  });
  const readable = logins.filter((org) => !refused.some((probe) => probe.org === org));
  const scopes: AlertScope[] =
    readable.length === 0
      ? []
      : oneScopePerOrg
        ? readable.map((org) => ({ kind: 'enterprise', enterprise, orgs: [org] }))
        : [{ kind: 'enterprise', enterprise, orgs: readable }];
  return { scopes, failures, via: 'enterprise' };
}
