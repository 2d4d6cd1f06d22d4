import { API_BASE, WEB_BASE, isoSeconds, legacyNodeId, simpleRepository, simpleUser } from './github-objects.ts';
import type {
  AlertMetadataEntry,
  AlertResolution,
  AlertValidity,
  LocationDetails,
  LocationType,
  PatternConfiguration,
  PatternOverride,
  PushProtectionSetting,
  SecretScanningAlert,
  SecretScanningLocation,
  SimpleRepository,
  SimpleUser,
} from './github-types.ts';
import { LOCATION_TYPES } from './github-types.ts';
import { createDemoApp, type DemoApp } from './demo-app.ts';
import { SeededRandom } from './random.ts';
import { rowVersion } from './row-version.ts';
import type { BypassRequest, CustomPattern, DismissalRequest, ScanHistory } from './github-surface-types.ts';
import { createReviewData } from './review-dataset.ts';
import { createCustomPatterns, createEnterprisePatternConfiguration, createScanHistories, customPatternScopeKey } from './surface-dataset.ts';
import { GENERIC_SECRET_TYPE_SPECS, PROVIDER_SECRET_TYPES, type SecretTypeSpec } from './secret-catalog.ts';

/** Fixed personal access tokens of the demo users (fake; only the demo server accepts them). */
export const DEMO_TOKENS = {
  /** security manager of every org except hooli; may write */
  admin: 'ghp_demo_admin_0000000000000000000000000',
  /** security manager of acme-corp and acme-labs (first two orgs of generated datasets); read-only */
  analyst: 'ghp_demo_analyst_00000000000000000000000',
  /** member of no org */
  outsider: 'ghp_demo_outsider_0000000000000000000000',
} as const;

export type DemoTokenName = keyof typeof DEMO_TOKENS;

export const DEFAULT_SEED = 20261101;
export const DEFAULT_NOW = new Date('2026-11-01T00:00:00Z');

export interface DemoDatasetOptions {
  seed?: number;
  /** Generated mode: orgs org-01…org-NN, all readable, provider (non-generic) secret types only. */
  orgCount?: number;
  alertsPerOrg?: number;
  reposPerOrg?: number;
  now?: Date;
}

export interface DemoOrg {
  login: string;
  id: number;
  node_id: string;
  name: string;
  description: string;
  url: string;
  html_url: string;
  avatar_url: string;
  secretScanningEnabled: boolean;
  /** Whether the admin demo token may read its alerts. */
  readable: boolean;
}

export interface DemoAlertRecord {
  org: string;
  repository: SimpleRepository;
  /** Complete alert including `secret`, as GitHub's repo list returns it. */
  alert: SecretScanningAlert;
  /** Returned by get/update alert (secret-scanning-alert-with-metadata). */
  metadata: AlertMetadataEntry[];
  locations: SecretScanningLocation[];
}

export interface DemoToken {
  name: DemoTokenName;
  token: string;
  user: SimpleUser;
  /** Orgs the user belongs to: their private repositories are visible. */
  memberOrgs: string[];
  /** Orgs whose alerts the token may read (org owner or security manager). */
  readableOrgs: string[];
  canWrite: boolean;
  enterpriseMember: boolean;
}

export interface DemoEnterprise {
  slug: string;
  id: number;
  name: string;
  orgs: string[];
}

export interface DemoDataset {
  seed: number;
  now: Date;
  enterprise: DemoEnterprise;
  orgs: DemoOrg[];
  repos: SimpleRepository[];
  users: SimpleUser[];
  /** Sorted by org, repository id, alert number. */
  alerts: DemoAlertRecord[];
  /** Keyed by org login. */
  patternConfigurations: Record<string, PatternConfiguration>;
  /** Custom patterns keyed by customPatternScopeKey (org, repository or enterprise). */
  customPatterns: Record<string, CustomPattern[]>;
  enterprisePatternConfiguration: PatternConfiguration;
  /** Keyed by repository full name. */
  scanHistories: Record<string, ScanHistory>;
  bypassRequests: BypassRequest[];
  dismissalRequests: DismissalRequest[];
  tokens: DemoToken[];
  app: DemoApp;
}

interface OrgPlan {
  login: string;
  name: string;
  description: string;
  secretScanningEnabled: boolean;
  readable: boolean;
  repoCount: number;
  alertCount: number;
}

