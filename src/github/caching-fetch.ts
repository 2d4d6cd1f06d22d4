import { cacheKey, scopeOfUrl, type CachedEntry, type InflightTicket, type ResponseCache } from './cache.ts';
import { CachedBody } from './cached-body.ts';
import { methodOf, urlOf } from './fetch-input.ts';

/** Representation headers worth replaying from the cache; Octokit reads `link` (pagination) and `etag`. */
const STORED_HEADERS = ['content-type', 'etag', 'last-modified', 'link'];
/** undici has already decoded and measured the body we buffer, so these would misdescribe the replayed bytes. */
const BODY_FRAMING_HEADERS = ['content-encoding', 'content-length', 'transfer-encoding'];
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A fully read response that any number of callers can each turn into their own Response. */
interface ResponseSnapshot {
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array<ArrayBuffer> | CachedBody | null;
}

/**
 * A fetch for Octokit's `request.fetch` that serves GETs from `cache`, revalidates expired entries with
 * If-None-Match, shares identical concurrent GETs, and invalidates the cache after successful writes.
 * `credentialKey` identifies the credential the requests are made with; it is only ever hashed.
 */
export function createCachingFetch(
  cache: ResponseCache,
  credentialKey: string,
  baseFetch: typeof fetch = fetch,
): typeof fetch {
  return async (input, init) => {
    const method = methodOf(input, init);
    if (method !== 'GET') {
      const response = await baseFetch(input, init);
      if (response.ok && WRITE_METHODS.has(method)) invalidateWrittenScope(cache, urlOf(input));
      return response;
    }

    const request = new Request(input, init);
    // A caller doing its own conditional request expects to see the 304 itself; one that asks for
    // no-store (the index's sync, which reads each page once) would only push other entries out.
    if (request.headers.has('if-none-match') || /\bno-store\b/i.test(request.headers.get('cache-control') ?? '')) return baseFetch(input, init);
    request.signal.throwIfAborted();

    const key = cacheKey(credentialKey, 'GET', request.url, request.headers.get('accept') ?? '');
    const found = cache.lookup(key);
    if (found?.fresh) return toResponse(entrySnapshot(found.entry), request.url);

    const stale = found?.entry;
    const upstream = cache.share(key, request.url, async (ticket) => {
      const headers = new Headers(request.headers);
      if (stale?.etag !== undefined) {
        headers.set('if-none-match', stale.etag);
        cache.recordRevalidation();
      } else {
        cache.recordMiss();
      }
      // Not the caller's signal: other callers may share this request; each caller aborts only its own wait.
      const response = await baseFetch(request.url, { ...init, headers, redirect: request.redirect, signal: null });
      if (response.status === 304 && stale?.etag !== undefined) {
        cache.recordNotModified(key, stale, ticket);
        return entrySnapshot(stale, response.headers);
      }
      const snapshot = await readSnapshot(response);
      if (isStorable(response) && snapshot.body !== null) {
        const body = new TextDecoder().decode(snapshot.body);
        const stored = cache.store(key, request.url, { headers: storedHeaders(response.headers), body, bodyBytes: snapshot.body.byteLength }, ticket);
        // Answered from the stored entry: the received bytes become garbage now instead of being copied into each answer.
        if (stored) return { ...snapshot, body: stored.body };
      }
      return snapshot;
    });
    return toResponse(await untilAborted(upstream, request.signal), request.url);
  };
}

/** Enterprise-level writes may affect any org of the enterprise, which the URL does not name. */
function invalidateWrittenScope(cache: ResponseCache, url: string): void {
  const scope = scopeOfUrl(url);
  if (scope.owner !== undefined) {
    cache.invalidate(scope.repo === undefined ? { owner: scope.owner } : { owner: scope.owner, repo: scope.repo });
  } else if (scope.enterprise !== undefined) {
    cache.clear();
  }
}

function isStorable(response: Response): boolean {
  if (response.status !== 200) return false;
  if (/\bno-store\b/i.test(response.headers.get('cache-control') ?? '')) return false;
  return /\bjson\b/i.test(response.headers.get('content-type') ?? '');
}

function storedHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

/** On revalidation the 304's headers (current rate-limit counters, date) are kept under the cached representation headers. */
function entrySnapshot(entry: CachedEntry, revalidationHeaders?: Headers): ResponseSnapshot {
  const headers = new Headers(revalidationHeaders);
  for (const name of BODY_FRAMING_HEADERS) headers.delete(name);
  for (const [name, value] of Object.entries(entry.headers)) headers.set(name, value);
  return { status: entry.status, statusText: 'OK', headers, body: entry.body };
}

/**
 * A stream that produces the body's text only when read: a caller that takes the parsed body from
 * the cache entry instead (fresh-read.ts) cancels it, and a parsed entry is never re-serialized.
 */
function lazyText(body: CachedBody): ReadableStream<Uint8Array> {
  return new ReadableStream(
    {
      pull(controller) {
        controller.enqueue(new TextEncoder().encode(body.text()));
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

async function readSnapshot(response: Response): Promise<ResponseSnapshot & { body: Uint8Array<ArrayBuffer> | null }> {
  const headers = new Headers(response.headers);
  for (const name of BODY_FRAMING_HEADERS) headers.delete(name);
  const body = NULL_BODY_STATUSES.has(response.status) ? null : new Uint8Array(await response.arrayBuffer());
  return { status: response.status, statusText: response.statusText, headers, body };
}

function toResponse(snapshot: ResponseSnapshot, url: string): Response {
  const body = snapshot.body instanceof CachedBody ? lazyText(snapshot.body) : snapshot.body;
  const response = new Response(body, {
    status: snapshot.status,
    statusText: snapshot.statusText,
    headers: snapshot.headers,
  });
  // A constructed Response has an empty url; Octokit reports response.url.
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
