import type { DemoAlertRecord } from './dataset.ts';
import type { DemoState } from './demo-state.ts';
import { isoSeconds } from './github-objects.ts';
import type { AlertResolution, SecretScanningAlert } from './github-types.ts';
import { SeededRandom } from './random.ts';
import { PROVIDER_SECRET_TYPES } from './secret-catalog.ts';

export interface NewLeak {
  /** owner/name of the repository the secret was pushed to. */
  repository: string;
  /** One of the catalogue's provider types; default github_personal_access_token. */
  secretType?: string;
  /** Default: now. */
  createdAt?: Date;
}

let leakSeed = 1;

/**
 * A secret found just now, as GitHub raises it: a new open alert numbered after the repository's
 * last one, with one commit location. Returns the alert number.
 */
export function raiseAlert(state: DemoState, leak: NewLeak): number {
  const repository = state.reposByFullName.get(leak.repository.toLowerCase());
  const spec = PROVIDER_SECRET_TYPES.find((candidate) => candidate.secretType === (leak.secretType ?? 'github_personal_access_token'));
  if (!repository || !spec) throw new Error(`cannot raise an alert in ${leak.repository} of type ${leak.secretType}`);
  const number = Math.max(0, ...state.repositoryAlerts(repository.id).map((record) => record.alert.number)) + 1;
  const created = isoSeconds(leak.createdAt ?? new Date());
  const alertUrl = `${repository.url}/secret-scanning/alerts/${number}`;
  const commitSha = 'c0ffee'.padEnd(40, String(number % 10));
  const details = {
    path: '.env',
    start_line: 1,
    end_line: 1,
    start_column: 1,
    end_column: 41,
    blob_sha: 'b10b'.padEnd(40, '0'),
    blob_url: `${repository.url}/git/blobs/${'b10b'.padEnd(40, '0')}`,
    commit_sha: commitSha,
    commit_url: `${repository.url}/git/commits/${commitSha}`,
  };
  const alert: SecretScanningAlert = {
    number,
    created_at: created,
    updated_at: created,
    url: alertUrl,
    html_url: `${repository.html_url}/security/secret-scanning/${number}`,
    locations_url: `${alertUrl}/locations`,
    state: 'open',
    resolution: null,
    resolved_at: null,
    resolved_by: null,
    resolution_comment: null,
    secret_type: spec.secretType,
    secret_type_display_name: spec.displayName,
    provider: spec.provider,
    provider_slug: spec.providerSlug,
    secret: spec.generate(new SeededRandom(leakSeed++)),
    push_protection_bypassed: false,
    push_protection_bypassed_by: null,
    push_protection_bypassed_at: null,
    push_protection_bypass_request_reviewer: null,
    push_protection_bypass_request_reviewer_comment: null,
    push_protection_bypass_request_comment: null,
    push_protection_bypass_request_html_url: null,
    validity: 'active',
    publicly_leaked: false,
    multi_repo: false,
    is_base64_encoded: false,
    first_location_detected: details,
    has_more_locations: false,
    assigned_to: null,
    closure_request_comment: null,
    closure_request_reviewer_comment: null,
    closure_request_reviewer: null,
  };
  const record: DemoAlertRecord = {
    org: repository.owner.login,
    repository,
    alert,
    metadata: [],
    locations: [{ type: 'commit', details }],
  };
  state.addAlert(record);
  return number;
}

/** A change someone makes on GitHub's web pages: the alert is resolved (by its repository's owner) or reopened. */
export function changeAlert(
  state: DemoState,
  repositoryName: string,
  alertNumber: number,
  change: { state: 'open' } | { state: 'resolved'; resolution: AlertResolution },
): void {
  const repository = state.reposByFullName.get(repositoryName.toLowerCase());
  const record = repository ? state.alertRecord(repository.id, alertNumber) : undefined;
  if (!record || !repository) throw new Error(`no alert ${repositoryName}#${alertNumber}`);
  const now = isoSeconds(Date.now());
  const current = state.currentAlert(record);
  const actor = state.dataset.tokens[0]!.user;
  state.updateAlert(
    record,
    change.state === 'resolved'
      ? { ...current, state: 'resolved', resolution: change.resolution, resolved_at: now, resolved_by: actor, updated_at: now }
      : { ...current, state: 'open', resolution: null, resolved_at: null, resolved_by: null, resolution_comment: null, updated_at: now },
    actor,
  );
}
