import type { GatewayContext } from '../context.ts';
import { ValidationError } from '../errors.ts';
import { assertRepositoryName } from '../github/names.ts';
import type { OwnerScope } from '../github/owner-scope.ts';
import { authorizeEnterprise, authorizeOrg, authorizeWrite } from './access.ts';

/**
 * Checks a caller may read (or write) the settings of an org, a repository or an enterprise,
 * through the named helpers of access.ts, before any upstream call; names are validated too.
 */
export function authorizeScope(context: GatewayContext, scope: OwnerScope, field: string, write = false): OwnerScope {
  switch (scope.kind) {
    case 'org':
      if (write) authorizeWrite(context, scope.org, field);
      else authorizeOrg(context, scope.org, field);
      return scope;
    case 'repo':
      if (write) authorizeWrite(context, scope.owner, field);
      else authorizeOrg(context, scope.owner, field);
      assertRepositoryName(scope.repo, field);
      return scope;
    case 'enterprise':
      authorizeEnterprise(context, scope.enterprise, field, { write });
      return scope;
  }
}

/** The target of a settings mutation: exactly one of `org`, `repository` ("owner/name") and `enterprise`. */
export function scopeOfTarget(input: { org?: string | null; repository?: string | null; enterprise?: string | null }, field = 'input'): OwnerScope {
  const given = [input.org, input.repository, input.enterprise].filter((value) => value != null);
  if (given.length !== 1) throw new ValidationError('Name exactly one of `org`, `repository` (owner/name) and `enterprise`.', field);
  if (input.org != null) return { kind: 'org', org: input.org };
  if (input.enterprise != null) return { kind: 'enterprise', enterprise: input.enterprise };
  const [owner = '', repo = '', extra] = (input.repository ?? '').split('/');
  if (extra !== undefined || owner === '' || repo === '') throw new ValidationError('`repository` must be owner/name.', `${field}.repository`);
  return { kind: 'repo', owner, repo };
}

/** The input field naming a scope: `input.org`, `input.repository` or `input.enterprise`. */
export function fieldOfScope(scope: OwnerScope, base = 'input'): string {
  return `${base}.${scope.kind === 'org' ? 'org' : scope.kind === 'repo' ? 'repository' : 'enterprise'}`;
}
