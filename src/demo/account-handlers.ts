import { canSeeRepo, requireUserToken } from './auth.ts';
import { GitHubError } from './github-error.ts';
import type { Principal } from './auth.ts';
import type { DemoOrg } from './dataset.ts';
import type { SimpleRepository } from './github-types.ts';
import { paginateByPage } from './pagination.ts';
import { oneOf } from './query-params.ts';
import { ok, okWithLink, param, type HandlerResult, type RequestContext } from './request-context.ts';

/** GET /user: the token's user. */
export function getAuthenticatedUser(context: RequestContext): HandlerResult {
  return ok(requireUserToken(context.principal).user);
}

/** GET /orgs/{org}: public organization profile, readable by any authenticated caller. */
export function getOrganization(context: RequestContext): HandlerResult {
  const org = context.state.org(param(context, 'org'));
  if (org === undefined) throw GitHubError.notFound();
  const repos = context.state.dataset.repos.filter((repo) => repo.owner.login === org.login);
  return ok({
    login: org.login,
    id: org.id,
    node_id: org.node_id,
    url: org.url,
    repos_url: `${org.url}/repos`,
    events_url: `${org.url}/events`,
    hooks_url: `${org.url}/hooks`,
    issues_url: `${org.url}/issues`,
    members_url: `${org.url}/members{/member}`,
    public_members_url: `${org.url}/public_members{/member}`,
    avatar_url: org.avatar_url,
    description: org.description,
    name: org.name,
    company: null,
    blog: '',
    location: null,
    email: null,
    twitter_username: null,
    is_verified: false,
    has_organization_projects: true,
    has_repository_projects: true,
    public_repos: repos.filter((repo) => !repo.private).length,
    public_gists: 0,
    followers: 0,
    following: 0,
    html_url: org.html_url,
    created_at: '2015-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    archived_at: null,
    type: 'Organization',
  });
}

/** GET /repos/{owner}/{repo}: the full-repository fields a client needs, plus security_and_analysis for admins. */
export function getRepository(context: RequestContext): HandlerResult {
  const { state, principal } = context;
  const org = state.org(param(context, 'owner'));
  const repo = state.repo(param(context, 'owner'), param(context, 'repo'));
  if (org === undefined || repo === undefined || !canSeeRepo(principal, org, repo)) throw GitHubError.notFound();
  return ok(repositoryView(principal, org, repo));
}

/**
 * GET /orgs/{org}/repos: the org's repositories the caller can see (private ones for members),
 * ordered by full_name or by creation (GitHub's default), paged by number with Link headers.
 */
export function listOrgRepositories(context: RequestContext): HandlerResult {
  const { state, principal } = context;
  const org = state.org(param(context, 'org'));
  if (org === undefined) throw GitHubError.notFound();
  const query = context.url.searchParams;
  const type = oneOf(query, 'type', ['all', 'public', 'private', 'forks', 'sources', 'member'], 'all', 'Repository');
  const sort = oneOf(query, 'sort', ['created', 'updated', 'pushed', 'full_name'], 'created', 'Repository');
  const direction = oneOf(query, 'direction', ['asc', 'desc'], sort === 'full_name' ? 'asc' : 'desc', 'Repository');
  const repos = state.dataset.repos
    .filter((repo) => repo.owner.login === org.login && canSeeRepo(principal, org, repo))
    .filter((repo) => (type === 'public' ? !repo.private : type === 'private' ? repo.private : type !== 'forks'))
    // Every demo repository has the same timestamps, so creation order is the order of their ids.
    .sort((a, b) => (sort === 'full_name' ? a.full_name.localeCompare(b.full_name) : a.id - b.id) * (direction === 'asc' ? 1 : -1));
  const page = paginateByPage(repos.map((repo) => repositoryView(principal, org, repo)), context.url);
  return okWithLink(page.items, page.link);
}

/** A repository as GET /repos/{owner}/{repo} and GET /orgs/{org}/repos show it. */
function repositoryView(principal: Principal, org: DemoOrg, repo: SimpleRepository): Record<string, unknown> {
  const admin =
    (principal.kind === 'user' && principal.token.readableOrgs.includes(org.login)) ||
    (principal.kind === 'installation' && principal.minted.installation.org === org.login);
  const status = (enabled: boolean) => ({ status: enabled ? 'enabled' : 'disabled' });
  return {
    ...repo,
    git_url: `git://github.com/${repo.full_name}.git`,
    ssh_url: `git@github.com:${repo.full_name}.git`,
    clone_url: `https://github.com/${repo.full_name}.git`,
    svn_url: `https://github.com/${repo.full_name}`,
    homepage: null,
    language: null,
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 1024,
    default_branch: 'main',
    open_issues_count: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.private ? 'private' : 'public',
    pushed_at: '2026-10-30T12:00:00Z',
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2026-10-30T12:00:00Z',
    permissions: { admin, maintain: admin, push: admin, triage: true, pull: true },
    organization: repo.owner,
    network_count: 0,
    subscribers_count: 0,
    security_and_analysis: admin
      ? {
          secret_scanning: status(org.secretScanningEnabled),
          secret_scanning_push_protection: status(org.secretScanningEnabled),
          secret_scanning_non_provider_patterns: status(org.secretScanningEnabled),
          secret_scanning_validity_checks: status(org.secretScanningEnabled),
        }
      : null,
  };
}

/** GET /rate_limit: GitHub's rate_limit shape; answering it does not consume the limit. */
export function rateLimitBody(core: { limit: number; used: number; remaining: number; reset: number }): unknown {
  const fresh = (limit: number) => ({ limit, used: 0, remaining: limit, reset: core.reset });
  return {
    resources: {
      core,
      search: fresh(30),
      graphql: fresh(5000),
      integration_manifest: fresh(5000),
      code_scanning_upload: fresh(1000),
    },
    rate: core,
  };
}
