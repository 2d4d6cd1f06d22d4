import { alertTimeline, type AlertEvent } from '../domain/alert-history.ts';
import type { RestSimpleUser } from '../github/types.ts';
import { AlertResolutionEnum, AlertStateEnum, resolutionValue } from './alert-filter.ts';
import { builder } from './builder.ts';
import { AlertRef, UserRef } from './refs.ts';
import { ChangeActionEnum, ChangeSourceEnum } from './subscription.ts';

const AlertEventRef = builder.objectRef<AlertEvent>('SecretScanningAlertEvent').implement({
  description: 'One change of one alert, as the gateway learned of it (stored in the alert index).',
  fields: (t) => ({
    action: t.field({ type: ChangeActionEnum, description: 'What happened.', resolve: (event) => event.action }),
    occurredAt: t.field({
      type: 'DateTime',
      description: "GitHub's time of the change (createdAt, resolvedAt, updatedAt), or when the gateway learned of it where GitHub gives none.",
      resolve: (event) => event.occurredAt,
    }),
    actor: t.field({
      type: UserRef,
      nullable: true,
      description: 'Who did it, where GitHub says (who resolved an alert); null otherwise.',
      // The index keeps the login only: url and avatarUrl are null.
      resolve: (event) => (event.actor === null ? null : ({ login: event.actor } as RestSimpleUser)),
    }),
    state: t.field({ type: AlertStateEnum, description: 'The state after the change.', resolve: (event) => (event.state === 'resolved' ? 'RESOLVED' : 'OPEN') }),
    resolution: t.field({
      type: AlertResolutionEnum,
      nullable: true,
      description: 'The resolution after the change; null while open.',
      resolve: (event) => resolutionValue(event.resolution),
    }),
    source: t.field({ type: ChangeSourceEnum, description: 'How the gateway learned of it; SYNC for the history a first sync seeds.', resolve: (event) => event.source }),
  }),
});

builder.objectField(AlertRef, 'timeline', (t) =>
  t.field({
    type: [AlertEventRef],
    description:
      'Every change of this alert the gateway has seen, oldest first; empty when the index is off. The first sync seeds it from ' +
      'createdAt (CREATED) and resolvedAt (RESOLVED by resolvedBy); before that, it shows what the first sync will store.',
    resolve: (record, _args, context) => alertTimeline(context, record),
  }),
);