const DEFAULT_ORG_PLANS: readonly OrgPlan[] = [
  { login: 'acme-corp', name: 'Acme Corporation', description: 'Everything you need, mail-order.', secretScanningEnabled: true, readable: true, repoCount: 12, alertCount: 140 },
  { login: 'acme-labs', name: 'Acme Labs', description: 'Research and prototypes.', secretScanningEnabled: true, readable: true, repoCount: 8, alertCount: 90 },
  { login: 'globex', name: 'Globex Corporation', description: 'Globex, the world leader.', secretScanningEnabled: true, readable: true, repoCount: 10, alertCount: 110 },
  { login: 'initech', name: 'Initech', description: 'TPS reports, on time.', secretScanningEnabled: true, readable: true, repoCount: 6, alertCount: 70 },
  { login: 'umbrella', name: 'Umbrella Corporation', description: 'Secret scanning is disabled here.', secretScanningEnabled: false, readable: true, repoCount: 4, alertCount: 0 },
  { login: 'hooli', name: 'Hooli', description: 'The demo tokens may not read this org.', secretScanningEnabled: true, readable: false, repoCount: 5, alertCount: 40 },
];

const REPO_NAMES = [
  'payments-api', 'web-frontend', 'infra-terraform', 'mobile-app', 'data-pipeline', 'auth-service',
  'docs', 'ci-scripts', 'billing', 'search-indexer', 'notifications', 'ml-models', 'admin-portal',
  'helm-charts', 'sdk-python', 'sdk-js',
];

const MEMBER_LOGINS = [
  'alice-sec', 'bob-dev', 'carol-ops', 'dave-sre', 'erin-appsec', 'frank-ml', 'grace-platform',
  'heidi-mobile', 'ivan-data', 'judy-infra',
];

const RESOLUTION_COMMENTS: Record<AlertResolution, readonly string[]> = {
  false_positive: ['Example value from the docs, not a real key.', 'Test fixture, matches the pattern only.'],
  wont_fix: ['Archived service, key scheduled for rotation with the migration.', 'Accepted risk, see SEC-1423.'],
  revoked: ['Rotated the key and revoked the old one.', 'Revoked by the provider after notification.'],
  used_in_tests: ['Only used against the local emulator in CI.', 'Dummy credential for integration tests.'],
  pattern_edited: [],
  pattern_deleted: [],
};

