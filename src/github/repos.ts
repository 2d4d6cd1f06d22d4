import type { GitHubClient } from './client.ts';
import { toDomainError } from './errors.ts';
import type { RestRepository } from './types.ts';

export async function getRepository(client: GitHubClient, owner: string, repo: string): Promise<RestRepository> {
  try {
    return (await client.request('GET /repos/{owner}/{repo}', { owner, repo })).data;
  } catch (error) {
    throw toDomainError(error, `repository "${owner}/${repo}"`);
  }
}
