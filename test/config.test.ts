import { describe, expect, it } from 'vitest';
import { loadConfig, type GatewayConfig } from '../src/config.ts';
import { errorOf } from './support/config-error.ts';

/** Integer variables: [name, where the value lands, default, min, max, other variables set] (README, "Configuration"). */
const INTEGERS: [string, (c: GatewayConfig) => number, number, number, number, Record<string, string>?][] = [
  ['PORT', (c) => c.port, 4000, 0, 65535],
  ['GATEWAY_CACHE_TTL_SECONDS', (c) => c.cache.ttlSeconds, 60, 0, 86_400],
  ['GATEWAY_MAX_ORGS_PER_QUERY', (c) => c.maxOrgsPerQuery, 200, 1, 10_000],
  ['GATEWAY_UPSTREAM_CONCURRENCY', (c) => c.upstreamConcurrency, 50, 1, 100],
  // The upstream timeout must stay below the request deadline (set to its maximum here).
  ['GATEWAY_UPSTREAM_TIMEOUT_MS', (c) => c.upstreamTimeoutMs, 15_000, 100, 599_999, { GATEWAY_REQUEST_TIMEOUT_MS: '600000' }],
  ['GATEWAY_WRITE_INTERVAL_MS', (c) => c.writeIntervalMs, 1000, 0, 60_000],
  ['GATEWAY_BULK_MAX_IDS', (c) => c.bulkMaxIds, 100, 1, 10_000],
  ['GATEWAY_MAX_BODY_BYTES', (c) => c.limits.maxBodyBytes, 100_000, 1_000, 10_000_000],
  ['GATEWAY_REQUEST_TIMEOUT_MS', (c) => c.limits.requestTimeoutMs, 30_000, 200, 600_000, { GATEWAY_UPSTREAM_TIMEOUT_MS: '100' }],
  ['GATEWAY_MAX_DEPTH', (c) => c.limits.maxDepth, 12, 2, 100],
  ['GATEWAY_MAX_COST', (c) => c.limits.maxCost, 20_000, 10, 10_000_000],
  ['GATEWAY_MAX_ALIASES', (c) => c.limits.maxAliases, 30, 1, 1_000],
  ['GATEWAY_MAX_TOKENS', (c) => c.limits.maxTokens, 5_000, 100, 1_000_000],
  ['GATEWAY_MAX_UPSTREAM_CALLS', (c) => c.limits.maxUpstreamCalls, 2_000, 1, 1_000_000],
  ['GATEWAY_DRAIN_TIMEOUT_MS', (c) => c.operations.drainTimeoutMs, 10_000, 0, 600_000],
  ['GATEWAY_SYNC_INTERVAL_SECONDS', (c) => c.sync.intervalSeconds, 60, 5, 86_400],
  ['GATEWAY_SYNC_RECONCILE_HOURS', (c) => c.sync.reconcileHours, 24, 1, 720],
];

describe.each(INTEGERS)('%s', (name, read, fallback, min, max, others = {}) => {
  it(`defaults to ${fallback} when unset, empty or blank`, () => {
    for (const value of [undefined, '', '   ']) expect(read(loadConfig({ ...others, [name]: value }))).toBe(fallback);
  });

  it(`accepts integers from ${min} to ${max}, ignoring surrounding blanks`, () => {
    expect(read(loadConfig({ ...others, [name]: String(min) }))).toBe(min);
    expect(read(loadConfig({ ...others, [name]: String(max) }))).toBe(max);
    expect(read(loadConfig({ ...others, [name]: ` ${min + 1} ` }))).toBe(min + 1);
  });

  it.each([String(min - 1), String(max + 1), '1.5', '-1', '1e3', '0x10', 'ten', '12 ms'])('refuses "%s"', (raw) => {
    expect(errorOf({ ...others, [name]: raw })).toBe(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  });
});

describe('GATEWAY_CACHE_MAX_MB', () => {
  it('defaults to 64 MB and is kept in bytes', () => {
    expect(loadConfig({}).cache.maxBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ GATEWAY_CACHE_MAX_MB: '1' }).cache.maxBytes).toBe(1024 * 1024);
    expect(loadConfig({ GATEWAY_CACHE_MAX_MB: '65536' }).cache.maxBytes).toBe(65_536 * 1024 * 1024);
  });

  it.each(['0', '65537', '0.5', 'lots'])('refuses "%s"', (raw) => {
    expect(errorOf({ GATEWAY_CACHE_MAX_MB: raw })).toBe(`GATEWAY_CACHE_MAX_MB must be an integer from 1 to 65536 (got "${raw}")`);
  });
});

