import type { AuditAlertState } from '../audit.ts';
import { TimeoutError, ValidationError } from '../errors.ts';
import type { AlertStore } from '../domain/alert-store.ts';
import type { AlertChangeAction, AlertEvents } from '../events.ts';
import { updateAlert, type AlertUpdate } from '../github/alerts.ts';
import { alertLoaderKey, type GitHubAccess, type Loaders } from '../github/loaders.ts';
import type { RestAlertWithMetadata } from '../github/types.ts';
import { repositoryFromName, toAlertRecord } from './model.ts';

/** One alert, by name. */
export interface AlertTarget {
  owner: string;
  repo: string;
  alertNumber: number;
}

export type RequestedState = 'OPEN' | 'RESOLVED';
export type RequestedResolution = 'FALSE_POSITIVE' | 'WONT_FIX' | 'REVOKED' | 'USED_IN_TESTS' | 'PATTERN_EDITED' | 'PATTERN_DELETED';

/** GitHub's PATCH accepts only these; pattern_edited/pattern_deleted are set by GitHub itself. */
const SETTABLE: Record<string, NonNullable<AlertUpdate['resolution']>> = {
  FALSE_POSITIVE: 'false_positive',
  WONT_FIX: 'wont_fix',
  REVOKED: 'revoked',
  USED_IN_TESTS: 'used_in_tests',
};

/**
 * Checks a requested state change the way GitHub would, before any upstream call, and turns it
 * into the PATCH body. `prefix` names the input in error fields (e.g. "input").
 */
export function alertChange(
  input: { state: RequestedState; resolution?: RequestedResolution | null; resolutionComment?: string | null },
  prefix = 'input',
): AlertUpdate {
  const { state, resolution, resolutionComment } = input;
  if (state === 'OPEN') {
    if (resolution != null) {
      throw new ValidationError('A resolution can only be given when state is RESOLVED; leave it out to reopen the alert.', `${prefix}.resolution`);
    }
    if (resolutionComment != null) {
      throw new ValidationError('A resolution comment can only be given when state is RESOLVED.', `${prefix}.resolutionComment`);
    }
    return { state: 'open', resolution: null };
  }
  if (resolution == null) {
    throw new ValidationError('state RESOLVED requires a resolution (FALSE_POSITIVE, WONT_FIX, REVOKED or USED_IN_TESTS).', `${prefix}.resolution`);
  }
  const rest = SETTABLE[resolution];
  if (rest === undefined) {
    throw new ValidationError(
      `Resolution ${resolution} is set by GitHub itself; use FALSE_POSITIVE, WONT_FIX, REVOKED or USED_IN_TESTS.`,
      `${prefix}.resolution`,
    );
  }
  return resolutionComment == null ? { state: 'resolved', resolution: rest } : { state: 'resolved', resolution: rest, resolution_comment: resolutionComment };
}

/**
 * Whether the alert already is as requested: its state (the comment is not compared: GitHub keeps
 * the first one) and its assignee. A validity override is always written: GitHub's answer does not
 * say whether the validity it shows was detected or set by hand.
 */
export function alreadyInState(alert: RestAlertWithMetadata, change: AlertUpdate): boolean {
  if ('validity' in change) return false;
  if ('assignee' in change && (alert.assigned_to?.login.toLowerCase() ?? null) !== (change.assignee?.toLowerCase() ?? null)) return false;
  if (change.state === undefined) return true;
  if (alert.state !== change.state) return false;
  return change.state === 'open' || alert.resolution === change.resolution;
}

/** What an audit line records of an alert: the parts `change` is about (state and resolution by default). */
export function auditState(alert: RestAlertWithMetadata | null | undefined, change?: AlertUpdate): AuditAlertState | null {
  if (!alert?.state) return null;
  return {
    ...(change?.state !== undefined || change === undefined ? { state: alert.state, resolution: alert.resolution ?? null } : {}),
    ...(change && 'assignee' in change ? { assignee: alert.assigned_to?.login ?? null } : {}),
    ...(change && 'validity' in change ? { validity: alert.validity ?? null } : {}),
  };
}

