import type { AlertRecord } from '../alerts/model.ts';
import {
  DEFAULT_ORDER,
  type AlertFilter,
  type AlertOrder,
  type AlertResolution,
  type AlertState,
  type AlertValidity,
} from '../alerts/query.ts';
import type { GatewayContext } from '../context.ts';
import { DomainError, ValidationError } from '../errors.ts';
import { crossOrgQuery } from '../domain/alert-reads.ts';

/**
 * GET /export/alerts.csv: the alerts of Query.secretScanningAlerts as CSV (RFC 4180: comma
 * separated, CRLF line ends, fields with a comma, quote, CR or LF quoted, quotes doubled).
 *
 * Query parameters mirror the GraphQL arguments and are validated by the same rules:
 *   orgs              comma-separated logins (default GATEWAY_ORGS; caller allowlist applies)
 *   enterprise        read through this enterprise's alert list (default GATEWAY_ENTERPRISE)
 *   state             OPEN | RESOLVED
 *   secretTypes, resolutions, validities, repositories   comma-separated (or repeated)
 *   publiclyLeaked, multiRepo, isBypassed                true | false
 *   assignee          a login, * or none
 *   providers, excludeProviders, excludeSecretTypes      comma-separated (or repeated)
 *   createdAfter, createdBefore, resolvedAfter, resolvedBefore   ISO-8601 DateTime
 *   orderField        CREATED_AT | UPDATED_AT (default CREATED_AT)
 *   orderDirection    ASC | DESC (default DESC)
 * Rows come in the connection's order and are written as upstream pages arrive. Organizations
 * that cannot be read are left out and named in the X-Gateway-Failures header
 * (`login:CODE` comma-separated); if a read fails after rows were sent, the response is
 * aborted rather than ended, so a truncated file never looks complete.
 *
 * The secret value is never read (hide_secret=true) and has no column. Cells starting with
 * = + - @ TAB or CR get a leading apostrophe, so spreadsheets do not run them as formulas.
 */
export const CSV_COLUMNS = [
  ['organization', 'Organization login'],
  ['repository', 'owner/name'],
  ['number', 'Alert number in its repository'],
  ['state', 'OPEN or RESOLVED'],
  ['resolution', 'FALSE_POSITIVE, WONT_FIX, REVOKED, USED_IN_TESTS, PATTERN_EDITED, PATTERN_DELETED; empty when open'],
  ['resolved_at', 'ISO-8601; empty when open'],
  ['resolved_by', 'Login of who resolved it'],
  ['resolution_comment', 'Free text written when resolving'],
  ['secret_type', "GitHub's secret_type"],
  ['secret_type_display_name', 'Human name of the secret type'],
  ['validity', 'ACTIVE, INACTIVE or UNKNOWN'],
  ['publicly_leaked', 'true, false, or empty when GitHub does not say'],
  ['multi_repo', 'true, false, or empty when GitHub does not say'],
  ['push_protection_bypassed', 'true, false, or empty'],
  ['push_protection_bypassed_by', 'Login of who bypassed push protection'],
  ['created_at', 'ISO-8601'],
  ['updated_at', 'ISO-8601'],
  ['url', 'The alert on GitHub (web address)'],
] as const;

