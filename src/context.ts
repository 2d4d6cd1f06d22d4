import { randomUUID } from 'node:crypto';
import type { CursorCodec } from './alerts/cursor.ts';
import { GitHubAlertSource } from './alerts/github-source.ts';
import type { AlertStore } from './domain/alert-store.ts';
import type { AuditLog } from './domain/audit-log.ts';
import type { OrganizationFailure } from './domain/failures.ts';
import type { RequestDeadline } from './domain/deadline.ts';
import { guardGitHubAccess } from './domain/guarded-github.ts';
import { AccessPolicy, type Caller } from './domain/policy.ts';
import { RequestBudget, type RequestBudgetLimits } from './domain/request-budget.ts';
import type { ServerCapabilities } from './github/capabilities.ts';
import { takeWriteTurn, type SharedWriteSpacing } from './github/client.ts';
import { createLoaders, type GitHubAccess, type Loaders } from './github/loaders.ts';
import type { AlertEvents } from './events.ts';
import type { Logger } from './logger.ts';
import { readableWithOwnToken } from './domain/alert-reads.ts';
import type { IndexStore } from './store/index-store.ts';
import { LiveAlertStore } from './store/live-store.ts';
import { RoutedAlertStore } from './store/routed-store.ts';

export type { Caller } from './domain/policy.ts';

/** Per request: kept a plain interface so type-checking stays fast. */
export interface GatewayContext {
  /** The request's id (X-Request-Id, see ops/request-id.ts); every log line of the request names it too. */
  requestId: string;
  caller: Caller;
  /** The one authorization policy (src/domain/policy.ts), for this caller. */
  policy: AccessPolicy;
  /** What this request may still cost (organizations, GitHub calls). */
  budget: RequestBudget;
  /** The request's lifetime: its signal, aborted at the deadline, stops the GitHub calls not yet made. */
  deadline: RequestDeadline;
  /** Alert changes: mutations publish theirs, subscriptions read them. */
  events: AlertEvents;
  /** GitHub as this request may see it: every call authorized by `policy` (guarded-github.ts). */
  github: GitHubAccess;
  loaders: Loaders;
  /** Where this request's alerts come from (GitHub on demand, or the index). */
  store: AlertStore;
  /** Where audit entries are kept (the index); null when it is off (audit lines only). */
  auditLog: AuditLog | null;
  /** The organizations of `orgs` this caller reads: for a passthrough caller, those its own token is verified to read. */
  readableOrgs(orgs: readonly string[]): Promise<{ readable: string[]; refused: OrganizationFailure[] }>;
  defaultOrgs: readonly string[];
  /** GitHub's web address (https://github.com, or the GHES host), for links GitHub does not return. */
  webUrl: string;
  /** What the GitHub behind the gateway can do (GitHub.com/GHEC, or a GHES release): see github/capabilities.ts. */
  capabilities: ServerCapabilities;
  /** Most alert ids one bulk mutation may name (GATEWAY_BULK_MAX_IDS). */
  bulkMaxIds: number;
  /** Enterprise whose alert list serves cross-org reads (GATEWAY_ENTERPRISE), if any. */
  enterprise: string | null;
  /** Signs and checks cursors with the installation's key. */
  cursors: CursorCodec;
  logger: Logger;
}

export interface ContextOptions {
  /** The id of the request served (ops/request-id.ts); a new one when there is none (yoga driven in-process, tests). */
  requestId?: string;
  caller: Caller;
  /** The credential serving the caller, unguarded: the context guards it. */
  github: GitHubAccess;
  deadline: RequestDeadline;
  events: AlertEvents;
  limits: RequestBudgetLimits;
  defaultOrgs: readonly string[];
  webUrl: string;
  capabilities: ServerCapabilities;
  bulkMaxIds: number;
  enterprise: string | null;
  cursors: CursorCodec;
  logger: Logger;
  /** The synchronised alert index, when it is on (GATEWAY_INDEX): reads it serves go there. */
  index?: IndexStore | null;
  /** Write spacing shared with the other replicas on the index's PostgreSQL; null: this process alone spaces its writes. */
  sharedWriteSpacing?: SharedWriteSpacing | null;
}

export function createContext({ github: unguarded, limits, index = null, sharedWriteSpacing = null, requestId = randomUUID(), ...options }: ContextOptions): GatewayContext {
  const budget = new RequestBudget(limits);
  const policy = new AccessPolicy(options.caller, budget);
  const github = guardGitHubAccess(unguarded, {
    policy,
    budget,
    signal: options.deadline.signal,
    writeTurn: (client, signal) => takeWriteTurn(client, options.caller.name, signal, sharedWriteSpacing),
  });
  const loaders = createLoaders(github);
  const live = new LiveAlertStore(new GitHubAlertSource(loaders, options.webUrl, options.capabilities), options.cursors);
  const verifyOrgs = options.caller.readsWithOwnToken ? (orgs: readonly string[]) => readableWithOwnToken(live, orgs) : null;
  const store = index ? new RoutedAlertStore(live, index, options.cursors, verifyOrgs) : live;
  const readableOrgs = verifyOrgs ?? (async (orgs: readonly string[]) => ({ readable: [...orgs], refused: [] }));
  return { ...options, requestId, policy, budget, github, loaders, store, auditLog: index?.auditLog ?? null, readableOrgs };
}

/** The web address matching a REST base URL: api.github.com → github.com, https://HOST/api/v3 → https://HOST. */
export function webUrlFor(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  if (url.hostname.startsWith('api.') && url.hostname.endsWith('.ghe.com')) return `${url.protocol}//${url.hostname.slice(4)}`;
  return `${url.origin}${url.pathname.replace(/\/api\/v3\/?$/, '')}`.replace(/\/+$/, '');
}
