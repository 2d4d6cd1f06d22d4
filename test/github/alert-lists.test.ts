import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listRepoAlerts, type AlertListParams } from '../../src/github/alerts.ts';
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
