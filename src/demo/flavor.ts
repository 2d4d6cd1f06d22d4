import { GitHubError } from './github-error.ts';

/**
 * Which GitHub the demo server imitates: api.github.com with GHEC's enterprise and delegated
 * review endpoints (the default), or a GitHub Enterprise Server release, which sends its version
 * in `X-GitHub-Enterprise-Version` on every answer and lacks what its release lacks (GitHub's
 * GHES 3.17-3.19 descriptions and the 3.22 notes; "ghes-3.1" stands for the releases before 3.3,
 * which list alerts per repository only).
 */
export const DEMO_FLAVORS = ['dotcom', 'ghes-3.1', 'ghes-3.17', 'ghes-3.19', 'ghes-3.20'] as const;
export type DemoFlavor = (typeof DEMO_FLAVORS)[number];

export function isDemoFlavor(value: string): value is DemoFlavor {
  return (DEMO_FLAVORS as readonly string[]).includes(value);
}

/** The X-GitHub-Enterprise-Version a flavor sends ("3.19.0"); null for api.github.com. */
export function enterpriseVersionOf(flavor: DemoFlavor): string | null {
  return flavor === 'dotcom' ? null : `${flavor.slice('ghes-'.length)}.0`;
}

/** Whether the flavor is api.github.com or a GHES release at least `major.minor`. */
function atLeast(flavor: DemoFlavor, major: number, minor: number): boolean {
  const version = enterpriseVersionOf(flavor);
  if (version === null) return true;
  const [have = 0, haveMinor = 0] = version.split('.').map(Number);
  return have > major || (have === major && haveMinor >= minor);
}

/** Whether the flavor has this route template (e.g. "/orgs/{org}/secret-scanning/custom-patterns"). */
export function flavorHasRoute(flavor: DemoFlavor, template: string): boolean {
  if (template.includes('/secret-scanning/custom-patterns')) return flavor === 'dotcom';
  if (template === '/orgs/{org}/secret-scanning/alerts' || template === '/enterprises/{enterprise}/secret-scanning/alerts') return atLeast(flavor, 3, 3);
  if (template.endsWith('/secret-scanning/pattern-configurations')) return atLeast(flavor, 3, 19);
  if (template.includes('/dismissal-requests/')) return atLeast(flavor, 3, 18);
  return true;
}

const ALERT_ROUTE = /^(GET|PATCH) \/(orgs|repos|enterprises)\/.*\/secret-scanning\/alerts(\/\{alert_number\})?$/;
const PATCH_ALERT = 'PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}';

/** Alert fields of dotcom/GHEC that no GHES release sends, and those GHES sends from 3.19 only. */
const GHES_MISSING_ALERT_FIELDS = ['provider', 'provider_slug', 'publicly_leaked', 'closure_request_comment', 'closure_request_reviewer_comment', 'closure_request_reviewer', 'metadata'];
const FROM_3_19_ALERT_FIELDS = ['first_location_detected', 'has_more_locations', 'assigned_to'];

/** Alert-list parameters a release does not know: it ignores them, as servers do with unknown parameters. */
function ignoredParameters(flavor: DemoFlavor): string[] {
  if (flavor === 'dotcom') return [];
  return [
    'providers', 'exclude_providers', 'exclude_secret_types', 'is_bypassed', 'included_metadata', 'owner_email_hash',
    ...(atLeast(flavor, 3, 20) ? [] : ['assignee']),
    ...(atLeast(flavor, 3, 18) ? [] : ['hide_secret']),
  ];
}

function omit(value: unknown, keys: readonly string[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

/** The request URL as the flavor reads it: alert-list and get-alert parameters it does not know are dropped. */
export function urlForFlavor(flavor: DemoFlavor, route: string, url: URL): URL {
  const ignored = ALERT_ROUTE.test(route) ? ignoredParameters(flavor) : [];
  if (!ignored.some((name) => url.searchParams.has(name))) return url;
  const served = new URL(url);
  for (const name of ignored) served.searchParams.delete(name);
  return served;
}

/** GHES before 3.20 cannot assign alerts and before 3.22 cannot override validity: such a PATCH is a 422. */
export function checkBodyForFlavor(flavor: DemoFlavor, route: string, body: string): void {
  if (route !== PATCH_ALERT || flavor === 'dotcom') return;
  const keys = Object.keys(jsonObjectOrEmpty(body));
  const unsupported = [...(atLeast(flavor, 3, 20) ? [] : ['assignee']), 'validity'].filter((field) => keys.includes(field));
  if (unsupported.length === 0) return;
  throw GitHubError.validation(
    unsupported.map((field) => ({ resource: 'SecretScanningAlert', field, code: 'invalid', message: `${field} is not a permitted key.` })),
  );
}

function jsonObjectOrEmpty(body: string): object {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? parsed : {};
  } catch {
    // The handler answers a body that is not JSON with GitHub's 400.
    return {};
  }
}

/** A 200 body as the flavor sends it; `route` is "METHOD template". */
export function bodyForFlavor(flavor: DemoFlavor, route: string, body: unknown): unknown {
  if (flavor === 'dotcom') return body;
  if (ALERT_ROUTE.test(route)) {
    const missing = atLeast(flavor, 3, 19) ? GHES_MISSING_ALERT_FIELDS : [...GHES_MISSING_ALERT_FIELDS, ...FROM_3_19_ALERT_FIELDS];
    return Array.isArray(body) ? body.map((alert) => omit(alert, missing)) : omit(body, missing);
  }
  if (route === 'GET /repos/{owner}/{repo}/secret-scanning/scan-history') return omit(body, ['generic_secrets_backfill_scans']);
  return body;
}