/** Builds the deterministic demo dataset; equal options give equal data. */
export function createDemoDataset(options: DemoDatasetOptions = {}): DemoDataset {
  const seed = options.seed ?? DEFAULT_SEED;
  const now = options.now ?? DEFAULT_NOW;
  const random = new SeededRandom(seed);
  const generated = options.orgCount !== undefined || options.alertsPerOrg !== undefined;
  const plans = generated ? generatedOrgPlans(options) : DEFAULT_ORG_PLANS;
  const secretTypes = generated ? PROVIDER_SECRET_TYPES : [...PROVIDER_SECRET_TYPES, ...GENERIC_SECRET_TYPE_SPECS];

  const adminUser = { ...simpleUser('octo-admin', 5001), name: 'Octo Admin' };
  const analystUser = { ...simpleUser('sam-analyst', 5002), name: 'Sam Analyst' };
  const outsiderUser = { ...simpleUser('otto-outsider', 5003), name: 'Otto Outsider' };
  const members = MEMBER_LOGINS.map((login, index) => simpleUser(login, 5101 + index));
  const users = [adminUser, analystUser, outsiderUser, ...members];
  const resolvers = [adminUser, analystUser, ...members];

  const orgs: DemoOrg[] = [];
  const repos: SimpleRepository[] = [];
  const alerts: DemoAlertRecord[] = [];
  const patternConfigurations: Record<string, PatternConfiguration> = {};
  let nextRepoId = 700_000_001;

  plans.forEach((plan, orgIndex) => {
    const orgId = 9_100_001 + orgIndex;
    const org: DemoOrg = {
      login: plan.login,
      id: orgId,
      node_id: legacyNodeId('Organization', orgId),
      name: plan.name,
      description: plan.description,
      url: `${API_BASE}/orgs/${plan.login}`,
      html_url: `${WEB_BASE}/${plan.login}`,
      avatar_url: `https://avatars.githubusercontent.com/u/${orgId}?v=4`,
      secretScanningEnabled: plan.secretScanningEnabled,
      readable: plan.readable,
    };
    orgs.push(org);
    const owner = simpleUser(plan.login, orgId, 'Organization');
    const orgRepos: SimpleRepository[] = [];
    for (let i = 0; i < plan.repoCount; i++) {
      const name = generated ? `repo-${String(i + 1).padStart(3, '0')}` : (REPO_NAMES[i] ?? `service-${i + 1}`);
      const description = random.chance(0.2) ? null : `${plan.name} ${name.replace(/-/g, ' ')}`;
      orgRepos.push(simpleRepository(owner, name, nextRepoId++, random.chance(0.8), description));
    }
    repos.push(...orgRepos);
    const orgAlerts = generateOrgAlerts(random, plan, orgRepos, secretTypes, resolvers, now, alerts.length === 0);
    alerts.push(...orgAlerts);
    patternConfigurations[plan.login] = patternConfiguration(random, orgId, orgAlerts);
  });

  const enterprise: DemoEnterprise = generated
    ? { slug: 'bench-enterprise', id: 4201, name: 'Bench Enterprise', orgs: orgs.map((org) => org.login) }
    : { slug: 'acme-enterprise', id: 4201, name: 'Acme Enterprise', orgs: orgs.map((org) => org.login) };
  const allOrgs = orgs.map((org) => org.login);
  const readableOrgs = orgs.filter((org) => org.readable).map((org) => org.login);
  const tokens: DemoToken[] = [
    { name: 'admin', token: DEMO_TOKENS.admin, user: adminUser, memberOrgs: allOrgs, readableOrgs, canWrite: true, enterpriseMember: true },
    { name: 'analyst', token: DEMO_TOKENS.analyst, user: analystUser, memberOrgs: allOrgs, readableOrgs: readableOrgs.slice(0, 2), canWrite: false, enterpriseMember: true },
    { name: 'outsider', token: DEMO_TOKENS.outsider, user: outsiderUser, memberOrgs: [], readableOrgs: [], canWrite: false, enterpriseMember: false },
  ];
  const app = createDemoApp(seed, orgs.filter((org) => org.readable));

  const surface = createSurfaceData(seed, { orgs, repos, alerts, patternConfigurations, enterprise, now }, members, [adminUser, ...members.slice(0, 3)]);
  return { seed, now, enterprise, orgs, repos, users, alerts, patternConfigurations, ...surface, tokens, app };
}

function generatedOrgPlans(options: DemoDatasetOptions): OrgPlan[] {
  const orgCount = options.orgCount ?? 20;
  const width = Math.max(2, String(orgCount).length);
  return Array.from({ length: orgCount }, (_, index) => {
    const number = String(index + 1).padStart(width, '0');
    return {
      login: `org-${number}`,
      name: `Organization ${number}`,
      description: `Generated organization ${number}.`,
      secretScanningEnabled: true,
      readable: true,
      repoCount: options.reposPerOrg ?? 10,
      alertCount: options.alertsPerOrg ?? 300,
    };
  });
}

function generateOrgAlerts(
  random: SeededRandom,
  plan: OrgPlan,
  repos: readonly SimpleRepository[],
  secretTypes: readonly SecretTypeSpec[],
  resolvers: readonly SimpleUser[],
  now: Date,
  includeAllLocationTypes: boolean,
): DemoAlertRecord[] {
  const maxAgeSeconds = 730 * 86_400;
  const createdTimes: number[] = [];
  for (let i = 0; i < plan.alertCount; i++) {
    const earlier = createdTimes[random.int(0, Math.max(0, i - 1))];
    // GitHub creates alerts of one push or scan in the same second: repeat timestamps so sorting needs a tie-breaker.
    const tie = earlier !== undefined && (i === 1 || random.chance(0.06));
    createdTimes.push(tie ? earlier : now.getTime() - random.int(3_600, maxAgeSeconds) * 1000);
  }
  const byRepo = new Map<SimpleRepository, number[]>();
  createdTimes.forEach((time, index) => {
    // Skewed so a few repositories hold most alerts, like real orgs.
    const repo = repos[index < repos.length ? index : Math.floor(repos.length * random.next() ** 2)];
    if (repo === undefined) throw new Error(`org ${plan.login} has no repositories`);
    const times = byRepo.get(repo);
    if (times === undefined) byRepo.set(repo, [time]);
    else times.push(time);
  });

  const records: DemoAlertRecord[] = [];
  for (const repo of repos) {
    const times = (byRepo.get(repo) ?? []).sort((a, b) => a - b);
    times.forEach((createdMs, index) => {
      const forceAllLocations = includeAllLocationTypes && records.length === 0;
      records.push(generateAlert(random, plan.login, repo, index + 1, createdMs, secretTypes, resolvers, now, forceAllLocations));
    });
  }
  return records;
}

