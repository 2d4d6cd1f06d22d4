import type { GitHubClient } from './client.ts';
import { toDomainError } from './errors.ts';
import type { RestOrganization } from './types.ts';

export async function getOrganization(client: GitHubClient, org: string): Promise<RestOrganization> {
  try {
    return (await client.request('GET /orgs/{org}', { org })).data;
  } catch (error) {
    throw toDomainError(error, `organization "${org}"`);
  }
}
