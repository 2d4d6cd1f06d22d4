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
  host: string;
  port: number;
  cache: { ttlSeconds: number; maxBytes: number };
  /** Most organizations one query may name (each costs at least one upstream request). */
  maxOrgsPerQuery: number;
  /** Upstream requests in flight at once per credential (GitHub allows at most 100). */
  upstreamConcurrency: number;
  /** Minimum spacing between two writes of one credential (GitHub asks for writes to be serialized). */
  writeIntervalMs: number;
  graphiql: boolean;
  /** Whether callers of the unauthenticated loopback mode may read secret values. */
  exposeSecrets: boolean;
  logLevel: LogLevel;
  /** No GitHub credential configured: serve the embedded demo GitHub. */
  demo: boolean;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): GatewayConfig {
  const token = optional(env, 'GITHUB_TOKEN');
  const app = parseApp(env);
  return {
    github: {
      apiUrl: parseUrl(env, 'GITHUB_API_URL', 'https://api.github.com'),
      token,
      app,
    },
    orgs: parseOrgs(env),
    host: optional(env, 'HOST') ?? '127.0.0.1',
    port: parseInteger(env, 'PORT', 4000, 0, 65535),
    cache: {
      ttlSeconds: parseInteger(env, 'GATEWAY_CACHE_TTL_SECONDS', 60, 0, 86_400),
      maxBytes: parseInteger(env, 'GATEWAY_CACHE_MAX_MB', 256, 1, 65_536) * 1024 * 1024,
    },
    maxOrgsPerQuery: parseInteger(env, 'GATEWAY_MAX_ORGS_PER_QUERY', 200, 1, 10_000),
    upstreamConcurrency: parseInteger(env, 'GATEWAY_UPSTREAM_CONCURRENCY', 20, 1, 100),
    writeIntervalMs: parseInteger(env, 'GATEWAY_WRITE_INTERVAL_MS', 1000, 0, 60_000),
    graphiql: parseBoolean(env, 'GATEWAY_GRAPHIQL', true),
    exposeSecrets: parseBoolean(env, 'GATEWAY_EXPOSE_SECRETS', false),
    logLevel: parseEnum(env, 'GATEWAY_LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    demo: token === null && app === null,
  };
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
