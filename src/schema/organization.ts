import { readRepository } from '../domain/repositories.ts';
import { ForbiddenError, nullIfNotFound } from '../errors.ts';
import { authorizeOrg } from './access.ts';
import { alertConnectionArgs, resolveAlertPage } from './alert-connection.ts';
import { builder } from './builder.ts';
import { AlertConnectionRef, OrganizationRef, PatternConfigurationRef, RepositoryRef } from './refs.ts';

builder.node(OrganizationRef, {
  description: 'A GitHub organization whose secret scanning alerts the gateway reads.',
  id: { resolve: (org) => org.login.toLowerCase() },
  loadOne: async (login, context) => {
    authorizeOrg(context, login, 'id');
    const org = await context.loaders.organization.load(login).catch(nullIfNotFound);
    return org ? { login: org.login } : null;
  },
  fields: (t) => ({
    login: t.exposeString('login', { description: 'The organization login, e.g. "acme-corp".' }),
    name: t.string({
      nullable: true,
      description: 'The display name, if the organization set one.',
      resolve: async (org, _args, context) => (await context.loaders.organization.load(org.login)).name ?? null,
    }),
    url: t.string({
      description: "The organization's GitHub page.",
      resolve: (org, _args, context) => `${context.webUrl}/${org.login}`,
    }),
    repository: t.field({
      type: RepositoryRef,
      nullable: true,
      description: 'One repository of this organization, or null if it does not exist or is not visible.',
      args: { name: t.arg.string({ required: true, description: 'The repository name.' }) },
      resolve: (org, { name }, context) => readRepository(context, org.login, name),
    }),
    secretScanningAlerts: t.field({
      type: AlertConnectionRef,
      description: "This organization's alerts (GET /orgs/{org}/secret-scanning/alerts).",
      args: alertConnectionArgs,
      resolve: (org, args, context, info) => resolveAlertPage(context, info, { kind: 'organizations', orgs: [org.login], enterprise: null }, args),
    }),
    secretScanningPatternConfiguration: t.field({
      type: PatternConfigurationRef,
      nullable: true,
      description: 'Push-protection settings per pattern; null where GitHub has none (GHES before 3.19).',
      resolve: async (org, _args, context) => {
        const configuration = await context.loaders.patternConfiguration.load(org.login).catch(nullIfNotFound);
        return configuration ? { org: org.login, configuration } : null;
      },
    }),
  }),
});

builder.queryFields((t) => ({
  organization: t.field({
    type: OrganizationRef,
    nullable: true,
    description: 'One organization by login; null if GitHub has no such organization.',
    args: { login: t.arg.string({ required: true, description: 'The organization login.' }) },
    resolve: async (_root, { login }, context) => {
      authorizeOrg(context, login);
      const org = await context.loaders.organization.load(login).catch(nullIfNotFound);
      return org ? { login: org.login } : null;
    },
  }),
  organizations: t.field({
    type: [OrganizationRef],
    description: "Several organizations; `logins` defaults to the gateway's configured organizations. Unknown ones are left out.",
    args: { logins: t.arg.stringList({ description: 'Organization logins.' }) },
    resolve: async (_root, { logins }, context) => {
      // Without `logins`: the configured organizations this caller may read.
      const { logins: readable, refused } = context.policy.organizationsToRead(logins, context.defaultOrgs, 'logins');
      if (refused[0]) throw new ForbiddenError(refused[0].message);
      const orgs = await Promise.all(readable.map((login) => context.loaders.organization.load(login).catch(nullIfNotFound)));
      return orgs.flatMap((org) => (org ? [{ login: org.login }] : []));
    },
  }),
}));
