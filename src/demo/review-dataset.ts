import { API_BASE, isoSeconds, WEB_BASE } from './github-objects.ts';
import type {
  BypassReason,
  BypassRequest,
  BypassRequestStatus,
  DismissalReason,
  DismissalRequest,
  DismissalRequestStatus,
  ReviewActor,
  ReviewResponse,
} from './github-surface-types.ts';
import type { AlertResolution, SecretScanningAlert, SimpleRepository, SimpleUser } from './github-types.ts';
import type { SeededRandom } from './random.ts';
import { PROVIDER_SECRET_TYPES } from './secret-catalog.ts';

const HOUR_S = 3600;
const DAY_S = 86_400;
const EXPIRY_MS = 7 * DAY_S * 1000;

/** Ages (seconds) and statuses of each org's bypass requests: some in every `time_period` window. */
const BYPASS_PLAN: readonly [number, BypassRequestStatus][] = [
  [10 * 60, 'pending'],
  [40 * 60, 'open'],
  [5 * HOUR_S, 'approved'],
  [20 * HOUR_S, 'denied'],
  [2 * DAY_S, 'pending'],
  [5 * DAY_S, 'expired'],
  [20 * DAY_S, 'completed'],
  [45 * DAY_S, 'cancelled'],
];

/** Dismissal requests: pending and denied ones are for open alerts, approved ones for alerts their approval resolved. */
const DISMISSAL_PLAN: readonly [number, DismissalRequestStatus][] = [
  [15 * 60, 'pending'],
  [3 * HOUR_S, 'pending'],
  [10 * HOUR_S, 'denied'],
  [3 * DAY_S, 'approved'],
  [12 * DAY_S, 'pending'],
  [40 * DAY_S, 'expired'],
];

const BYPASS_COMMENTS = ['Test token used in the README as an example.', 'Already revoked, removing it in the next PR.', 'Fixture for the emulator, not a real key.'];
const DISMISSAL_COMMENTS = ['This key only works against the sandbox.', 'Rotated last week, see the incident ticket.', 'Matches the pattern but is a placeholder.'];
const REVIEW_COMMENTS = { approved: 'Confirmed with the owning team.', denied: 'This secret has not been revoked.' };

/** An alert resolution and the dismissal reason that leads to it. */
const REASON_OF: Partial<Record<AlertResolution, DismissalReason>> = {
  false_positive: 'false_positive',
  used_in_tests: 'tests',
  revoked: 'revoked',
  wont_fix: 'fixed_later',
};

/** The part of a demo alert record the review data needs. */
export interface AlertInput {
  org: string;
  repository: SimpleRepository;
  alert: SecretScanningAlert;
}

export interface ReviewData {
  bypassRequests: BypassRequest[];
  dismissalRequests: DismissalRequest[];
}

export function actorOf(user: SimpleUser): ReviewActor {
  return { actor_id: user.id, actor_name: user.login };
}

interface OrgInput {
  login: string;
  id: number;
  secretScanningEnabled: boolean;
}

/**
 * Delegated bypass and dismissal requests of every org with secret scanning, dated relative to the
 * dataset's `now`. Alerts with a dismissal request get the closure-request fields GitHub shows.
 */
