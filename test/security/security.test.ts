import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createDemoDataset, DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const ORG_LIST = 'GET /orgs/{org}/secret-scanning/alerts';
const dataset = createDemoDataset();
const ALL_SECRETS = dataset.alerts.map((record) => record.alert.secret!).filter((secret) => secret.length >= 8);
const ALL_TOKENS = [...Object.values(DEMO_TOKENS)];

/** Every harness of this file, so that the final scan sees all their responses and log lines. */
const harnesses: { h: Harness; secretsAllowedIn: Set<string> }[] = [];

async function harness(env: Record<string, string>, options: Parameters<typeof startHarness>[0] = {}) {
  // Debug lines too: the scan at the end of this file must see everything the gateway may log.
  const h = await startHarness({ ...options, env: { GATEWAY_LOG_LEVEL: 'debug', ...env } });
  const entry = { h, secretsAllowedIn: new Set<string>() };
  harnesses.push(entry);
  return entry;
}

const API_KEYS = { reader: 'key-reader-7f3a9c', writer: 'key-writer-51be02', secrets: 'key-secrets-c0ffee' };
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

function keysFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-keys-'));
  const file = join(dir, 'keys.json');
  writeFileSync(
    file,
    JSON.stringify({
      keys: [
        { name: 'reader', sha256: sha256(API_KEYS.reader), orgs: ['acme-corp', 'acme-labs'], permissions: ['read'] },
        { name: 'writer', sha256: sha256(API_KEYS.writer), orgs: ['*'], permissions: ['read', 'write'] },
        { name: 'secrets', sha256: sha256(API_KEYS.secrets), orgs: ['acme-corp'], permissions: ['read', 'secrets'] },
      ],
    }),
  );
  return file;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('API keys', () => {
  let env: { h: Harness; secretsAllowedIn: Set<string> };
  let h: Harness;
  beforeAll(async () => {
    env = await harness({ GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: keysFile() });
    h = env.h;
  });

  it('answers 401 without a key or with an unknown one, before any upstream call', async () => {
    for (const headers of [{}, bearer('not-a-key'), { 'x-api-key': 'nope' }] as Record<string, string>[]) {
      const result = await h.query('{ organizations { login } }', {}, headers);
      expect(result.status).toBe(401);
      expect(result.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    }
    expect(h.demo.requestCount()).toBe(0);
  });

  it('keeps a key to its organizations without calling GitHub for the others', async () => {
    h.demo.resetCounts();
    const single = await h.query('{ organization(login: "globex") { login } }', {}, bearer(API_KEYS.reader));
    expect(single.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const cross = await h.query(
      '{ secretScanningAlerts(orgs: ["acme-corp", "globex"], first: 5) { nodes { organization { login } } failures { login code } } }',
      {},
      { 'x-api-key': API_KEYS.reader },
    );
    expect(cross.data!.secretScanningAlerts.failures).toEqual([{ login: 'globex', code: 'FORBIDDEN' }]);
    expect(new Set(cross.data!.secretScanningAlerts.nodes.map((n: any) => n.organization.login))).toEqual(new Set(['acme-corp']));
    expect(h.demo.requests.some((r) => r.path.startsWith('/orgs/globex'))).toBe(false);
    const node = await h.query('{ node(id: "' + Buffer.from('v1:Organization:globex').toString('base64url') + '") { id } }', {}, bearer(API_KEYS.reader));
    expect(node.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('reads only allowed organizations by default', async () => {
    const result = await h.query('{ secretScanningAlerts(first: 100) { nodes { organization { login } } failures { login } } }', {}, bearer(API_KEYS.reader));
    expect(result.data!.secretScanningAlerts.failures).toEqual([]);
    expect(new Set(result.data!.secretScanningAlerts.nodes.map((n: any) => n.organization.login))).toEqual(new Set(['acme-corp', 'acme-labs']));
  });

  it('returns the secret only to a key with the secrets permission, and asks GitHub for it only then', async () => {
    const query = '{ organization(login: "acme-corp") { secretScanningAlerts(first: 20) { nodes { number secret repository { nameWithOwner } } } } }';
    h.demo.resetCounts();
    const hidden = await h.query(query, {}, bearer(API_KEYS.reader));
    expect(hidden.data!.organization.secretScanningAlerts.nodes.every((n: any) => n.secret === null)).toBe(true);
    expect(h.demo.requests.filter((r) => r.route === ORG_LIST).every((r) => r.query.hide_secret === 'true')).toBe(true);

    h.demo.resetCounts();
    const shown = await h.query(query, {}, bearer(API_KEYS.secrets));
    env.secretsAllowedIn.add(h.responses.at(-1)!);
    const nodes = shown.data!.organization.secretScanningAlerts.nodes;
    for (const node of nodes) {
      const record = dataset.alerts.find((r) => r.repository.full_name === node.repository.nameWithOwner && r.alert.number === node.number)!;
      expect(node.secret).toBe(record.alert.secret);
    }
    expect(h.demo.requests.filter((r) => r.route === ORG_LIST).some((r) => r.query.hide_secret === 'false')).toBe(true);

    // The same query again by the reader: the cached pages holding secrets are never served to it.
    const again = await h.query(query, {}, bearer(API_KEYS.reader));
    expect(again.data!.organization.secretScanningAlerts.nodes.every((n: any) => n.secret === null)).toBe(true);
    expect(h.responses.at(-1)).not.toContain(nodes[0].secret);

    const noSecretSelected = await h.query('{ organization(login: "acme-corp") { secretScanningAlerts(first: 5) { nodes { number } } } }', {}, bearer(API_KEYS.secrets));
    expect(noSecretSelected.errors).toBeUndefined();
  });
});

describe('passthrough of the caller’s GitHub token', () => {
  let h: Harness;
  beforeAll(async () => {
    h = (await harness({ GATEWAY_AUTH: 'passthrough', GITHUB_TOKEN: '' })).h;
  });

  it('lets each token see only what GitHub lets it see, with no cache sharing between tokens', async () => {
    const query = '{ secretScanningAlerts(orgs: ["globex", "acme-corp"], first: 100) { totalCount failures { login code } } }';
    const admin = await h.query(query, {}, bearer(DEMO_TOKENS.admin));
    expect(admin.data!.secretScanningAlerts.failures).toEqual([]);
    // Same URLs right after, within the TTL: the analyst must not receive the admin's cached pages.
    const analyst = await h.query(query, {}, { authorization: `token ${DEMO_TOKENS.analyst}` });
    expect(analyst.data!.secretScanningAlerts.failures).toEqual([{ login: 'globex', code: 'FORBIDDEN' }]);
    expect(analyst.data!.secretScanningAlerts.totalCount).toBeLessThan(admin.data!.secretScanningAlerts.totalCount);
    const outsider = await h.query(query, {}, bearer(DEMO_TOKENS.outsider));
    expect(outsider.data!.secretScanningAlerts.failures.map((f: any) => f.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('answers 401 without a token and for a token GitHub rejects', async () => {
    expect((await h.query('{ organizations { login } }')).status).toBe(401);
    const bad = await h.query('{ organizations { login } }', {}, bearer('ghp_notarealtoken000000000000000000000000'));
    expect(bad.status).toBe(401);
    expect(bad.errors![0]!.message).not.toContain('ghp_notarealtoken');
  });
});

describe('GitHub App mode', () => {
  it('reads each organization with its own installation token', async () => {
    const { h } = await harness({
      GITHUB_TOKEN: '',
      GITHUB_APP_ID: String(dataset.app.id),
      GITHUB_APP_PRIVATE_KEY: dataset.app.privateKeyPem,
    });
    const result = await h.query('{ secretScanningAlerts(orgs: ["acme-corp", "globex", "hooli"], first: 100) { totalCount failures { login code message } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.secretScanningAlerts.failures).toEqual([
      expect.objectContaining({ login: 'hooli', code: 'FORBIDDEN', message: expect.stringMatching(/not installed/) }),
    ]);
    const tokenExchanges = h.demo.requests.filter((r) => r.route === 'POST /app/installations/{installation_id}/access_tokens');
    const installationOf = (org: string) => dataset.app.installations.find((i) => i.org === org)!.id;
    expect(new Set(tokenExchanges.map((r) => r.path))).toEqual(
      new Set(['acme-corp', 'globex'].map((org) => `/app/installations/${installationOf(org)}/access_tokens`)),
    );
    expect(h.demo.requests.some((r) => r.path.startsWith('/orgs/hooli/secret-scanning'))).toBe(false);
    const rateLimit = await h.query('{ rateLimit { limit } }');
    expect(rateLimit.errors).toBeUndefined();
  });
});

describe('abuse limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = (await harness({ GATEWAY_MAX_BODY_BYTES: '20000' })).h;
  });

  it('rejects deep, wide, aliased and token-heavy queries with a clear error', async () => {
    const nest = (levels: number): string => (levels === 0 ? 'login' : `repository(name: "docs") { owner { ${nest(levels - 1)} } }`);
    const deep = `{ organization(login: "acme-corp") { ${nest(8)} } }`;
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: organizations { login }`).join(' ')} }`;
    const costly = `{ ${Array.from({ length: 25 }, (_, i) => `o${i}: organizations { secretScanningAlerts(first: 100) { nodes { locations(first: 100) { nodes { type } } repository { owner { login } } } } }`).join(' ')} }`;
    // 6,000 tokens in 9 KB, under this harness's 20,000-byte body limit.
    const tokens = `{ __typename ${'@a '.repeat(3000)}}`;
    const cases: [string, string][] = [
      [deep, 'Syntax Error: Query depth limit of 12 exceeded, found 18.'],
      [aliases, 'Syntax Error: Aliases limit of 30 exceeded, found 40.'],
      [costly, 'The query would cost 37182957 (variables included), above the limit of 20000; ask for smaller pages or fewer nested lists.'],
      [tokens, 'Syntax Error: Token limit of 5000 exceeded.'],
    ];
    for (const [query, message] of cases) {
      h.demo.resetCounts();
      const result = await h.query(query);
      expect(result.errors!.map((e) => e.message)).toEqual([message]);
      expect(result.data ?? null).toBeNull();
      expect(h.demo.requestCount()).toBe(0);
    }
  });

  it('refuses oversized bodies with 413 and oversized pages with a validation error', async () => {
    const response = await fetch(h.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename } # ${'x'.repeat(30_000)}` }),
    });
    expect(response.status).toBe(413);
    const page = await h.query('{ secretScanningAlerts(first: 1000) { totalCount } }');
    expect(page.errors![0]!.extensions).toMatchObject({ code: 'VALIDATION', field: 'first' });
  });

  it('validates names before building any URL (no path traversal)', async () => {
    h.demo.resetCounts();
    const queries = [
      '{ organization(login: "acme-corp/../../user") { login } }',
      '{ repository(owner: "acme-corp", name: "../../orgs/hooli") { name } }',
      '{ secretScanningAlerts(orgs: ["acme-corp?per_page=1"]) { totalCount } }',
      '{ organization(login: "acme-corp") { repository(name: "docs%2F..") { name } } }',
      '{ secretScanningAlerts(orgs: ["acme-corp"], filter: { repositories: ["a/b/c"] }) { totalCount } }',
      '{ secretScanningAlerts(orgs: ["acme-corp"], filter: { secretTypes: ["x&state=open"] }) { totalCount } }',
    ];
    for (const query of queries) {
      const result = await h.query(query);
      expect(result.errors!.map((e) => e.extensions!.code)).toEqual(['VALIDATION']);
    }
    expect(h.demo.requests.filter((r) => r.path !== '/orgs/acme-corp')).toEqual([]);
  });

  it('stops a request at its deadline with a TIMEOUT error, before GitHub has answered what it needs', async () => {
    // Upstream requests the gateway sent, and those GitHub has answered (headers received).
    const upstream = { sent: 0, answered: 0 };
    const transport: typeof fetch = async (input, init) => {
      upstream.sent += 1;
      const response = await fetch(input, init);
      upstream.answered += 1;
      return response;
    };
    // Each GitHub answer comes within the upstream timeout (which must be below the deadline), but
    // the three the query needs one after the other do not fit the 300 ms deadline.
    const { h: slow } = await harness({ GATEWAY_REQUEST_TIMEOUT_MS: '300', GATEWAY_UPSTREAM_TIMEOUT_MS: '250' }, { latencyMs: 150, fetch: transport });
    const result = await slow.query('{ organization(login: "globex") { repository(name: "docs") { secretScanningAlerts(first: 5) { totalCount } } } }');
    expect(result.errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^The request took longer than 300 ms and was stopped/), extensions: { code: 'TIMEOUT' } }),
    ]);
    expect(result.data ?? null).toBeNull();
    // Order of events: the TIMEOUT answer came before the reads the query needed were all answered,
    // and the alert list (the third read) was never sent.
    expect(upstream.sent).toBeGreaterThan(0);
    expect(upstream.answered).toBeLessThan(3);
    expect(slow.demo.requestCount('GET /repos/{owner}/{repo}/secret-scanning/alerts')).toBe(0);
  });
});

