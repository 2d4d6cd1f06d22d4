import { Octokit } from '@octokit/rest';

/**
 * What users write today: plain Octokit (no cache, no throttling plugin), one org after
 * another, `paginate` with per_page=100. Returns how many alerts it read.
 */
export async function naiveListing(baseUrl: string, token: string, orgs: readonly string[]): Promise<number> {
  const octokit = new Octokit({ auth: token, baseUrl });
  let count = 0;
  for (const org of orgs) {
    const alerts = await octokit.paginate('GET /orgs/{org}/secret-scanning/alerts', { org, per_page: 100 });
    count += alerts.length;
  }
  return count;
}