describe.each([
  ['GATEWAY_GRAPHIQL', (c: GatewayConfig) => c.graphiql, true],
  ['GATEWAY_EXPOSE_SECRETS', (c: GatewayConfig) => c.exposeSecrets, false],
] as const)('%s', (name, read, fallback) => {
  it(`defaults to ${fallback}`, () => {
    expect(read(loadConfig({}))).toBe(fallback);
    expect(read(loadConfig({ [name]: ' ' }))).toBe(fallback);
  });

  it('reads true, 1, yes, on and false, 0, no, off in any case', () => {
    for (const raw of ['true', 'TRUE', '1', 'yes', 'On']) expect(read(loadConfig({ [name]: raw }))).toBe(true);
    for (const raw of ['false', 'False', '0', 'no', 'OFF']) expect(read(loadConfig({ [name]: raw }))).toBe(false);
  });

  it.each(['maybe', 'y', '2', 'enabled'])('refuses "%s"', (raw) => {
    expect(errorOf({ [name]: raw })).toBe(`${name} must be true or false (got "${raw}")`);
  });
});

describe('GATEWAY_LOG_LEVEL', () => {
  it('defaults to info and reads each level in any case', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      expect(loadConfig({ GATEWAY_LOG_LEVEL: level }).logLevel).toBe(level);
      expect(loadConfig({ GATEWAY_LOG_LEVEL: level.toUpperCase() }).logLevel).toBe(level);
    }
  });

  it.each(['verbose', 'warning', 'trace'])('refuses "%s"', (raw) => {
    expect(errorOf({ GATEWAY_LOG_LEVEL: raw })).toBe(`GATEWAY_LOG_LEVEL must be one of debug, info, warn, error (got "${raw}")`);
  });
});

describe('GITHUB_API_URL', () => {
  it('defaults to https://api.github.com and drops trailing slashes', () => {
    expect(loadConfig({}).github.apiUrl).toBe('https://api.github.com');
    expect(loadConfig({ GITHUB_API_URL: 'https://ghe.example.com/api/v3/' }).github.apiUrl).toBe('https://ghe.example.com/api/v3');
    expect(loadConfig({ GITHUB_API_URL: 'http://127.0.0.1:3999' }).github.apiUrl).toBe('http://127.0.0.1:3999');
  });

  it.each([
    ['not a url', 'must be an http(s) URL such as https://api.github.com or https://HOST/api/v3 (got "not a url")'],
    ['ftp://ghe.example.com', 'must use http or https (got "ftp:")'],
    ['https://user:secret@ghe.example.com/api/v3', 'must not contain credentials, a query or a fragment'],
    ['https://ghe.example.com/api/v3?x=1', 'must not contain credentials, a query or a fragment'],
    ['https://ghe.example.com/api/v3#top', 'must not contain credentials, a query or a fragment'],
  ])('refuses %s', (raw, problem) => {
    expect(errorOf({ GITHUB_API_URL: raw })).toBe(`GITHUB_API_URL ${problem}`);
  });
});

describe('GATEWAY_ORGS', () => {
  it('defaults to none, and reads a comma-separated list without blanks or repeats', () => {
    expect(loadConfig({}).orgs).toEqual([]);
    expect(loadConfig({ GATEWAY_ORGS: ' acme-corp, globex,,acme-corp ,initech ' }).orgs).toEqual(['acme-corp', 'globex', 'initech']);
  });

  it.each(['acme-corp,evil/../x', 'acme corp', '-acme', 'a_b'])('refuses "%s"', (raw) => {
    const invalid = raw.split(',').map((s) => s.trim()).find((org) => org !== 'acme-corp');
    expect(errorOf({ GATEWAY_ORGS: raw })).toBe(`GATEWAY_ORGS contains "${invalid}", which is not a valid organization login`);
  });
});

describe('GATEWAY_ENTERPRISE', () => {
  it('defaults to none and reads a slug', () => {
    expect(loadConfig({}).enterprise).toBeNull();
    expect(loadConfig({ GATEWAY_ENTERPRISE: 'acme-enterprise' }).enterprise).toBe('acme-enterprise');
  });

  it.each(['no/such', '-acme', 'acme-', 'acme enterprise'])('refuses "%s"', (raw) => {
    expect(errorOf({ GATEWAY_ENTERPRISE: raw })).toBe(`GATEWAY_ENTERPRISE must be an enterprise slug such as acme-enterprise (got "${raw}")`);
  });
});

