import type { GitHubClient } from './client.ts';
import { callGitHub } from './errors.ts';
import type { RestRepository } from './types.ts';

export async function getRepository(client: GitHubClient, owner: string, repo: string): Promise<RestRepository> {
  return callGitHub(`repository "${owner}/${repo}"`, async () => {
    return (await client.request('GET /repos/{owner}/{repo}', { owner, repo })).data;
  });
}
