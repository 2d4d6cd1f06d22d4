import { randomUUID } from 'node:crypto';
import { audit, failureOf, outcomeOf, type AuditAlertState, type AuditEntry, type AuditTarget } from '../audit.ts';
import { repositoryFromName, toAlertRecord, type AlertRecord } from '../alerts/model.ts';
import { alertChange, applyAlertChange, auditState, type AlertTarget } from '../alerts/update.ts';
import type { GatewayContext } from '../context.ts';
import { DomainError, ValidationError } from '../errors.ts';
import type { RestAlertWithMetadata } from '../github/types.ts';
import { assertCanWrite, authorizeOrg, authorizeWrite } from './access.ts';
import { AlertResolutionEnum, AlertStateEnum } from './alert-filter.ts';
import { parseAlertId } from './alert.ts';
import { builder } from './builder.ts';
import { ALERT_MUTATION_ERRORS, ErrorInterface, errorValue, type ErrorShape } from './errors.ts';
import { decodeNodeId } from './node-id.ts';
import { AlertRef } from './refs.ts';

const DEFAULT_BULK_MAX_IDS = 100;

const UpdateAlertInput = builder.inputType('UpdateSecretScanningAlertInput', {
  description: 'Resolve or reopen one alert (PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}).',
  fields: (t) => ({
    alertId: t.id({ required: true, description: "The alert's global id (SecretScanningAlert.id)." }),
    state: t.field({ type: AlertStateEnum, required: true, description: 'The state to set.' }),
    resolution: t.field({
      type: AlertResolutionEnum,
      description:
        'Required when state is RESOLVED; rejected with a VALIDATION error otherwise. PATTERN_EDITED and PATTERN_DELETED are set by GitHub only.',
    }),
    resolutionComment: t.string({ description: 'A comment kept with the resolution (RESOLVED only).' }),
  }),
});

const BulkUpdateAlertsInput = builder.inputType('BulkUpdateSecretScanningAlertsInput', {
  description: 'One state change for many alerts, in any repositories and organizations.',
  fields: (t) => ({
    alertIds: t.idList({ required: true, description: 'Global alert ids; at most GATEWAY_BULK_MAX_IDS (default 100) per call.' }),
    state: t.field({ type: AlertStateEnum, required: true, description: 'The state to set.' }),
    resolution: t.field({ type: AlertResolutionEnum, description: 'Required when state is RESOLVED; rejected otherwise.' }),
    resolutionComment: t.string({ description: 'A comment kept with the resolution (RESOLVED only).' }),
  }),
});

interface BulkItemShape {
  alertId: string;
  alert: AlertRecord | null;
  error: ErrorShape | null;
}

interface BulkPayloadShape {
  succeeded: number;
  failed: number;
  results: BulkItemShape[];
}

const BulkUpdateItem = builder.objectRef<BulkItemShape>('BulkUpdateItem').implement({
  description: 'The outcome for one input id: the alert as it is now, or why it could not be changed.',
  fields: (t) => ({
    alertId: t.exposeID('alertId', { description: 'The id as given in the input.' }),
    alert: t.field({ type: AlertRef, nullable: true, description: 'The alert after the change; null on failure.', resolve: (item) => item.alert }),
    error: t.field({ type: ErrorInterface, nullable: true, description: 'Why this alert was not changed; null on success.', resolve: (item) => item.error }),
  }),
});

const BulkUpdatePayload = builder.objectRef<BulkPayloadShape>('BulkUpdateSecretScanningAlertsPayload').implement({
  description: 'Per-alert outcomes of a bulk update.',
  fields: (t) => ({
    succeeded: t.exposeInt('succeeded', { description: 'Input entries whose alert is now in the requested state (including those already in it).' }),
    failed: t.exposeInt('failed', { description: 'Input entries that failed.' }),
    results: t.field({ type: [BulkUpdateItem], description: 'One entry per input id, in input order.', resolve: (p) => p.results }),
  }),
});

