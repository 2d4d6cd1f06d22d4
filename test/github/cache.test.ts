import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseCache, scopeOfUrl } from '../../src/github/cache.ts';
import { createCachingFetch } from '../../src/github/caching-fetch.ts';
import { GitHubOctokit } from '../../src/github/client.ts';
import { etagOf, startFakeGitHub, type FakeGitHub } from './fake-github.ts';

const TTL_MS = 60_000;
const CREDENTIAL_A = 'credential-a-0123456789';
const CREDENTIAL_B = 'credential-b-9876543210';

let github: FakeGitHub;
let now: number;

beforeAll(async () => {
  github = await startFakeGitHub();
});
afterAll(() => github.close());
beforeEach(() => {
  github.reset();
  now = 1_000_000;
});

function newCache(maxSizeBytes = 1_000_000, maxEntryBytes?: number): ResponseCache {
  return new ResponseCache({
    maxSizeBytes,
    ttlMs: TTL_MS,
    now: () => now,
    ...(maxEntryBytes === undefined ? {} : { maxEntryBytes }),
  });
}

function url(path: string): string {
  return `${github.baseUrl}${path}`;
}

async function getJson(cachingFetch: typeof fetch, path: string): Promise<unknown> {
  const response = await cachingFetch(url(path));
  expect(response.status).toBe(200);
  return response.json();
}

