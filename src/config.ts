import { readFileSync } from 'node:fs';
import { isLogin } from './github/names.ts';

/** Everything the gateway reads from its environment, parsed and validated once at start-up. */
export interface GatewayConfig {
  github: {
    /** REST base URL without a trailing slash (GHES: https://HOST/api/v3). */
    apiUrl: string;
    token: string | null;
    app: { appId: number; privateKey: string } | null;
  };
  /** Organizations used when a query names none. */
  orgs: string[];
  /** GATEWAY_ENTERPRISE: cross-org alert reads use this enterprise's alert list when the credential may. */
  enterprise: string | null;
  host: string;
  port: number;
  cache: { ttlSeconds: number; maxBytes: number };
  /** Most organizations one query may name (each costs at least one upstream request). */
  maxOrgsPerQuery: number;
  /** Upstream requests in flight at once per credential (GitHub allows at most 100). */
  upstreamConcurrency: number;
  /** Longest wait for one GitHub answer (headers and body); a slower one fails its organization with UPSTREAM. */
  upstreamTimeoutMs: number;
  /** Minimum spacing between two writes of one credential (GitHub asks for writes to be serialized). */
  writeIntervalMs: number;
  /** Most alert ids one bulkUpdateSecretScanningAlerts call may name. */
  bulkMaxIds: number;
  graphiql: boolean;
  /** GATEWAY_PERSISTED_OPERATIONS_FILE: run only the operations of this manifest (codegen's persisted-documents.json). */
  persistedOperationsFile: string | null;
  /** Whether callers of the unauthenticated loopback mode may read secret values. */
  exposeSecrets: boolean;
  logLevel: LogLevel;
  /** How callers prove who they are (see README, "Caller authentication"). */
  auth: CallerAuthConfig;
  /** Browser origins allowed to call the API (CORS); empty: no cross-origin access. */
  corsOrigins: string[];
  /** Host names the gateway answers for (DNS rebinding); `*.domain` matches subdomains, `*` any. */
  allowedHosts: string[];
  /** Where the gateway keeps its state (the cursor key; the alert index). */
  dataDir: string;
  /** GATEWAY_CURSOR_SECRET: the key cursors are signed with; null: a key file under dataDir. */
  cursorSecret: string | null;
  /** GITHUB_WEBHOOK_SECRET: enables POST /webhooks/github, whose deliveries must be signed with it. */
  webhookSecret: string | null;
  limits: {
    /** Largest request body accepted, in bytes. */
    maxBodyBytes: number;
    /** Time after which a request is answered with a TIMEOUT error. */
    requestTimeoutMs: number;
    maxDepth: number;
    maxCost: number;
    maxAliases: number;
    maxTokens: number;
    /** GitHub calls one request may make (GATEWAY_MAX_UPSTREAM_CALLS). */
    maxUpstreamCalls: number;
  };
  /** No GitHub credential configured (and callers bring none): serve the embedded demo GitHub. */
  demo: boolean;
}

export type CallerPermission = 'read' | 'write' | 'secrets' | 'rate_limit';

export interface ApiKey {
  name: string;
  /** Lowercase hex SHA-256 of the key; the key itself is never stored. */
  sha256: string;
  /** Lowercase logins, or null for any organization the gateway's credential can read. */
  orgs: string[] | null;
  permissions: CallerPermission[];
}

