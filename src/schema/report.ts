import { crossOrgQuery } from '../domain/alert-reads.ts';
import { reportWithBacklog, type BacklogPoint, type ReportWithBacklog } from '../domain/alert-history.ts';
import { type ReportBucket, type ReportDuration, type TrendPoint } from '../alerts/report.ts';
import { enterpriseArgs } from './alert-connection.ts';
import { AlertFilterInput } from './alert-filter.ts';
import { builder } from './builder.ts';
import { OrganizationFailureRef } from './refs.ts';

const ReportBucketRef = builder.objectRef<ReportBucket>('ReportBucket').implement({
  description: 'A group key and its count, ordered by count descending, then key ascending.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The group: an organization login, secret type, enum value or owner/name.' }),
    count: t.exposeInt('count', { description: 'Matching alerts in the group.' }),
  }),
});

const ReportDurationRef = builder.objectRef<ReportDuration>('ReportDuration').implement({
  description: 'Mean time to resolve within one group, ordered by count descending, then key ascending.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The group: an organization login or a secret type.' }),
    count: t.exposeInt('count', { description: 'Resolved alerts of the group the mean is taken over.' }),
    meanSeconds: t.exposeFloat('meanSeconds', { description: 'Mean seconds from createdAt to resolvedAt.' }),
  }),
});

const TrendPointRef = builder.objectRef<TrendPoint>('TrendPoint').implement({
  description: 'Alerts opened and resolved in one period.',
  fields: (t) => ({
    periodStart: t.field({
      type: 'DateTime',
      description: 'Start of the period: Monday 00:00 UTC for weeks, the 1st 00:00 UTC for months.',
      resolve: (point) => point.periodStart,
    }),
    opened: t.exposeInt('opened', { description: 'Matching alerts created in the period.' }),
    resolved: t.exposeInt('resolved', { description: 'Matching alerts resolved in the period.' }),
  }),
});

const TrendIntervalEnum = builder.enumType('ReportInterval', {
  description: 'The period of a trend series.',
  values: {
    WEEK: { description: 'ISO weeks, starting Monday 00:00 UTC.' },
    MONTH: { description: 'Calendar months, starting on the 1st 00:00 UTC.' },
  } as const,
});

const BacklogPointRef = builder.objectRef<BacklogPoint>('BacklogPoint').implement({
  description: 'The open backlog at the end of one period, and what moved it, from the alert index\'s history.',
  fields: (t) => ({
    periodStart: t.field({
      type: 'DateTime',
      description: 'Start of the period: Monday 00:00 UTC for weeks, the 1st 00:00 UTC for months.',
      resolve: (point) => point.periodStart,
    }),
    open: t.exposeInt('open', { description: 'Alerts open at the end of the period.' }),
    opened: t.exposeInt('opened', { description: 'Alerts created in the period.' }),
    reopened: t.exposeInt('reopened', { description: 'Alerts reopened in the period (open = previous open + opened + reopened − resolved).' }),
    resolved: t.exposeInt('resolved', { description: 'Alerts resolved in the period (each time, if resolved again after a reopen).' }),
    meanTimeToResolveSeconds: t.exposeFloat('meanTimeToResolveSeconds', {
      nullable: true,
      description: 'Mean seconds from createdAt to resolvedAt over the alerts resolved in the period; null if none.',
    }),
  }),
});

