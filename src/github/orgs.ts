import type { GitHubClient } from './client.ts';
import { callGitHub } from './errors.ts';
import type { RestOrganization } from './types.ts';

export async function getOrganization(client: GitHubClient, org: string): Promise<RestOrganization> {
  return callGitHub(`organization "${org}"`, async () => {
    return (await client.request('GET /orgs/{org}', { org })).data;
  });
}
