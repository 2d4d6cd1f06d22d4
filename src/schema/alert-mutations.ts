import { randomUUID } from 'node:crypto';
import { audit, outcomeOf } from '../audit.ts';
import type { AlertRecord } from '../alerts/model.ts';
import { alertChange, requestedAuditState, type AlertTarget } from '../alerts/update.ts';
import type { GatewayContext } from '../context.ts';
import { DomainError, ValidationError } from '../errors.ts';
import type { AlertUpdate } from '../github/alerts.ts';
import { assertCanWrite, authorizeOrg } from './access.ts';
import { AlertResolutionEnum, AlertStateEnum } from './alert-filter.ts';
import { ALERT_RESULT, alertTargetOf, applyAudited, assigneeChange, checkedTarget, itemFailure, requestedOfInput } from './alert-writes.ts';
import { builder } from './builder.ts';
import { ErrorInterface, errorValue, type ErrorShape } from './errors.ts';
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
  description: 'One change for many alerts, in any repositories and organizations: a state, an assignee, or both.',
  fields: (t) => ({
    alertIds: t.idList({ required: true, description: 'Global alert ids; at most GATEWAY_BULK_MAX_IDS (default 100) per call.' }),
    state: t.field({ type: AlertStateEnum, description: 'The state to set; may be left out when an assignee is given.' }),
    resolution: t.field({ type: AlertResolutionEnum, description: 'Required when state is RESOLVED; rejected otherwise.' }),
    resolutionComment: t.string({ description: 'A comment kept with the resolution (RESOLVED only).' }),
    assignee: t.string({
      description:
        'A login with write access to each repository to assign every alert to, or null to unassign them; left out, assignees are not ' +
        'changed (GitHub.com/GHEC, GHES 3.20 or later).',
    }),
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

builder.mutationFields((t) => ({
  updateSecretScanningAlert: t.field({
    type: AlertRef,
    description:
      'Resolves or reopens one alert. Input is checked before GitHub is called; an alert already in the requested state is returned unchanged.',
    args: { input: t.arg({ type: UpdateAlertInput, required: true, description: 'The alert and its new state.' }) },
    errors: ALERT_RESULT,
    resolve: async (_root, { input }, context) => {
      const action = 'secret_scanning_alert.update' as const;
      const { target, change } = await checkedTarget(context, action, input, requestedOfInput(input), () => alertChange(input));
      return applyAudited(context, target, change, { action });
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
      let change: AlertUpdate;
      try {
        assertCanWrite(context);
        const max = context.bulkMaxIds ?? DEFAULT_BULK_MAX_IDS;
        if (ids.length > max) {
          throw new ValidationError(`At most ${max} alert ids may be updated in one call (got ${ids.length}); split the list.`, 'input.alertIds');
        }
        change = bulkChange(context, input);
        targets = ids.map((id, index) => alertTargetOf(id, `input.alertIds[${index}]`));
      } catch (error) {
        await audit(context, {
          action: 'secret_scanning_alert.bulk_update',
          target: { kind: 'alerts', count: ids.length },
          requested: requestedOfInput(input),
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
      await audit(context, {
        action: 'secret_scanning_alert.bulk_update',
        target: { kind: 'alerts', count: ids.length },
        after: requestedAuditState(change),
        bulk: { id: bulkId, index: -1 },
        outcome: failed === 0 ? 'success' : 'PARTIAL',
        succeeded: payload.succeeded,
        failed,
      });
      return payload;
    },
  }),
}));

/** A bulk input's change: its state change, its assignee, or both; at least one. */
function bulkChange(
  context: GatewayContext,
  input: { state?: 'OPEN' | 'RESOLVED' | null; resolution?: Parameters<typeof alertChange>[0]['resolution']; resolutionComment?: string | null; assignee?: string | null },
): AlertUpdate {
  const { state, assignee } = input;
  if (state == null && assignee === undefined) throw new ValidationError('Give a state, an assignee, or both.', 'input.state');
  if (state == null && (input.resolution != null || input.resolutionComment != null)) {
    throw new ValidationError('A resolution needs state: RESOLVED.', input.resolution != null ? 'input.resolution' : 'input.resolutionComment');
  }
  const stateChange = state == null ? {} : alertChange({ ...input, state });
  return assignee === undefined ? stateChange : { ...stateChange, ...assigneeChange(context, assignee) };
}

async function updateBulkItem(
  context: GatewayContext,
  target: AlertTarget,
  change: AlertUpdate,
  bulk: { id: string; index: number },
): Promise<{ alert: AlertRecord | null; error: ErrorShape | null }> {
  try {
    authorizeOrg(context, target.owner, `input.alertIds[${bulk.index}]`);
  } catch (error) {
    await audit(context, { ...itemFailure(target, change, null, error), action: 'secret_scanning_alert.bulk_update_item', bulk });
    return { alert: null, error: errorValue(error) };
  }
  try {
    return { alert: await applyAudited(context, target, change, { action: 'secret_scanning_alert.bulk_update_item', bulk }), error: null };
  } catch (error) {
    if (!(error instanceof DomainError)) context.logger.error('unexpected error in a bulk alert update', { error: String(error) });
    return { alert: null, error: errorValue(error) };
  }
}