describe('createCachingFetch', () => {
  it('serves a repeated GET within the TTL from the cache without a request', async () => {
    const path = '/orgs/acme/secret-scanning/alerts';
    github.content.set(path, [{ number: 1 }]);
    const cache = newCache();
    const cachingFetch = createCachingFetch(cache, CREDENTIAL_A);

    expect(await getJson(cachingFetch, path)).toEqual([{ number: 1 }]);
    now += TTL_MS - 1;
    const cached = await cachingFetch(url(path));

    expect(await cached.json()).toEqual([{ number: 1 }]);
    expect(cached.headers.get('etag')).toBe(etagOf([{ number: 1 }]));
    expect(cached.url).toBe(url(path));
    expect(github.requests('GET', path)).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, stores: 1, entries: 1 });
  });

  it('revalidates an expired entry with If-None-Match and replays the cached body on 304', async () => {
    const path = '/orgs/acme/secret-scanning/alerts';
    github.content.set(path, [{ number: 1 }]);
    const cache = newCache();
    const cachingFetch = createCachingFetch(cache, CREDENTIAL_A);
    const first = await (await cachingFetch(url(path))).text();

    now += TTL_MS;
    const revalidated = await cachingFetch(url(path));

    expect(revalidated.status).toBe(200);
    expect(await revalidated.text()).toBe(first);
    expect(revalidated.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(github.ifNoneMatch.get(path)).toEqual([undefined, etagOf([{ number: 1 }])]);
    expect(cache.stats()).toMatchObject({ revalidations: 1, notModified: 1, stores: 1 });

    // The 304 made the entry fresh again.
    now += TTL_MS - 1;
    await cachingFetch(url(path));
    expect(github.requests('GET', path)).toBe(2);
  });

  it('holds a parsed entry only parsed, and still replays the same JSON from it', async () => {
    const path = '/orgs/acme/secret-scanning/alerts';
    const alerts = [{ number: 1, repository: { full_name: 'acme/widgets', private: true } }, { number: 2, repository: null }];
    github.content.set(path, alerts);
    const cache = newCache();
    const cachingFetch = createCachingFetch(cache, CREDENTIAL_A);
    const received = await (await cachingFetch(url(path))).text();
    const [key] = cache.keys();
    const entry = cache.peek(key!)!;
    const sizeBefore = cache.stats().sizeBytes;

    let parses = 0;
    const parse = (text: string) => {
      parses += 1;
      return JSON.parse(text) as unknown;
    };
    const parsed = entry.body.json(parse);
    expect(parsed).toEqual(alerts);
    expect(entry.body.json(parse)).toBe(parsed);
    expect(parses).toBe(1);
    // Served again from the parsed form: the same JSON, and the byte bound still counts what was received.
    expect(await (await cachingFetch(url(path))).text()).toBe(received);
    now += TTL_MS;
    expect(JSON.parse(await (await cachingFetch(url(path))).text())).toEqual(alerts);
    expect(github.ifNoneMatch.get(path)).toEqual([undefined, etagOf(alerts)]);
    expect(cache.stats().sizeBytes).toBe(sizeBefore);
    expect(entry.body.bytes).toBe(Buffer.byteLength(received));
  });

  it('replaces an expired entry when the content changed', async () => {
    const path = '/repos/acme/widgets/secret-scanning/alerts';
    github.content.set(path, [{ number: 1, state: 'open' }]);
    const cache = newCache();
    const cachingFetch = createCachingFetch(cache, CREDENTIAL_A);
    await getJson(cachingFetch, path);

    github.content.set(path, [{ number: 1, state: 'resolved' }]);
    now += TTL_MS;
    expect(await getJson(cachingFetch, path)).toEqual([{ number: 1, state: 'resolved' }]);
    expect(await getJson(cachingFetch, path)).toEqual([{ number: 1, state: 'resolved' }]);

    expect(github.requests('GET', path)).toBe(2);
    expect(cache.stats()).toMatchObject({ revalidations: 1, notModified: 0, stores: 2, entries: 1, hits: 1 });
  });

  it('never shares entries between credentials and never puts the credential in a key', async () => {
    const path = '/orgs/acme/secret-scanning/alerts';
    github.content.set(path, [{ number: 1 }]);
    const cache = newCache();

    await getJson(createCachingFetch(cache, CREDENTIAL_A), path);
    await getJson(createCachingFetch(cache, CREDENTIAL_B), path);

    expect(github.requests('GET', path)).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 2, entries: 2 });
    for (const key of cache.keys()) {
      expect(key).toMatch(/^[0-9a-f]{64}$/);
      expect(key).not.toContain(CREDENTIAL_A);
      expect(key).not.toContain(CREDENTIAL_B);
    }
  });

  it('evicts least recently used entries to stay under maxSizeBytes', async () => {
    const maxSizeBytes = 2_000;
    const cache = newCache(maxSizeBytes, 1_000);
    const cachingFetch = createCachingFetch(cache, CREDENTIAL_A);
    const paths = Array.from({ length: 10 }, (_, i) => `/repos/acme/repo-${i}/secret-scanning/alerts`);
    for (const path of paths) {
      github.content.set(path, { path, padding: 'x'.repeat(300) });
      await getJson(cachingFetch, path);
    }

    const stats = cache.stats();
    expect(stats.evictions).toBeGreaterThan(0);
    expect(stats.entries).toBe(10 - stats.evictions);
    expect(stats.sizeBytes).toBeLessThanOrEqual(maxSizeBytes);

    await getJson(cachingFetch, paths[0]!);
    await getJson(cachingFetch, paths[9]!);
    expect(github.requests('GET', paths[0]!)).toBe(2);
    expect(github.requests('GET', paths[9]!)).toBe(1);
  });

  it('does not store an entry larger than maxEntryBytes', async () => {
    const path = '/orgs/acme/secret-scanning/alerts';
    github.content.set(path, { padding: 'x'.repeat(2_000) });
    const cache = newCache(100_000, 1_000);

    await getJson(createCachingFetch(cache, CREDENTIAL_A), path);

    expect(cache.stats()).toMatchObject({ stores: 0, entries: 0 });
  });

  it('sends concurrent identical GETs upstream once and gives each caller its own response', async () => {
    const path = '/orgs/acme/secret-scanning/alerts?page=1';
    github.content.set(path, [{ number: 7 }]);
    const gate = github.hold(path);
    const cache = newCache();
    const cachingFetch = createCachingFetch(cache, CREDENTIAL_A);

    const pending = Array.from({ length: 5 }, () => cachingFetch(url(path)));
    // All five were asked for while the first was still unanswered upstream.
    await gate.arrived;
    gate.release();
    const responses = await Promise.all(pending);
    const bodies = await Promise.all(responses.map((response) => response.json()));

    expect(github.requests('GET', path)).toBe(1);
    expect(bodies).toEqual(Array.from({ length: 5 }, () => [{ number: 7 }]));
    expect(cache.stats()).toMatchObject({ misses: 1, inflightShared: 4, stores: 1 });
  });

  it('lets a caller stop waiting on a shared request without failing the others', async () => {
    const path = '/orgs/acme/secret-scanning/alerts';
    github.content.set(path, [{ number: 7 }]);
    const gate = github.hold(path);
    const cachingFetch = createCachingFetch(newCache(), CREDENTIAL_A);
    const controller = new AbortController();

    const aborted = cachingFetch(url(path), { signal: controller.signal });
    const other = cachingFetch(url(path));
    await gate.arrived;
    controller.abort();

    // The aborted caller gives up while the shared request is still unanswered upstream.
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    gate.release();
    expect(await (await other).json()).toEqual([{ number: 7 }]);
  });

  it('does not cache non-200 responses or responses marked no-store', async () => {
    const missing = '/repos/acme/gone/secret-scanning/alerts';
    const noStore = '/orgs/acme/secret-scanning/alerts';
    github.content.set(noStore, []);
    github.extraHeaders.set(noStore, { 'cache-control': 'no-store' });
    const cache = newCache();
    const cachingFetch = createCachingFetch(cache, CREDENTIAL_A);

    for (let i = 0; i < 2; i++) {
      expect((await cachingFetch(url(missing))).status).toBe(404);
      await getJson(cachingFetch, noStore);
    }

    expect(github.requests('GET', missing)).toBe(2);
    expect(github.requests('GET', noStore)).toBe(2);
    expect(cache.stats()).toMatchObject({ stores: 0, entries: 0 });
  });

  it("passes a caller's own If-None-Match through untouched and does not cache the answer", async () => {
    const path = '/orgs/acme/secret-scanning/alerts';
    github.content.set(path, [{ number: 1 }]);
    const cache = newCache();
    const cachingFetch = createCachingFetch(cache, CREDENTIAL_A);

    const notModified = await cachingFetch(url(path), { headers: { 'if-none-match': etagOf([{ number: 1 }]) } });
    const modified = await cachingFetch(url(path), { headers: { 'if-none-match': '"other"' } });

    expect(notModified.status).toBe(304);
    expect(modified.status).toBe(200);
    expect(cache.stats()).toMatchObject({ stores: 0, entries: 0, misses: 0 });
  });

  it('accepts a Request object', async () => {
    const path = '/orgs/acme/secret-scanning/alerts';
    github.content.set(path, [{ number: 1 }]);
    const cachingFetch = createCachingFetch(newCache(), CREDENTIAL_A);

    await cachingFetch(new Request(url(path)));
    const cached = await cachingFetch(new Request(url(path), { method: 'GET' }));

    expect(await cached.json()).toEqual([{ number: 1 }]);
    expect(github.requests('GET', path)).toBe(1);
  });
});

