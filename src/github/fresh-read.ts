import { LRUCache } from 'lru-cache';
import type { CachedEntry, ResponseCache } from './cache.ts';
import { cacheKey } from './cache.ts';
import type { GitHubClient } from './client.ts';

/** A cache entry's body, parsed once (see CachedBody), not once per request that reads it. */
function parsedBody(entry: CachedEntry, url: string): unknown {
  return entry.body.json((text) => parseGitHubJson(text, url));
}

function parseGitHubJson(text: string, url: string): unknown {
  const data = shareEmbeddedRepositories(JSON.parse(text) as unknown);
  return /[?&]hide_secret=true(?:&|$)/.test(url) ? withoutSecrets(data) : data;
}

/**
 * A server that ignores `hide_secret` (GitHub Enterprise Server 3.17 has no such parameter) still
 * sends each secret: what was asked for without it must not keep it, in the cache or anywhere.
 */
function withoutSecrets(data: unknown): unknown {
  for (const item of Array.isArray(data) ? data : [data]) {
    if (item !== null && typeof item === 'object' && 'secret' in item) delete (item as { secret?: unknown }).secret;
  }
  return data;
}

/**
 * Cache key and URL by request (credential and Octokit options). A paged reader asks for the same
 * few pages again on every GraphQL page: expanding the URL template and hashing the key each time
 * cost more than the cached read itself. One bounded map for all credentials (~2 MB at most).
 */
const requestKeys = new LRUCache<string, { url: string; key: string }>({ max: 5_000 });

/**
 * Org and enterprise alert lists embed the full repository (46 fields) in every alert, mostly
 * the same few repositories over and over. Parsed pages are what the cache holds, so one shared
 * object per repository of a page cuts their memory several times over.
 */
function shareEmbeddedRepositories(data: unknown): unknown {
  if (!Array.isArray(data)) return data;
  const shared = new Map<string, unknown>();
  for (const item of data as { repository?: { full_name?: unknown } }[]) {
    const name = item?.repository?.full_name;
    if (typeof name !== 'string') continue;
    const first = shared.get(name);
    if (first === undefined) shared.set(name, item.repository);
    else item.repository = first as typeof item.repository;
  }
  return data;
}

/**
 * Serves a GET whose cached response is still fresh straight from the cache, before Octokit's
 * throttling, retry and JSON parsing run: a warm read costs a hash and a map lookup. Other GETs
 * go down to the caching fetch as usual, and their body is parsed once here, from the entry the
 * caching fetch just stored or revalidated, with JSON.parse rather than Octokit's slower
 * BigInt-aware parser (GitHub's ids and counts fit in a double).
 * Registered after the plugins, so this wrap is the outermost.
 */
export function serveFreshReadsFromCache(client: GitHubClient, cache: ResponseCache, credentialKey: string): void {
  const keyOf = (options: Parameters<typeof client.request.endpoint.parse>[0]) => {
    const { request: _perCall, ...described } = options;
    const identity = `${credentialKey}\n${JSON.stringify(described)}`;
    let known = requestKeys.get(identity);
    if (!known) {
      const { url, headers } = client.request.endpoint.parse(options);
      const accept = Object.entries(headers).find(([name]) => name.toLowerCase() === 'accept')?.[1] ?? '';
      known = { url, key: cacheKey(credentialKey, 'GET', url, String(accept)) };
      requestKeys.set(identity, known);
    }
    return known;
  };

  client.hook.wrap('request', async (request, options) => {
    if (options.method !== 'GET') return request(options);
    const { url, key } = keyOf(options);
    const found = cache.lookup(key);
    if (found?.fresh) {
      return { status: 200, url, headers: { ...found.entry.headers }, data: parsedBody(found.entry, url) } as Awaited<ReturnType<typeof request>>;
    }
    // Hooks receive the caller's options object bound, so the inner request sees only in-place changes.
    options.request = { ...options.request, parseSuccessResponseBody: false };
    const response = await request(options);
    const body = response.data as ReadableStream<Uint8Array> | null;
    const stored = cache.peek(key);
    if (stored?.etag !== undefined && stored.etag === response.headers.etag) {
      await body?.cancel();
      return { ...response, data: parsedBody(stored, url) };
    }
    // Not storable (too large, no ETag): parse this response alone.
    const text = body ? await new Response(body).text() : '';
    const json = /json/i.test(String(response.headers['content-type'] ?? '')) && text;
    return { ...response, data: json ? parseGitHubJson(text, url) : text };
  });
}