const ReportRef = builder.objectRef<ReportWithBacklog>('SecretScanningReport').implement({
  description:
    'Aggregates over the same alert set as secretScanningAlerts with the same organizations and filter. Buckets are ordered ' +
    'by count descending, then key ascending. Organizations that could not be read are in `failures` and in no figure.',
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'How many alerts match, over all organizations that could be read.' }),
    open: t.exposeInt('open', { description: 'Matching alerts that are open.' }),
    resolved: t.exposeInt('resolved', { description: 'Matching alerts that are resolved.' }),
    byOrganization: t.field({
      type: [ReportBucketRef],
      description: 'Per organization that could be read (with 0 when none of its alerts match).',
      resolve: (r) => r.byOrganization,
    }),
    bySecretType: t.field({ type: [ReportBucketRef], description: 'Per secret type (GitHub\'s secret_type).', resolve: (r) => r.bySecretType }),
    byState: t.field({ type: [ReportBucketRef], description: 'Per state: OPEN, RESOLVED.', resolve: (r) => r.byState }),
    byResolution: t.field({
      type: [ReportBucketRef],
      description: 'Per resolution of the resolved alerts (FALSE_POSITIVE, REVOKED, ...).',
      resolve: (r) => r.byResolution,
    }),
    byValidity: t.field({
      type: [ReportBucketRef],
      description: 'Per validity: ACTIVE, INACTIVE, UNKNOWN (also for alerts GitHub gives no validity).',
      resolve: (r) => r.byValidity,
    }),
    byAssignee: t.field({
      type: [ReportBucketRef],
      nullable: true,
      description: 'Per assignee login, "none" for unassigned alerts; null where GitHub does not report assignees (GHES before 3.19).',
      resolve: (r, _args, context) => (context.capabilities.has('ALERT_ASSIGNEES') ? r.byAssignee : null),
    }),
    topRepositories: t.field({
      type: [ReportBucketRef],
      description: 'Repositories (owner/name) with the most matching alerts, most first.',
      args: { limit: t.arg.int({ defaultValue: 10, description: 'How many, 0 to 1000 (default 10).' }) },
      resolve: (r, { limit }) => r.topRepositories(limit ?? 10),
    }),
    meanTimeToResolveSeconds: t.exposeFloat('meanTimeToResolveSeconds', {
      nullable: true,
      description: 'Mean seconds from createdAt to resolvedAt over resolved alerts; null if none.',
    }),
    meanTimeToResolveByOrganization: t.field({
      type: [ReportDurationRef],
      description: 'Mean time to resolve per organization with resolved alerts.',
      resolve: (r) => r.meanTimeToResolveByOrganization,
    }),
    meanTimeToResolveBySecretType: t.field({
      type: [ReportDurationRef],
      description: 'Mean time to resolve per secret type with resolved alerts.',
      resolve: (r) => r.meanTimeToResolveBySecretType,
    }),
    trend: t.field({
      type: [TrendPointRef],
      description:
        'Alerts opened and resolved per period, oldest first, gaps filled with zeros. The series spans the filter\'s time window ' +
        '(earliest createdAfter/resolvedAfter to latest createdBefore/resolvedBefore) where given, else the first to the last ' +
        'event; events outside the window are not counted.',
      args: { interval: t.arg({ type: TrendIntervalEnum, defaultValue: 'WEEK', required: true, description: 'WEEK or MONTH.' }) },
      resolve: (r, { interval }) => r.trend(interval),
    }),
    backlog: t.field({
      type: [BacklogPointRef],
      description:
        'Open alerts at the end of each period, with what was opened, reopened and resolved in it, oldest first, from the alert ' +
        'index\'s history (first syncs seed it from createdAt and resolvedAt). Same alerts as the other figures (a filter keeps the ' +
        'alerts matching it now, with their whole history); the series spans the filter\'s time window where given, else the first ' +
        'event to the current period. An UNAVAILABLE error when the index is off or an organization\'s first sync has not ended.',
      args: { interval: t.arg({ type: TrendIntervalEnum, defaultValue: 'WEEK', required: true, description: 'WEEK or MONTH.' }) },
      resolve: (r, { interval }) => r.backlog(interval),
    }),
    failures: t.field({
      type: [OrganizationFailureRef],
      description: 'Organizations whose alerts could not be read; every figure is over the others.',
      resolve: (r) => r.failures,
    }),
  }),
});

builder.queryField('secretScanningReport', (t) =>
  t.field({
    type: ReportRef,
    description:
      'Aggregates over the same alert set as secretScanningAlerts: the same organizations (default GATEWAY_ORGS), filter and ' +
      'failures. Reads every matching alert once, page by page, without holding them.',
    args: {
      orgs: t.arg.stringList({ description: 'Organization logins; default: GATEWAY_ORGS.' }),
      filter: t.arg({ type: AlertFilterInput, description: 'Which alerts to include.' }),
      ...enterpriseArgs,
    },
    resolve: (_root, { orgs, filter, enterprise }, context) => reportWithBacklog(context, crossOrgQuery(context, { orgs, filter, enterprise })),
  }),
);
