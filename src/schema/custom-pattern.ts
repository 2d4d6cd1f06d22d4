import type { ObjectRef } from '@pothos/core';
import { repositoryFromName } from '../alerts/model.ts';
import type { GatewayContext } from '../context.ts';
import { ValidationError, nullIfNotFound } from '../errors.ts';
import type { CustomPatternListParams } from '../github/custom-patterns.ts';
import { parseScopeKey, scopeKey, type OwnerScope } from '../github/owner-scope.ts';
import { paramsKey } from '../github/surface-loaders.ts';
import { OrderDirectionEnum } from './alert-filter.ts';
import { builder } from './builder.ts';
import { connectionType, resolveOffsetConnection, type PageShape } from './offset-connection.ts';
import { CustomPatternRef, EnterpriseRef, OrganizationRef, RepositoryRef, type CustomPatternShape } from './refs.ts';
import { authorizeScope } from './scope-access.ts';

/** A single pattern is found by reading the default list; GitHub has no endpoint for one. */
const MAX_LOOKUP_PAGES = 10;

export const CustomPatternStateEnum = builder.enumType('SecretScanningCustomPatternState', {
  description: 'Whether a custom pattern is in use.',
  values: {
    PUBLISHED: { description: 'Secret scanning looks for it: published.' },
    UNPUBLISHED: { description: 'A draft, not scanned for: unpublished.' },
  } as const,
});

const CustomPatternScopeEnum = builder.enumType('SecretScanningCustomPatternScope', {
  description: 'Where a custom pattern is defined.',
  values: {
    ORGANIZATION: { description: 'For every repository of an organization.' },
    REPOSITORY: { description: 'For one repository.' },
    ENTERPRISE: { description: 'For every organization of an enterprise.' },
  } as const,
});

const SCOPE_VALUE = { org: 'ORGANIZATION', repo: 'REPOSITORY', enterprise: 'ENTERPRISE' } as const;

/** `org:acme#12`: the scope key and GitHub's pattern id, so an id names one pattern for every caller. */
export function customPatternLocalId(scope: OwnerScope, patternId: number): string {
  return `${scopeKey(scope)}#${patternId}`;
}

export function parseCustomPatternId(localId: string, field: string): { scope: OwnerScope; patternId: number } {
  const at = localId.lastIndexOf('#');
  const scope = at > 0 ? parseScopeKey(localId.slice(0, at)) : null;
  const patternId = Number(localId.slice(at + 1));
  if (scope === null || !/^\d{1,15}$/.test(localId.slice(at + 1))) throw new ValidationError('This id does not name a custom pattern.', field);
  return { scope, patternId };
}

