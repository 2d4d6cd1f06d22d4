import { createHash } from 'node:crypto';
import { createYoga } from 'graphql-yoga';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../src/auth/authenticate.ts';
import { CursorCodec } from '../../src/alerts/cursor.ts';
import { RequestDeadline } from '../../src/domain/deadline.ts';
import { AlertEvents } from '../../src/events.ts';
import { createContext, webUrlFor, type GatewayContext } from '../../src/context.ts';
import { ServerCapabilities } from '../../src/github/capabilities.ts';
import { createDemoDataset, DEMO_TOKENS, type DemoAlertRecord } from '../../src/demo/dataset.ts';
import { CSV_COLUMNS, encodeCsvRow } from '../../src/export/alerts-csv.ts';
import { useAlertsCsvExport } from '../../src/export/plugin.ts';
import { GitHubClients } from '../../src/github/access.ts';
import { ResponseCache } from '../../src/github/cache.ts';
import { createLogger } from '../../src/logger.ts';
import { schema } from '../../src/schema/index.ts';
import { DEMO_ORGS, resetHarness, startHarness, type Harness } from '../support/harness.ts';
import { expectedWindowedAlerts, type ReferenceFilter, type ReferenceWindow } from '../support/reference.ts';

const READABLE = ['acme-corp', 'acme-labs', 'globex', 'initech'];
const KEYS = { all: 'key-all-orgs-0000000000', reader: 'key-acme-corp-only-00000' };
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Parses RFC 4180 text with a published parser (csv-parse), strictly: records end with CRLF, every
 * record has as many fields as the first, a quote may only open a field.
 */
function parseCsv(text: string): string[][] {
  return parse(text, { record_delimiter: '\r\n', relax_column_count: false, relax_quotes: false, skip_empty_lines: false }) as string[][];
}

/**
 * First characters that make a spreadsheet read a cell as a formula, from OWASP's "CSV Injection"
 * page (https://owasp.org/www-community/attacks/CSV_Injection): equals, plus, minus, at, tab
 * (0x09) and carriage return (0x0D). Such a cell is to start with a single quote instead.
 */
const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];

/** What a row must say for a dataset alert, cell by cell (before CSV quoting). */
function expectedRow({ alert, repository, org }: DemoAlertRecord): string[] {
  const text = (value: string | null | undefined) => (value == null ? '' : FORMULA_STARTS.includes(value[0] ?? '') ? `'${value}` : value);
  const flag = (value: boolean | null | undefined) => (value == null ? '' : String(value));
  return [
    org,
    repository.full_name,
    String(alert.number),
    alert.state.toUpperCase(),
    text(alert.resolution?.toUpperCase()),
    text(alert.resolved_at),
    text(alert.resolved_by?.login),
    text(alert.resolution_comment),
    alert.secret_type,
    text(alert.secret_type_display_name),
    (alert.validity ?? 'unknown').toUpperCase(),
    flag(alert.publicly_leaked),
    flag(alert.multi_repo),
    flag(alert.push_protection_bypassed),
    text(alert.push_protection_bypassed_by?.login),
    alert.created_at,
    text(alert.updated_at),
    alert.html_url,
  ];
}

/**
 * The export over HTTP semantics (yoga.fetch), with the context built as the gateway builds it
 * for GraphQL: the authenticator, then createContext. Two API keys: every org, or acme-corp only.
 */
