import type { GraphQLResolveInfo } from 'graphql';
import type { AlertConnection } from '../alerts/connection.ts';
import type { AlertFilter, AlertOrder } from '../alerts/query.ts';
import type { GatewayContext } from '../context.ts';
import { crossOrgQuery, scopeQuery } from '../domain/alert-reads.ts';
import type { AlertQueryScope } from '../domain/alert-store.ts';
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

/** A page of alerts of one organization, one repository, or (with `orgs`) many organizations. */
export function resolveAlertPage(
  context: GatewayContext,
  info: GraphQLResolveInfo,
  scope: AlertQueryScope | { kind: 'cross-org'; orgs: readonly string[] | null | undefined; enterprise: string | null | undefined },
  args: AlertConnectionArgs,
): Promise<AlertConnection> {
  const selection = { filter: args.filter, orderBy: args.orderBy, withSecrets: wantsSecret(context, info) };
  const query =
    scope.kind === 'cross-org'
      ? crossOrgQuery(context, { ...selection, orgs: scope.orgs, enterprise: scope.enterprise })
      : scopeQuery(context, scope, selection);
  return context.store.page(query, { first: args.first, after: args.after, withTotalCount: selectsChild(info, 'totalCount') });
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
    resolve: (_root, { orgs, enterprise, ...args }, context, info) => resolveAlertPage(context, info, { kind: 'cross-org', orgs, enterprise }, args),
  }),
);
