import { builder } from './builder.ts';
import { ALERT_RESULT, applyAudited, assigneeChange, checkedTarget } from './alert-writes.ts';
import { AlertRef } from './refs.ts';

const AssignAlertInput = builder.inputType('AssignSecretScanningAlertInput', {
  description: 'Sets or clears who must fix one alert (PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}, assignee).',
  fields: (t) => ({
    alertId: t.id({ required: true, description: "The alert's global id (SecretScanningAlert.id)." }),
    assignee: t.string({ description: 'A GitHub login with write access to the repository, or null to unassign.' }),
  }),
});

const ValidityOverrideEnum = builder.enumType('SecretScanningAlertValidityOverride', {
  description: 'A validity set by hand, in place of the one GitHub detected.',
  values: {
    ACTIVE: { description: 'The secret works.' },
    INACTIVE: { description: 'The secret no longer works (revoked, expired).' },
  } as const,
});

const SetValidityInput = builder.inputType('SetSecretScanningAlertValidityInput', {
  description: "Overrides one alert's validity by hand, or clears the override (PATCH …/alerts/{alert_number}, validity).",
  fields: (t) => ({
    alertId: t.id({ required: true, description: "The alert's global id (SecretScanningAlert.id)." }),
    validity: t.field({ type: ValidityOverrideEnum, description: 'ACTIVE or INACTIVE; null clears the override (GitHub then shows what it detects).' }),
  }),
});

builder.mutationFields((t) => ({
  assignSecretScanningAlert: t.field({
    type: AlertRef,
    description:
      "Sets or clears who must fix an alert (GitHub's assignee); null clears it. GitHub refuses a login without write access to the " +
      'repository: a ValidationError on input.assignee. GitHub.com/GHEC, GHES 3.20 or later.',
    args: { input: t.arg({ type: AssignAlertInput, required: true, description: 'The alert and its assignee.' }) },
    errors: ALERT_RESULT,
    resolve: async (_root, { input }, context) => {
      const action = 'secret_scanning_alert.assign' as const;
      const requested = { assignee: input.assignee ?? null };
      const { target, change } = await checkedTarget(context, action, input, requested, () => assigneeChange(context, input.assignee));
      return applyAudited(context, target, change, { action });
    },
  }),

  setSecretScanningAlertValidity: t.field({
    type: AlertRef,
    description: "Overrides an alert's validity by hand (ACTIVE or INACTIVE), or clears the override with null. GitHub.com/GHEC, GHES 3.22 or later.",
    args: { input: t.arg({ type: SetValidityInput, required: true, description: 'The alert and its validity.' }) },
    errors: ALERT_RESULT,
    resolve: async (_root, { input }, context) => {
      const action = 'secret_scanning_alert.set_validity' as const;
      const validity = input.validity === 'ACTIVE' ? ('active' as const) : input.validity === 'INACTIVE' ? ('inactive' as const) : null;
      const { target, change } = await checkedTarget(context, action, input, { validity }, () => {
        context.capabilities.require('ALERT_VALIDITY_OVERRIDE', 'input.validity', "Setting an alert's validity");
        return { validity };
      });
      return applyAudited(context, target, change, { action });
    },
  }),
}));