function exportClient(h: Harness, defaultOrgs = DEMO_ORGS): (query: string, key?: string) => Promise<Response> {
  const clients = new GitHubClients({
    apiUrl: h.demo.url,
    cache: new ResponseCache({ maxSizeBytes: 64 * 1024 * 1024, ttlMs: 60_000 }),
    concurrency: 20,
    timeoutMs: 10_000,
    writeIntervalMs: 0,
    retryBaseMs: 5,
  });
  const authenticate = createAuthenticator(
    {
      mode: 'api-keys',
      keys: [
        { name: 'all', sha256: sha256(KEYS.all), orgs: null, permissions: ['read', 'secrets'] },
        { name: 'reader', sha256: sha256(KEYS.reader), orgs: ['acme-corp'], permissions: ['read'] },
      ],
    },
    clients,
    clients.tokenAccess(DEMO_TOKENS.admin),
    { exposeSecrets: true },
  );
  const logger = createLogger('error', () => undefined);
  const contextFor = async (request: Request): Promise<GatewayContext> => {
    const { caller, github } = await authenticate(request);
    return createContext({
      caller,
      github,
      deadline: new RequestDeadline(null),
      events: new AlertEvents(),
      limits: { maxOrgs: 10, maxUpstreamCalls: 2_000 },
      defaultOrgs,
      webUrl: webUrlFor(h.demo.url),
      // The demo is api.github.com; the gateway learns that once at start-up (asking here would be a request per test).
      capabilities: ServerCapabilities.DOTCOM,
      bulkMaxIds: 100,
      enterprise: null,
      cursors: new CursorCodec(),
      logger,
    });
  };
  const yoga = createYoga({ schema, plugins: [useAlertsCsvExport(contextFor)], logging: false });
  return (query, key = KEYS.all) =>
    Promise.resolve(yoga.fetch(`http://gateway.test/export/alerts.csv${query}`, { headers: { 'x-api-key': key } }));
}