export type CallerAuthConfig = { mode: 'none' } | { mode: 'passthrough' } | { mode: 'api-keys'; keys: ApiKey[] };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): GatewayConfig {
  const token = optional(env, 'GITHUB_TOKEN');
  const app = parseApp(env);
  const auth = parseAuth(env);
  const host = optional(env, 'HOST') ?? '127.0.0.1';
  checkExposure(env, auth, host, token !== null || app !== null);
  if (token !== null && app !== null) fail('GITHUB_TOKEN', 'and GITHUB_APP_ID are both set; choose one credential');
  const limits = parseLimits(env);
  return {
    github: {
      apiUrl: parseUrl(env, 'GITHUB_API_URL', 'https://api.github.com'),
      token,
      app,
    },
    orgs: parseOrgs(env),
    enterprise: parseEnterprise(env),
    host,
    port: parseInteger(env, 'PORT', 4000, 0, 65535),
    cache: {
      ttlSeconds: parseInteger(env, 'GATEWAY_CACHE_TTL_SECONDS', 60, 0, 86_400),
      maxBytes: parseInteger(env, 'GATEWAY_CACHE_MAX_MB', 64, 1, 65_536) * 1024 * 1024,
    },
    maxOrgsPerQuery: parseInteger(env, 'GATEWAY_MAX_ORGS_PER_QUERY', 200, 1, 10_000),
    upstreamConcurrency: parseInteger(env, 'GATEWAY_UPSTREAM_CONCURRENCY', 50, 1, 100),
    upstreamTimeoutMs: parseInteger(env, 'GATEWAY_UPSTREAM_TIMEOUT_MS', 15_000, 100, 600_000),
    writeIntervalMs: parseInteger(env, 'GATEWAY_WRITE_INTERVAL_MS', 1000, 0, 60_000),
    bulkMaxIds: parseInteger(env, 'GATEWAY_BULK_MAX_IDS', 100, 1, 10_000),
    ...parseOperationsAllowed(env),
    exposeSecrets: parseBoolean(env, 'GATEWAY_EXPOSE_SECRETS', false),
    logLevel: parseEnum(env, 'GATEWAY_LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    auth,
    corsOrigins: parseOrigins(env),
    allowedHosts: parseAllowedHosts(env, host, auth.mode),
    dataDir: optional(env, 'GATEWAY_DATA_DIR') ?? './data',
    cursorSecret: parseCursorSecret(env),
    webhookSecret: parseWebhookSecret(env),
    limits,
    demo: token === null && app === null && auth.mode !== 'passthrough',
  };
}

/**
 * With persisted operations only, GraphiQL is off by default: it sends ad-hoc operations, which
 * that mode refuses, so asking for both is a mistake worth stopping at.
 */
function parseOperationsAllowed(env: Env): Pick<GatewayConfig, 'graphiql' | 'persistedOperationsFile'> {
  const persistedOperationsFile = optional(env, 'GATEWAY_PERSISTED_OPERATIONS_FILE');
  const graphiql = parseBoolean(env, 'GATEWAY_GRAPHIQL', persistedOperationsFile === null);
  if (graphiql && persistedOperationsFile !== null) {
    fail('GATEWAY_GRAPHIQL', 'cannot be true with GATEWAY_PERSISTED_OPERATIONS_FILE: GraphiQL sends ad-hoc operations, which only persisted operations refuse');
  }
  return { graphiql, persistedOperationsFile };
}

/** Refuses set-ups that would hand the GitHub credential (or the demo) to anyone who can connect. */
function checkExposure(env: Env, auth: CallerAuthConfig, host: string, hasCredential: boolean): void {
  if (auth.mode === 'passthrough') return;
  if (!hasCredential && env.GITHUB_TOKEN !== undefined) {
    fail('GITHUB_TOKEN', `is set but empty; set it to a token${auth.mode === 'none' ? ', or unset it to run the embedded demo' : ''}`);
  }
  if (auth.mode === 'api-keys' && !hasCredential) {
    fail('GATEWAY_AUTH', 'is api-keys, which serves callers with the gateway\'s own GitHub credential: set GITHUB_TOKEN or GITHUB_APP_ID');
  }
  if (auth.mode === 'none' && !isLoopback(host)) {
    fail(
      'HOST',
      hasCredential
        ? `is "${host}", which is reachable from other machines, while GATEWAY_AUTH=none would let anyone use the GitHub credential; ` +
            'set GATEWAY_AUTH=passthrough or GATEWAY_AUTH=api-keys, or bind to 127.0.0.1'
        : `is "${host}", which is reachable from other machines; the embedded demo (no GitHub credential) is served on loopback only: bind to 127.0.0.1`,
    );
  }
}

function parseLimits(env: Env): GatewayConfig['limits'] {
  const limits = {
    maxBodyBytes: parseInteger(env, 'GATEWAY_MAX_BODY_BYTES', 100_000, 1_000, 10_000_000),
    requestTimeoutMs: parseInteger(env, 'GATEWAY_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
    maxDepth: parseInteger(env, 'GATEWAY_MAX_DEPTH', 12, 2, 100),
    maxCost: parseInteger(env, 'GATEWAY_MAX_COST', 20_000, 10, 10_000_000),
    maxAliases: parseInteger(env, 'GATEWAY_MAX_ALIASES', 30, 1, 1_000),
    maxTokens: parseInteger(env, 'GATEWAY_MAX_TOKENS', 5_000, 100, 1_000_000),
    maxUpstreamCalls: parseInteger(env, 'GATEWAY_MAX_UPSTREAM_CALLS', 2_000, 1, 1_000_000),
  };
  const upstreamTimeoutMs = parseInteger(env, 'GATEWAY_UPSTREAM_TIMEOUT_MS', 15_000, 100, 600_000);
  if (upstreamTimeoutMs >= limits.requestTimeoutMs) {
    fail('GATEWAY_UPSTREAM_TIMEOUT_MS', `(${upstreamTimeoutMs}) must be below GATEWAY_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs}), or no request could wait for one GitHub answer`);
  }
  return limits;
}

function parseAllowedHosts(env: Env, host: string, mode: CallerAuthConfig['mode']): string[] {
  const raw = optional(env, 'GATEWAY_ALLOWED_HOSTS');
  const wildcardBind = host === '0.0.0.0' || host === '::' || host === '[::]';
  if (raw === null) {
    if (wildcardBind) {
      fail('GATEWAY_ALLOWED_HOSTS', `is required when HOST is "${host}": list the host names clients use (e.g. gateway.example.com), or * for any`);
    }
    const bound = host.replace(/^\[|\]$/g, '').toLowerCase();
    return [...new Set(['localhost', '127.0.0.1', '::1', bound])];
  }
  const names = raw.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  for (const name of names) {
    if (name === '*') {
      if (mode === 'none') fail('GATEWAY_ALLOWED_HOSTS', 'cannot be * with GATEWAY_AUTH=none (any web page could then use the gateway through DNS rebinding)');
      continue;
    }
    if (!/^(?:\*\.)?[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$|^[0-9a-f:]+$/.test(name)) {
      fail('GATEWAY_ALLOWED_HOSTS', `contains "${name}", which is not a host name (no scheme or port), a *.domain pattern or *`);
    }
  }
  return names;
}

function parseWebhookSecret(env: Env): string | null {
  const secret = optional(env, 'GITHUB_WEBHOOK_SECRET');
  if (secret !== null && secret.length < 16) fail('GITHUB_WEBHOOK_SECRET', 'must be at least 16 characters (the secret set on the GitHub webhook)');
  return secret;
}

function parseCursorSecret(env: Env): string | null {
  const secret = optional(env, 'GATEWAY_CURSOR_SECRET');
  if (secret !== null && secret.length < 32) fail('GATEWAY_CURSOR_SECRET', 'must be at least 32 characters (e.g. openssl rand -hex 32)');
  return secret;
}

function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function fail(name: string, problem: string): never {
  throw new ConfigError(`${name} ${problem}`);
}

function parseInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    fail(name, `must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function parseBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  return fail(name, `must be true or false (got "${raw}")`);
}

function parseEnum<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  const value = values.find((candidate) => candidate === raw.toLowerCase());
  return value ?? fail(name, `must be one of ${values.join(', ')} (got "${raw}")`);
}

function parseUrl(env: Env, name: string, fallback: string): string {
  const raw = optional(env, name) ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(name, `must be an http(s) URL such as https://api.github.com or https://HOST/api/v3 (got "${raw}")`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    fail(name, `must use http or https (got "${url.protocol}")`);
  }
  if (url.username || url.password || url.search || url.hash) {
    fail(name, 'must not contain credentials, a query or a fragment');
  }
  return url.toString().replace(/\/+$/, '');
}

function parseOrgs(env: Env): string[] {
  const raw = optional(env, 'GATEWAY_ORGS');
  if (raw === null) return [];
  const orgs = raw
    .split(',')
    .map((org) => org.trim())
    .filter(Boolean);
  const invalid = orgs.find((org) => !isLogin(org));
  if (invalid !== undefined) fail('GATEWAY_ORGS', `contains "${invalid}", which is not a valid organization login`);
  return [...new Set(orgs)];
}

function parseEnterprise(env: Env): string | null {
  const slug = optional(env, 'GATEWAY_ENTERPRISE');
  if (slug !== null && !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,98}[A-Za-z0-9])?$/.test(slug)) {
    fail('GATEWAY_ENTERPRISE', `must be an enterprise slug such as acme-enterprise (got "${slug}")`);
  }
  return slug;
}

