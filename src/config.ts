import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import * as schemas from './config-schemas.ts';

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
  operations: OperationsConfig;
  /** GATEWAY_INDEX: where the alert index lives, or off. */
  index: IndexConfig;
  sync: {
    /** Seconds between two incremental passes of an organization. */
    intervalSeconds: number;
    /** Share (0–1) of a credential's hourly rate limit the sync may use. */
    budgetShare: number;
    /** Hours between two full (reconciling) passes of an organization. */
    reconcileHours: number;
  };
}

export type IndexConfig = { kind: 'embedded'; dataDir: string } | { kind: 'postgres'; url: string } | { kind: 'off' };

/** Health, metrics and shutdown (README, "Operations"). */
export interface OperationsConfig {
  /** GATEWAY_DRAIN_TIMEOUT_MS: how long requests in flight may take to finish at shutdown. */
  drainTimeoutMs: number;
  /** GATEWAY_METRICS_TOKEN: bearer token /metrics requires; null: /metrics is open. */
  metricsToken: string | null;
}

export type CallerPermission = (typeof schemas.PERMISSIONS)[number];

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
      apiUrl: read(env, 'GITHUB_API_URL', schemas.httpUrl) ?? 'https://api.github.com',
      token,
      app,
    },
    orgs: read(env, 'GATEWAY_ORGS', schemas.organizationLogins) ?? [],
    enterprise: read(env, 'GATEWAY_ENTERPRISE', schemas.enterpriseSlug),
    host,
    port: parseInteger(env, 'PORT', 4000, 0, 65535),
    cache: {
      ttlSeconds: parseInteger(env, 'GATEWAY_CACHE_TTL_SECONDS', 60, 0, 86_400),
      maxBytes: parseInteger(env, 'GATEWAY_CACHE_MAX_MB', 64, 1, 65_536) * 1024 * 1024,
    },
    maxOrgsPerQuery: parseInteger(env, 'GATEWAY_MAX_ORGS_PER_QUERY', 200, 1, 10_000),
    upstreamConcurrency: parseInteger(env, 'GATEWAY_UPSTREAM_CONCURRENCY', 50, 1, 100),
    upstreamTimeoutMs: parseInteger(env, 'GATEWAY_UPSTREAM_TIMEOUT_MS', 15_000, 100, 599_999),
    writeIntervalMs: parseInteger(env, 'GATEWAY_WRITE_INTERVAL_MS', 1000, 0, 60_000),
    bulkMaxIds: parseInteger(env, 'GATEWAY_BULK_MAX_IDS', 100, 1, 10_000),
    ...parseOperationsAllowed(env),
    exposeSecrets: parseBoolean(env, 'GATEWAY_EXPOSE_SECRETS', false),
    logLevel: parseEnum(env, 'GATEWAY_LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    auth,
    corsOrigins: read(env, 'GATEWAY_CORS_ORIGINS', schemas.origins) ?? [],
    allowedHosts: parseAllowedHosts(env, host, auth.mode),
    dataDir: optional(env, 'GATEWAY_DATA_DIR') ?? './data',
    cursorSecret: read(env, 'GATEWAY_CURSOR_SECRET', schemas.secretOfAtLeast(32, 'e.g. openssl rand -hex 32')),
    webhookSecret: read(env, 'GITHUB_WEBHOOK_SECRET', schemas.secretOfAtLeast(16, 'the secret set on the GitHub webhook')),
    limits,
    demo: token === null && app === null && auth.mode !== 'passthrough',
    operations: {
      drainTimeoutMs: parseInteger(env, 'GATEWAY_DRAIN_TIMEOUT_MS', 10_000, 0, 600_000),
      metricsToken: read(env, 'GATEWAY_METRICS_TOKEN', schemas.secretOfAtLeast(16, 'e.g. openssl rand -hex 32')),
    },
    index: parseIndex(env),
    sync: {
      intervalSeconds: parseInteger(env, 'GATEWAY_SYNC_INTERVAL_SECONDS', 60, 5, 86_400),
      budgetShare: parseInteger(env, 'GATEWAY_SYNC_BUDGET_PERCENT', 50, 1, 100) / 100,
      reconcileHours: parseInteger(env, 'GATEWAY_SYNC_RECONCILE_HOURS', 24, 1, 720),
    },
  };
}

function parseIndex(env: Env): IndexConfig {
  const raw = optional(env, 'GATEWAY_INDEX') ?? 'embedded';
  const dataDir = optional(env, 'GATEWAY_DATA_DIR');
  if (raw === 'off') return { kind: 'off' };
  if (raw === 'embedded') return { kind: 'embedded', dataDir: dataDir ?? './data' };
  if (/^postgres(?:ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      return fail('GATEWAY_INDEX', 'is not a valid postgres:// connection URL');
    }
    // The URL may hold a password: it is never repeated in a message.
    return { kind: 'postgres', url: raw };
  }
  // Not echoed: a mistyped connection URL may still hold a password.
  return fail('GATEWAY_INDEX', 'must be embedded, off or a postgres:// URL');
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
    requestTimeoutMs: parseInteger(env, 'GATEWAY_REQUEST_TIMEOUT_MS', 30_000, 200, 600_000),
    maxDepth: parseInteger(env, 'GATEWAY_MAX_DEPTH', 12, 2, 100),
    maxCost: parseInteger(env, 'GATEWAY_MAX_COST', 20_000, 10, 10_000_000),
    maxAliases: parseInteger(env, 'GATEWAY_MAX_ALIASES', 30, 1, 1_000),
    maxTokens: parseInteger(env, 'GATEWAY_MAX_TOKENS', 5_000, 100, 1_000_000),
    maxUpstreamCalls: parseInteger(env, 'GATEWAY_MAX_UPSTREAM_CALLS', 2_000, 1, 1_000_000),
  };
  const upstreamTimeoutMs = parseInteger(env, 'GATEWAY_UPSTREAM_TIMEOUT_MS', 15_000, 100, 599_999);
  if (upstreamTimeoutMs >= limits.requestTimeoutMs) {
    fail('GATEWAY_UPSTREAM_TIMEOUT_MS', `(${upstreamTimeoutMs}) must be below GATEWAY_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs}), or no request could wait for one GitHub answer`);
  }
  return limits;
}

