import { ValidationError } from '../errors.ts';

/**
 * What a GitHub server can do for secret scanning, by release. api.github.com (GitHub.com and
 * GitHub Enterprise Cloud, which share it) has everything; GitHub Enterprise Server gained each
 * feature in a release (GitHub's GHES 3.17-3.19 descriptions and its 3.22 notes; assignees from
 * 3.20 per GitHub's announcement). `enterprise: null` means no GHES release has it.
 */
export const GITHUB_FEATURES = {
  ORGANIZATION_ALERT_LISTS: {
    enterprise: '3.3',
    description: 'Organization-wide alert lists (GET /orgs/{org}/secret-scanning/alerts); before, alerts are listed per repository.',
  },
  SECRET_HIDING: { enterprise: '3.18', description: 'hide_secret: alert lists without the secret value (before, it is dropped by the gateway).' },
  DELEGATED_ALERT_DISMISSAL: { enterprise: '3.18', description: 'Delegated alert dismissal requests.' },
  PATTERN_CONFIGURATIONS: { enterprise: '3.19', description: 'Push-protection pattern configurations of organizations and enterprises.' },
  ALERT_ASSIGNEES: { enterprise: '3.19', description: "An alert's assignee (assigned_to) in GitHub's answers." },
  ALERT_FIRST_LOCATION: { enterprise: '3.19', description: 'firstLocationDetected and hasMoreLocations on alerts.' },
  ALERT_ASSIGNMENT: { enterprise: '3.20', description: 'Assigning alerts, and the assignee filter.' },
  ALERT_VALIDITY_OVERRIDE: { enterprise: '3.22', description: "Setting an alert's validity by hand (PATCH validity)." },
  PROVIDER_FILTERS: { enterprise: '3.22', description: 'The providers, excludeProviders, excludeSecretTypes and isBypassed filters.' },
  ALERT_PROVIDER_FIELDS: { enterprise: null, description: 'provider, providerSlug, publiclyLeaked and the closure-request fields of alerts.' },
  CUSTOM_PATTERNS: { enterprise: null, description: 'Custom patterns of organizations, repositories and enterprises.' },
} as const satisfies Record<string, { enterprise: string | null; description: string }>;

export type GitHubFeature = keyof typeof GITHUB_FEATURES;

/** "3.19.2" → [3, 19]; null when it is not a release number. */
export function parseRelease(version: string): [number, number] | null {
  const match = /^(\d{1,3})\.(\d{1,3})(?:\.\d{1,4})?$/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2])] : null;
}

function atLeast(have: [number, number], wanted: string): boolean {
  const [major, minor] = parseRelease(wanted)!;
  return have[0] > major || (have[0] === major && have[1] >= minor);
}

/**
 * The capabilities of one server: GitHub.com/GHEC (no enterprise version) or a GHES release.
 * A GHES version the gateway cannot read is taken as the oldest release (it has the least).
 */
export class ServerCapabilities {
  static readonly DOTCOM = new ServerCapabilities(null);

  private readonly release: [number, number] | null;

  constructor(readonly enterpriseVersion: string | null) {
    this.release = enterpriseVersion === null ? null : (parseRelease(enterpriseVersion) ?? [0, 0]);
  }

  get isEnterpriseServer(): boolean {
    return this.enterpriseVersion !== null;
  }

  has(feature: GitHubFeature): boolean {
    if (this.release === null) return true;
    const needed = GITHUB_FEATURES[feature].enterprise;
    return needed !== null && atLeast(this.release, needed);
  }

  /** What `feature` needs, in words: "GitHub Enterprise Server 3.20 or later, or GitHub.com / GHEC". */
  static needed(feature: GitHubFeature): string {
    const needed = GITHUB_FEATURES[feature].enterprise;
    return needed === null ? 'GitHub.com or GitHub Enterprise Cloud' : `GitHub Enterprise Server ${needed} or later (or GitHub.com / GitHub Enterprise Cloud)`;
  }

  /** Refuses, before any GitHub call, what this server cannot do: a VALIDATION error naming `field` and the release needed. */
  require(feature: GitHubFeature, field: string, what: string): void {
    if (this.has(feature)) return;
    throw new ValidationError(`${what} needs ${ServerCapabilities.needed(feature)}; this GitHub Enterprise Server runs ${this.enterpriseVersion}.`, field);
  }
}
