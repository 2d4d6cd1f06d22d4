import type { CachedEntry, ResponseCache } from './cache.ts';
import { cacheKey } from './cache.ts';
import type { GitHubClient } from './client.ts';

/** Parsed bodies of cache entries: a page is parsed once, not once per request that reads it. */
const parsedBodies = new WeakMap<CachedEntry, unknown>();

function parsedBody(entry: CachedEntry): unknown {
  let data = parsedBodies.get(entry);
  if (data === undefined) {
    data = JSON.parse(entry.body) as unknown;
    parsedBodies.set(entry, data);
  }
  return data;
}

/**
 * Serves a GET whose cached response is still fresh straight from the cache, before Octokit's
 * throttling, retry and JSON parsing run: a warm read costs a hash and a map lookup. Other GETs
 * go down to the caching fetch as usual; what they return is replaced by the shared parse of the
 * entry the caching fetch just stored or revalidated.
 * Registered after the plugins, so this wrap is the outermost.
 */
export function serveFreshReadsFromCache(client: GitHubClient, cache: ResponseCache, credentialKey: string): void {
  client.hook.wrap('request', async (request, options) => {
    if (options.method !== 'GET') return request(options);
    const { url, headers } = client.request.endpoint.parse(options);
    const accept = Object.entries(headers).find(([name]) => name.toLowerCase() === 'accept')?.[1] ?? '';
    const key = cacheKey(credentialKey, 'GET', url, String(accept));
    const found = cache.lookup(key);
    if (found?.fresh) {
      return { status: 200, url, headers: { ...found.entry.headers }, data: parsedBody(found.entry) } as Awaited<ReturnType<typeof request>>;
    }
    const response = await request(options);
    // Hand out the entry's shared parse, so every request sees the same objects for one page.
    const stored = cache.peek(key);
    if (stored?.etag === undefined || stored.etag !== response.headers.etag) return response;
    if (!parsedBodies.has(stored)) parsedBodies.set(stored, response.data);
    return { ...response, data: parsedBodies.get(stored) };
  });
}
