/**
 * GitHub REST object shapes served by the demo server, as in GitHub's OpenAPI description
 * (test/fixtures/github/secret-scanning.openapi.json). Fields the spec leaves optional are
 * always present here, because the demo server always sends them.
 */

export interface SimpleUser {
  login: string;
  id: number;
  node_id: string;
  avatar_url: string;
  gravatar_id: string | null;
  url: string;
  html_url: string;
  followers_url: string;
  following_url: string;
  gists_url: string;
  starred_url: string;
  subscriptions_url: string;
  organizations_url: string;
  repos_url: string;
  events_url: string;
  received_events_url: string;
  type: 'User' | 'Bot' | 'Organization';
  site_admin: boolean;
  user_view_type?: string;
  name?: string | null;
  email?: string | null;
}

/** simple-repository: all 46 properties are required by the spec. */
export interface SimpleRepository {
  id: number;
  node_id: string;
  name: string;
  full_name: string;
  owner: SimpleUser;
  private: boolean;
  html_url: string;
  description: string | null;
  fork: boolean;
  url: string;
  archive_url: string;
  assignees_url: string;
  blobs_url: string;
  branches_url: string;
  collaborators_url: string;
  comments_url: string;
  commits_url: string;
  compare_url: string;
  contents_url: string;
  contributors_url: string;
  deployments_url: string;
  downloads_url: string;
  events_url: string;
  forks_url: string;
  git_commits_url: string;
  git_refs_url: string;
  git_tags_url: string;
  issue_comment_url: string;
  issue_events_url: string;
  issues_url: string;
  keys_url: string;
  labels_url: string;
  languages_url: string;
  merges_url: string;
  milestones_url: string;
  notifications_url: string;
  pulls_url: string;
  releases_url: string;
  stargazers_url: string;
  statuses_url: string;
  subscribers_url: string;
  subscription_url: string;
  tags_url: string;
  teams_url: string;
  trees_url: string;
  hooks_url: string;
}

export type AlertState = 'open' | 'resolved';
/** The response schema lists 4 values; the list filter and GitHub's data also have pattern_edited/pattern_deleted. */
export type AlertResolution =
  | 'false_positive'
  | 'wont_fix'
  | 'revoked'
  | 'used_in_tests'
  | 'pattern_edited'
  | 'pattern_deleted';
export type AlertValidity = 'active' | 'inactive' | 'unknown';

export const LOCATION_TYPES = [
  'commit',
  'wiki_commit',
  'issue_title',
  'issue_body',
  'issue_comment',
  'discussion_title',
  'discussion_body',
  'discussion_comment',
  'pull_request_title',
  'pull_request_body',
  'pull_request_comment',
  'pull_request_review',
  'pull_request_review_comment',
] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];

/** One of the 13 secret-scanning-location-* detail schemas (distinguishable by their required keys). */
export type LocationDetails = Record<string, string | number>;

export interface SecretScanningLocation {
  type: LocationType;
  details: LocationDetails;
}

/** secret-scanning-alert (repo list shape). */
export interface SecretScanningAlert {
  number: number;
  created_at: string;
  updated_at: string | null;
  url: string;
  html_url: string;
  locations_url: string;
  state: AlertState;
  resolution: AlertResolution | null;
  resolved_at: string | null;
  resolved_by: SimpleUser | null;
  resolution_comment: string | null;
  secret_type: string;
  secret_type_display_name: string;
  provider: string | null;
  provider_slug: string | null;
  secret?: string;
  push_protection_bypassed: boolean | null;
  push_protection_bypassed_by: SimpleUser | null;
  push_protection_bypassed_at: string | null;
  push_protection_bypass_request_reviewer: SimpleUser | null;
  push_protection_bypass_request_reviewer_comment: string | null;
  push_protection_bypass_request_comment: string | null;
  push_protection_bypass_request_html_url: string | null;
  validity: AlertValidity;
  publicly_leaked: boolean | null;
  multi_repo: boolean | null;
  is_base64_encoded: boolean | null;
  first_location_detected: LocationDetails | null;
  has_more_locations: boolean;
  assigned_to: SimpleUser | null;
  closure_request_comment: string | null;
  closure_request_reviewer_comment: string | null;
  closure_request_reviewer: SimpleUser | null;
}

/** organization-secret-scanning-alert (org and enterprise list shape). */
export interface OrganizationSecretScanningAlert extends SecretScanningAlert {
  repository: SimpleRepository;
}

export interface AlertMetadataEntry {
  key: string;
  value: string;
}

/** secret-scanning-alert-with-metadata (get and update shape). */
export interface SecretScanningAlertWithMetadata extends SecretScanningAlert {
  metadata: AlertMetadataEntry[];
}

export type PushProtectionSetting = 'not-set' | 'disabled' | 'enabled';

export interface PatternOverride {
  token_type: string;
  custom_pattern_version: string | null;
  slug: string;
  display_name: string;
  alert_total: number;
  alert_total_percentage: number;
  false_positives: number;
  false_positive_rate: number;
  bypass_rate: number;
  default_setting: 'disabled' | 'enabled';
  enterprise_setting?: PushProtectionSetting | null;
  setting: PushProtectionSetting;
}

export interface PatternConfiguration {
  pattern_config_version: string | null;
  provider_pattern_overrides: PatternOverride[];
  custom_pattern_overrides: PatternOverride[];
}
