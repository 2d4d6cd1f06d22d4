import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { apiKeysFile } from './support/api-keys.ts';

/** The one line the gateway stops with (server.ts prints it after "Configuration error: "). */
function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gateway-config-')), name);
  writeFileSync(file, content);
  return file;
}

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n';
const keysFile = (keys: unknown) => tempFile('keys.json', JSON.stringify({ keys }));
const key = (fields: Record<string, unknown> = {}) => ({ name: 'portal', sha256: 'a'.repeat(64), orgs: ['*'], permissions: ['read'], ...fields });
const apiKeys = (file: string) => ({ GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: file, GITHUB_TOKEN: 'ghp_x' });

describe('loadConfig: one line naming the variable for each invalid value', () => {
  it.each([
    ['PORT', '99999', 'PORT must be an integer from 0 to 65535 (got "99999")'],
    ['PORT', 'http', 'PORT must be an integer from 0 to 65535 (got "http")'],
    ['GATEWAY_CACHE_TTL_SECONDS', '-1', 'GATEWAY_CACHE_TTL_SECONDS must be an integer from 0 to 86400 (got "-1")'],
    ['GATEWAY_CACHE_MAX_MB', '0', 'GATEWAY_CACHE_MAX_MB must be an integer from 1 to 65536 (got "0")'],
    ['GATEWAY_MAX_ORGS_PER_QUERY', '1.5', 'GATEWAY_MAX_ORGS_PER_QUERY must be an integer from 1 to 10000 (got "1.5")'],
    ['GATEWAY_UPSTREAM_CONCURRENCY', '101', 'GATEWAY_UPSTREAM_CONCURRENCY must be an integer from 1 to 100 (got "101")'],
    ['GATEWAY_UPSTREAM_TIMEOUT_MS', '99', 'GATEWAY_UPSTREAM_TIMEOUT_MS must be an integer from 100 to 600000 (got "99")'],
    ['GATEWAY_WRITE_INTERVAL_MS', '1e3', 'GATEWAY_WRITE_INTERVAL_MS must be an integer from 0 to 60000 (got "1e3")'],
    ['GATEWAY_BULK_MAX_IDS', '0', 'GATEWAY_BULK_MAX_IDS must be an integer from 1 to 10000 (got "0")'],
    ['GATEWAY_MAX_BODY_BYTES', '999', 'GATEWAY_MAX_BODY_BYTES must be an integer from 1000 to 10000000 (got "999")'],
    ['GATEWAY_REQUEST_TIMEOUT_MS', '600001', 'GATEWAY_REQUEST_TIMEOUT_MS must be an integer from 100 to 600000 (got "600001")'],
    ['GATEWAY_MAX_DEPTH', '1', 'GATEWAY_MAX_DEPTH must be an integer from 2 to 100 (got "1")'],
    ['GATEWAY_MAX_COST', '9', 'GATEWAY_MAX_COST must be an integer from 10 to 10000000 (got "9")'],
    ['GATEWAY_MAX_ALIASES', '1001', 'GATEWAY_MAX_ALIASES must be an integer from 1 to 1000 (got "1001")'],
    ['GATEWAY_MAX_TOKENS', '99', 'GATEWAY_MAX_TOKENS must be an integer from 100 to 1000000 (got "99")'],
    ['GATEWAY_MAX_UPSTREAM_CALLS', '0', 'GATEWAY_MAX_UPSTREAM_CALLS must be an integer from 1 to 1000000 (got "0")'],
    ['GATEWAY_DRAIN_TIMEOUT_MS', '600001', 'GATEWAY_DRAIN_TIMEOUT_MS must be an integer from 0 to 600000 (got "600001")'],
    ['GATEWAY_METRICS_TOKEN', 'guessable', 'GATEWAY_METRICS_TOKEN must be at least 16 characters (e.g. openssl rand -hex 32)'],
    ['GATEWAY_GRAPHIQL', 'maybe', 'GATEWAY_GRAPHIQL must be true or false (got "maybe")'],
    ['GATEWAY_EXPOSE_SECRETS', '2', 'GATEWAY_EXPOSE_SECRETS must be true or false (got "2")'],
    ['GATEWAY_LOG_LEVEL', 'verbose', 'GATEWAY_LOG_LEVEL must be one of debug, info, warn, error (got "verbose")'],
    ['GATEWAY_AUTH', 'basic', 'GATEWAY_AUTH must be one of none, passthrough, api-keys (got "basic")'],
    ['GITHUB_API_URL', 'not a url', 'GITHUB_API_URL must be an http(s) URL such as https://api.github.com or https://HOST/api/v3 (got "not a url")'],
    ['GITHUB_API_URL', 'ftp://ghe.example.com', 'GITHUB_API_URL must use http or https (got "ftp:")'],
    ['GITHUB_API_URL', 'https://user:pw@ghe.example.com/api/v3', 'GITHUB_API_URL must not contain credentials, a query or a fragment'],
    ['GITHUB_API_URL', 'https://ghe.example.com/api/v3?x=1', 'GITHUB_API_URL must not contain credentials, a query or a fragment'],
    ['GATEWAY_ORGS', 'acme-corp, not an org', 'GATEWAY_ORGS contains "not an org", which is not a valid organization login'],
    ['GATEWAY_ENTERPRISE', 'acme enterprise', 'GATEWAY_ENTERPRISE must be an enterprise slug such as acme-enterprise (got "acme enterprise")'],
    ['GATEWAY_CORS_ORIGINS', 'portal.example.com', 'GATEWAY_CORS_ORIGINS contains "portal.example.com", which is not an origin such as https://portal.example.com'],
    ['GATEWAY_CORS_ORIGINS', 'https://portal.example.com/app', 'GATEWAY_CORS_ORIGINS entries must be bare origins (got "https://portal.example.com/app")'],
    ['GATEWAY_ALLOWED_HOSTS', 'gateway.example.com:4000', 'GATEWAY_ALLOWED_HOSTS contains "gateway.example.com:4000", which is not a host name (no scheme or port), a *.domain pattern or *'],
    ['GATEWAY_ALLOWED_HOSTS', '*', 'GATEWAY_ALLOWED_HOSTS cannot be * with GATEWAY_AUTH=none (any web page could then use the gateway through DNS rebinding)'],
    ['GITHUB_WEBHOOK_SECRET', 'too-short', 'GITHUB_WEBHOOK_SECRET must be at least 16 characters (the secret set on the GitHub webhook)'],
    ['GATEWAY_CURSOR_SECRET', 'short', 'GATEWAY_CURSOR_SECRET must be at least 32 characters (e.g. openssl rand -hex 32)'],
    ['GATEWAY_API_KEYS_FILE', '/etc/keys.json', 'GATEWAY_API_KEYS_FILE is set but GATEWAY_AUTH is not api-keys'],
    ['GITHUB_APP_PRIVATE_KEY', PEM, 'GITHUB_APP_ID is required when a GitHub App private key is set'],
  ])('%s=%j', (name, value, message) => {
    expect(configError({ [name]: value })).toBe(message);
  });

  it('set-ups that combine variables', () => {
    expect(configError({ GITHUB_TOKEN: ' ' })).toBe('GITHUB_TOKEN is set but empty; set it to a token, or unset it to run the embedded demo');
    expect(configError({ GITHUB_TOKEN: 'ghp_x', GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY: PEM })).toBe(
      'GITHUB_TOKEN and GITHUB_APP_ID are both set; choose one credential',
    );
    expect(configError({ HOST: '0.0.0.0', GITHUB_TOKEN: 'ghp_x' })).toBe(
      'HOST is "0.0.0.0", which is reachable from other machines, while GATEWAY_AUTH=none would let anyone use the GitHub credential; ' +
        'set GATEWAY_AUTH=passthrough or GATEWAY_AUTH=api-keys, or bind to 127.0.0.1',
    );
    expect(configError({ HOST: '10.0.0.5' })).toBe(
      'HOST is "10.0.0.5", which is reachable from other machines; the embedded demo (no GitHub credential) is served on loopback only: bind to 127.0.0.1',
    );
    expect(configError({ HOST: '0.0.0.0', GATEWAY_AUTH: 'passthrough' })).toBe(
      'GATEWAY_ALLOWED_HOSTS is required when HOST is "0.0.0.0": list the host names clients use (e.g. gateway.example.com), or * for any',
    );
    expect(configError({ GATEWAY_REQUEST_TIMEOUT_MS: '1000' })).toBe(
      'GATEWAY_UPSTREAM_TIMEOUT_MS (15000) must be below GATEWAY_REQUEST_TIMEOUT_MS (1000), or no request could wait for one GitHub answer',
    );
  });

  it('a GitHub App', () => {
    expect(configError({ GITHUB_APP_ID: 'my-app', GITHUB_APP_PRIVATE_KEY: PEM })).toBe('GITHUB_APP_ID must be the numeric App id (got "my-app")');
    expect(configError({ GITHUB_APP_ID: '1' })).toBe('GITHUB_APP_PRIVATE_KEY or GITHUB_APP_PRIVATE_KEY_FILE is required with GITHUB_APP_ID');
    expect(configError({ GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY: PEM, GITHUB_APP_PRIVATE_KEY_FILE: '/app.pem' })).toBe(
      'GITHUB_APP_PRIVATE_KEY and GITHUB_APP_PRIVATE_KEY_FILE are both set; set only one',
    );
    expect(configError({ GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY: 'not a key' })).toBe('GITHUB_APP_PRIVATE_KEY is not a PEM private key');
    expect(configError({ GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY_FILE: '/nonexistent/app.pem' })).toBe(
      'GITHUB_APP_PRIVATE_KEY_FILE cannot be read (/nonexistent/app.pem)',
    );
    expect(configError({ GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY_FILE: tempFile('app.pem', 'nope') })).toBe('GITHUB_APP_PRIVATE_KEY_FILE is not a PEM private key');
    const app = loadConfig({ GITHUB_APP_ID: '7', GITHUB_APP_PRIVATE_KEY: PEM.replace(/\n/g, '\\n') }).github.app;
    expect(app).toEqual({ appId: 7, privateKey: PEM });
  });

  it('an API keys file', () => {
    expect(configError({ GATEWAY_AUTH: 'api-keys', GITHUB_TOKEN: 'ghp_x' })).toBe('GATEWAY_API_KEYS_FILE is required with GATEWAY_AUTH=api-keys');
    expect(configError({ GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: keysFile([key()]) })).toBe(
      "GATEWAY_AUTH is api-keys, which serves callers with the gateway's own GitHub credential: set GITHUB_TOKEN or GITHUB_APP_ID",
    );
    expect(configError(apiKeys('/nonexistent/keys.json'))).toBe('GATEWAY_API_KEYS_FILE cannot be read as JSON (/nonexistent/keys.json)');
    expect(configError(apiKeys(tempFile('keys.json', '{"keys": [')))).toMatch(/^GATEWAY_API_KEYS_FILE cannot be read as JSON \(.*keys\.json\)$/);
    expect(configError(apiKeys(keysFile([])))).toBe('GATEWAY_API_KEYS_FILE must hold {"keys": [...]} with at least one key');
    expect(configError(apiKeys(tempFile('keys.json', '[]')))).toBe('GATEWAY_API_KEYS_FILE must hold {"keys": [...]} with at least one key');
    expect(configError(apiKeys(keysFile([key(), key({ name: ' ' })])))).toBe('GATEWAY_API_KEYS_FILE key #2 needs a "name"');
    expect(configError(apiKeys(keysFile([null])))).toBe('GATEWAY_API_KEYS_FILE key #1 needs a "name"');
    expect(configError(apiKeys(keysFile([key({ sha256: 'abc' })])))).toBe('GATEWAY_API_KEYS_FILE key #1 ("portal") needs "sha256": the hex SHA-256 of the key');
    expect(configError(apiKeys(keysFile([key({ orgs: ['not an org'] })])))).toBe(
      'GATEWAY_API_KEYS_FILE key #1 ("portal") needs "orgs": organization logins, or ["*"] for all',
    );
    expect(configError(apiKeys(keysFile([key({ orgs: 'acme-corp' })])))).toBe(
      'GATEWAY_API_KEYS_FILE key #1 ("portal") needs "orgs": organization logins, or ["*"] for all',
    );
    expect(configError(apiKeys(keysFile([key({ permissions: ['write'] })])))).toBe(
      'GATEWAY_API_KEYS_FILE key #1 ("portal") needs "permissions" with "read" and optionally "write", "secrets", "rate_limit"',
    );
    expect(configError(apiKeys(keysFile([key({ permissions: ['read', 'admin'] })])))).toBe(
      'GATEWAY_API_KEYS_FILE key #1 ("portal") needs "permissions" with "read" and optionally "write", "secrets", "rate_limit"',
    );
    expect(configError(apiKeys(keysFile([key(), key({ name: 'other', sha256: 'A'.repeat(64) })])))).toBe('GATEWAY_API_KEYS_FILE lists the same key twice');
  });
});

