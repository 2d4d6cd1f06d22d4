import { looksLikeJwt, verifyAppJwt } from './app-jwt.ts';
import type { DemoOrg, DemoToken } from './dataset.ts';
import type { DemoApp } from './demo-app.ts';
import type { DemoState, MintedInstallationToken } from './demo-state.ts';
import { GitHubError } from './github-error.ts';
import { simpleUser } from './github-objects.ts';
import type { SimpleRepository, SimpleUser } from './github-types.ts';

/** Who a request authenticates as; `rateLimitBucket` keys its rate limit. */
export type Principal =
  | { kind: 'user'; token: DemoToken; rateLimitBucket: string }
  | { kind: 'installation'; minted: MintedInstallationToken; rateLimitBucket: string }
  | { kind: 'app'; app: DemoApp; rateLimitBucket: string };

export function credentialOf(authorization: string | undefined): string | undefined {
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

/** Resolves the Authorization header; undefined means GitHub's 401 "Bad credentials". */
export function authenticate(state: DemoState, authorization: string | undefined, nowMs: number): Principal | undefined {
  const credential = credentialOf(authorization);
  if (credential === undefined) return undefined;
  const userToken = state.dataset.tokens.find((token) => token.token === credential);
  if (userToken !== undefined) return { kind: 'user', token: userToken, rateLimitBucket: `user:${userToken.name}` };
  const minted = state.installationTokens.get(credential);
  if (minted !== undefined) {
    if (minted.expiresAt <= nowMs) return undefined;
    return { kind: 'installation', minted, rateLimitBucket: `installation:${minted.installation.id}` };
  }
  const app = state.dataset.app;
  if (looksLikeJwt(credential) && verifyAppJwt(credential, app, Math.floor(nowMs / 1000))) {
    return { kind: 'app', app, rateLimitBucket: `app:${app.id}` };
  }
  return undefined;
}

export function badCredentials(): GitHubError {
  return GitHubError.basic(401, 'Bad credentials', 'https://docs.github.com/rest');
}

function forbidden(principal: Principal): GitHubError {
  return GitHubError.basic(
    403,
    principal.kind === 'user' ? 'Resource not accessible by personal access token' : 'Resource not accessible by integration',
  );
}

/** Org-level secret-scanning access: unknown org 404, no admin/security-manager role 403, disabled 404. */
export function requireOrgAccess(state: DemoState, principal: Principal, login: string, write: boolean): DemoOrg {
  const org = state.org(login);
  if (org === undefined) throw GitHubError.notFound();
  checkAccess(principal, org, write);
  if (!org.secretScanningEnabled) throw GitHubError.basic(404, 'Secret scanning is disabled on this organization.');
  return org;
}

/** Repo-level secret-scanning access; invisible private repositories are 404 like on GitHub. */
export function requireRepoAccess(
  state: DemoState,
  principal: Principal,
  owner: string,
  name: string,
  write: boolean,
): { org: DemoOrg; repo: SimpleRepository } {
  const org = state.org(owner);
  const repo = state.repo(owner, name);
  if (org === undefined || repo === undefined || !canSeeRepo(principal, org, repo)) throw GitHubError.notFound();
  checkAccess(principal, org, write);
  if (!org.secretScanningEnabled) throw GitHubError.basic(404, 'Secret scanning is disabled on this repository.');
  return { org, repo };
}

/**
 * Enterprise-level endpoints: an unknown slug or a user outside the enterprise is 404; installation
 * tokens are refused (GitHub Apps may not use them); writes need a token that may write.
 */
export function requireEnterpriseAccess(state: DemoState, principal: Principal, slug: string, write: boolean): DemoToken {
  if (state.dataset.enterprise.slug.toLowerCase() !== slug.toLowerCase()) throw GitHubError.notFound();
  if (principal.kind !== 'user') throw GitHubError.basic(403, 'Resource not accessible by integration');
  if (!principal.token.enterpriseMember) throw GitHubError.notFound();
  if (write && !principal.token.canWrite) throw forbidden(principal);
  return principal.token;
}

export function canSeeRepo(principal: Principal, org: DemoOrg, repo: SimpleRepository): boolean {
  if (!repo.private) return true;
  if (principal.kind === 'user') return principal.token.memberOrgs.includes(org.login);
  return principal.kind === 'installation' && principal.minted.installation.org === org.login;
}

function checkAccess(principal: Principal, org: DemoOrg, write: boolean): void {
  if (principal.kind === 'user') {
    if (!principal.token.readableOrgs.includes(org.login)) throw forbidden(principal);
    if (write && !principal.token.canWrite) throw forbidden(principal);
    return;
  }
  if (principal.kind === 'installation') {
    const { installation } = principal.minted;
    if (installation.org !== org.login) throw forbidden(principal);
    if (write && installation.permissions.secret_scanning_alerts !== 'write') throw forbidden(principal);
    return;
  }
  throw GitHubError.basic(401, 'A JSON web token cannot be used to access this resource.', 'https://docs.github.com/rest');
}

export function requireUserToken(principal: Principal): DemoToken {
  if (principal.kind !== 'user') throw forbidden(principal);
  return principal.token;
}

export function requireApp(principal: Principal): DemoApp {
  if (principal.kind !== 'app') {
    throw GitHubError.basic(401, 'A JSON web token could not be decoded', 'https://docs.github.com/rest');
  }
  return principal.app;
}

/** The user recorded as resolved_by: the token's user, or the App's bot for installation tokens. */
export function actorUser(principal: Principal, app: DemoApp): SimpleUser {
  if (principal.kind === 'user') return principal.token.user;
  return simpleUser(`${app.slug}[bot]`, app.id + 40_000_000, 'Bot');
}