function parseApp(env: Env): GatewayConfig['github']['app'] {
  const appId = optional(env, 'GITHUB_APP_ID');
  const inlineKey = optional(env, 'GITHUB_APP_PRIVATE_KEY');
  const keyFile = optional(env, 'GITHUB_APP_PRIVATE_KEY_FILE');
  if (appId === null) {
    if (inlineKey !== null || keyFile !== null) fail('GITHUB_APP_ID', 'is required when a GitHub App private key is set');
    return null;
  }
  if (!/^\d+$/.test(appId)) fail('GITHUB_APP_ID', `must be the numeric App id (got "${appId}")`);
  if (inlineKey !== null && keyFile !== null) {
    fail('GITHUB_APP_PRIVATE_KEY', 'and GITHUB_APP_PRIVATE_KEY_FILE are both set; set only one');
  }
  let privateKey: string;
  if (inlineKey !== null) {
    // Keys passed through env files often carry literal "\n" sequences.
    privateKey = inlineKey.replace(/\\n/g, '\n');
  } else if (keyFile !== null) {
    try {
      privateKey = readFileSync(keyFile, 'utf8');
    } catch {
      return fail('GITHUB_APP_PRIVATE_KEY_FILE', `cannot be read (${keyFile})`);
    }
  } else {
    return fail('GITHUB_APP_PRIVATE_KEY', 'or GITHUB_APP_PRIVATE_KEY_FILE is required with GITHUB_APP_ID');
  }
  if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(privateKey)) {
    fail(inlineKey !== null ? 'GITHUB_APP_PRIVATE_KEY' : 'GITHUB_APP_PRIVATE_KEY_FILE', 'is not a PEM private key');
  }
  return { appId: Number(appId), privateKey };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function parseOrigins(env: Env): string[] {
  const raw = optional(env, 'GATEWAY_CORS_ORIGINS');
  if (raw === null) return [];
  return raw
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
    .map((origin) => {
      let url: URL;
      try {
        url = new URL(origin);
      } catch {
        return fail('GATEWAY_CORS_ORIGINS', `contains "${origin}", which is not an origin such as https://portal.example.com`);
      }
      if (url.origin !== origin.replace(/\/$/, '')) fail('GATEWAY_CORS_ORIGINS', `entries must be bare origins (got "${origin}")`);
      return url.origin;
    });
}

