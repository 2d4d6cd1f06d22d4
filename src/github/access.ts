import { createAppAuth } from '@octokit/auth-app';
import { LRUCache } from 'lru-cache';
import { ForbiddenError } from '../errors.ts';
import type { ResponseCache } from './cache.ts';
import { createCachingFetch } from './caching-fetch.ts';
import { createGitHubClient, credentialKeyForToken, GitHubOctokit, type GitHubClient } from './client.ts';
import { toDomainError } from './errors.ts';
import { serveFreshReadsFromCache } from './fresh-read.ts';
import { withRedirectPolicy } from './redirects.ts';
import { GitHubServer } from './server-version.ts';
import { observeUpstream, RouteTemplates, type UpstreamObserver } from './upstream-observer.ts';
import { withUpstreamTimeout } from './upstream-timeout.ts';
import type { GitHubAccess } from './loaders.ts';

export interface UpstreamOptions {
  apiUrl: string;
  cache: ResponseCache;
  concurrency: number;
  /** Longest wait for one answer of GitHub (see upstream-timeout.ts). */
  timeoutMs: number;
  writeIntervalMs: number;
  /** Writes that may wait per credential, per caller and in all (see write-queue.ts). */
  maxWaitingWrites?: { perCaller: number; total: number };
  /** Transport under the cache (tests and benchmarks may count or shape it); default global fetch. */
  fetch?: typeof fetch;
  retryBaseMs?: number;
  log?: Pick<Console, 'warn' | 'error'>;
  /** Told about every request that reaches GitHub (metrics). */
  observer?: UpstreamObserver;
}

export interface GitHubAppCredentials {
  appId: number;
  privateKey: string;
}

/**
 * What every client sends its requests through: the configured transport (each request it sends
 * observed), under the upstream timeout, never following redirects blindly.
 */
function upstreamFetch(options: UpstreamOptions, credentialKey: string, routes: RouteTemplates): typeof fetch {
  const transport: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const observed = options.observer ? observeUpstream(transport, options.observer, credentialKey, routes) : transport;
  return withRedirectPolicy(withUpstreamTimeout(observed, options.timeoutMs));
}

/** Passthrough callers each get a client; the least recently used are dropped past this many. */
const MAX_CLIENTS = 1000;
/** An organization without a known installation triggers a new look-up at most this often. */
const INSTALLATION_REFRESH_MS = 60_000;

/**
 * One Octokit client per credential (a token, or an App installation), kept while in use so
 * that its throttling state (concurrency, write spacing, rate-limit waits) is shared by every
 * request using it, and its cache entries are keyed by that credential alone.
 */
export class GitHubClients {
  private readonly clients: LRUCache<string, GitHubClient>;
  private readonly routes: RouteTemplates;
  /** Which GitHub the base URL is (GitHub.com/GHEC or a GHES release), learned once. */
  readonly server: GitHubServer;

  constructor(private readonly options: UpstreamOptions) {
    this.routes = new RouteTemplates(options.apiUrl);
    this.routes.learn('GET', '/');
    // Asked without a credential (GitHub names its release on every answer).
    this.server = new GitHubServer(options.apiUrl, upstreamFetch(options, 'anonymous', this.routes));
    this.clients = new LRUCache({ max: MAX_CLIENTS, dispose: (_client, credentialKey) => options.observer?.credentialDropped(credentialKey) });
  }

  forToken(token: string): GitHubClient {
    return this.client(credentialKeyForToken(token), token);
  }

  forInstallation(app: GitHubAppCredentials, installationId: number): GitHubClient {
    return this.client(`app:${app.appId}:installation:${installationId}`, {
      authStrategy: createAppAuth,
      auth: { appId: app.appId, privateKey: app.privateKey, installationId },
    });
  }

  /** Access where one token serves every organization. */
  tokenAccess(token: string): GitHubAccess {
    const client = this.forToken(token);
    return { clientFor: async () => client };
  }

  /** Access through a GitHub App: each organization is read with its own installation's token. */
  appAccess(app: GitHubAppCredentials): GitHubAccess {
    const installations = new AppInstallations(app, this.options, this.routes);
    return {
      clientFor: async (owner) => this.forInstallation(app, await installations.idFor(owner)),
    };
  }

  private client(credentialKey: string, auth: string | { authStrategy: unknown; auth: unknown }): GitHubClient {
    let client = this.clients.get(credentialKey);
    if (!client) {
      client = createGitHubClient({
        baseUrl: this.options.apiUrl,
        auth,
        credentialKey,
        fetch: createCachingFetch(this.options.cache, credentialKey, upstreamFetch(this.options, credentialKey, this.routes)),
        concurrency: this.options.concurrency,
        writeIntervalMs: this.options.writeIntervalMs,
        maxWaitingWrites: this.options.maxWaitingWrites,
        retryBaseMs: this.options.retryBaseMs,
        log: this.options.log,
      });
      serveFreshReadsFromCache(client, this.options.cache, credentialKey);
      this.routes.learnFrom(client);
      this.clients.set(credentialKey, client);
    }
    return client;
  }
}

/**
 * Which installation of the App serves which organization, discovered with the App's JWT
 * (GET /app/installations) and refreshed when an unknown organization is asked for.
 * Installation tokens themselves are minted and renewed before expiry by @octokit/auth-app.
 */
class AppInstallations {
  private readonly appClient: GitHubClient;
  private byOrg = new Map<string, number>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(app: GitHubAppCredentials, options: UpstreamOptions, routes: RouteTemplates) {
    this.appClient = new GitHubOctokit({
      authStrategy: createAppAuth,
      auth: { appId: app.appId, privateKey: app.privateKey },
      baseUrl: options.apiUrl,
      request: { fetch: upstreamFetch(options, `app:${app.appId}`, routes) },
      throttle: { id: `app:${app.appId}`, onRateLimit: () => false, onSecondaryRateLimit: () => false },
      retry: { retryAfterBaseValue: options.retryBaseMs ?? 1000 },
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
    routes.learnFrom(this.appClient);
  }

  async idFor(owner: string): Promise<number> {
    const login = owner.toLowerCase();
    if (!this.byOrg.has(login) && Date.now() - this.loadedAt > INSTALLATION_REFRESH_MS) await this.refresh();
    const id = this.byOrg.get(login);
    if (id === undefined) throw new ForbiddenError(`The GitHub App is not installed on organization "${owner}".`);
    return id;
  }

  private refresh(): Promise<void> {
    this.loading ??= this.appClient
      .paginate('GET /app/installations', { per_page: 100 })
      .then((installations) => {
        this.byOrg = new Map(
          installations.flatMap((installation) =>
            installation.account && 'login' in installation.account
              ? [[installation.account.login.toLowerCase(), installation.id] as const]
              : [],
          ),
        );
        this.loadedAt = Date.now();
      })
      .catch((error: unknown) => {
        throw toDomainError(error, 'the GitHub App installations');
      })
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }
}
