import type { GitHubClient } from './client.ts';
import { callGitHub } from './errors.ts';
import type { RestPatternConfiguration } from './types.ts';

export async function getPatternConfiguration(client: GitHubClient, org: string): Promise<RestPatternConfiguration> {
  return callGitHub(`the pattern configuration of "${org}"`, async () => {
    return (await client.request('GET /orgs/{org}/secret-scanning/pattern-configurations', { org })).data;
  });
}

export interface PatternConfigurationUpdate {
  pattern_config_version?: string | null;
  provider_pattern_settings?: { token_type: string; push_protection_setting: 'not-set' | 'disabled' | 'enabled' }[];
  custom_pattern_settings?: {
    token_type: string;
    custom_pattern_version?: string | null;
    push_protection_setting: 'disabled' | 'enabled';
  }[];
}

export async function updatePatternConfiguration(
  client: GitHubClient,
  org: string,
  update: PatternConfigurationUpdate,
): Promise<{ pattern_config_version?: string }> {
  return callGitHub(`the pattern configuration of "${org}"`, async () => {
    const response = await client.request('PATCH /orgs/{org}/secret-scanning/pattern-configurations', {
      org,
      ...update,
      // Never replayed: a retried PATCH could land after someone else's change.
      request: { retries: 0 },
    });
    return response.data;
  });
}