export function createReviewData(
  random: SeededRandom,
  orgs: readonly OrgInput[],
  repos: readonly SimpleRepository[],
  alerts: readonly AlertInput[],
  requesters: readonly SimpleUser[],
  reviewers: readonly SimpleUser[],
  now: Date,
): ReviewData {
  const data: ReviewData = { bypassRequests: [], dismissalRequests: [] };
  const numbers = new Map<number, number>();
  const nextNumber = (repo: SimpleRepository) => {
    const number = (numbers.get(repo.id) ?? 0) + 1;
    numbers.set(repo.id, number);
    return number;
  };
  let nextResponseId = 1;
  const respond = (reviewer: SimpleUser, status: 'approved' | 'denied', createdMs: number): ReviewResponse[] => [
    { id: nextResponseId++, reviewer: actorOf(reviewer), status, created_at: isoSeconds(createdMs + HOUR_S * 500) },
  ];
  for (const org of orgs.filter((candidate) => candidate.secretScanningEnabled)) {
    const orgRepos = repos.filter((repo) => repo.owner.login === org.login);
    BYPASS_PLAN.forEach(([age, status], index) => {
      const repo = orgRepos[index % orgRepos.length];
      if (repo === undefined) return;
      const createdMs = now.getTime() - age * 1000;
      const number = nextNumber(repo);
      data.bypassRequests.push({
        ...requestBase(repo, org, number, random.pick(requesters), createdMs, random.pick(BYPASS_COMMENTS)),
        id: 1000 + data.bypassRequests.length + 1,
        url: `${API_BASE}/repos/${repo.full_name}/bypass-requests/secret-scanning/${number}`,
        html_url: `${WEB_BASE}/${repo.full_name}/exemptions/${number}`,
        resource_identifier: random.hex(40),
        data: [bypassData(random, index)],
        status,
        responses: status === 'approved' || status === 'denied' || status === 'completed' ? respond(random.pick(reviewers), status === 'denied' ? 'denied' : 'approved', createdMs) : null,
      });
    });
    const orgAlerts = alerts.filter((record) => record.org === org.login);
    const openAlerts = orgAlerts.filter((record) => record.alert.state === 'open');
    const resolvedAlerts = orgAlerts.filter((record) => record.alert.state === 'resolved' && record.alert.resolution !== null && REASON_OF[record.alert.resolution] !== undefined && record.alert.resolved_by !== null);
    DISMISSAL_PLAN.forEach(([age, status], index) => {
      // Spread over the org's repositories (its alerts are sorted by repository).
      const candidates = status === 'approved' ? resolvedAlerts : openAlerts;
      const record = candidates[Math.floor((index * candidates.length) / DISMISSAL_PLAN.length)];
      if (record === undefined) return;
      const createdMs = now.getTime() - age * 1000;
      const comment = random.pick(DISMISSAL_COMMENTS);
      const request = dismissalRequest(record, org, nextNumber(record.repository), random.pick(requesters), createdMs, comment, status);
      request.id = 5000 + data.dismissalRequests.length + 1;
      // An approval resolved the alert, so its reviewer is the alert's resolver.
      const reviewer = status === 'approved' ? (record.alert.resolved_by ?? random.pick(reviewers)) : status === 'denied' ? random.pick(reviewers) : null;
      if (reviewer !== null && (status === 'approved' || status === 'denied')) request.responses = respond(reviewer, status, createdMs);
      Object.assign(record.alert, closureFields(request, reviewer, reviewer === null ? null : REVIEW_COMMENTS[status === 'approved' ? 'approved' : 'denied']));
      data.dismissalRequests.push(request);
    });
  }
  return data;
}

function requestBase(repo: SimpleRepository, org: OrgInput, number: number, requester: SimpleUser, createdMs: number, comment: string) {
  return {
    number,
    repository: { id: repo.id, name: repo.name, full_name: repo.full_name },
    organization: { id: org.id, name: org.login },
    requester: actorOf(requester),
    request_type: 'secret_scanning',
    requester_comment: comment,
    expires_at: isoSeconds(createdMs + EXPIRY_MS),
    created_at: isoSeconds(createdMs),
  };
}

function bypassData(random: SeededRandom, index: number): BypassRequest['data'][number] {
  const reasons: readonly BypassReason[] = ['used_in_tests', 'false_positive', 'fix_later'];
  return {
    secret_type: random.pick(PROVIDER_SECRET_TYPES).secretType,
    bypass_reason: reasons[index % reasons.length] ?? 'fix_later',
    path: `${random.pick(['config/settings.yml', '.env.example', 'README.md', 'test/fixtures/keys.json'])}:${random.int(1, 200)}:0`,
    branch: random.pick(['refs/heads/main', 'refs/heads/release', `refs/heads/feature-${random.int(100, 999)}`]),
  };
}

function dismissalRequest(
  record: AlertInput,
  org: OrgInput,
  number: number,
  requester: SimpleUser,
  createdMs: number,
  comment: string,
  status: DismissalRequestStatus,
): DismissalRequest {
  const repo = record.repository;
  const alertNumber = String(record.alert.number);
  const reason: DismissalReason = (record.alert.resolution && REASON_OF[record.alert.resolution]) || (number % 2 === 0 ? 'tests' : 'false_positive');
  return {
    ...requestBase(repo, org, number, requester, createdMs, comment),
    id: 0,
    url: `${API_BASE}/repos/${repo.full_name}/dismissal-requests/secret-scanning/${alertNumber}`,
    html_url: `${WEB_BASE}/${repo.full_name}/security/secret-scanning/${alertNumber}`,
    resource_identifier: alertNumber,
    data: [{ secret_type: record.alert.secret_type, alert_number: alertNumber, reason }],
    status,
    responses: null,
  };
}

/** What an alert shows of the latest dismissal request made for it. */
export function closureFields(
  request: DismissalRequest,
  reviewer: SimpleUser | null,
  reviewerComment: string | null,
): Pick<SecretScanningAlert, 'closure_request_comment' | 'closure_request_reviewer' | 'closure_request_reviewer_comment'> {
  return { closure_request_comment: request.requester_comment, closure_request_reviewer: reviewer, closure_request_reviewer_comment: reviewerComment };
}
