/**
 * The least any client on this machine can spend to have every page of every org in memory:
 * all pages requested at once with plain `fetch` (their numbers known in advance, which a
 * real client cannot know before the first page), each body read and `JSON.parse`d; no Octokit,
 * no cache, no GraphQL. Returns how many alerts it read.
 */
export async function transportFloorListing(baseUrl: string, token: string, orgs: readonly { login: string; alerts: number }[]): Promise<number> {
  const pages = orgs.flatMap((org) => Array.from({ length: Math.max(1, Math.ceil(org.alerts / 100)) }, (_, i) => ({ org: org.login, page: i + 1 })));
  const counts = await Promise.all(
    pages.map(async ({ org, page }) => {
      const response = await fetch(`${baseUrl}/orgs/${org}/secret-scanning/alerts?per_page=100&page=${page}&hide_secret=true`, {
        headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json' },
      });
      if (!response.ok) throw new Error(`${org} page ${page}: ${response.status}`);
      return (JSON.parse(await response.text()) as unknown[]).length;
    }),
  );
  return counts.reduce((sum, n) => sum + n, 0);
}