builder.node(CustomPatternRef, {
  description: 'A custom secret-scanning pattern of an organization, a repository or an enterprise (dotcom and GHEC; GHES has none).',
  id: { resolve: ({ scope, pattern }) => customPatternLocalId(scope, pattern.id) },
  loadOne: async (id, context) => {
    const { scope, patternId } = parseCustomPatternId(id, 'id');
    return findCustomPattern(context, authorizeScope(context, scope, 'id'), patternId).catch(nullIfNotFound);
  },
  fields: (t) => ({
    databaseId: t.int({ description: "GitHub's id of the pattern (pattern_id).", resolve: ({ pattern }) => pattern.id }),
    name: t.string({ description: 'The name of the pattern.', resolve: ({ pattern }) => pattern.name }),
    slug: t.string({ description: 'A URL-friendly identifier derived from the name.', resolve: ({ pattern }) => pattern.slug }),
    pattern: t.string({ description: 'The regular expression of the secret.', resolve: ({ pattern }) => pattern.pattern }),
    startDelimiter: t.string({ nullable: true, description: 'What must come before the secret (a regular expression).', resolve: ({ pattern }) => pattern.start_delimiter ?? null }),
    endDelimiter: t.string({ nullable: true, description: 'What must come after the secret (a regular expression).', resolve: ({ pattern }) => pattern.end_delimiter ?? null }),
    mustMatch: t.stringList({ nullable: true, description: 'Regular expressions the secret must also match.', resolve: ({ pattern }) => pattern.must_match ?? null }),
    mustNotMatch: t.stringList({ nullable: true, description: 'Regular expressions the secret must not match.', resolve: ({ pattern }) => pattern.must_not_match ?? null }),
    state: t.field({ type: CustomPatternStateEnum, description: 'PUBLISHED or UNPUBLISHED.', resolve: ({ pattern }) => (pattern.state === 'unpublished' ? 'UNPUBLISHED' : 'PUBLISHED') }),
    pushProtectionEnabled: t.boolean({ description: 'Whether pushes containing a match are blocked.', resolve: ({ pattern }) => pattern.push_protection_enabled }),
    version: t.string({
      nullable: true,
      description: 'custom_pattern_version: pass it back when updating or deleting the pattern (a stale one is a VersionConflictError).',
      resolve: ({ pattern }) => pattern.custom_pattern_version ?? null,
    }),
    createdAt: t.field({ type: 'DateTime', nullable: true, description: 'When the pattern was created.', resolve: ({ pattern }) => pattern.created_at ?? null }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the pattern last changed.', resolve: ({ pattern }) => pattern.updated_at ?? null }),
    scope: t.field({ type: CustomPatternScopeEnum, description: 'Where the pattern is defined.', resolve: ({ scope }) => SCOPE_VALUE[scope.kind] }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The organization it belongs to (directly, or through its repository); null for enterprise patterns.',
      resolve: ({ scope }) => (scope.kind === 'org' ? { login: scope.org } : scope.kind === 'repo' ? { login: scope.owner } : null),
    }),
    repository: t.field({
      type: RepositoryRef,
      nullable: true,
      description: 'The repository of a repository pattern.',
      resolve: ({ scope }, _args, context) => (scope.kind === 'repo' ? repositoryFromName(scope.owner, scope.repo, context.webUrl) : null),
    }),
    enterprise: t.field({
      type: EnterpriseRef,
      nullable: true,
      description: 'The enterprise of an enterprise pattern.',
      resolve: ({ scope }) => (scope.kind === 'enterprise' ? { slug: scope.enterprise } : null),
    }),
  }),
});

const CustomPatternConnection = connectionType<CustomPatternShape>('SecretScanningCustomPattern', CustomPatternRef, {
  connection: 'A page of custom patterns, in the requested order.',
  node: 'A custom pattern',
});

const CustomPatternFilterInput = builder.inputType('SecretScanningCustomPatternFilter', {
  description: 'Filters on custom patterns, applied by GitHub.',
  fields: (t) => ({
    state: t.field({ type: CustomPatternStateEnum, description: 'Only patterns in this state.' }),
    pushProtectionEnabled: t.boolean({ description: 'true: only patterns with push protection on; false: only those with it off.' }),
  }),
});

const CustomPatternOrderField = builder.enumType('SecretScanningCustomPatternOrderField', {
  description: 'What custom patterns are ordered by.',
  values: {
    CREATED_AT: { description: 'When the pattern was created.' },
    UPDATED_AT: { description: 'When the pattern last changed.' },
    NAME: { description: 'The pattern name.' },
  } as const,
});

const CustomPatternOrderInput = builder.inputType('SecretScanningCustomPatternOrder', {
  description: 'Order of custom patterns; default CREATED_AT DESC (GitHub applies it).',
  fields: (t) => ({
    field: t.field({ type: CustomPatternOrderField, required: true, description: 'What to order by.' }),
    direction: t.field({ type: OrderDirectionEnum, required: true, description: 'ASC or DESC.' }),
  }),
});

interface CustomPatternArgs {
  filter?: { state?: 'PUBLISHED' | 'UNPUBLISHED' | null; pushProtectionEnabled?: boolean | null } | null;
  orderBy?: { field: 'CREATED_AT' | 'UPDATED_AT' | 'NAME'; direction: 'ASC' | 'DESC' } | null;
  first?: number | null;
  after?: string | null;
}

