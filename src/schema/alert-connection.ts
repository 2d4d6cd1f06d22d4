import type { GraphQLResolveInfo } from 'graphql';
import { resolveAlertConnection, type AlertConnection } from '../alerts/connection.ts';
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

/** Resolves an alert connection over the given scopes (one org, one repository, or many orgs). */
export function resolveScopedAlerts(
  context: GatewayContext,
  info: GraphQLResolveInfo,
  scopes: AlertScope[],
  args: AlertConnectionArgs,
): Promise<AlertConnection> {
  const filter = args.filter ?? {};
  validateFilter(filter);
  const order = args.orderBy ?? DEFAULT_ORDER;
  const plans = planStreams(filter, order, !wantsSecret(context, info));
  const streams = scopes.flatMap((scope) => plans.map((plan) => ({ scope, plan })));
  return resolveAlertConnection(context.alerts, streams, order, {
    first: args.first,
    after: args.after,
    withTotalCount: selectsChild(info, 'totalCount'),
  });
}
