import type { GitHubClient } from './client.ts';
import { callGitHub } from './errors.ts';
import { scopeRoute, scopeSubject, type OwnerScope } from './owner-scope.ts';
import type { RestPatternConfiguration } from './types.ts';

/** Pattern configurations exist for organizations and (GHEC, GHES 3.19) enterprises, with one shape. */
export type PatternConfigurationScope = Extract<OwnerScope, { kind: 'org' | 'enterprise' }>;

function subjectOf(scope: PatternConfigurationScope): string {
  return `the pattern configuration of ${scope.kind === 'org' ? `"${scope.org}"` : scopeSubject(scope)}`;
}

export async function getPatternConfiguration(client: GitHubClient, scope: PatternConfigurationScope): Promise<RestPatternConfiguration> {
  const { prefix, params } = scopeRoute(scope);
  return callGitHub(subjectOf(scope), async () => {
    return (await client.request(`GET ${prefix}/secret-scanning/pattern-configurations` as string, params)).data as RestPatternConfiguration;
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
  scope: PatternConfigurationScope,
  update: PatternConfigurationUpdate,
): Promise<{ pattern_config_version?: string }> {
  const { prefix, params } = scopeRoute(scope);
  return callGitHub(subjectOf(scope), async () => {
    const response = await client.request(`PATCH ${prefix}/secret-scanning/pattern-configurations` as string, {
      ...params,
      ...update,
      // Never replayed: a retried PATCH could land after someone else's change.
      request: { retries: 0 },
    });
    return response.data as { pattern_config_version?: string };
  });
}