function listParams(args: CustomPatternArgs): CustomPatternListParams {
  const { filter, orderBy } = args;
  const sort = ({ CREATED_AT: 'created', UPDATED_AT: 'updated', NAME: 'name' } as const)[orderBy?.field ?? 'CREATED_AT'];
  return {
    ...(filter?.state ? { state: filter.state === 'PUBLISHED' ? 'published' : 'unpublished' } : {}),
    ...(filter?.pushProtectionEnabled != null ? { push_protection: filter.pushProtectionEnabled ? 'enabled' : 'disabled' } : {}),
    sort,
    direction: orderBy?.direction === 'ASC' ? 'asc' : 'desc',
  };
}

async function resolveCustomPatterns(context: GatewayContext, scope: OwnerScope, args: CustomPatternArgs): Promise<PageShape<CustomPatternShape>> {
  authorizeScope(context, scope, 'login');
  const params = listParams(args);
  return resolveOffsetConnection(context.cursors, 'custom-patterns', `${scopeKey(scope)}?${paramsKey(params)}`, args, async (page) => {
    const { items, next } = await context.loaders.customPatternPage.load({ scope, params, page });
    return { items: items.map((pattern) => ({ scope, pattern })), next };
  });
}

/** One pattern by GitHub's id, read from the default list (GitHub has no endpoint for one); null if absent. */
export async function findCustomPattern(context: GatewayContext, scope: OwnerScope, patternId: number): Promise<CustomPatternShape | null> {
  const params = listParams({});
  for (let page = 1; page <= MAX_LOOKUP_PAGES; page += 1) {
    const { items, next } = await context.loaders.customPatternPage.load({ scope, params, page });
    const pattern = items.find((candidate) => candidate.id === patternId);
    if (pattern) return { scope, pattern };
    if (!next) break;
  }
  return null;
}

/** Adds secretScanningCustomPatterns and secretScanningCustomPattern to the type of an org, a repository or an enterprise. */
function addCustomPatternFields<P>(ref: ObjectRef<any, P>, scopeOf: (parent: P) => OwnerScope, where: string): void {
  builder.objectFields(ref, (t) => ({
    secretScanningCustomPatterns: t.field({
      type: CustomPatternConnection,
      nullable: true,
      description:
        `The custom patterns of this ${where} (GET …/secret-scanning/custom-patterns). Null with a NOT_FOUND error where GitHub has ` +
        'none: GitHub Enterprise Server has no custom-pattern API.',
      args: {
        filter: t.arg({ type: CustomPatternFilterInput, description: 'Which patterns to include.' }),
        orderBy: t.arg({ type: CustomPatternOrderInput, description: 'Order of the patterns; default CREATED_AT DESC.' }),
        first: t.arg.int({ description: 'Page size, 0 to 100 (default 30).' }),
        after: t.arg.string({ description: 'A cursor from this connection: the page starts after it.' }),
      },
      resolve: (parent, args, context) => resolveCustomPatterns(context, scopeOf(parent), args),
    }),
    secretScanningCustomPattern: t.field({
      type: CustomPatternRef,
      nullable: true,
      description: `One custom pattern of this ${where} by GitHub's id (databaseId); null if there is none.`,
      args: { databaseId: t.arg.int({ required: true, description: "GitHub's pattern id." }) },
      resolve: (parent, { databaseId }, context) => findCustomPattern(context, authorizeScope(context, scopeOf(parent), 'login'), databaseId),
    }),
  }));
}

addCustomPatternFields(OrganizationRef, (org) => ({ kind: 'org', org: org.login }), 'organization');
addCustomPatternFields(RepositoryRef, (repository) => ({ kind: 'repo', owner: repository.owner, repo: repository.name }), 'repository');
addCustomPatternFields(EnterpriseRef, (enterprise) => ({ kind: 'enterprise', enterprise: enterprise.slug }), 'enterprise');