function generateAlert(
  random: SeededRandom,
  org: string,
  repo: SimpleRepository,
  number: number,
  createdMs: number,
  secretTypes: readonly SecretTypeSpec[],
  resolvers: readonly SimpleUser[],
  now: Date,
  allLocationTypes: boolean,
): DemoAlertRecord {
  const spec = pickSecretType(random, secretTypes);
  const generic = spec.provider === null;
  const alertUrl = `${repo.url}/secret-scanning/alerts/${number}`;
  const ageMs = now.getTime() - createdMs;
  const resolved = random.chance(0.4);
  const resolution: AlertResolution | null = resolved
    ? random.weighted<AlertResolution>([
        ['false_positive', 30], ['revoked', 30], ['wont_fix', 15], ['used_in_tests', 15], ['pattern_edited', 4], ['pattern_deleted', 3],
      ])
    : null;
  // Pattern edits and deletions are resolved by GitHub itself, so they have no resolver.
  const byPattern = resolution === 'pattern_edited' || resolution === 'pattern_deleted';
  const resolvedMs = resolved ? createdMs + Math.floor(random.next() * ageMs) : null;
  const comments = resolution ? RESOLUTION_COMMENTS[resolution] : [];
  const resolutionComment = comments.length > 0 && random.chance(0.5) ? random.pick(comments) : null;
  const bypassed = random.chance(0.12);
  const bypassReviewed = bypassed && random.chance(0.3);
  const validity: AlertValidity = generic
    ? 'unknown'
    : resolution === 'revoked'
      ? 'inactive'
      : random.weighted<AlertValidity>([['active', 30], ['inactive', 30], ['unknown', 40]]);
  const locations = allLocationTypes
    ? Array.from({ length: 45 }, (_, index) => generateLocation(random, repo, LOCATION_TYPES[index % LOCATION_TYPES.length] ?? 'commit'))
    : Array.from({ length: locationCount(random) }, (_, index) => generateLocation(random, repo, index === 0 ? firstLocationType(random) : anyLocationType(random)));
  const firstLocation = locations[0];
  if (firstLocation === undefined) throw new Error('an alert has at least one location');
  const assignee = random.chance(0.1) ? random.pick(resolvers) : null;
  const updatedMs = Math.max(createdMs, resolvedMs ?? 0, createdMs + (random.chance(0.3) ? Math.floor(random.next() * ageMs) : 0));

  const alert: SecretScanningAlert = {
    number,
    created_at: isoSeconds(createdMs),
    updated_at: isoSeconds(updatedMs),
    url: alertUrl,
    html_url: `${repo.html_url}/security/secret-scanning/${number}`,
    locations_url: `${alertUrl}/locations`,
    state: resolved ? 'resolved' : 'open',
    resolution,
    resolved_at: resolvedMs === null ? null : isoSeconds(resolvedMs),
    resolved_by: resolved && !byPattern ? random.pick(resolvers) : null,
    resolution_comment: resolutionComment,
    secret_type: spec.secretType,
    secret_type_display_name: spec.displayName,
    provider: spec.provider,
    provider_slug: spec.providerSlug,
    secret: spec.generate(random),
    push_protection_bypassed: bypassed,
    push_protection_bypassed_by: bypassed ? random.pick(resolvers) : null,
    push_protection_bypassed_at: bypassed ? isoSeconds(createdMs) : null,
    push_protection_bypass_request_reviewer: bypassReviewed ? random.pick(resolvers) : null,
    push_protection_bypass_request_reviewer_comment: bypassReviewed ? 'Approved: test credential, revoked after the release.' : null,
    push_protection_bypass_request_comment: bypassReviewed ? 'Needed to unblock the hotfix; rotating right after.' : null,
    push_protection_bypass_request_html_url: bypassReviewed
      ? `${repo.html_url}/exemptions/${random.int(1, 500)}`
      : null,
    validity,
    publicly_leaked: !generic && random.chance(0.08),
    multi_repo: random.chance(0.1),
    is_base64_encoded: random.chance(0.03),
    first_location_detected: firstLocation.details,
    has_more_locations: locations.length > 1,
    assigned_to: assignee,
    closure_request_comment: null,
    closure_request_reviewer_comment: null,
    closure_request_reviewer: null,
  };
  const metadata: AlertMetadataEntry[] =
    spec.providerSlug === 'github' ? [{ key: 'owner_email', value: `${random.pick(MEMBER_LOGINS)}@users.noreply.github.com` }] : [];
  return { org, repository: repo, alert, metadata, locations };
}

