import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { ForbiddenError } from '../errors.ts';
import { assertEnterpriseSlug } from '../alerts/enterprise.ts';
import { assertLogin } from '../github/names.ts';
import { operationSelects } from './selection.ts';

/** Validates an org login and checks the caller may name it, before any upstream call. */
export function authorizeOrg(context: GatewayContext, login: string, field = 'login'): string {
  assertLogin(login, field);
  const allowlist = context.caller.orgAllowlist;
  if (allowlist && !allowlist.has(login.toLowerCase())) {
    throw new ForbiddenError(`This caller may not read organization "${login}".`);
  }
  return login;
}

/** Secrets are read from GitHub only for callers allowed to see them, and only when selected. */
export function wantsSecret(context: GatewayContext, info: GraphQLResolveInfo): boolean {
  return context.caller.canSeeSecrets && operationSelects(info, 'secret');
}

/** Mutations need a caller allowed to write; checked before any upstream call. */
export function assertCanWrite(context: GatewayContext): void {
  if (!context.caller.canWrite) throw new ForbiddenError('This caller has read-only access and may not change alerts or settings.');
}

/** Writes need a caller allowed to write, and an organization it may name. */
export function authorizeWrite(context: GatewayContext, login: string, field = 'org'): string {
  assertCanWrite(context);
  return authorizeOrg(context, login, field);
}

/**
 * Enterprise-level reads and writes (enterprise custom patterns and pattern configuration): the
 * slug is validated, and a caller limited to some organizations (an org allowlist) is refused,
 * since enterprise settings apply to every organization of the enterprise. Checked before any
 * upstream call.
 */
export function authorizeEnterprise(context: GatewayContext, slug: string, field = 'enterprise', options: { write?: boolean } = {}): string {
  if (options.write) assertCanWrite(context);
  assertEnterpriseSlug(slug, field);
  if (context.caller.orgAllowlist !== null) {
    throw new ForbiddenError(`This caller is limited to some organizations and may not ${options.write ? 'change' : 'read'} the settings of enterprise "${slug}".`);
  }
  return slug;
}
