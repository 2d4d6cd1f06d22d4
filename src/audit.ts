import type { AuditLog } from './domain/audit-log.ts';
import type { Caller } from './domain/policy.ts';
import { TimeoutError } from './errors.ts';
import { redact, type Logger } from './logger.ts';

/** An alert's triage state as the audit log records it (the parts a change is about): never the secret, never the comment text. */
export interface AuditAlertState {
  state?: 'open' | 'resolved';
  resolution?: string | null;
  /** The assignee's login; null when unassigned. */
  assignee?: string | null;
  validity?: string | null;
}

export type AuditTarget =
  | { kind: 'alert'; org: string; repo: string; alertNumber: number }
  /** The input id when it could not be decoded (it is a gateway id, never a credential). */
  | { kind: 'alert-id'; alertId: string }
  | { kind: 'pattern-configuration'; org: string }
  | { kind: 'enterprise-pattern-configuration'; enterprise: string }
  | { kind: 'alerts'; count: number }
  /** `scope` is an owner-scope key (org:acme, repo:acme/api, enterprise:acme-ent). */
  | { kind: 'custom-patterns'; scope: string; count: number }
  | { kind: 'custom-pattern'; scope: string; patternId: number | null }
  | { kind: 'bypass-request'; org: string; repo: string; number: number }
  | { kind: 'bypass-response'; org: string; repo: string; number: number; responseId: number }
  | { kind: 'dismissal-request'; org: string; repo: string; alertNumber: number }
  /** The input id when it could not be decoded. */
  | { kind: 'request-id'; requestId: string };

/**
 * A custom-pattern change as the audit log records it: ids, versions and the names of the
 * changed fields, never a pattern (regexes are user input) or its name.
 */
export interface AuditCustomPatternChange {
  patternIds?: number[];
  versions?: (string | null)[];
  fields?: string[];
  postDeleteAction?: string;
}

/** A review of a bypass or dismissal request: the decision and the request's status, never the message text. */
export interface AuditReview {
  decision?: string;
  status?: string | null;
}

export interface AuditEntry {
  action:
    | 'secret_scanning_alert.update'
    | 'secret_scanning_alert.bulk_update'
    | 'secret_scanning_alert.bulk_update_item'
    | 'secret_scanning_alert.assign'
    | 'secret_scanning_alert.set_validity'
    | 'secret_scanning_pattern_configuration.update'
    | 'secret_scanning_enterprise_pattern_configuration.update'
    | 'secret_scanning_custom_pattern.create'
    | 'secret_scanning_custom_pattern.update'
    | 'secret_scanning_custom_pattern.delete'
    | 'secret_scanning_bypass_request.review'
    | 'secret_scanning_bypass_response.dismiss'
    | 'secret_scanning_dismissal_request.review';
  target: AuditTarget;
  before?: AuditAlertState | { patternConfigVersion: string | null } | AuditCustomPatternChange | AuditReview | null;
  after?:
    | AuditAlertState
    | { patternConfigVersion: string | null; settings?: { tokenType: string; setting: string }[] }
    | AuditCustomPatternChange
    | AuditReview
    | null;
  /** What the caller asked for, on failures (where there is no `after`). */
  requested?: AuditAlertState | { settings: { tokenType: string; setting: string }[] } | AuditCustomPatternChange | AuditReview;
  /** "success", or the error code (VALIDATION, FORBIDDEN, NOT_FOUND, VERSION_CONFLICT, UPSTREAM, RATE_LIMITED, INTERNAL). */
  outcome: 'success' | string;
  /** Success without a write: the alert already was in the requested state. */
  unchanged?: boolean;
  /** On TIMEOUT: false when the write was never sent, null when it may or may not have been applied. */
  applied?: boolean | null;
  /** Bulk items: which call they belong to and their position in its input. */
  bulk?: { id: string; index: number };
  /** Bulk call summary. */
  succeeded?: number;
  failed?: number;
}

/**
 * Writes one structured audit line, whatever the log level: who (the caller's name, never a
 * credential), what, the state before and after where known, and the outcome. Secrets, tokens
 * and free-text comments are never passed in, and the logger redacts credential-shaped text on top.
 * With the index on, the entry is also stored (Query.auditLog) before the mutation answers; an
 * index that cannot take it is logged, and the line stands.
 */
export async function audit(context: { caller: Caller; logger: Logger; auditLog?: AuditLog | null }, entry: AuditEntry): Promise<void> {
  const line = { actor: context.caller.name, ...entry };
  context.logger.audit({ audit: true, ...line });
  if (!context.auditLog) return;
  try {
    await context.auditLog.append({
      occurredAt: Date.now(),
      actor: line.actor,
      action: entry.action,
      target: targetName(entry.target),
      outcome: entry.outcome,
      org: organizationOf(entry.target),
      data: redact(JSON.stringify(line)),
    });
  } catch (error) {
    context.logger.error('audit entry not stored in the index (its log line stands)', { action: entry.action, error: String(error) });
  }
}

/** The contract's AuditEntry.target: org, org/repo or org/repo#number; the scope of what no organization owns. */
export function targetName(target: AuditTarget): string {
  switch (target.kind) {
    case 'alert':
      return `${target.org}/${target.repo}#${target.alertNumber}`;
    case 'dismissal-request':
      return `${target.org}/${target.repo}#${target.alertNumber}`;
    case 'bypass-request':
    case 'bypass-response':
      return `${target.org}/${target.repo}#${target.number}`;
    case 'pattern-configuration':
      return target.org;
    case 'enterprise-pattern-configuration':
      return `enterprise:${target.enterprise}`;
    case 'alerts':
      return `${target.count} alerts`;
    case 'custom-patterns':
    case 'custom-pattern':
      return target.scope.replace(/^(org|repo):/, '');
    case 'alert-id':
      return target.alertId;
    case 'request-id':
      return target.requestId;
  }
}

/** The organization an entry is about (lowercase), by which the audit log is restricted; null when none is. */
export function organizationOf(target: AuditTarget): string | null {
  if ('org' in target) return target.org.toLowerCase();
  if (target.kind === 'custom-patterns' || target.kind === 'custom-pattern') {
    const match = /^(?:org|repo):([^/]+)/.exec(target.scope);
    return match ? match[1]!.toLowerCase() : null;
  }
  return null;
}

/** What an audit entry records of a failure: its code, and for a timeout whether the write went out. */
export function failureOf(error: unknown): Pick<AuditEntry, 'outcome' | 'applied'> {
  return error instanceof TimeoutError ? { outcome: error.code, applied: error.applied } : { outcome: outcomeOf(error) };
}

/** The audit outcome of a thrown value: its domain code, or INTERNAL. */
export function outcomeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'INTERNAL';
}
