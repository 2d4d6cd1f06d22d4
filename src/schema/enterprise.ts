import { ValidationError, nullIfNotFound } from '../errors.ts';
import { authorizeEnterprise } from './access.ts';
import { builder } from './builder.ts';
import { EnterprisePatternConfigurationRef, EnterpriseRef } from './refs.ts';

builder.objectType(EnterpriseRef, {
  description:
    'A GitHub Enterprise Cloud (or Server) enterprise: settings that apply to all its organizations. Callers limited to some ' +
    'organizations (an API key with an org list) may not read or change them.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'The enterprise slug, as in its URL.' }),
    secretScanningPatternConfiguration: t.field({
      type: EnterprisePatternConfigurationRef,
      nullable: true,
      description:
        "The enterprise's push-protection settings per pattern; null where GitHub has none (api.github.com without GHEC, GHES before 3.19).",
      resolve: async (enterprise, _args, context) => {
        const slug = authorizeEnterprise(context, enterprise.slug, 'slug');
        const configuration = await context.loaders.enterprisePatternConfiguration.load(slug).catch(nullIfNotFound);
        return configuration ? { enterprise: slug, configuration } : null;
      },
    }),
  }),
});

builder.queryField('enterprise', (t) =>
  t.field({
    type: EnterpriseRef,
    nullable: true,
    description:
      'One enterprise by slug (default: GATEWAY_ENTERPRISE). GitHub has no cheap way to check that it exists, so its fields ' +
      'answer NOT_FOUND (or null) when it does not. Null with a FORBIDDEN error for callers limited to some organizations.',
    args: { slug: t.arg.string({ description: 'The enterprise slug; default: GATEWAY_ENTERPRISE.' }) },
    resolve: (_root, { slug }, context) => {
      const wanted = slug ?? context.enterprise;
      if (wanted == null) throw new ValidationError('Name an enterprise: pass `slug` or configure GATEWAY_ENTERPRISE.', 'slug');
      return { slug: authorizeEnterprise(context, wanted, 'slug') };
    },
  }),
);