function parseAuth(env: Env): CallerAuthConfig {
  const mode = parseEnum(env, 'GATEWAY_AUTH', ['none', 'passthrough', 'api-keys'] as const, 'none');
  const keysFile = optional(env, 'GATEWAY_API_KEYS_FILE');
  if (mode !== 'api-keys') {
    if (keysFile !== null) fail('GATEWAY_API_KEYS_FILE', 'is set but GATEWAY_AUTH is not api-keys');
    return { mode };
  }
  if (keysFile === null) return fail('GATEWAY_API_KEYS_FILE', 'is required with GATEWAY_AUTH=api-keys');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(keysFile, 'utf8'));
  } catch {
    return fail('GATEWAY_API_KEYS_FILE', `cannot be read as JSON (${keysFile})`);
  }
  const entries = (parsed as { keys?: unknown })?.keys;
  if (!Array.isArray(entries) || entries.length === 0) fail('GATEWAY_API_KEYS_FILE', 'must hold {"keys": [...]} with at least one key');
  const keys = entries.map((entry: unknown, index: number): ApiKey => {
    const where = `key #${index + 1}`;
    const { name, sha256, orgs, permissions } = (entry ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || !name.trim()) fail('GATEWAY_API_KEYS_FILE', `${where} needs a "name"`);
    if (typeof sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(sha256)) {
      fail('GATEWAY_API_KEYS_FILE', `${where} ("${name}") needs "sha256": the hex SHA-256 of the key`);
    }
    if (!Array.isArray(orgs) || orgs.some((org) => typeof org !== 'string' || (org !== '*' && !isLogin(org)))) {
      fail('GATEWAY_API_KEYS_FILE', `${where} ("${name}") needs "orgs": organization logins, or ["*"] for all`);
    }
    const allowed = ['read', 'write', 'secrets', 'rate_limit'];
    if (!Array.isArray(permissions) || !permissions.includes('read') || permissions.some((p) => !allowed.includes(p))) {
      fail('GATEWAY_API_KEYS_FILE', `${where} ("${name}") needs "permissions" with "read" and optionally "write", "secrets", "rate_limit"`);
    }
    return {
      name: name.trim(),
      sha256: sha256.toLowerCase(),
      orgs: (orgs as string[]).includes('*') ? null : (orgs as string[]).map((org) => org.toLowerCase()),
      permissions: permissions as CallerPermission[],
    };
  });
  if (new Set(keys.map((key) => key.sha256)).size !== keys.length) fail('GATEWAY_API_KEYS_FILE', 'lists the same key twice');
  return { mode, keys };
}
