import type { GatewayContext } from '../context.ts';
import { ValidationError } from '../errors.ts';
import { assertLogin, assertRepositoryName } from '../github/names.ts';
import type { ReviewListParams, ReviewRequestKind, ReviewScope } from '../github/review-requests.ts';
import { resolveReviewQueue, type ReviewQueuePage, type ReviewRequestRecord } from '../reviews/queue.ts';
import { authorizeOrg } from './access.ts';
import { builder } from './builder.ts';
import { connectionType } from './offset-connection.ts';
import { BypassRequestRef, DismissalRequestRef, OrganizationFailureRef, RepositoryRef } from './refs.ts';
import { loadReviewRequest } from './review-request.ts';

const TimePeriodEnum = builder.enumType('SecretScanningReviewTimePeriod', {
  description: 'How far back a review queue reaches, by when requests were made.',
  values: {
    HOUR: { description: 'The last hour.' },
    DAY: { description: "The last 24 hours (GitHub's default, and this API's)." },
    WEEK: { description: 'The last 7 days.' },
    MONTH: { description: 'The last 30 days.' },
  } as const,
});

const StatusFilterEnum = builder.enumType('SecretScanningReviewRequestStatusFilter', {
  description: 'Which requests a review queue holds, by status (GitHub\'s request_status).',
  values: {
    ALL: { description: 'Every status (the default).' },
    OPEN: { description: 'Waiting for a reviewer.' },
    APPROVED: { description: 'Approved.' },
    DENIED: { description: 'Rejected or denied.' },
    COMPLETED: { description: 'Approved and used.' },
    CANCELLED: { description: 'Withdrawn.' },
    EXPIRED: { description: 'Not reviewed in time.' },
    DELETED: { description: 'Deleted (bypass requests only).' },
  } as const,
});

const FilterInput = builder.inputType('SecretScanningReviewRequestFilter', {
  description: 'Filters of a review queue, all applied by GitHub. Without a filter the queue covers the last day (timePeriod DAY), as on GitHub.',
  fields: (t) => ({
    timePeriod: t.field({ type: TimePeriodEnum, defaultValue: 'DAY', description: 'How far back to look; default DAY (the last 24 hours), like GitHub.' }),
    status: t.field({ type: StatusFilterEnum, defaultValue: 'ALL', description: 'Only requests with this status; default ALL.' }),
    repository: t.string({ description: 'Only requests in repositories of this name (in each organization); not for a repository\'s own queue.' }),
    reviewer: t.string({ description: 'Only requests reviewed by this login.' }),
    requester: t.string({ description: 'Only requests made by this login.' }),
  }),
});

interface QueueFilter {
  timePeriod?: 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | null;
  status?: 'ALL' | 'OPEN' | 'APPROVED' | 'DENIED' | 'COMPLETED' | 'CANCELLED' | 'EXPIRED' | 'DELETED' | null;
  repository?: string | null;
  reviewer?: string | null;
  requester?: string | null;
}

/** The filter in GitHub's parameters; names are validated before any URL is built. */
function listParams(kind: ReviewRequestKind, filter: QueueFilter | null | undefined, repositoryQueue: boolean): ReviewListParams {
  const status = filter?.status ?? 'ALL';
  if (kind === 'dismissal' && status === 'DELETED') throw new ValidationError('Dismissal requests have no DELETED status.', 'filter.status');
  if (repositoryQueue && filter?.repository != null) throw new ValidationError("A repository's own queue takes no `repository` filter.", 'filter.repository');
  return {
    time_period: (filter?.timePeriod ?? 'DAY').toLowerCase() as ReviewListParams['time_period'],
    request_status: status.toLowerCase(),
    ...(filter?.repository != null ? { repository_name: assertRepositoryName(filter.repository, 'filter.repository') } : {}),
    ...(filter?.reviewer != null ? { reviewer: assertLogin(filter.reviewer, 'filter.reviewer') } : {}),
    ...(filter?.requester != null ? { requester: assertLogin(filter.requester, 'filter.requester') } : {}),
  };
}