describe('invalidation', () => {
  const widgetsAlerts = '/repos/acme/widgets/secret-scanning/alerts';
  const otherRepoAlerts = '/repos/acme/gadgets/secret-scanning/alerts';
  const acmeOrgAlerts = '/orgs/acme/secret-scanning/alerts';
  const globexOrgAlerts = '/orgs/globex/secret-scanning/alerts';
  const globexRepoAlerts = '/repos/globex/widgets/secret-scanning/alerts';
  const enterpriseAlerts = '/enterprises/big-corp/secret-scanning/alerts';
  const allPaths = [widgetsAlerts, otherRepoAlerts, acmeOrgAlerts, globexOrgAlerts, globexRepoAlerts, enterpriseAlerts];

  async function warm(cachingFetches: (typeof fetch)[]): Promise<void> {
    for (const path of allPaths) github.content.set(path, [{ path }]);
    for (const cachingFetch of cachingFetches) {
      for (const path of allPaths) await getJson(cachingFetch, path);
    }
  }

  /** Paths that had to go upstream again when every path is re-read through `cachingFetch`. */
  async function refetched(cachingFetch: typeof fetch): Promise<string[]> {
    const before = new Map(allPaths.map((path) => [path, github.requests('GET', path)]));
    for (const path of allPaths) await getJson(cachingFetch, path);
    return allPaths.filter((path) => github.requests('GET', path) > before.get(path)!);
  }

  it("drops a repo's entries, its owner's org-level and enterprise lists for every credential, and nothing else", async () => {
    const cache = newCache();
    const fetchA = createCachingFetch(cache, CREDENTIAL_A);
    const fetchB = createCachingFetch(cache, CREDENTIAL_B);
    await warm([fetchA, fetchB]);

    cache.invalidate({ owner: 'ACME', repo: 'Widgets' });

    const dropped = [widgetsAlerts, acmeOrgAlerts, enterpriseAlerts];
    expect(await refetched(fetchA)).toEqual(dropped);
    expect(await refetched(fetchB)).toEqual(dropped);
  });

  it('drops every entry of an owner when no repo is given', async () => {
    const cache = newCache();
    const cachingFetch = createCachingFetch(cache, CREDENTIAL_A);
    await warm([cachingFetch]);

    cache.invalidate({ owner: 'acme' });

    expect(await refetched(cachingFetch)).toEqual([widgetsAlerts, otherRepoAlerts, acmeOrgAlerts, enterpriseAlerts]);
  });

  it('invalidates automatically after a successful write through the caching fetch', async () => {
    const cache = newCache();
    const fetchA = createCachingFetch(cache, CREDENTIAL_A);
    const fetchB = createCachingFetch(cache, CREDENTIAL_B);
    await warm([fetchA, fetchB]);

    const patch = await fetchA(url('/repos/acme/widgets/secret-scanning/alerts/1'), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'resolved', resolution: 'revoked' }),
    });

    expect(patch.status).toBe(200);
    expect(await refetched(fetchB)).toEqual([widgetsAlerts, acmeOrgAlerts, enterpriseAlerts]);
  });

  it('does not store a response that was in flight when its scope was written', async () => {
    github.content.set(widgetsAlerts, [{ state: 'open' }]);
    const gate = github.hold(widgetsAlerts);
    const cache = newCache();
    const cachingFetch = createCachingFetch(cache, CREDENTIAL_A);

    const inFlight = cachingFetch(url(widgetsAlerts));
    // The GET has reached GitHub, and is answered only after the write has been acknowledged.
    await gate.arrived;
    await cachingFetch(url('/repos/acme/widgets/secret-scanning/alerts/1'), { method: 'PATCH', body: '{}' });
    gate.release();
    expect(await (await inFlight).json()).toEqual([{ state: 'open' }]);

    expect(cache.stats()).toMatchObject({ stores: 0, entries: 0 });
  });

  it('maps URL paths to scopes, case-insensitively and with an Enterprise Server prefix', () => {
    expect(scopeOfUrl('https://api.github.com/repos/Acme/Widgets/secret-scanning/alerts')).toEqual({
      owner: 'acme',
      repo: 'widgets',
    });
    expect(scopeOfUrl('https://ghe.example/api/v3/orgs/Acme/secret-scanning/alerts?page=2')).toEqual({ owner: 'acme' });
    expect(scopeOfUrl('https://api.github.com/enterprises/Big/secret-scanning/alerts')).toEqual({ enterprise: 'big' });
    expect(scopeOfUrl('https://api.github.com/user')).toEqual({});
  });
});

