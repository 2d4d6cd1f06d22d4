/**
 * Which GitHub the demo server imitates: api.github.com with GHEC's enterprise and delegated
 * review endpoints (the default), or GitHub Enterprise Server 3.19, which has no custom-pattern
 * endpoints and leaves some fields out (GitHub's GHES 3.19 description).
 */
export type DemoFlavor = 'dotcom' | 'ghes-3.19';

/** Whether the flavor has this route template (e.g. "/orgs/{org}/secret-scanning/custom-patterns"). */
export function flavorHasRoute(flavor: DemoFlavor, template: string): boolean {
  return flavor === 'dotcom' || !template.includes('/secret-scanning/custom-patterns');
}

/** Alert fields of dotcom/GHEC that GHES 3.19 does not send. */
const GHES_MISSING_ALERT_FIELDS = [
  'provider',
  'provider_slug',
  'publicly_leaked',
  'closure_request_comment',
  'closure_request_reviewer_comment',
  'closure_request_reviewer',
  'metadata',
];

const ALERT_ROUTE = /^(GET|PATCH) \/(orgs|repos|enterprises)\/.*\/secret-scanning\/alerts(\/\{alert_number\})?$/;

function omit(value: unknown, keys: readonly string[]): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

/** A 200 body as the flavor sends it; `route` is "METHOD template". */
export function bodyForFlavor(flavor: DemoFlavor, route: string, body: unknown): unknown {
  if (flavor === 'dotcom') return body;
  if (ALERT_ROUTE.test(route)) return Array.isArray(body) ? body.map((alert) => omit(alert, GHES_MISSING_ALERT_FIELDS)) : omit(body, GHES_MISSING_ALERT_FIELDS);
  if (route === 'GET /repos/{owner}/{repo}/secret-scanning/scan-history') return omit(body, ['generic_secrets_backfill_scans']);
  return body;
}