function queueConnection(kind: ReviewRequestKind) {
  const ref = connectionType<ReviewRequestRecord, ReviewQueuePage>(
    kind === 'bypass' ? 'SecretScanningBypassRequest' : 'SecretScanningDismissalRequest',
    kind === 'bypass' ? BypassRequestRef : DismissalRequestRef,
    {
      connection: `A page of ${kind} requests, newest first, merged across organizations.`,
      node: kind === 'bypass' ? 'A bypass request' : 'A dismissal request',
    },
  );
  builder.objectFields(ref, (t) => ({
    totalCount: t.int({ description: 'How many requests match in all, over the organizations that could be read.', resolve: (c) => c.totalCount }),
    failures: t.field({
      type: [OrganizationFailureRef],
      description: 'Organizations whose queue could not be read (FORBIDDEN, NOT_FOUND, UPSTREAM, RATE_LIMITED, or TOO_LARGE past 1,000 requests); the rest still holds.',
      resolve: (c) => c.failures,
    }),
  }));
  return ref;
}

const CONNECTIONS = { bypass: queueConnection('bypass'), dismissal: queueConnection('dismissal') };

const queueArgs = builder.args((t) => ({
  filter: t.field({ type: FilterInput, description: 'Which requests; default: all statuses of the last day.' }),
  first: t.int({ description: 'Page size, 0 to 100 (default 30).' }),
  after: t.string({ description: 'A cursor from this connection: the page starts after it.' }),
}));

interface QueueArgs {
  filter?: QueueFilter | null;
  first?: number | null;
  after?: string | null;
}

function readQueue(context: GatewayContext, kind: ReviewRequestKind, scopes: ReviewScope[], args: QueueArgs, refused: Parameters<typeof resolveReviewQueue>[6] = []) {
  const params = listParams(kind, args.filter, scopes.length === 1 && scopes[0]!.kind === 'repo');
  return resolveReviewQueue(context.cursors, context.loaders, kind, scopes, params, args, refused);
}

const ENDPOINT = { bypass: 'bypass-requests', dismissal: 'dismissal-requests' } as const;

builder.queryFields((t) => {
  const crossOrg = (kind: ReviewRequestKind) =>
    t.field({
      type: CONNECTIONS[kind],
      description:
        `Delegated ${kind} requests of many organizations in one queue, newest first (GET /orgs/{org}/${ENDPOINT[kind]}/secret-scanning). ` +
        '`orgs` defaults to the configured organizations; those that cannot be read are listed in `failures`. Covers the last day unless filter.timePeriod says otherwise.',
      args: { orgs: t.arg.stringList({ description: 'Organization logins; default: GATEWAY_ORGS.' }), ...queueArgs },
      resolve: (_root, { orgs, ...args }, context) => {
        const { logins, refused } = context.policy.organizationsToRead(orgs, context.defaultOrgs);
        return readQueue(context, kind, logins.map((org) => ({ kind: 'org', org })), args, refused);
      },
    });
  return { secretScanningBypassRequests: crossOrg('bypass'), secretScanningDismissalRequests: crossOrg('dismissal') };
});

builder.objectFields(RepositoryRef, (t) => {
  const queue = (kind: ReviewRequestKind) =>
    t.field({
      type: CONNECTIONS[kind],
      description: `This repository's delegated ${kind} requests, newest first (GET /repos/{owner}/{repo}/${ENDPOINT[kind]}/secret-scanning); the last day unless filter.timePeriod says otherwise.`,
      args: queueArgs,
      resolve: (repository, args, context) => {
        authorizeOrg(context, repository.owner, 'owner');
        return readQueue(context, kind, [{ kind: 'repo', owner: repository.owner, repo: repository.name }], args);
      },
    });
  return {
    secretScanningBypassRequests: queue('bypass'),
    secretScanningDismissalRequests: queue('dismissal'),
    secretScanningBypassRequest: t.field({
      type: BypassRequestRef,
      nullable: true,
      description: 'One bypass request by its number; null if there is none.',
      args: { number: t.arg.int({ required: true, description: 'The bypass request number.' }) },
      resolve: (repository, { number }, context) => {
        authorizeOrg(context, repository.owner, 'owner');
        return loadReviewRequest(context, 'bypass', repository.owner, repository.name, number);
      },
    }),
    secretScanningDismissalRequest: t.field({
      type: DismissalRequestRef,
      nullable: true,
      description: 'The dismissal request for an alert, by the alert number; null if there is none.',
      args: { alertNumber: t.arg.int({ required: true, description: 'The alert number.' }) },
      resolve: (repository, { alertNumber }, context) => {
        authorizeOrg(context, repository.owner, 'owner');
        return loadReviewRequest(context, 'dismissal', repository.owner, repository.name, alertNumber);
      },
    }),
  };
});