/** About 10% generic types when the catalogue offers any. */
function pickSecretType(random: SeededRandom, secretTypes: readonly SecretTypeSpec[]): SecretTypeSpec {
  const genericCount = secretTypes.filter((spec) => spec.provider === null).length;
  const providerCount = secretTypes.length - genericCount;
  const index = genericCount > 0 && random.chance(0.1) ? providerCount + random.int(0, genericCount - 1) : random.int(0, providerCount - 1);
  const spec = secretTypes[index];
  if (spec === undefined) throw new Error('empty secret type catalogue');
  return spec;
}

function locationCount(random: SeededRandom): number {
  return random.weighted<number>([[1, 55], [2, 20], [3, 12], [random.int(4, 6), 10], [random.int(7, 12), 3]]);
}

function firstLocationType(random: SeededRandom): LocationType {
  return random.chance(0.8) ? 'commit' : anyLocationType(random);
}

function anyLocationType(random: SeededRandom): LocationType {
  return random.chance(0.55) ? 'commit' : random.pick(LOCATION_TYPES);
}

const FILE_PATHS = ['config/settings.yml', '.env', 'deploy/values.yaml', 'src/config.ts', 'scripts/release.sh', 'README.md', 'docker-compose.yml', 'test/fixtures/credentials.json'];

function generateLocation(random: SeededRandom, repo: SimpleRepository, type: LocationType): SecretScanningLocation {
  const issue = random.int(1, 900);
  const comment = random.int(1_000_000_000, 2_000_000_000);
  const discussion = random.int(1, 300);
  const pull = random.int(1, 1200);
  let details: LocationDetails;
  switch (type) {
    case 'commit':
    case 'wiki_commit': {
      const path = type === 'commit' ? random.pick(FILE_PATHS) : random.pick(['Home.md', 'Onboarding.md', 'Runbook.md']);
      const line = random.int(1, 240);
      const column = random.int(1, 40);
      const blobSha = random.hex(40);
      const commitSha = random.hex(40);
      const span = { path, start_line: line, end_line: line, start_column: column, end_column: column + random.int(20, 90), blob_sha: blobSha };
      details =
        type === 'commit'
          ? {
              ...span,
              blob_url: `${repo.url}/git/blobs/${blobSha}`,
              commit_sha: commitSha,
              commit_url: `${repo.url}/git/commits/${commitSha}`,
              html_url: `${repo.html_url}/blob/${commitSha}/${path}#L${line}`,
            }
          : {
              ...span,
              page_url: `${repo.html_url}/wiki/${path.replace(/\.md$/, '')}/${commitSha}`,
              commit_sha: commitSha,
              commit_url: `${repo.html_url}/wiki/_compare/${commitSha}`,
            };
      break;
    }
    case 'issue_title':
      details = { issue_title_url: `${repo.url}/issues/${issue}`, html_url: `${repo.html_url}/issues/${issue}` };
      break;
    case 'issue_body':
      details = { issue_body_url: `${repo.url}/issues/${issue}`, html_url: `${repo.html_url}/issues/${issue}` };
      break;
    case 'issue_comment':
      details = { issue_comment_url: `${repo.url}/issues/comments/${comment}`, html_url: `${repo.html_url}/issues/${issue}#issuecomment-${comment}` };
      break;
    case 'discussion_title':
      details = { discussion_title_url: `${repo.html_url}/discussions/${discussion}` };
      break;
    case 'discussion_body':
      details = { discussion_body_url: `${repo.html_url}/discussions/${discussion}#discussion-${comment}` };
      break;
    case 'discussion_comment':
      details = { discussion_comment_url: `${repo.html_url}/discussions/${discussion}#discussioncomment-${comment}` };
      break;
    case 'pull_request_title':
      details = { pull_request_title_url: `${repo.url}/pulls/${pull}`, html_url: `${repo.html_url}/pull/${pull}` };
      break;
    case 'pull_request_body':
      details = { pull_request_body_url: `${repo.url}/pulls/${pull}`, html_url: `${repo.html_url}/pull/${pull}` };
      break;
    case 'pull_request_comment':
      details = { pull_request_comment_url: `${repo.url}/issues/comments/${comment}`, html_url: `${repo.html_url}/pull/${pull}#issuecomment-${comment}` };
      break;
    case 'pull_request_review':
      details = { pull_request_review_url: `${repo.url}/pulls/${pull}/reviews/${comment}`, html_url: `${repo.html_url}/pull/${pull}#pullrequestreview-${comment}` };
      break;
    case 'pull_request_review_comment':
      details = { pull_request_review_comment_url: `${repo.url}/pulls/comments/${comment}`, html_url: `${repo.html_url}/pull/${pull}#discussion_r${comment}` };
      break;
  }
  return { type, details };
}