export type CsvValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV record with its CRLF. Strings only are neutralised against formulas; numbers and booleans are written as is. */
export function encodeCsvRow(values: readonly CsvValue[]): string {
  return (
    values
      .map((value) => {
        if (value === null || value === undefined) return '';
        let text = String(value);
        if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
        return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}

export const CSV_HEADER = encodeCsvRow(CSV_COLUMNS.map(([name]) => name));

/** The cells of one alert, in CSV_COLUMNS order. The secret is not among them. */
export function alertCsvValues({ alert, repository }: AlertRecord): CsvValue[] {
  return [
    repository.owner,
    repository.nameWithOwner,
    alert.number,
    alert.state === 'resolved' ? 'RESOLVED' : 'OPEN',
    alert.resolution?.toUpperCase(),
    alert.resolved_at,
    alert.resolved_by?.login,
    alert.resolution_comment,
    alert.secret_type,
    alert.secret_type_display_name,
    (alert.validity ?? 'unknown').toUpperCase(),
    alert.publicly_leaked,
    alert.multi_repo,
    alert.push_protection_bypassed,
    alert.push_protection_bypassed_by?.login,
    alert.created_at,
    alert.updated_at,
    alert.html_url,
  ];
}

const STATES = ['OPEN', 'RESOLVED'] as const;
const RESOLUTIONS = ['FALSE_POSITIVE', 'WONT_FIX', 'REVOKED', 'USED_IN_TESTS', 'PATTERN_EDITED', 'PATTERN_DELETED'] as const;
const VALIDITIES = ['ACTIVE', 'INACTIVE', 'UNKNOWN'] as const;
const ORDER_FIELDS = ['CREATED_AT', 'UPDATED_AT'] as const;
const DIRECTIONS = ['ASC', 'DESC'] as const;
const PARAMETERS = new Set([
  'orgs', 'enterprise', 'state', 'secretTypes', 'resolutions', 'validities', 'repositories', 'publiclyLeaked', 'multiRepo',
  'createdAfter', 'createdBefore', 'resolvedAfter', 'resolvedBefore', 'orderField', 'orderDirection',
  'assignee', 'providers', 'excludeProviders', 'excludeSecretTypes', 'isBypassed',
]);

export interface ExportQuery {
  orgs: string[] | null;
  enterprise: string | null;
  filter: AlertFilter;
  order: AlertOrder;
}

/** Parses the query string into the GraphQL arguments' shapes; unknown or repeated-scalar parameters are rejected. */
export function parseExportQuery(params: URLSearchParams): ExportQuery {
  for (const name of params.keys()) {
    if (!PARAMETERS.has(name)) throw new ValidationError(`Unknown parameter "${name.slice(0, 40)}".`, name.slice(0, 40));
  }
  const list = (name: string): string[] | null => {
    const values = params.getAll(name).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
    return params.has(name) ? values : null;
  };
  const one = (name: string): string | null => {
    const values = params.getAll(name);
    if (values.length > 1) throw new ValidationError(`"${name}" may be given once.`, name);
    return values[0] ?? null;
  };
  const enumOf = <T extends string>(name: string, allowed: readonly T[], value: string | null): T | null => {
    if (value === null) return null;
    const found = allowed.find((candidate) => candidate === value);
    if (!found) throw new ValidationError(`"${name}" must be one of ${allowed.join(', ')}.`, name);
    return found;
  };
  const enums = <T extends string>(name: string, allowed: readonly T[]): T[] | null =>
    list(name)?.map((value) => enumOf(name, allowed, value)!) ?? null;
  const bool = (name: string): boolean | null => {
    const value = one(name);
    if (value === null) return null;
    if (value !== 'true' && value !== 'false') throw new ValidationError(`"${name}" must be true or false.`, name);
    return value === 'true';
  };
  const date = (name: string): Date | null => {
    const value = one(name);
    if (value === null) return null;
    // The same rule as the DateTime scalar.
    const parsed = /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : null;
    if (!parsed || Number.isNaN(parsed.getTime())) {
      throw new ValidationError(`"${name}" must be an ISO-8601 DateTime such as 2026-11-01T00:00:00Z.`, `filter.${name}`);
    }
    return parsed;
  };
  return {
    orgs: list('orgs'),
    enterprise: one('enterprise'),
    filter: {
      state: enumOf<AlertState>('state', STATES, one('state')),
      secretTypes: list('secretTypes'),
      resolutions: enums<AlertResolution>('resolutions', RESOLUTIONS),
      validities: enums<AlertValidity>('validities', VALIDITIES),
      repositories: list('repositories'),
      publiclyLeaked: bool('publiclyLeaked'),
      multiRepo: bool('multiRepo'),
      createdAfter: date('createdAfter'),
      createdBefore: date('createdBefore'),
      resolvedAfter: date('resolvedAfter'),
      resolvedBefore: date('resolvedBefore'),
      assignee: one('assignee'),
      providers: list('providers'),
      excludeProviders: list('excludeProviders'),
      excludeSecretTypes: list('excludeSecretTypes'),
      isBypassed: bool('isBypassed'),
    },
    order: {
      field: enumOf('orderField', ORDER_FIELDS, one('orderField')) ?? DEFAULT_ORDER.field,
      direction: enumOf('orderDirection', DIRECTIONS, one('orderDirection')) ?? DEFAULT_ORDER.direction,
    },
  };
}

const STATUS: Record<string, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  UPSTREAM: 502,
};

/** An error answered before any row: JSON in the shape of a GraphQL error, with only the gateway's own message. */
export function exportErrorResponse(error: unknown, context?: Pick<GatewayContext, 'logger'>): Response {
  const domain = error instanceof DomainError ? error : null;
  if (!domain) context?.logger.error('unexpected error in the CSV export', { error: String(error) });
  const body = {
    errors: [
      {
        message: domain ? domain.message : 'Unexpected error.',
        extensions: { code: domain?.code ?? 'INTERNAL', ...(domain instanceof ValidationError && domain.field ? { field: domain.field } : {}) },
      },
    ],
  };
  return new Response(JSON.stringify(body), {
    status: domain ? (STATUS[domain.code] ?? 500) : 500,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/** Rows are sent in chunks of about this many bytes. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Answers GET /export/alerts.csv for a caller whose context was built exactly as for GraphQL.
 * Authorization is the same: organizations outside the caller's allowlist are refused.
 */
export async function handleAlertsCsv(request: Request, context: GatewayContext): Promise<Response> {
  try {
    const { orgs, enterprise, filter, order } = parseExportQuery(new URL(request.url).searchParams);
    const merged = await context.store.stream(crossOrgQuery(context, { orgs, enterprise, filter, orderBy: order }));
    const encoder = new TextEncoder();
    const rows = merged.alerts;
    let headerSent = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        let chunk = headerSent ? '' : CSV_HEADER;
        headerSent = true;
        try {
          while (chunk.length < CHUNK_BYTES) {
            const next = await rows.next();
            if (next.done) {
              if (chunk) controller.enqueue(encoder.encode(chunk));
              controller.close();
              return;
            }
            chunk += encodeCsvRow(alertCsvValues(next.value));
          }
          controller.enqueue(encoder.encode(chunk));
        } catch (error) {
          context.logger.warn('CSV export aborted: an upstream read failed after rows were sent', { error: String(error) });
          controller.error(error instanceof DomainError ? error : new Error('export aborted'));
        }
      },
      async cancel() {
        await rows.return(undefined);
      },
    });
    const headers = new Headers({
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': 'attachment; filename="secret-scanning-alerts.csv"',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    if (merged.failures.length > 0) {
      headers.set('x-gateway-failures', merged.failures.map((failure) => `${failure.login}:${failure.code}`).join(','));
    }
    return new Response(body, { status: 200, headers });
  } catch (error) {
    return exportErrorResponse(error, context);
  }
}