function parseAllowedHosts(env: Env, host: string, mode: CallerAuthConfig['mode']): string[] {
  const names = read(env, 'GATEWAY_ALLOWED_HOSTS', schemas.hostNames);
  if (names === null) {
    const wildcardBind = host === '0.0.0.0' || host === '::' || host === '[::]';
    if (wildcardBind) {
      fail('GATEWAY_ALLOWED_HOSTS', `is required when HOST is "${host}": list the host names clients use (e.g. gateway.example.com), or * for any`);
    }
    const bound = host.replace(/^\[|\]$/g, '').toLowerCase();
    return [...new Set(['localhost', '127.0.0.1', '::1', bound])];
  }
  if (names.includes('*') && mode === 'none') {
    fail('GATEWAY_ALLOWED_HOSTS', 'cannot be * with GATEWAY_AUTH=none (any web page could then use the gateway through DNS rebinding)');
  }
  return names;
}

function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function fail(name: string, problem: string): never {
  throw new ConfigError(`${name} ${problem}`);
}

/**
 * `value` as `schema` parses it. A refused value stops the gateway with one line: the variable's
 * name and the first issue's message, or `problem` for schemas whose issues carry no message of
 * their own.
 */
function check<T>(name: string, schema: z.ZodType<T>, value: unknown, problem?: () => string): T {
  const result = schema.safeParse(value, problem ? { error: problem } : undefined);
  return result.success ? result.data : fail(name, result.error.issues[0]!.message);
}

/** A variable as `schema` parses its trimmed text; null when unset or blank. */
function read<T>(env: Env, name: string, schema: z.ZodType<T>, problem?: (raw: string) => string): T | null {
  const raw = optional(env, name);
  if (raw === null) return null;
  return check(name, schema, raw, problem && (() => problem(raw)));
}

function parseInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  return read(env, name, schemas.integer(min, max), (raw) => `must be an integer from ${min} to ${max} (got "${raw}")`) ?? fallback;
}

function parseBoolean(env: Env, name: string, fallback: boolean): boolean {
  return read(env, name, schemas.boolean, (raw) => `must be true or false (got "${raw}")`) ?? fallback;
}

function parseEnum<const T extends readonly [string, ...string[]]>(env: Env, name: string, values: T, fallback: T[number]): T[number] {
  return read(env, name, schemas.oneOf(values), (raw) => `must be one of ${values.join(', ')} (got "${raw}")`) ?? fallback;
}

function parseApp(env: Env): GatewayConfig['github']['app'] {
  const appId = read(env, 'GITHUB_APP_ID', schemas.appId);
  const inlineKey = optional(env, 'GITHUB_APP_PRIVATE_KEY');
  const keyFile = optional(env, 'GITHUB_APP_PRIVATE_KEY_FILE');
  if (appId === null) {
    if (inlineKey !== null || keyFile !== null) fail('GITHUB_APP_ID', 'is required when a GitHub App private key is set');
    return null;
  }
  if (inlineKey !== null && keyFile !== null) {
    fail('GITHUB_APP_PRIVATE_KEY', 'and GITHUB_APP_PRIVATE_KEY_FILE are both set; set only one');
  }
  if (inlineKey !== null) {
    // Keys passed through env files often carry literal "\n" sequences.
    return { appId, privateKey: check('GITHUB_APP_PRIVATE_KEY', schemas.pemPrivateKey, inlineKey.replace(/\\n/g, '\n')) };
  }
  if (keyFile === null) return fail('GITHUB_APP_PRIVATE_KEY', 'or GITHUB_APP_PRIVATE_KEY_FILE is required with GITHUB_APP_ID');
  let contents: string;
  try {
    contents = readFileSync(keyFile, 'utf8');
  } catch {
    return fail('GITHUB_APP_PRIVATE_KEY_FILE', `cannot be read (${keyFile})`);
  }
  return { appId, privateKey: check('GITHUB_APP_PRIVATE_KEY_FILE', schemas.pemPrivateKey, contents) };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function parseAuth(env: Env): CallerAuthConfig {
  const mode = parseEnum(env, 'GATEWAY_AUTH', ['none', 'passthrough', 'api-keys'] as const, 'none');
  const keysFile = optional(env, 'GATEWAY_API_KEYS_FILE');
  if (mode !== 'api-keys') {
    if (keysFile !== null) fail('GATEWAY_API_KEYS_FILE', 'is set but GATEWAY_AUTH is not api-keys');
    return { mode };
  }
  if (keysFile === null) return fail('GATEWAY_API_KEYS_FILE', 'is required with GATEWAY_AUTH=api-keys');
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(keysFile, 'utf8'));
  } catch {
    return fail('GATEWAY_API_KEYS_FILE', `cannot be read as JSON (${keysFile})`);
  }
  return { mode, keys: check('GATEWAY_API_KEYS_FILE', schemas.apiKeysDocument, document) };
}