function patternConfiguration(random: SeededRandom, orgId: number, orgAlerts: readonly DemoAlertRecord[]): PatternConfiguration {
  const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((100 * part) / whole));
  const provider_pattern_overrides: PatternOverride[] = PROVIDER_SECRET_TYPES.map((spec) => {
    const ofType = orgAlerts.filter((record) => record.alert.secret_type === spec.secretType);
    const falsePositives = ofType.filter((record) => record.alert.resolution === 'false_positive').length;
    const bypassed = ofType.filter((record) => record.alert.push_protection_bypassed).length;
    return {
      token_type: spec.secretType.toUpperCase(),
      custom_pattern_version: null,
      slug: spec.secretType,
      display_name: spec.displayName,
      alert_total: ofType.length,
      alert_total_percentage: percent(ofType.length, orgAlerts.length),
      false_positives: falsePositives,
      false_positive_rate: percent(falsePositives, ofType.length),
      bypass_rate: percent(bypassed, ofType.length),
      default_setting: 'enabled',
      enterprise_setting: random.weighted<PushProtectionSetting>([['not-set', 70], ['enabled', 20], ['disabled', 10]]),
      setting: random.weighted<PushProtectionSetting>([['not-set', 60], ['enabled', 25], ['disabled', 15]]),
    };
  });
  const custom_pattern_overrides: PatternOverride[] = [
    ['internal-api-key', 'Internal API Key'],
    ['legacy-session-secret', 'Legacy Session Secret'],
  ].map(([slug, displayName], index) => ({
    token_type: `cp_${orgId * 10 + index}`,
    custom_pattern_version: rowVersion(random),
    slug: slug ?? '',
    display_name: displayName ?? '',
    alert_total: 0,
    alert_total_percentage: 0,
    false_positives: 0,
    false_positive_rate: 0,
    bypass_rate: 0,
    default_setting: 'disabled',
    setting: random.pick<PushProtectionSetting>(['disabled', 'enabled']),
  }));
  return { pattern_config_version: rowVersion(random), provider_pattern_overrides, custom_pattern_overrides };
}

/**
 * Custom patterns, scan histories and review requests, drawn from a random source of their own
 * so that adding them left every alert of a seed as it was.
 */
function createSurfaceData(
  seed: number,
  base: Pick<DemoDataset, 'orgs' | 'repos' | 'alerts' | 'patternConfigurations' | 'enterprise' | 'now'>,
  requesters: readonly SimpleUser[],
  reviewers: readonly SimpleUser[],
): Pick<DemoDataset, 'customPatterns' | 'enterprisePatternConfiguration' | 'scanHistories' | 'bypassRequests' | 'dismissalRequests'> {
  const random = new SeededRandom(seed ^ 0x5eed5);
  const { orgs, repos, alerts, patternConfigurations, enterprise, now } = base;
  const customPatterns = createCustomPatterns(random, orgs, repos, patternConfigurations, enterprise, now);
  const enterprisePatterns = customPatterns[customPatternScopeKey({ kind: 'enterprise', slug: enterprise.slug })] ?? [];
  return {
    customPatterns,
    enterprisePatternConfiguration: createEnterprisePatternConfiguration(random, enterprisePatterns),
    scanHistories: createScanHistories(random, repos, customPatterns, enterprise.slug, now),
    ...createReviewData(random, orgs, repos, alerts, requesters, reviewers, now),
  };
}