describe('encodeCsvRow', () => {
  it('quotes fields with commas, quotes, CR or LF, doubles quotes, and ends with CRLF', () => {
    expect(encodeCsvRow(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere', 'crlf\r\nend', '', null, undefined, 42, true])).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\rhere","crlf\r\nend",,,,42,true\r\n',
    );
    expect(encodeCsvRow(['"'])).toBe('""""\r\n');
    expect(encodeCsvRow([' spaced '])).toBe(' spaced \r\n');
  });

  it('is read back field for field by a published RFC 4180 parser', () => {
    const values = ['x', 'a, "b", c', '"', 'x\r\n', 'multi\r\nline "quoted", text', 'lone\rCR', 'lone\nLF', '', ' spaced ', 'ünïcödé ✓'];
    const second = ['second', 'row', '', '', '', '', '', '', '', ''];
    expect(parseCsv(encodeCsvRow(values) + encodeCsvRow(second))).toEqual([values, second]);
  });

  it.each(FORMULA_STARTS.map((start) => [JSON.stringify(start), start]))('puts a single quote before a text cell starting with %s', (_name, start) => {
    const value = `${start}HYPERLINK("http://x")`;
    expect(parseCsv(encodeCsvRow([value, 'plain']))).toEqual([[`'${value}`, 'plain']]);
  });

  it('leaves numbers, booleans and text starting with any other character alone', () => {
    const others = ['a=1', ' =1', "'=1", '1+1', '(x)', '#1', '%', '!x', '*', '~', '/x', '\\x', ':x', 'x-y'];
    expect(parseCsv(encodeCsvRow([-3, 42, true, ...others]))).toEqual([['-3', '42', 'true', ...others]]);
  });
});

describe('GET /export/alerts.csv', () => {
  let h: Harness;
  let exportCsv: (query: string, key?: string) => Promise<Response>;
  const TRICKY = 'Rotated, then "revoked"\r\nsee ticket SEC-1, line 2\n=cmd';

  beforeAll(async () => {
    // One alert carries a comment with a comma, quotes, CRLF, LF and a formula start.
    const dataset = createDemoDataset();
    const tricky = dataset.alerts.find((r) => r.org === 'globex' && r.alert.state === 'resolved')!;
    tricky.alert.resolution_comment = TRICKY;
    h = await startHarness({ dataset });
  });
  afterAll(async () => h.close());
  beforeEach(() => {
    resetHarness(h);
    // A new client has an empty response cache of its own: every test sees its own upstream reads.
    exportCsv = exportClient(h);
  });

  async function rows(query: string) {
    const response = await exportCsv(query);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await response.text();
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...body] = parseCsv(text);
    expect(header).toEqual(CSV_COLUMNS.map(([name]) => name));
    return { response, text, body };
  }

  it.each<[string, string, ReferenceFilter & ReferenceWindow, string]>([
    ['everything', '', {}, 'CREATED_AT:DESC'],
    ['open, oldest first', '?state=OPEN&orderDirection=ASC', { state: 'OPEN' }, 'CREATED_AT:ASC'],
    [
      'resolved in a window, by update',
      '?state=RESOLVED&resolvedAfter=2026-01-01T00:00:00Z&resolvedBefore=2026-10-01T00:00:00Z&orderField=UPDATED_AT',
      { state: 'RESOLVED', resolvedAfter: '2026-01-01T00:00:00Z', resolvedBefore: '2026-10-01T00:00:00Z' },
      'UPDATED_AT:DESC',
    ],
    [
      'lists, repeated and comma-separated',
      '?orgs=globex,initech&validities=ACTIVE&validities=UNKNOWN&secretTypes=password,aws_access_key_id&createdAfter=2025-01-01T00:00:00Z',
      { validities: ['ACTIVE', 'UNKNOWN'], secretTypes: ['password', 'aws_access_key_id'], createdAfter: '2025-01-01T00:00:00Z' },
      'CREATED_AT:DESC',
    ],
  ])('holds exactly the matching alerts, in the connection order: %s', async (_name, query, filter, order) => {
    const orgs = query.includes('orgs=') ? ['globex', 'initech'] : READABLE;
    const { response, body } = await rows(query);
    const expected = expectedWindowedAlerts(h.demo.dataset, orgs, filter);
    expect(expected.length).toBeGreaterThan(0);
    const key = (cells: string[]) => `${cells[1]}#${cells[2]}`;
    expect(body.map(key).sort()).toEqual(expected.map((r) => `${r.repository.full_name}#${r.alert.number}`).sort());
    const byId = new Map(expected.map((r) => [`${r.repository.full_name}#${r.alert.number}`, r]));
    for (const cells of body) expect(cells).toEqual(expectedRow(byId.get(key(cells))!));
    // Ordered like the connection: by the timestamp asked for.
    const [field, direction] = order.split(':');
    const stamp = (cells: string[]) => Date.parse(field === 'UPDATED_AT' ? cells[16] || cells[15]! : cells[15]!);
    const times = body.map(stamp);
    expect(times).toEqual([...times].sort((a, b) => (direction === 'ASC' ? a - b : b - a)));
    if (orgs === READABLE) expect(response.headers.get('x-gateway-failures')).toBe('hooli:FORBIDDEN,umbrella:NOT_FOUND');
  });

  it('quotes the comment with commas, quotes and line breaks so it survives as one field', async () => {
    const { text, body } = await rows('?orgs=globex&state=RESOLVED');
    const row = body.find((cells) => cells[7]!.startsWith('Rotated'));
    expect(row![7]).toBe(TRICKY);
    expect(text).toContain('"Rotated, then ""revoked""\r\nsee ticket SEC-1, line 2\n=cmd"');
  });

  it('never contains a secret value, even for a caller allowed to see secrets', async () => {
    const { text } = await rows('');
    const secrets = h.demo.dataset.alerts.map((r) => r.alert.secret).filter((s): s is string => Boolean(s));
    expect(secrets.length).toBeGreaterThan(100);
    for (const secret of secrets) expect(text.includes(secret), 'a secret leaked into the CSV').toBe(false);
    expect(h.demo.requests.filter((r) => r.route === 'GET /orgs/{org}/secret-scanning/alerts').every((r) => r.query.hide_secret === 'true')).toBe(true);
  });

  it('authorizes like GraphQL: an unknown key is refused, the allowlist limits organizations', async () => {
    const anonymous = await exportCsv('', 'not-a-key');
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const response = await exportCsv('?orgs=acme-corp,globex', KEYS.reader);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-gateway-failures')).toBe('globex:FORBIDDEN');
    const [, ...body] = parseCsv(await response.text());
    expect(new Set(body.map((cells) => cells[0]))).toEqual(new Set(['acme-corp']));
    expect(body.length).toBe(expectedWindowedAlerts(h.demo.dataset, ['acme-corp']).length);
  });

  it.each([
    ['?state=open', 'state'],
    ['?createdAfter=2026-02-01T00:00:00Z&createdBefore=2026-01-01T00:00:00Z', 'filter.createdBefore'],
    ['?state=OPEN&resolutions=REVOKED', 'filter.resolutions'],
    ['?publiclyLeaked=yes', 'publiclyLeaked'],
    ['?createdAfter=yesterday', 'filter.createdAfter'],
    ['?stat=OPEN', 'stat'],
    ['?orgs=acme-corp,evil/../x', 'orgs'],
    ['?enterprise=no/such', 'enterprise'],
  ])('rejects %s with 400 before any upstream call', async (query, field) => {
    const response = await exportCsv(query);
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].extensions).toMatchObject({ code: 'VALIDATION', field });
    expect(h.demo.requestCount()).toBe(0);
  });

  it('gives the same file through the enterprise list', async () => {
    const perOrg = await rows('?validities=INACTIVE');
    const viaEnterprise = await rows('?validities=INACTIVE&enterprise=acme-enterprise');
    expect(h.demo.requestCount('GET /enterprises/{enterprise}/secret-scanning/alerts')).toBeGreaterThan(0);
    expect(viaEnterprise.text).toBe(perOrg.text);
    expect(viaEnterprise.response.headers.get('x-gateway-failures')).toBe(perOrg.response.headers.get('x-gateway-failures'));
  });

  it('aborts instead of ending cleanly when a page fails after rows were sent', async () => {
    // The first pages of both streams are served; the next acme-corp read (its second page) and its retries fail.
    let reads = 0;
    h.demo.failNext((target) => target.path === '/orgs/acme-corp/secret-scanning/alerts' && ++reads > 2, 502, { count: 50 });
    // acme-corp has more than 100 alerts, so its default stream has a second page.
    const response = await exportCsv('?orgs=acme-corp');
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toMatchObject({ code: 'UPSTREAM' });
    // The second page, tried once and retried three times.
    const failed = h.demo.requests.filter((r) => r.status === 502);
    expect(failed.map((r) => [r.path, r.query.page])).toEqual(Array.from({ length: 4 }, () => ['/orgs/acme-corp/secret-scanning/alerts', '2']));
  });
});

