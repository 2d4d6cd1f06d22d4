import { GitHubAlertSource } from './alerts/github-source.ts';
import type { AlertSource } from './alerts/source.ts';
import { createLoaders, type GitHubAccess, type Loaders } from './github/loaders.ts';
import type { Logger } from './logger.ts';

/** Who is asking, and what they may do. */
export interface Caller {
  /** Shown in audit lines: an API key's name, a GitHub login, or "local". Never a credential. */
  name: string;
  canSeeSecrets: boolean;
  canWrite: boolean;
  /** Organizations this caller may name (lowercase); null means any the credential can read. */
  orgAllowlist: ReadonlySet<string> | null;
}

/** Per request: kept a plain interface so type-checking stays fast. */
export interface GatewayContext {
  caller: Caller;
  github: GitHubAccess;
  loaders: Loaders;
  alerts: AlertSource;
  defaultOrgs: readonly string[];
  /** GitHub's web address (https://github.com, or the GHES host), for links GitHub does not return. */
  webUrl: string;
  /** Upper bound of organizations one query may name. */
  maxOrgsPerQuery: number;
  /** Most alert ids one bulk mutation may name (GATEWAY_BULK_MAX_IDS). */
  bulkMaxIds: number;
  /** Enterprise whose alert list serves cross-org reads (GATEWAY_ENTERPRISE), if any. */
  enterprise: string | null;
  logger: Logger;
}

export function createContext(options: Omit<GatewayContext, 'loaders' | 'alerts'>): GatewayContext {
  const loaders = createLoaders(options.github);
  return { ...options, loaders, alerts: new GitHubAlertSource(loaders, options.webUrl) };
}

/** The web address matching a REST base URL: api.github.com → github.com, https://HOST/api/v3 → https://HOST. */
export function webUrlFor(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  if (url.hostname.startsWith('api.') && url.hostname.endsWith('.ghe.com')) return `${url.protocol}//${url.hostname.slice(4)}`;
  return `${url.origin}${url.pathname.replace(/\/api\/v3\/?$/, '')}`.replace(/\/+$/, '');
}
