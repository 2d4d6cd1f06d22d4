import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { CachedBody } from './cached-body.ts';

/** Which GitHub owner/repo/enterprise a cached URL belongs to; names lowercased (GitHub names are case-insensitive). */
export interface CacheScope {
  owner?: string;
  repo?: string;
  enterprise?: string;
}

export interface CachedEntry {
  status: 200;
  headers: Record<string, string>;
  body: CachedBody;
  etag?: string;
  storedAt: number;
  scope: CacheScope;
}

export interface ResponseCacheOptions {
  maxSizeBytes: number;
  ttlMs: number;
  /** Largest single entry accepted, so one huge page cannot flush the cache. Defaults to maxSizeBytes / 8. */
  maxEntryBytes?: number;
  now?: () => number;
}

/**
 * hits + misses + revalidations + inflightShared = cacheable GETs seen.
 * misses and revalidations are upstream requests (plain / with If-None-Match);
 * inflightShared are requests that joined an identical one already upstream.
 */
export interface ResponseCacheStats {
  hits: number;
  misses: number;
  revalidations: number;
  notModified: number;
  stores: number;
  evictions: number;
  inflightShared: number;
  entries: number;
  sizeBytes: number;
}

/** Handed to the one caller that goes upstream; invalidation marks it so a response that may predate a write is not stored. */
export interface InflightTicket {
  invalidated: boolean;
}

interface Inflight {
  promise: Promise<unknown>;
  indexNames: string[];
  ticket: InflightTicket;
}

/** Hashes the whole identity so neither tokens nor caller identity strings appear in keys. */
export function cacheKey(credentialKey: string, method: string, url: string, accept = ''): string {
  return createHash('sha256').update(`${credentialKey}\n${method}\n${url}\n${accept}`).digest('hex');
}

/** Scope from the URL path; tolerates the `/api/v3` prefix of GitHub Enterprise Server. */
export function scopeOfUrl(url: string): CacheScope {
  const segments = new URL(url).pathname.split('/').filter(Boolean);
  if (segments[0] === 'api' && segments[1] === 'v3') segments.splice(0, 2);
  const [kind, first, second] = segments.map((segment) => decodeURIComponent(segment).toLowerCase());
  if (kind === 'repos' && first && second) return { owner: first, repo: second };
  if (kind === 'orgs' && first) return { owner: first };
  if (kind === 'enterprises' && first) return { enterprise: first };
  return {};
}

const ENTERPRISE_INDEX = 'enterprise';

function indexNamesOf(scope: CacheScope): string[] {
  if (scope.enterprise !== undefined) return [ENTERPRISE_INDEX];
  if (scope.owner === undefined) return [];
  if (scope.repo !== undefined) return [`repo:${scope.owner}/${scope.repo}`, `owner:${scope.owner}`];
  return [`org:${scope.owner}`, `owner:${scope.owner}`];
}

/**
 * Org-level lists (`/orgs/{owner}/…`) include every repo's data and enterprise-level lists include
 * every org's, so a repo change drops those too.
 */
function namesToInvalidate(scope: { owner: string; repo?: string }): string[] {
  const owner = scope.owner.toLowerCase();
  if (scope.repo === undefined) return [`owner:${owner}`, ENTERPRISE_INDEX];
  return [`repo:${owner}/${scope.repo.toLowerCase()}`, `org:${owner}`, ENTERPRISE_INDEX];
}

function byteSize(entry: CachedEntry, key: string): number {
  let size = entry.body.bytes + key.length;
  for (const [name, value] of Object.entries(entry.headers)) size += name.length + Buffer.byteLength(value);
  return size;
}

/** What an invalidation dropped: a repository's entries, an owner's, or everything. */
export type InvalidationScope = { owner: string; repo?: string } | 'all';
/** Whether this process made the change behind an invalidation, or another replica did. */
export type InvalidationOrigin = 'local' | 'peer';

/**
 * Cross-request store of GitHub REST GET responses, bounded by bytes. Freshness is tracked here rather
 * than with lru-cache's ttl so that expired entries stay stored and can be revalidated with their ETag.
 */
