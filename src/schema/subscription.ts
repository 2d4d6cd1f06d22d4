import type { AlertChange } from '../events.ts';
import { subscribeToAlertChanges } from '../domain/alert-subscriptions.ts';
import { AlertFilterInput } from './alert-filter.ts';
import { builder } from './builder.ts';
import { AlertRef } from './refs.ts';

export const ChangeActionEnum = builder.enumType('SecretScanningAlertChangeAction', {
  description: 'What happened to an alert.',
  values: {
    CREATED: { description: 'A new secret was found.' },
    RESOLVED: { description: 'The alert was resolved.' },
    REOPENED: { description: 'The alert was reopened.' },
    ASSIGNED: { description: 'Someone was made responsible for the alert.' },
    UNASSIGNED: { description: 'The alert has no assignee any more.' },
    VALIDATED: { description: "The secret's validity changed." },
    PUBLICLY_LEAKED: { description: 'The secret was also found in public.' },
    LOCATION_ADDED: { description: 'The secret was found in one more place.' },
    UPDATED: { description: 'Another change.' },
  } as const,
});

export const ChangeSourceEnum = builder.enumType('ChangeSource', {
  description: 'How the gateway learned of a change.',
  values: {
    WEBHOOK: { description: "A GitHub webhook delivery." },
    SYNC: { description: 'A sync pass of the alert index.' },
    GATEWAY: { description: "A change made through this gateway's own mutations." },
  } as const,
});

const AlertChangeRef = builder.objectRef<AlertChange>('SecretScanningAlertChange').implement({
  description: 'One change of one alert. The alert is as it is after the change; its secret is never pushed.',
  fields: (t) => ({
    action: t.field({ type: ChangeActionEnum, description: 'What happened.', resolve: (change) => change.action }),
    alert: t.field({ type: AlertRef, description: 'The alert after the change.', resolve: (change) => change.record }),
    occurredAt: t.field({ type: 'DateTime', description: 'When the gateway learned of it.', resolve: (change) => change.occurredAt }),
    source: t.field({ type: ChangeSourceEnum, description: 'How the gateway learned of it.', resolve: (change) => change.source }),
  }),
});

builder.subscriptionType({ description: 'Changes as the gateway learns of them, served as GraphQL over server-sent events.' });

builder.subscriptionField('secretScanningAlertChanged', (t) =>
  t.field({
    type: AlertChangeRef,
    description:
      'Alert changes as the gateway learns of them (a webhook, a sync pass, or its own mutation); served as GraphQL over SSE. ' +
      '`orgs` defaults to the configured organizations the caller may read; every event is checked against the caller\'s access.',
    args: {
      orgs: t.arg.stringList({ description: 'Organization logins; default: GATEWAY_ORGS.' }),
      filter: t.arg({ type: AlertFilterInput, description: 'Only changes whose alert matches.' }),
    },
    subscribe: (_root, args, context) => subscribeToAlertChanges(context, args),
    resolve: (change) => change,
  }),
);