describe('GATEWAY_CORS_ORIGINS', () => {
  it('defaults to none and reads bare origins', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ GATEWAY_CORS_ORIGINS: 'https://portal.example.com, http://localhost:3000/' }).corsOrigins).toEqual([
      'https://portal.example.com',
      'http://localhost:3000',
    ]);
  });

  it('refuses what is not an origin, and an origin with a path', () => {
    expect(errorOf({ GATEWAY_CORS_ORIGINS: 'https://ok.example.com,portal' })).toBe(
      'GATEWAY_CORS_ORIGINS contains "portal", which is not an origin such as https://portal.example.com',
    );
    expect(errorOf({ GATEWAY_CORS_ORIGINS: 'https://portal.example.com/app' })).toBe(
      'GATEWAY_CORS_ORIGINS entries must be bare origins (got "https://portal.example.com/app")',
    );
  });
});

describe('HOST', () => {
  it('defaults to 127.0.0.1', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
  });

  it('allows any address with caller authentication (and the host names clients use)', () => {
    expect(loadConfig({ HOST: '0.0.0.0', GITHUB_TOKEN: 'ghp_x', GATEWAY_AUTH: 'passthrough', GATEWAY_ALLOWED_HOSTS: 'gateway.example.com' }).host).toBe('0.0.0.0');
  });

  it('serves the demo (no credential) on loopback only', () => {
    expect(loadConfig({ HOST: '127.0.0.1' })).toMatchObject({ host: '127.0.0.1', demo: true });
    expect(errorOf({ HOST: '0.0.0.0' })).toBe(
      'HOST is "0.0.0.0", which is reachable from other machines; the embedded demo (no GitHub credential) is served on loopback only: bind to 127.0.0.1',
    );
  });

  it('allows loopback addresses with a credential and no caller authentication', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) {
      expect(loadConfig({ HOST: host, GITHUB_TOKEN: 'ghp_x' }).host).toBe(host);
    }
  });

  it.each(['0.0.0.0', '192.168.1.10', 'gateway.internal', '::'])('refuses %s with a credential and GATEWAY_AUTH=none', (host) => {
    expect(errorOf({ HOST: host, GITHUB_TOKEN: 'ghp_x' })).toBe(
      `HOST is "${host}", which is reachable from other machines, while GATEWAY_AUTH=none would let anyone use the GitHub credential; ` +
        'set GATEWAY_AUTH=passthrough or GATEWAY_AUTH=api-keys, or bind to 127.0.0.1',
    );
  });
});

describe('secrets of the installation', () => {
  it('GATEWAY_CURSOR_SECRET: absent by default (a key file under GATEWAY_DATA_DIR), at least 32 characters', () => {
    expect(loadConfig({}).cursorSecret).toBeNull();
    expect(loadConfig({}).dataDir).toBe('./data');
    expect(loadConfig({ GATEWAY_CURSOR_SECRET: 'x'.repeat(32) }).cursorSecret).toBe('x'.repeat(32));
    expect(errorOf({ GATEWAY_CURSOR_SECRET: 'short' })).toBe('GATEWAY_CURSOR_SECRET must be at least 32 characters (e.g. openssl rand -hex 32)');
  });

  it('GATEWAY_METRICS_TOKEN: /metrics is open by default; a token is at least 16 characters', () => {
    expect(loadConfig({}).operations.metricsToken).toBeNull();
    expect(loadConfig({ GATEWAY_METRICS_TOKEN: 'm'.repeat(16) }).operations.metricsToken).toBe('m'.repeat(16));
    expect(errorOf({ GATEWAY_METRICS_TOKEN: 'guessable' })).toBe('GATEWAY_METRICS_TOKEN must be at least 16 characters (e.g. openssl rand -hex 32)');
  });

  it('GITHUB_WEBHOOK_SECRET: off by default, at least 16 characters', () => {
    expect(loadConfig({}).webhookSecret).toBeNull();
    expect(loadConfig({ GITHUB_WEBHOOK_SECRET: 's'.repeat(16) }).webhookSecret).toBe('s'.repeat(16));
    expect(errorOf({ GITHUB_WEBHOOK_SECRET: 'short' })).toBe('GITHUB_WEBHOOK_SECRET must be at least 16 characters (the secret set on the GitHub webhook)');
  });
});