/** What a change requested, in the audit log's vocabulary. */
export function requestedAuditState(change: AlertUpdate): AuditAlertState {
  return {
    ...(change.state !== undefined ? { state: change.state, resolution: change.resolution ?? null } : {}),
    ...('assignee' in change ? { assignee: change.assignee ?? null } : {}),
    ...('validity' in change ? { validity: change.validity ?? null } : {}),
  };
}

/** The change event a write publishes: a state change first, then an assignment, then a validity. */
function changeAction(before: RestAlertWithMetadata, after: RestAlertWithMetadata, change: AlertUpdate): AlertChangeAction {
  if (change.state !== undefined && before.state !== after.state) return after.state === 'resolved' ? 'RESOLVED' : 'REOPENED';
  if ('assignee' in change) return after.assigned_to ? 'ASSIGNED' : 'UNASSIGNED';
  if ('validity' in change) return 'VALIDATED';
  return after.state === 'resolved' ? 'RESOLVED' : 'REOPENED';
}

export interface AlertChangeOutcome {
  before: RestAlertWithMetadata;
  /** The alert as it is now, without the secret value. */
  after: RestAlertWithMetadata;
  /** False when the alert already was in the requested state and nothing was written. */
  changed: boolean;
}

/**
 * Reads the alert (through the request's loaders, so possibly from the shared cache), and PATCHes
 * it unless it already is as requested. GitHub's 422 for an assignee or a validity is a
 * ValidationError naming `${prefix}.assignee` or `${prefix}.validity`. The PATCH is never retried (see updateAlert);
 * the throttling plugin's write group serializes it with every other write of the credential.
 * The caching transport drops every cached response the write can affect (the repository's,
 * its organization's lists, enterprise lists); this also forgets the request's own loader entries.
 */
export async function applyAlertChange(
  deps: { loaders: Loaders; github: GitHubAccess; events: AlertEvents; webUrl: string; store: AlertStore },
  target: AlertTarget,
  change: AlertUpdate,
  prefix = 'input',
): Promise<AlertChangeOutcome> {
  const { owner, repo, alertNumber } = target;
  const before = await deps.loaders.alert.load(alertLoaderKey(owner, repo, alertNumber)).catch((error: unknown) => {
    // Stopped while reading the alert: the write was certainly not sent.
    throw error instanceof TimeoutError ? new TimeoutError(`Not applied: ${error.message}`, false) : error;
  });
  if (alreadyInState(before, change)) return { before, after: before, changed: false };

  const updated = await updateAlert(await deps.github.clientFor(owner), owner, repo, alertNumber, change).catch((error: unknown) => {
    // GitHub refused the assignee or the validity: name the input field that carried it.
    if (error instanceof ValidationError && (error.field === 'assignee' || error.field === 'validity')) throw new ValidationError(error.message, `${prefix}.${error.field}`);
    throw error;
  });
  // GitHub's PATCH answer carries the secret; it is read again only for callers allowed to see it.
  const { secret: _secret, ...after } = updated;
  forgetAlert(deps.loaders, target);
  deps.loaders.alert.prime(alertLoaderKey(owner, repo, alertNumber), after);
  const record = toAlertRecord(after, repositoryFromName(owner, repo, deps.webUrl));
  await deps.store.applied(record);
  deps.events.publish({
    action: changeAction(before, after, change),
    record,
    occurredAt: after.updated_at ?? new Date().toISOString(),
    source: 'GATEWAY',
  });
  return { before, after, changed: true };
}

/** Drops what this request's loaders hold about an alert, and every alert list page (they may include it). */
export function forgetAlert(loaders: Loaders, { owner, repo, alertNumber }: AlertTarget): void {
  loaders.alert.clear(alertLoaderKey(owner, repo, alertNumber));
  loaders.alert.clear(alertLoaderKey(owner, repo, alertNumber, true));
  loaders.orgAlertPage.clearAll();
  loaders.repoAlertPage.clearAll();
}
