import type { Caller } from './context.ts';
import type { Logger } from './logger.ts';

/** An alert's triage state as the audit log records it: never the secret, never the comment text. */
export interface AuditAlertState {
  state: 'open' | 'resolved';
  resolution: string | null;
}

export type AuditTarget =
  | { kind: 'alert'; org: string; repo: string; alertNumber: number }
  /** The input id when it could not be decoded (it is a gateway id, never a credential). */
  | { kind: 'alert-id'; alertId: string }
  | { kind: 'pattern-configuration'; org: string }
  | { kind: 'enterprise-pattern-configuration'; enterprise: string }
  | { kind: 'alerts'; count: number };

export interface AuditEntry {
  action:
    | 'secret_scanning_alert.update'
    | 'secret_scanning_alert.bulk_update'
    | 'secret_scanning_alert.bulk_update_item'
    | 'secret_scanning_pattern_configuration.update'
    | 'secret_scanning_enterprise_pattern_configuration.update';
  target: AuditTarget;
  before?: AuditAlertState | { patternConfigVersion: string | null } | null;
  after?: AuditAlertState | { patternConfigVersion: string | null; settings?: { tokenType: string; setting: string }[] } | null;
  /** What the caller asked for, on failures (where there is no `after`). */
  requested?: AuditAlertState | { settings: { tokenType: string; setting: string }[] };
  /** "success", or the error code (VALIDATION, FORBIDDEN, NOT_FOUND, VERSION_CONFLICT, UPSTREAM, RATE_LIMITED, INTERNAL). */
  outcome: 'success' | string;
  /** Success without a write: the alert already was in the requested state. */
  unchanged?: boolean;
  /** Bulk items: which call they belong to and their position in its input. */
  bulk?: { id: string; index: number };
  /** Bulk call summary. */
  succeeded?: number;
  failed?: number;
}

/**
 * Writes one structured audit line: who (the caller's name, never a credential), what, the
 * state before and after where known, and the outcome. Secrets, tokens and free-text comments
 * are never passed in, and the logger redacts credential-shaped text on top.
 */
export function audit(context: { caller: Caller; logger: Logger }, entry: AuditEntry): void {
  context.logger.info('audit', { audit: true, actor: context.caller.name, ...entry });
}

/** The audit outcome of a thrown value: its domain code, or INTERNAL. */
export function outcomeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : 'INTERNAL';
}
