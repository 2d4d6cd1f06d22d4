import { readRepository } from '../domain/repositories.ts';
import { nullIfNotFound } from '../errors.ts';
import { wantsSecret } from './access.ts';
import { alertConnectionArgs, resolveAlertPage } from './alert-connection.ts';
import { builder } from './builder.ts';
import { AlertConnectionRef, AlertRef, OrganizationRef, RepositoryRef } from './refs.ts';

builder.node(RepositoryRef, {
  description: 'A repository with secret scanning alerts.',
  id: { resolve: (repository) => repository.nameWithOwner.toLowerCase() },
  loadOne: (nameWithOwner, context) => {
    const [owner = '', name = ''] = nameWithOwner.split('/');
    return readRepository(context, owner, name, 'id');
  },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The repository name.' }),
    nameWithOwner: t.exposeString('nameWithOwner', { description: 'owner/name' }),
    owner: t.field({ type: OrganizationRef, description: 'The owning organization.', resolve: (r) => ({ login: r.owner }) }),
    isPrivate: t.boolean({
      nullable: true,
      description: 'Whether the repository is private.',
      resolve: async (repository, _args, context) =>
        repository.isPrivate ?? (await context.loaders.repository.load(repository.nameWithOwner)).private,
    }),
    url: t.exposeString('url', { description: "The repository's GitHub page." }),
    secretScanningAlert: t.field({
      type: AlertRef,
      nullable: true,
      description: 'One alert by its number in this repository; null if there is none.',
      args: { number: t.arg.int({ required: true, description: 'The alert number.' }) },
      resolve: (repository, args, context, info) =>
        context.store
          .alert(repository.owner, repository.name, args.number, wantsSecret(context, info))
          .catch(nullIfNotFound),
    }),
    secretScanningAlerts: t.field({
      type: AlertConnectionRef,
      description: "This repository's alerts (GET /repos/{owner}/{repo}/secret-scanning/alerts).",
      args: alertConnectionArgs,
      resolve: (repository, args, context, info) =>
        resolveAlertPage(context, info, { kind: 'repository', owner: repository.owner, name: repository.name }, args),
    }),
  }),
});

builder.queryField('repository', (t) =>
  t.field({
    type: RepositoryRef,
    nullable: true,
    description: 'One repository; null if it does not exist or is not visible to the credential.',
    args: {
      owner: t.arg.string({ required: true, description: 'The owning organization (or user) login.' }),
      name: t.arg.string({ required: true, description: 'The repository name.' }),
    },
    resolve: (_root, { owner, name }, context) => {
      context.policy.authorizeRead(owner, 'owner');
      return readRepository(context, owner, name);
    },
  }),
);
