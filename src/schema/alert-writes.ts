import { audit, failureOf, outcomeOf, type AuditAlertState, type AuditEntry, type AuditTarget } from '../audit.ts';
import { repositoryFromName, toAlertRecord, type AlertRecord } from '../alerts/model.ts';
import { applyAlertChange, auditState, requestedAuditState, type AlertTarget } from '../alerts/update.ts';
import type { GatewayContext } from '../context.ts';
import { ValidationError } from '../errors.ts';
import type { AlertUpdate } from '../github/alerts.ts';
import { alertLoaderKey } from '../github/loaders.ts';
import { isLogin } from '../github/names.ts';
import type { RestAlertWithMetadata } from '../github/types.ts';
import { assertCanWrite, authorizeWrite } from './access.ts';
import { parseAlertId } from './alert.ts';
import { ALERT_MUTATION_ERRORS } from './errors.ts';
import { decodeNodeId } from './node-id.ts';

/*
 * What every alert mutation shares (update, bulk update, assign, validity): decoding the id,
 * the checks before any GitHub call, the write itself and its audit line.
 */

/** The result of every one-alert mutation: the alert as it is now, or a typed error (one union, shared). */
export const ALERT_RESULT = {
  types: ALERT_MUTATION_ERRORS,
  union: { name: 'UpdateSecretScanningAlertResult', description: 'The updated alert, or why it was not updated.' },
  result: { name: 'UpdateSecretScanningAlertSuccess', description: 'The alert was updated (or already was as requested).' },
  dataField: { name: 'alert', description: 'The alert as it is now.' },
};

/** Decodes a SecretScanningAlert global id into the alert it names; anything else is a ValidationError. */
export function alertTargetOf(globalId: string, field: string): AlertTarget {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeNodeId(globalId);
  } catch {
    throw new ValidationError('This is not an id issued by this gateway.', field);
  }
  if (decoded.typename !== 'SecretScanningAlert') {
    throw new ValidationError(`This id names a ${decoded.typename}, not a secret scanning alert.`, field);
  }
  const { owner, repo, alertNumber } = parseAlertId(decoded.id, field);
  return { owner, repo, alertNumber };
}

/** An assignee to set (a login) or null to unassign, on a server that can assign (GHES from 3.20). */
export function assigneeChange(context: GatewayContext, assignee: string | null | undefined, field = 'input.assignee'): Pick<AlertUpdate, 'assignee'> {
  context.capabilities.require('ALERT_ASSIGNMENT', field, 'Assigning alerts');
  if (assignee != null && !isLogin(assignee)) {
    throw new ValidationError(`"${assignee.slice(0, 60)}" is not a GitHub login; pass null to unassign.`, field);
  }
  return { assignee: assignee ?? null };
}

/** The requested change of an input, in the audit log's vocabulary, whether or not it validated. */
export function requestedOfInput(input: { state?: string | null; resolution?: string | null; assignee?: string | null }): AuditAlertState {
  return {
    ...(input.state != null ? { state: input.state === 'RESOLVED' ? ('resolved' as const) : ('open' as const), resolution: input.resolution?.toLowerCase() ?? null } : {}),
    ...(input.assignee !== undefined ? { assignee: input.assignee } : {}),
  };
}

/**
 * The checks of a one-alert mutation before any GitHub call (a caller that may write, a valid
 * change, an id it may write to), audited when they refuse: the write audits itself.
 */
export async function checkedTarget<C extends AlertUpdate>(
  context: GatewayContext,
  action: AuditEntry['action'],
  input: { alertId: string },
  requested: AuditAlertState,
  change: () => C,
): Promise<{ target: AlertTarget; change: C }> {
  try {
    assertCanWrite(context);
    const checked = change();
    const target = alertTargetOf(input.alertId, 'input.alertId');
    authorizeWrite(context, target.owner, 'input.alertId');
    return { target, change: checked };
  } catch (error) {
    await audit(context, { action, target: { kind: 'alert-id', alertId: input.alertId.slice(0, 200) }, requested, outcome: outcomeOf(error) });
    throw error;
  }
}

function alertAuditTarget(target: AlertTarget): AuditTarget {
  return { kind: 'alert', org: target.owner, repo: target.repo, alertNumber: target.alertNumber };
}

/** Applies one alert change and writes its audit line, success or failure (single updates and bulk items alike). */
export async function applyAudited(
  context: GatewayContext,
  target: AlertTarget,
  change: AlertUpdate,
  entry: Pick<AuditEntry, 'action' | 'bulk'>,
): Promise<AlertRecord> {
  let before: RestAlertWithMetadata | null = null;
  try {
    const outcome = await applyAlertChange(context, target, change);
    before = outcome.before;
    await audit(context, {
      ...entry,
      target: alertAuditTarget(target),
      before: auditState(outcome.before, change),
      after: auditState(outcome.after, change),
      outcome: 'success',
      unchanged: !outcome.changed,
    });
    return toAlertRecord(outcome.after, repositoryFromName(target.owner, target.repo, context.webUrl));
  } catch (error) {
    // The alert as it was read before the write failed: the request's loader still holds it (no GitHub call).
    before ??= await context.loaders.alert.load(alertLoaderKey(target.owner, target.repo, target.alertNumber)).catch(() => null);
    await audit(context, { ...entry, ...itemFailure(target, change, before, error) });
    throw error;
  }
}

export function itemFailure(target: AlertTarget, change: AlertUpdate, before: RestAlertWithMetadata | null, error: unknown): Omit<AuditEntry, 'action'> {
  return {
    target: alertAuditTarget(target),
    before: auditState(before, change),
    requested: requestedAuditState(change),
    ...failureOf(error),
  };
}
