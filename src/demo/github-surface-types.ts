/**
 * GitHub REST shapes of the rest of the secret-scanning surface (custom patterns, scan history,
 * delegated bypass and dismissal requests), as in GitHub's OpenAPI descriptions
 * (test/fixtures/github/*.openapi.json). Optional fields are always sent by the demo server.
 */

/** secret-scanning-custom-pattern */
export interface CustomPattern {
  id: number;
  name: string;
  pattern: string;
  slug: string;
  state: 'published' | 'unpublished';
  push_protection_enabled: boolean;
  start_delimiter: string | null;
  end_delimiter: string | null;
  must_match: string[] | null;
  must_not_match: string[] | null;
  custom_pattern_version: string | null;
  created_at: string;
  updated_at: string;
}

/** secret-scanning-scan: `status` is a free string (completed, running, pending, failed, unknown). */
export interface Scan {
  type: string;
  status: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface CustomPatternScan extends Scan {
  pattern_name: string;
  pattern_scope: 'repository' | 'organization' | 'enterprise';
}

/** secret-scanning-scan-history (GHES has no generic_secrets_backfill_scans). */
export interface ScanHistory {
  incremental_scans: Scan[];
  pattern_update_scans: Scan[];
  backfill_scans: Scan[];
  custom_pattern_backfill_scans: CustomPatternScan[];
  generic_secrets_backfill_scans?: Scan[];
}

export interface ReviewActor {
  actor_id: number;
  actor_name: string;
}

/** bypass-response: also used for the responses to dismissal requests. */
export interface ReviewResponse {
  id: number;
  reviewer: ReviewActor;
  status: 'approved' | 'denied' | 'dismissed';
  created_at: string;
}

interface ReviewRequestBase {
  id: number;
  number: number;
  repository: { id: number; name: string; full_name: string };
  organization: { id: number; name: string };
  requester: ReviewActor;
  request_type: string;
  resource_identifier: string;
  requester_comment: string | null;
  expires_at: string;
  created_at: string;
  responses: ReviewResponse[] | null;
  url: string;
  html_url: string;
}

export type BypassReason = 'used_in_tests' | 'false_positive' | 'fix_later';
export type BypassRequestStatus = 'pending' | 'denied' | 'approved' | 'cancelled' | 'completed' | 'expired' | 'open';

/** secret-scanning-bypass-request */
export interface BypassRequest extends ReviewRequestBase {
  data: { secret_type: string; bypass_reason: BypassReason; path: string; branch: string }[];
  status: BypassRequestStatus;
}

export type DismissalReason = 'fixed_later' | 'false_positive' | 'tests' | 'revoked';
export type DismissalRequestStatus = 'pending' | 'denied' | 'approved' | 'cancelled' | 'expired';

/** secret-scanning-dismissal-request: `alert_number` and `resource_identifier` are strings, as the schema says. */
export interface DismissalRequest extends ReviewRequestBase {
  data: { secret_type: string; alert_number: string; reason: DismissalReason }[];
  status: DismissalRequestStatus;
}
