/**
 * Where a setting lives on GitHub: an organization, a repository or an enterprise. Custom
 * patterns exist at all three levels, pattern configurations at the organization and
 * enterprise levels, with the same shapes under different URL prefixes.
 * Names are validated (src/github/names.ts, authorizeEnterprise) before a scope is built.
 */
export type OwnerScope =
  | { kind: 'org'; org: string }
  | { kind: 'repo'; owner: string; repo: string }
  | { kind: 'enterprise'; enterprise: string };

/** The route prefix (a template, parameters filled and encoded by Octokit) and its parameters. */
export function scopeRoute(scope: OwnerScope): { prefix: string; params: Record<string, string> } {
  switch (scope.kind) {
    case 'org':
      return { prefix: '/orgs/{org}', params: { org: scope.org } };
    case 'repo':
      return { prefix: '/repos/{owner}/{repo}', params: { owner: scope.owner, repo: scope.repo } };
    case 'enterprise':
      return { prefix: '/enterprises/{enterprise}', params: { enterprise: scope.enterprise } };
  }
}

/** For messages: `organization "acme"`, `repository "acme/api"`, `enterprise "acme-ent"`. */
export function scopeSubject(scope: OwnerScope): string {
  switch (scope.kind) {
    case 'org':
      return `organization "${scope.org}"`;
    case 'repo':
      return `repository "${scope.owner}/${scope.repo}"`;
    case 'enterprise':
      return `enterprise "${scope.enterprise}"`;
  }
}

/** Whose credential serves the scope (GitHubAccess.clientFor): the org, the repository owner, or the enterprise slug. */
export function scopeCredentialOwner(scope: OwnerScope): string {
  return scope.kind === 'org' ? scope.org : scope.kind === 'repo' ? scope.owner : scope.enterprise;
}

/** A case-insensitive key (loaders, cursors, global ids): `org:acme`, `repo:acme/api`, `enterprise:acme-ent`. */
export function scopeKey(scope: OwnerScope): string {
  const name = scope.kind === 'org' ? scope.org : scope.kind === 'repo' ? `${scope.owner}/${scope.repo}` : scope.enterprise;
  return `${scope.kind}:${name}`.toLowerCase();
}

/** Parses scopeKey's output back; null for anything else. Names still need validating. */
export function parseScopeKey(key: string): OwnerScope | null {
  const match = /^(org|repo|enterprise):([^:]+)$/.exec(key);
  if (!match?.[1] || !match[2]) return null;
  if (match[1] === 'org') return { kind: 'org', org: match[2] };
  if (match[1] === 'enterprise') return { kind: 'enterprise', enterprise: match[2] };
  const [owner, repo, extra] = match[2].split('/');
  return owner && repo && extra === undefined ? { kind: 'repo', owner, repo } : null;
}
