import type { GitHubClient } from './client.ts';
import { callGitHub } from './errors.ts';
import { FIRST_PAGE, toListPage, UPSTREAM_PAGE_SIZE, type ListPage } from './paging.ts';
import type { RestMinimalRepository, RestRepository } from './types.ts';

export async function getRepository(client: GitHubClient, owner: string, repo: string): Promise<RestRepository> {
  return callGitHub(`repository "${owner}/${repo}"`, async () => {
    return (await client.request('GET /repos/{owner}/{repo}', { owner, repo })).data;
  });
}

/** One page (of 100) of GET /orgs/{org}/repos, in full_name order so that pages stay stable while repositories are created. */
export async function listOrgRepositories(client: GitHubClient, org: string, page: number): Promise<ListPage<RestMinimalRepository>> {
  return callGitHub(`the repositories of organization "${org}"`, async () => {
    const response = await client.request('GET /orgs/{org}/repos', { org, type: 'all', sort: 'full_name', direction: 'asc', page, per_page: UPSTREAM_PAGE_SIZE });
    return toListPage(response, page > 1 ? { kind: 'page', page } : FIRST_PAGE);
  });
}
