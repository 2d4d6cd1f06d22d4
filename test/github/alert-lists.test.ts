import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getAlert, listRepoAlerts, type AlertListParams } from '../../src/github/alerts.ts';
import { GitHubClients } from '../../src/github/access.ts';
import { ResponseCache } from '../../src/github/cache.ts';
import { createGitHubClient, type GitHubClient } from '../../src/github/client.ts';
import { FIRST_PAGE, type PageRef } from '../../src/github/paging.ts';
import { startFakeGitHub, type FakeGitHub } from './fake-github.ts';

const PARAMS: AlertListParams = { sort: 'created', direction: 'desc', hide_secret: true };
const LIST = '/repos/acme/widgets/secret-scanning/alerts';
const query = (page?: number) => `${LIST}?sort=created&direction=desc&hide_secret=true${page ? `&page=${page}` : ''}&per_page=100`;
const alerts = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ number: from + i, state: 'open' }));

let github: FakeGitHub;
let client: GitHubClient;
beforeAll(async () => {
  github = await startFakeGitHub();
  client = createGitHubClient({ baseUrl: github.baseUrl, auth: 'ghp_test', credentialKey: 'test', concurrency: 5, writeIntervalMs: 0 });
});
afterAll(() => github.close());
beforeEach(() => github.reset());

async function walk(): Promise<number[]> {
  const numbers: number[] = [];
  for (let ref: PageRef | null = FIRST_PAGE; ref; ) {
    const page = await listRepoAlerts(client, 'acme', 'widgets', PARAMS, ref);
    numbers.push(...page.items.map((alert) => alert.number!));
    ref = page.next;
  }
  return numbers;
}

describe('alert list paging', () => {
  it('follows page numbers while pages are full when the list sends no Link header (as GitHub declares none for repository lists)', async () => {
    github.content.set(query(), alerts(1, 100));
    github.content.set(query(2), alerts(101, 100));
    github.content.set(query(3), alerts(201, 20));
    expect(await walk()).toEqual(alerts(1, 220).map((alert) => alert.number));
    expect(github.requests('GET', query(3))).toBe(1);
    expect(github.requests('GET', query(4))).toBe(0);
  });

  it('trusts the Link header when there is one: no next means the last page, even when full', async () => {
    github.content.set(query(), alerts(1, 100));
    github.extraHeaders.set(query(), { link: `<${github.baseUrl}${query(2)}>; rel="next", <${github.baseUrl}${query(2)}>; rel="last"` });
    github.content.set(query(2), alerts(101, 100));
    github.extraHeaders.set(query(2), { link: `<${github.baseUrl}${query()}>; rel="prev", <${github.baseUrl}${query()}>; rel="first"` });
    expect(await walk()).toHaveLength(200);
    expect(github.requests('GET', query(3))).toBe(0);
  });
});

describe('a server that ignores hide_secret (GHES 3.17 has no such parameter)', () => {
  it('keeps no secret from an answer asked for without one, in the result or in the cache', async () => {
    const cache = new ResponseCache({ maxSizeBytes: 1_000_000, ttlMs: 60_000 });
    const reader = new GitHubClients({ apiUrl: github.baseUrl, cache, concurrency: 5, timeoutMs: 10_000, writeIntervalMs: 0 }).forToken('ghp_test');
    github.content.set(query(), [{ number: 1, state: 'open', secret: 'ghp_leaked1' }]);
    github.content.set(`${LIST}/1?hide_secret=true`, { number: 1, state: 'open', secret: 'ghp_leaked1' });
    github.content.set(`${LIST}/1?hide_secret=false`, { number: 1, state: 'open', secret: 'ghp_leaked1' });

    for (let round = 0; round < 2; round++) {
      const page = await listRepoAlerts(reader, 'acme', 'widgets', PARAMS, FIRST_PAGE);
      expect(page.items).toEqual([{ number: 1, state: 'open' }]);
      expect(await getAlert(reader, 'acme', 'widgets', 1, true)).toEqual({ number: 1, state: 'open' });
    }
    expect((await getAlert(reader, 'acme', 'widgets', 1, false)).secret).toBe('ghp_leaked1');
    // Three entries (list, alert without and with the secret); only the one asked with the secret holds it.
    const stored = cache.keys().map((key) => cache.peek(key)!.body.text());
    expect(stored).toHaveLength(3);
    expect(stored.filter((text) => text.includes('ghp_leaked1'))).toHaveLength(1);
    expect(github.requests('GET', query())).toBe(1);
  });
});