/** Decodes a SecretScanningAlert global id into the alert it names; anything else is a ValidationError. */
function alertTargetOf(globalId: string, field: string): AlertTarget {
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

function alertAuditTarget(target: AlertTarget): AuditTarget {
  return { kind: 'alert', org: target.owner, repo: target.repo, alertNumber: target.alertNumber };
}

/** The requested state in the audit log's vocabulary (GitHub's), whether or not it validated. */
function requestedState(input: { state: string; resolution?: string | null }): AuditAlertState {
  return { state: input.state === 'RESOLVED' ? 'resolved' : 'open', resolution: input.resolution?.toLowerCase() ?? null };
}

function recordOf(context: GatewayContext, target: AlertTarget, alert: RestAlertWithMetadata): AlertRecord {
  return toAlertRecord(alert, repositoryFromName(target.owner, target.repo, context.webUrl));
}

builder.mutationFields((t) => ({
  updateSecretScanningAlert: t.field({
    type: AlertRef,
    description:
      'Resolves or reopens one alert. Input is checked before GitHub is called; an alert already in the requested state is returned unchanged.',
    args: { input: t.arg({ type: UpdateAlertInput, required: true, description: 'The alert and its new state.' }) },
    errors: {
      types: ALERT_MUTATION_ERRORS,
      union: { name: 'UpdateSecretScanningAlertResult', description: 'The updated alert, or why it was not updated.' },
      result: { name: 'UpdateSecretScanningAlertSuccess', description: 'The alert was updated (or already was in the requested state).' },
      dataField: { name: 'alert', description: 'The alert as it is now.' },
    },
    resolve: async (_root, { input }, context) => {
      let target: AlertTarget;
      let change: ReturnType<typeof alertChange>;
      try {
        assertCanWrite(context);
        change = alertChange(input);
        target = alertTargetOf(input.alertId, 'input.alertId');
        authorizeWrite(context, target.owner, 'input.alertId');
      } catch (error) {
        // Refused before any upstream call: audited here, as the write below audits itself.
        audit(context, {
          action: 'secret_scanning_alert.update',
          target: { kind: 'alert-id', alertId: input.alertId.slice(0, 200) },
          requested: requestedState(input),
          outcome: outcomeOf(error),
        });
        throw error;
      }
      return applyAudited(context, target, change, { action: 'secret_scanning_alert.update' as const });
    },
  }),

  bulkUpdateSecretScanningAlerts: t.field({
    type: BulkUpdatePayload,
    description:
      'Applies one state change to many alerts, in any repos and orgs; reports each alert\'s outcome. The whole input is checked first; ' +
      'writes are serialized per credential and paced (GATEWAY_WRITE_INTERVAL_MS); one failure never stops the rest.',
    args: { input: t.arg({ type: BulkUpdateAlertsInput, required: true, description: 'The alerts and the state they all get.' }) },
    resolve: async (_root, { input }, context) => {
      const bulkId = randomUUID().slice(0, 8);
      const ids = input.alertIds;
      let targets: AlertTarget[];
      let change: ReturnType<typeof alertChange>;
      try {
        assertCanWrite(context);
        const max = context.bulkMaxIds ?? DEFAULT_BULK_MAX_IDS;
        if (ids.length > max) {
          throw new ValidationError(`At most ${max} alert ids may be updated in one call (got ${ids.length}); split the list.`, 'input.alertIds');
        }
        change = alertChange(input);
        targets = ids.map((id, index) => alertTargetOf(id, `input.alertIds[${index}]`));
      } catch (error) {
        audit(context, {
          action: 'secret_scanning_alert.bulk_update',
          target: { kind: 'alerts', count: ids.length },
          requested: requestedState(input),
          bulk: { id: bulkId, index: -1 },
          outcome: outcomeOf(error),
        });
        throw error;
      }

      // Each distinct alert is handled once; duplicates in the input share its outcome.
      const unique = new Map<string, { target: AlertTarget; index: number }>();
      targets.forEach((target, index) => {
        const key = `${target.owner}/${target.repo}#${target.alertNumber}`.toLowerCase();
        if (!unique.has(key)) unique.set(key, { target, index });
      });
      // Reads run concurrently; each PATCH goes through the credential's write group, which
      // serializes and spaces them, so no extra concurrency is added here.
      const outcomes = new Map<string, Promise<{ alert: AlertRecord | null; error: ErrorShape | null }>>();
      for (const [key, { target, index }] of unique) {
        outcomes.set(key, updateBulkItem(context, target, change, { id: bulkId, index }));
      }
      const results: BulkItemShape[] = await Promise.all(
        targets.map(async (target, index) => {
          const key = `${target.owner}/${target.repo}#${target.alertNumber}`.toLowerCase();
          const outcome = await outcomes.get(key)!;
          return { alertId: ids[index] ?? '', ...outcome };
        }),
      );
      const failed = results.filter((item) => item.error !== null).length;
      const payload = { succeeded: results.length - failed, failed, results };
      audit(context, {
        action: 'secret_scanning_alert.bulk_update',
        target: { kind: 'alerts', count: ids.length },
        after: { state: change.state, resolution: change.resolution ?? null },
        bulk: { id: bulkId, index: -1 },
        outcome: failed === 0 ? 'success' : 'PARTIAL',
        succeeded: payload.succeeded,
        failed,
      });
      return payload;
    },
  }),
}));

async function updateBulkItem(
  context: GatewayContext,
  target: AlertTarget,
  change: ReturnType<typeof alertChange>,
  bulk: { id: string; index: number },
): Promise<{ alert: AlertRecord | null; error: ErrorShape | null }> {
  try {
    authorizeOrg(context, target.owner, `input.alertIds[${bulk.index}]`);
  } catch (error) {
    audit(context, { ...itemFailure(target, change, null, error), action: 'secret_scanning_alert.bulk_update_item', bulk });
    return { alert: null, error: errorValue(error) };
  }
  try {
    return { alert: await applyAudited(context, target, change, { action: 'secret_scanning_alert.bulk_update_item', bulk }), error: null };
  } catch (error) {
    if (!(error instanceof DomainError)) context.logger.error('unexpected error in a bulk alert update', { error: String(error) });
    return { alert: null, error: errorValue(error) };
  }
}

/**
 * Applies one alert change and writes its audit line, success or failure (single updates and
 * bulk items alike).
 */
async function applyAudited(
  context: GatewayContext,
  target: AlertTarget,
  change: ReturnType<typeof alertChange>,
  entry: Pick<AuditEntry, 'action' | 'bulk'>,
): Promise<AlertRecord> {
  let before: RestAlertWithMetadata | null = null;
  try {
    const outcome = await applyAlertChange(context, target, change);
    before = outcome.before;
    audit(context, {
      ...entry,
      target: alertAuditTarget(target),
      before: auditState(outcome.before),
      after: auditState(outcome.after),
      outcome: 'success',
      unchanged: !outcome.changed,
    });
    return recordOf(context, target, outcome.after);
  } catch (error) {
    audit(context, { ...entry, ...itemFailure(target, change, before, error) });
    throw error;
  }
}

function itemFailure(
  target: AlertTarget,
  change: ReturnType<typeof alertChange>,
  before: RestAlertWithMetadata | null,
  error: unknown,
): Omit<AuditEntry, 'action'> {
  return {
    target: alertAuditTarget(target),
    before: auditState(before),
    requested: { state: change.state, resolution: change.resolution ?? null },
    ...failureOf(error),
  };
}
