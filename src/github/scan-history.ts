import type { GitHubClient } from './client.ts';
import { callGitHub } from './errors.ts';
import type { RestScanHistory } from './types.ts';

/** GET /repos/{owner}/{repo}/secret-scanning/scan-history (404 without GHAS / secret scanning). */
export async function getScanHistory(client: GitHubClient, owner: string, repo: string): Promise<RestScanHistory> {
  return callGitHub(`the scan history of repository "${owner}/${repo}"`, async () => {
    return (await client.request('GET /repos/{owner}/{repo}/secret-scanning/scan-history', { owner, repo })).data;
  });
}