describe('exposure', () => {
  it('refuses to start on a non-loopback address with a credential and no caller auth', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0', GITHUB_TOKEN: 'ghp_x' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: '0.0.0.0', GITHUB_TOKEN: 'ghp_x', GATEWAY_AUTH: 'passthrough', GATEWAY_ALLOWED_HOSTS: 'gateway.example.com' })).not.toThrow();
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { PATH: process.env.PATH, HOST: '0.0.0.0', PORT: '0', GITHUB_TOKEN: 'ghp_secretvalue1234567890' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^Configuration error: HOST /);
    expect(run.stderr + run.stdout).not.toContain('ghp_secretvalue');
  });

  it('allows only the configured CORS origins and can turn GraphiQL off', async () => {
    const { h } = await harness({ GATEWAY_CORS_ORIGINS: 'https://portal.example.com', GATEWAY_GRAPHIQL: 'false' });
    const preflight = (origin: string) =>
      fetch(h.gateway.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect((await preflight('https://portal.example.com')).headers.get('access-control-allow-origin')).toBe('https://portal.example.com');
    expect((await preflight('https://evil.example.com')).headers.get('access-control-allow-origin')).not.toBe('https://evil.example.com');
    const page = await fetch(h.gateway.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/graphiql/i);
  });

  it('masks upstream bodies and internals even with NODE_ENV=development', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'development';
    const { h } = await harness({}).finally(() => {
      if (previous === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = previous;
    });
    h.demo.failNext('GET /orgs/{org}', 500, { count: 20 });
    const result = await h.query('{ organization(login: "initech") { name } }');
    expect(result.errors![0]!.extensions!.code).toBe('UPSTREAM');
    expect(JSON.stringify(result)).not.toMatch(/stack|documentation_url|api\.github\.com|127\.0\.0\.1/);
  });
});

// Runs last (vitest runs a file's tests in order): every harness above has done its work.
describe('the whole file', () => {
  it('never put a token in a response or a log line, nor a secret outside the secrets key\'s responses', () => {
    expect(harnesses.length).toBeGreaterThanOrEqual(7);
    const leaks: string[] = [];
    let scanned = 0;
    for (const { h, secretsAllowedIn } of harnesses) {
      for (const text of [...h.logLines, ...h.responses]) {
        scanned += 1;
        for (const token of ALL_TOKENS) if (text.includes(token)) leaks.push(`token ${token} in ${text.slice(0, 120)}`);
        if (secretsAllowedIn.has(text)) continue;
        for (const secret of ALL_SECRETS) if (text.includes(secret)) leaks.push(`secret ${secret} in ${text.slice(0, 120)}`);
      }
    }
    expect(leaks).toEqual([]);
    // The scan saw the traffic of the tests above, including the one response allowed a secret.
    expect(scanned).toBeGreaterThan(50);
    expect(harnesses.reduce((sum, { secretsAllowedIn }) => sum + secretsAllowedIn.size, 0)).toBe(1);
  });
});

afterAll(async () => {
  for (const { h } of harnesses) await h.close();
});