describe('with Octokit', () => {
  it('serves a repeated request from the cache and turns a revalidated 304 into a 200 with the cached data', async () => {
    const path = '/orgs/acme/x';
    github.content.set(path, { alerts: [{ number: 1 }] });
    const cache = newCache();
    const octokit = new GitHubOctokit({
      baseUrl: github.baseUrl,
      auth: 'ghp_not-a-real-token',
      request: { fetch: createCachingFetch(cache, CREDENTIAL_A) },
      throttle: { onRateLimit: () => false, onSecondaryRateLimit: () => false },
    });

    const first = await octokit.request('GET /orgs/{org}/x', { org: 'acme' });
    const second = await octokit.request('GET /orgs/{org}/x', { org: 'acme' });
    now += TTL_MS;
    const revalidated = await octokit.request('GET /orgs/{org}/x', { org: 'acme' });

    expect(second.data).toEqual(first.data);
    expect(revalidated.status).toBe(200);
    expect(revalidated.data).toEqual({ alerts: [{ number: 1 }] });
    expect(revalidated.headers.etag).toBe(etagOf({ alerts: [{ number: 1 }] }));
    expect(github.requests('GET', path)).toBe(2);
    expect(github.ifNoneMatch.get(path)).toEqual([undefined, etagOf({ alerts: [{ number: 1 }] })]);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, revalidations: 1, notModified: 1 });
  });
});