describe('loadConfig: values', () => {
  it('defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      github: { apiUrl: 'https://api.github.com', token: null, app: null },
      orgs: [],
      enterprise: null,
      host: '127.0.0.1',
      port: 4000,
      cache: { ttlSeconds: 60, maxBytes: 64 * 1024 * 1024 },
      maxOrgsPerQuery: 200,
      upstreamConcurrency: 50,
      upstreamTimeoutMs: 15_000,
      writeIntervalMs: 1000,
      bulkMaxIds: 100,
      graphiql: true,
      exposeSecrets: false,
      logLevel: 'info',
      auth: { mode: 'none' },
      corsOrigins: [],
      allowedHosts: ['localhost', '127.0.0.1', '::1'],
      dataDir: './data',
      cursorSecret: null,
      webhookSecret: null,
      limits: { maxBodyBytes: 100_000, requestTimeoutMs: 30_000, maxDepth: 12, maxCost: 20_000, maxAliases: 30, maxTokens: 5_000, maxUpstreamCalls: 2_000 },
      demo: true,
      operations: { drainTimeoutMs: 10_000, metricsToken: null },
    });
  });

  it('parses what is set: trimmed, case-insensitive where GitHub is, de-duplicated', () => {
    const config = loadConfig({
      GITHUB_TOKEN: ' ghp_abc ',
      GITHUB_API_URL: 'https://ghe.example.com/api/v3/',
      GATEWAY_ORGS: 'acme-corp, globex,acme-corp',
      GATEWAY_LOG_LEVEL: 'DEBUG',
      GATEWAY_GRAPHIQL: 'off',
      GATEWAY_EXPOSE_SECRETS: 'Yes',
      GATEWAY_CORS_ORIGINS: 'https://portal.example.com/, http://localhost:3000',
      GATEWAY_ALLOWED_HOSTS: 'Gateway.Example.com, *.corp.example',
      PORT: '0',
    });
    expect(config).toMatchObject({
      github: { apiUrl: 'https://ghe.example.com/api/v3', token: 'ghp_abc' },
      orgs: ['acme-corp', 'globex'],
      logLevel: 'debug',
      graphiql: false,
      exposeSecrets: true,
      corsOrigins: ['https://portal.example.com', 'http://localhost:3000'],
      allowedHosts: ['gateway.example.com', '*.corp.example'],
      port: 0,
      demo: false,
    });
    const keys = loadConfig(apiKeys(apiKeysFile({ ' Portal ': { key: 'k', orgs: ['Acme-Corp'], permissions: ['read', 'secrets'] } })));
    expect(keys.auth).toEqual({ mode: 'api-keys', keys: [expect.objectContaining({ name: 'Portal', orgs: ['acme-corp'], permissions: ['read', 'secrets'] })] });
  });
});
