import type { ResponseCache } from './cache.ts';
import { createCachingFetch } from './caching-fetch.ts';
import { createGitHubClient, credentialKeyForToken, type GitHubClient } from './client.ts';
import { serveFreshReadsFromCache } from './fresh-read.ts';
import type { GitHubAccess } from './loaders.ts';

export interface UpstreamOptions {
  apiUrl: string;
  cache: ResponseCache;
  concurrency: number;
  writeIntervalMs: number;
  /** Transport under the cache (tests and benchmarks may count or shape it); default global fetch. */
  fetch?: typeof fetch;
  retryBaseMs?: number;
  log?: Pick<Console, 'warn' | 'error'>;
}

/**
 * One Octokit client per credential, kept for the life of the process so that its throttling
 * state (concurrency, write spacing, rate-limit waits) is shared by every request using it,
 * and its cache entries are keyed by that credential alone.
 */
export class GitHubClients {
  private readonly clients = new Map<string, GitHubClient>();

  constructor(private readonly options: UpstreamOptions) {}

  forToken(token: string): GitHubClient {
    const credentialKey = credentialKeyForToken(token);
    let client = this.clients.get(credentialKey);
    if (!client) {
      client = createGitHubClient({
        baseUrl: this.options.apiUrl,
        auth: token,
        credentialKey,
        fetch: createCachingFetch(this.options.cache, credentialKey, this.options.fetch),
        concurrency: this.options.concurrency,
        writeIntervalMs: this.options.writeIntervalMs,
        retryBaseMs: this.options.retryBaseMs,
        log: this.options.log,
      });
      serveFreshReadsFromCache(client, this.options.cache, credentialKey);
      this.clients.set(credentialKey, client);
    }
    return client;
  }

  /** Access where one token serves every organization. */
  tokenAccess(token: string): GitHubAccess {
    const client = this.forToken(token);
    return { clientFor: async () => client };
  }
}
