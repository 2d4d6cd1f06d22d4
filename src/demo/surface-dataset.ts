import { DEFAULT_END_DELIMITER, DEFAULT_START_DELIMITER, slugOf } from './custom-pattern-rules.ts';
import { isoSeconds } from './github-objects.ts';
import type { CustomPattern, CustomPatternScan, Scan, ScanHistory } from './github-surface-types.ts';
import type { PatternConfiguration, PatternOverride, PushProtectionSetting, SimpleRepository } from './github-types.ts';
import type { SeededRandom } from './random.ts';
import { rowVersion } from './row-version.ts';
import { PROVIDER_SECRET_TYPES } from './secret-catalog.ts';

/** Where a custom pattern is defined; the key of DemoDataset.customPatterns. */
export type CustomPatternScope = { kind: 'org'; org: string } | { kind: 'repo'; fullName: string } | { kind: 'enterprise'; slug: string };

export function customPatternScopeKey(scope: CustomPatternScope): string {
  const name = scope.kind === 'org' ? scope.org : scope.kind === 'repo' ? scope.fullName : scope.slug;
  return `${scope.kind}:${name.toLowerCase()}`;
}

const DAY_MS = 86_400_000;

function customPattern(id: number, name: string, pattern: string, version: string, createdMs: number, extra: Partial<CustomPattern> = {}): CustomPattern {
  return {
    id,
    name,
    pattern,
    slug: slugOf(name),
    state: 'published',
    push_protection_enabled: false,
    start_delimiter: DEFAULT_START_DELIMITER,
    end_delimiter: DEFAULT_END_DELIMITER,
    must_match: null,
    must_not_match: null,
    custom_pattern_version: version,
    created_at: isoSeconds(createdMs),
    updated_at: isoSeconds(createdMs + DAY_MS),
    ...extra,
  };
}