describe('GET /export/alerts.csv over a large organization', () => {
  it('streams: the first rows arrive long before the last upstream page is read, and all rows come', async () => {
    const h = await startHarness({ dataset: createDemoDataset({ orgCount: 1, alertsPerOrg: 3000 }), env: { GATEWAY_ORGS: 'org-01' } });
    try {
      const exportCsv = exportClient(h, ['org-01']);
      const pages = Math.ceil(3000 / 100);
      const response = await exportCsv('');
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      const first = await reader.read();
      expect(first.done).toBe(false);
      // First pages of both streams, and at most a few read ahead: far from every page.
      expect(h.demo.requestCount('GET /orgs/{org}/secret-scanning/alerts')).toBeLessThan(pages / 2);
      let text = decoder.decode(first.value, { stream: true });
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
      text += decoder.decode();
      expect(parseCsv(text).length - 1).toBe(3000);
      expect(h.demo.requestCount('GET /orgs/{org}/secret-scanning/alerts')).toBeLessThanOrEqual(pages + 2);
    } finally {
      await h.close();
    }
  });
});

describe('the gateway serves the export', () => {
  it('answers GET /export/alerts.csv beside /graphql, with the same data as GraphQL', async () => {
    const h = await startHarness();
    try {
      const url = h.gateway.url.replace(/\/graphql$/, '/export/alerts.csv?orgs=initech&state=OPEN');
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/csv/);
      const rows = parseCsv(await response.text());
      const graphql = await h.query('{ secretScanningAlerts(orgs: ["initech"], filter: { state: OPEN }) { totalCount } }');
      expect(rows.length - 1).toBe(graphql.data!.secretScanningAlerts.totalCount);
    } finally {
      await h.close();
    }
  });
});
