import type { CachedEntry, ResponseCache } from './cache.ts';
import { cacheKey } from './cache.ts';
import type { GitHubClient } from './client.ts';

/** Parsed bodies of cache entries: a fresh page is parsed once, not once per request. */
const parsedBodies = new WeakMap<CachedEntry, unknown>();

/**
 * Serves a GET whose cached response is still fresh straight from the cache, before Octokit's
 * throttling, retry and JSON parsing run: a warm read costs a hash and a map lookup. Anything
 * else (stale, missing, a write) goes down to the caching fetch as usual. Registered after the
 * plugins, so this wrap is the outermost.
 */
export function serveFreshReadsFromCache(client: GitHubClient, cache: ResponseCache, credentialKey: string): void {
  client.hook.wrap('request', async (request, options) => {
    if (options.method !== 'GET') return request(options);
    const { url, headers } = client.request.endpoint.parse(options);
    const accept = Object.entries(headers).find(([name]) => name.toLowerCase() === 'accept')?.[1] ?? '';
    const found = cache.lookup(cacheKey(credentialKey, 'GET', url, String(accept)));
    if (!found?.fresh) return request(options);
    let data = parsedBodies.get(found.entry);
    if (data === undefined) {
      data = JSON.parse(found.entry.body) as unknown;
      parsedBodies.set(found.entry, data);
    }
    return { status: 200, url, headers: { ...found.entry.headers }, data } as Awaited<ReturnType<typeof request>>;
  });
}
