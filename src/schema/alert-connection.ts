import type { GraphQLResolveInfo } from 'graphql';
import { resolveAlertConnection, type AlertConnection, type OrganizationFailure } from '../alerts/connection.ts';
import { crossOrgScopes, enterpriseFor } from '../alerts/enterprise.ts';
import { DEFAULT_ORDER, planStreams, validateFilter, type AlertFilter, type AlertOrder } from '../alerts/query.ts';
import type { AlertScope } from '../alerts/source.ts';
import type { GatewayContext } from '../context.ts';
import { wantsSecret } from './access.ts';
import { AlertFilterInput, AlertOrderInput } from './alert-filter.ts';
import { builder } from './builder.ts';
import { AlertConnectionRef, AlertRef, OrganizationFailureRef } from './refs.ts';
import { selectsChild } from './selection.ts';

builder.objectType(OrganizationFailureRef, {
  description: 'An organization whose alerts could not be read. The rest of the answer still holds.',
  fields: (t) => ({
    login: t.exposeString('login', { description: 'The organization login.' }),
    code: t.exposeString('code', {
      description: 'FORBIDDEN (no access), NOT_FOUND (no such org, or secret scanning disabled), RATE_LIMITED, UPSTREAM (GitHub kept failing).',
    }),
    message: t.exposeString('message', { description: 'What went wrong, for people.' }),
  }),
});

const AlertEdgeRef = builder.objectRef<AlertConnection['edges'][number]>('SecretScanningAlertEdge').implement({
  description: 'An alert and the cursor just after it.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Pass as `after` to continue after this alert.' }),
    node: t.field({ type: AlertRef, description: 'The alert.', resolve: (edge) => edge.node }),
  }),
});

builder.objectType(AlertConnectionRef, {
  description: 'A page of alerts, merged across organizations in the requested order.',
  fields: (t) => ({
    edges: t.field({ type: [AlertEdgeRef], description: 'The alerts of this page with their cursors.', resolve: (c) => c.edges }),
    nodes: t.field({ type: [AlertRef], description: 'The alerts of this page.', resolve: (c) => c.edges.map((edge) => edge.node) }),
    pageInfo: t.field({ type: builder.pageInfoRef(), description: 'Where this page stands.', resolve: (c) => c.pageInfo }),
    totalCount: t.int({
      description: 'How many alerts match in all, over the organizations that could be read (reads every page once).',
      resolve: (c) => c.totalCount(),
    }),
    failures: t.field({
      type: [OrganizationFailureRef],
      description: 'Organizations whose alerts could not be read; the connection holds the others.',
      resolve: (c) => c.failures(),
    }),
  }),
});

interface AlertConnectionArgs {
  filter?: AlertFilter | null;
  orderBy?: AlertOrder | null;
  first?: number | null;
  after?: string | null;
}

/** The arguments every alert connection takes. */
export const alertConnectionArgs = builder.args((t) => ({
  filter: t.field({ type: AlertFilterInput, description: 'Which alerts to include.' }),
  orderBy: t.field({ type: AlertOrderInput, description: 'Order of the alerts; default CREATED_AT DESC.' }),
  first: t.int({ description: 'Page size, 0 to 100 (default 30).' }),
  after: t.string({ description: 'A cursor from this connection: the page starts after it.' }),
}));

/**
 * Resolves an alert connection over the given scopes (one org, one repository, or many orgs).
 * With an enterprise, org scopes may be read through the enterprise's list (see crossOrgScopes).
 */
export async function resolveScopedAlerts(
  context: GatewayContext,
  info: GraphQLResolveInfo,
  scopes: AlertScope[],
  args: AlertConnectionArgs,
  failures: OrganizationFailure[] = [],
  enterprise: string | null = null,
): Promise<AlertConnection> {
  const filter = args.filter ?? {};
  validateFilter(filter);
  const order = args.orderBy ?? DEFAULT_ORDER;
  const plans = planStreams(filter, order, !wantsSecret(context, info));
  if (enterprise) {
    const logins = scopes.flatMap((scope) => (scope.kind === 'org' ? [scope.org] : []));
    const chosen = await crossOrgScopes(context.alerts, logins, plans, enterprise, true);
    scopes = chosen.scopes;
    failures = [...failures, ...chosen.failures];
  }
  const streams = scopes.flatMap((scope) => plans.map((plan) => ({ scope, plan })));
  return resolveAlertConnection(context.alerts, streams, order, {
    first: args.first,
    after: args.after,
    withTotalCount: selectsChild(info, 'totalCount'),
    failures,
    cursors: context.cursors,
  });
}

/** The `enterprise` argument of cross-org fields. */
export const enterpriseArgs = builder.args((t) => ({
  enterprise: t.string({
    description:
      'Read through this enterprise\'s alert list (GET /enterprises/{enterprise}/secret-scanning/alerts); default: GATEWAY_ENTERPRISE. ' +
      'Only the organizations asked for are kept, and the answer is the same as with per-organization reads, to which the ' +
      'gateway falls back when GitHub refuses the enterprise list (e.g. for a GitHub App).',
  }),
}));

builder.queryField('secretScanningAlerts', (t) =>
  t.field({
    type: AlertConnectionRef,
    description:
      'Alerts of many organizations merged into one ordered connection. `orgs` defaults to the configured organizations. ' +
      'Organizations that cannot be read are listed in `failures`; the others are still returned.',
    args: {
      orgs: t.arg.stringList({ description: 'Organization logins; default: GATEWAY_ORGS.' }),
      ...alertConnectionArgs,
      ...enterpriseArgs,
    },
    resolve: (_root, { orgs, enterprise, ...args }, context, info) => {
      const { logins, refused } = context.policy.organizationsToRead(orgs, context.defaultOrgs);
      const scopes: AlertScope[] = logins.map((org) => ({ kind: 'org', org }));
      return resolveScopedAlerts(context, info, scopes, args, refused, enterpriseFor(enterprise, context.enterprise));
    },
  }),
);