export class ResponseCache {
  readonly #entries: LRUCache<string, CachedEntry>;
  /** Index name (see indexNamesOf) → keys of entries in that scope. */
  readonly #index = new Map<string, Set<string>>();
  readonly #inflight = new Map<string, Inflight>();
  /** Told of invalidations made here, not of those another replica made (see onInvalidated). */
  readonly #invalidationListeners = new Set<(scope: InvalidationScope) => void>();
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #counters = {
    hits: 0,
    misses: 0,
    revalidations: 0,
    notModified: 0,
    stores: 0,
    evictions: 0,
    inflightShared: 0,
  };

  constructor(options: ResponseCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
    this.#entries = new LRUCache<string, CachedEntry>({
      maxSize: options.maxSizeBytes,
      maxEntrySize: options.maxEntryBytes ?? Math.max(1, Math.floor(options.maxSizeBytes / 8)),
      sizeCalculation: byteSize,
      dispose: (entry, key, reason) => {
        if (reason === 'evict') this.#counters.evictions++;
        for (const name of indexNamesOf(entry.scope)) this.#unindex(name, key);
      },
    });
  }

  /** The stored entry, if any, without counting anything or touching its recency. */
  peek(key: string): CachedEntry | undefined {
    return this.#entries.peek(key);
  }

  /** The stored entry and whether it is still within TTL; counts a hit when fresh. */
  lookup(key: string): { entry: CachedEntry; fresh: boolean } | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    const fresh = this.#now() - entry.storedAt < this.#ttlMs;
    if (fresh) this.#counters.hits++;
    return { entry, fresh };
  }

  recordMiss(): void {
    this.#counters.misses++;
  }

  recordRevalidation(): void {
    this.#counters.revalidations++;
  }

  /** After a 304: the entry is current again, unless it was invalidated or replaced meanwhile. */
  recordNotModified(key: string, entry: CachedEntry, ticket: InflightTicket): void {
    this.#counters.notModified++;
    if (!ticket.invalidated && this.#entries.peek(key) === entry) entry.storedAt = this.#now();
  }

  /** The stored entry; undefined when not stored (too large, or invalidated while in flight). */
  store(
    key: string,
    url: string,
    response: { headers: Record<string, string>; body: string; bodyBytes: number },
    ticket: InflightTicket,
  ): CachedEntry | undefined {
    if (ticket.invalidated) return undefined;
    const entry: CachedEntry = {
      status: 200,
      headers: response.headers,
      body: new CachedBody(response.body, response.bodyBytes),
      storedAt: this.#now(),
      scope: scopeOfUrl(url),
    };
    const etag = response.headers['etag'];
    if (etag !== undefined) entry.etag = etag;
    this.#entries.set(key, entry);
    if (!this.#entries.has(key)) return undefined;
    for (const name of indexNamesOf(entry.scope)) {
      let keys = this.#index.get(name);
      if (keys === undefined) this.#index.set(name, (keys = new Set()));
      keys.add(key);
    }
    this.#counters.stores++;
    return entry;
  }

  /**
   * Concurrent callers with the same key share one upstream request: the first runs `start`,
   * later ones get its promise until it settles.
   */
  share<T>(key: string, url: string, start: (ticket: InflightTicket) => Promise<T>): Promise<T> {
    const existing = this.#inflight.get(key);
    if (existing !== undefined) {
      this.#counters.inflightShared++;
      return existing.promise as Promise<T>;
    }
    const ticket: InflightTicket = { invalidated: false };
    const promise = start(ticket).finally(() => {
      if (this.#inflight.get(key)?.promise === promise) this.#inflight.delete(key);
    });
    this.#inflight.set(key, { promise, indexNames: indexNamesOf(scopeOfUrl(url)), ticket });
    return promise;
  }

  /**
   * Drops, for every credential, the entries a change to `scope` can affect: the repo's (or with no repo,
   * all of the owner's), the owner's org-level lists and all enterprise-level lists. Requests in flight
   * for those scopes are detached so later callers do not receive pre-change data.
   */
  invalidate(scope: { owner: string; repo?: string }, origin: InvalidationOrigin = 'local'): void {
    const names = namesToInvalidate(scope);
    for (const name of names) {
      for (const key of [...(this.#index.get(name) ?? [])]) this.#entries.delete(key);
    }
    for (const [key, inflight] of this.#inflight) {
      if (inflight.indexNames.some((name) => names.includes(name))) this.#detach(key, inflight);
    }
    if (origin === 'local') this.#invalidated(scope.repo === undefined ? { owner: scope.owner } : { owner: scope.owner, repo: scope.repo });
  }

  /** Removes every entry and detaches requests in flight; counters are kept. */
  clear(origin: InvalidationOrigin = 'local'): void {
    this.#entries.clear();
    for (const [key, inflight] of this.#inflight) this.#detach(key, inflight);
    if (origin === 'local') this.#invalidated('all');
  }

  /**
   * Told of every invalidation made in this process (a write, a webhook), so that other replicas'
   * caches can drop the same entries; those replicas invalidate with origin 'peer', which is not
   * told again.
   */
  onInvalidated(listener: (scope: InvalidationScope) => void): () => void {
    this.#invalidationListeners.add(listener);
    return () => this.#invalidationListeners.delete(listener);
  }

  #invalidated(scope: InvalidationScope): void {
    for (const listener of this.#invalidationListeners) listener(scope);
  }

  keys(): string[] {
    return [...this.#entries.keys()];
  }

  stats(): ResponseCacheStats {
    return { ...this.#counters, entries: this.#entries.size, sizeBytes: this.#entries.calculatedSize };
  }

  #detach(key: string, inflight: Inflight): void {
    inflight.ticket.invalidated = true;
    this.#inflight.delete(key);
  }

  #unindex(name: string, key: string): void {
    const keys = this.#index.get(name);
    if (keys === undefined) return;
    keys.delete(key);
    if (keys.size === 0) this.#index.delete(name);
  }
}