/** Id of the custom pattern behind a pattern-configuration override (`cp_<id>`), or null for provider patterns. */
export function customPatternIdOf(tokenType: string): number | null {
  const match = /^cp_(\d+)$/.exec(tokenType);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/**
 * Org custom patterns are the ones the org's pattern configuration lists (same id, name and
 * version, as on GitHub); one repository per org and the enterprise have their own.
 */
export function createCustomPatterns(
  random: SeededRandom,
  orgs: readonly { login: string; id: number }[],
  repos: readonly SimpleRepository[],
  patternConfigurations: Record<string, PatternConfiguration>,
  enterprise: { slug: string; id: number },
  now: Date,
): Record<string, CustomPattern[]> {
  const patterns: Record<string, CustomPattern[]> = {};
  const nowMs = now.getTime();
  for (const org of orgs) {
    const overrides = patternConfigurations[org.login]?.custom_pattern_overrides ?? [];
    patterns[customPatternScopeKey({ kind: 'org', org: org.login })] = overrides.map((override, index) =>
      customPattern(customPatternIdOf(override.token_type) ?? 0, override.display_name, index === 0 ? `${org.login.split('-')[0]}_[a-z0-9]{32}` : 'sess_[A-Za-z0-9+/]{40}', override.custom_pattern_version ?? rowVersion(random), nowMs - (200 + index * 50) * DAY_MS, {
        push_protection_enabled: override.setting === 'enabled',
        must_not_match: index === 1 ? ['^sess_0+$'] : null,
      }),
    );
    const repo = repos.find((candidate) => candidate.owner.login === org.login);
    if (repo !== undefined) {
      patterns[customPatternScopeKey({ kind: 'repo', fullName: repo.full_name })] = [
        customPattern(3_000_000 + Object.keys(patterns).length, 'Service Deploy Token', 'sdt-[0-9a-f]{40}', rowVersion(random), nowMs - 30 * DAY_MS, { state: 'unpublished' }),
      ];
    }
  }
  patterns[customPatternScopeKey({ kind: 'enterprise', slug: enterprise.slug })] = [
    customPattern(enterprise.id * 10, 'Enterprise Signing Key', 'esk_live_[A-Za-z0-9]{48}', rowVersion(random), nowMs - 400 * DAY_MS, { push_protection_enabled: true }),
    customPattern(enterprise.id * 10 + 1, 'Legacy Vault Token', 'hvs\\.[A-Za-z0-9_-]{90,120}', rowVersion(random), nowMs - 90 * DAY_MS, { must_match: ['[0-9]'] }),
  ];
  return patterns;
}

/** The enterprise's push-protection settings: GitHub's provider patterns and the enterprise custom patterns. */
export function createEnterprisePatternConfiguration(random: SeededRandom, enterprisePatterns: readonly CustomPattern[]): PatternConfiguration {
  const override = (extra: Pick<PatternOverride, 'token_type' | 'slug' | 'display_name' | 'custom_pattern_version' | 'default_setting' | 'setting'>): PatternOverride => ({
    alert_total: 0,
    alert_total_percentage: 0,
    false_positives: 0,
    false_positive_rate: 0,
    bypass_rate: 0,
    ...extra,
  });
  return {
    pattern_config_version: rowVersion(random),
    provider_pattern_overrides: PROVIDER_SECRET_TYPES.map((spec) =>
      override({
        token_type: spec.secretType.toUpperCase(),
        custom_pattern_version: null,
        slug: spec.secretType,
        display_name: spec.displayName,
        default_setting: 'enabled',
        setting: random.weighted<PushProtectionSetting>([['not-set', 60], ['enabled', 30], ['disabled', 10]]),
      }),
    ),
    custom_pattern_overrides: enterprisePatterns.map((pattern) =>
      override({
        token_type: `cp_${pattern.id}`,
        custom_pattern_version: pattern.custom_pattern_version,
        slug: pattern.slug,
        display_name: pattern.name,
        default_setting: 'disabled',
        setting: pattern.push_protection_enabled ? 'enabled' : 'disabled',
      }),
    ),
  };
}

/**
 * Scan history per repository. Most repositories completed their backfill; every fifth one from
 * the fourth is still running it, every seventh from the sixth failed it, and each org's last
 * repository is new and has not been scanned at all, so coverage views have something to find.
 */
export function createScanHistories(
  random: SeededRandom,
  repos: readonly SimpleRepository[],
  customPatterns: Record<string, CustomPattern[]>,
  enterpriseSlug: string,
  now: Date,
): Record<string, ScanHistory> {
  const histories: Record<string, ScanHistory> = {};
  const nowMs = now.getTime();
  const at = (ms: number | null) => (ms === null ? null : isoSeconds(ms));
  const scan = (type: string, status: string, startedMs: number | null, minutes: number): Scan => ({
    type,
    status,
    started_at: at(startedMs),
    completed_at: status === 'completed' && startedMs !== null ? at(startedMs + minutes * 60_000) : null,
  });
  const byOwner = new Map<string, SimpleRepository[]>();
  for (const repo of repos) byOwner.set(repo.owner.login, [...(byOwner.get(repo.owner.login) ?? []), repo]);
  for (const [owner, ownerRepos] of byOwner) {
    const orgPatterns = customPatterns[customPatternScopeKey({ kind: 'org', org: owner })] ?? [];
    const enterprisePatterns = customPatterns[customPatternScopeKey({ kind: 'enterprise', slug: enterpriseSlug })] ?? [];
    ownerRepos.forEach((repo, index) => {
      const repoPatterns = customPatterns[customPatternScopeKey({ kind: 'repo', fullName: repo.full_name })] ?? [];
      if (index === ownerRepos.length - 1) {
        histories[repo.full_name] = { incremental_scans: [], pattern_update_scans: [], backfill_scans: [], custom_pattern_backfill_scans: [], generic_secrets_backfill_scans: [] };
        return;
      }
      const backfillStatus = index % 5 === 3 ? 'running' : index % 7 === 5 ? 'failed' : 'completed';
      const backfillMs = nowMs - random.int(20, 600) * DAY_MS;
      const lastPushMs = nowMs - random.int(10, 60 * 24 * 14) * 60_000;
      const custom = (pattern: CustomPattern, scope: CustomPatternScan['pattern_scope']): CustomPatternScan => ({
        ...scan('git', 'completed', Date.parse(pattern.created_at), random.int(2, 30)),
        pattern_name: pattern.name,
        pattern_scope: scope,
      });
      histories[repo.full_name] = {
        incremental_scans: [scan('git', 'completed', lastPushMs, 1)],
        pattern_update_scans: [scan('git', 'completed', nowMs - random.int(1, 30) * DAY_MS, random.int(5, 60))],
        backfill_scans: ['git', 'issue', 'discussion'].map((type) =>
          scan(type, backfillStatus === 'running' && type !== 'git' ? 'pending' : backfillStatus, backfillStatus === 'running' && type !== 'git' ? null : backfillMs, random.int(2, 90)),
        ),
        custom_pattern_backfill_scans: [
          ...repoPatterns.map((p) => custom(p, 'repository')),
          ...orgPatterns.map((p) => custom(p, 'organization')),
          ...enterprisePatterns.map((p) => custom(p, 'enterprise')),
        ],
        generic_secrets_backfill_scans: backfillStatus === 'completed' ? [scan('git', 'completed', backfillMs, random.int(5, 120))] : [],
      };
    });
  }
  return histories;
}
