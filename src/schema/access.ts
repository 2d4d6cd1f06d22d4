import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { operationSelects } from './selection.ts';

/*
 * Resolver-side shorthands for the request's policy (src/domain/policy.ts). They refuse early,
 * before any upstream call, with the input field named; the guarded GitHub access checks every
 * call again by the organization it addresses.
 */

/** Validates an org login and checks the caller may read it. */
export function authorizeOrg(context: GatewayContext, login: string, field = 'login'): string {
  return context.policy.authorizeRead(login, field);
}

/** Secrets are read from GitHub only for callers allowed to see them, only when selected, and never pushed to subscribers. */
export function wantsSecret(context: GatewayContext, info: GraphQLResolveInfo): boolean {
  return context.policy.canSeeSecrets && info.operation.operation !== 'subscription' && operationSelects(info, 'secret');
}

/** Mutations need a caller allowed to write. */
export function assertCanWrite(context: GatewayContext): void {
  context.policy.assertCanWrite();
}

/** Writes need a caller allowed to write, and an organization it may name. */
export function authorizeWrite(context: GatewayContext, login: string, field = 'org'): string {
  return context.policy.authorizeWrite(login, field);
}

/** Enterprise-level reads and writes (enterprise custom patterns and pattern configuration): see AccessPolicy.authorizeEnterprise. */
export function authorizeEnterprise(context: GatewayContext, slug: string, field = 'enterprise', options: { write?: boolean } = {}): string {
  return context.policy.authorizeEnterprise(slug, { write: options.write, field });
}
