import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ApiKey, CallerAuthConfig } from '../config.ts';
import type { Caller } from '../domain/policy.ts';
import { UnauthenticatedError } from '../errors.ts';
import type { GitHubClients } from '../github/access.ts';
import { credentialKeyForToken } from '../github/client.ts';
import { toDomainError } from '../github/errors.ts';
import type { GitHubAccess } from '../github/loaders.ts';

/** How long a token GitHub refused is refused without asking GitHub again. */
const REFUSED_TOKEN_TTL_MS = 30_000;

export interface Authenticated {
  caller: Caller;
  github: GitHubAccess;
}

/** Works out who sent a request and which GitHub credential serves it; throws UnauthenticatedError. */
export type Authenticator = (request: Request) => Promise<Authenticated>;

export function createAuthenticator(
  auth: CallerAuthConfig,
  clients: GitHubClients,
  serviceAccess: GitHubAccess | null,
  options: { exposeSecrets: boolean },
): Authenticator {
  switch (auth.mode) {
    case 'none': {
      // Only allowed on loopback (src/config.ts refuses anything else with a credential).
      const caller: Caller = { name: 'local', canSeeSecrets: options.exposeSecrets, canWrite: true, canReadRateLimit: true, orgAllowlist: null };
      const github = requireServiceAccess(serviceAccess);
      return async () => ({ caller, github });
    }
    case 'passthrough': {
      // Tokens GitHub just refused are refused again without asking it, for a while: a client
      // retrying with a revoked token would otherwise cost a GitHub call per request.
      const refused = new LRUCache<string, true>({ max: 10_000, ttl: REFUSED_TOKEN_TTL_MS });
      return (request) => authenticatePassthrough(request, clients, refused);
    }
    case 'api-keys': {
      const github = requireServiceAccess(serviceAccess);
      const byHash = new Map(auth.keys.map((key) => [key.sha256, key]));
      return async (request) => ({ caller: authenticateApiKey(request, byHash), github });
    }
  }
}

function requireServiceAccess(access: GitHubAccess | null): GitHubAccess {
  if (!access) throw new Error('A GitHub credential is required unless GATEWAY_AUTH=passthrough');
  return access;
}

/** `Authorization: Bearer X` or `Authorization: token X`. */
function credentialFrom(request: Request): string | null {
  const match = /^(?:bearer|token)\s+(\S{1,512})\s*$/i.exec(request.headers.get('authorization') ?? '');
  return match?.[1] ?? null;
}

/**
 * The caller's own GitHub token is used upstream, so GitHub decides what they may see and
 * its audit log names them. Their login comes from GET /user (cached like any read).
 */
async function authenticatePassthrough(request: Request, clients: GitHubClients, refused: LRUCache<string, true>): Promise<Authenticated> {
  const token = credentialFrom(request);
  if (!token) throw new UnauthenticatedError('Send your GitHub token as "Authorization: Bearer <token>".');
  const rejected = () => new UnauthenticatedError('GitHub rejected the token sent in the Authorization header.');
  const tokenKey = credentialKeyForToken(token);
  if (refused.has(tokenKey)) throw rejected();
  const client = clients.forToken(token);
  let login: string;
  try {
    login = (await client.request('GET /user')).data.login;
  } catch (error) {
    const domain = toDomainError(error, 'your GitHub token');
    if (domain.code === 'FORBIDDEN') {
      refused.set(tokenKey, true);
      throw rejected();
    }
    throw domain;
  }
  return {
    caller: { name: `github:${login}`, canSeeSecrets: true, canWrite: true, canReadRateLimit: true, orgAllowlist: null, readsWithOwnToken: true },
    github: { clientFor: async () => client },
  };
}

function authenticateApiKey(request: Request, byHash: ReadonlyMap<string, ApiKey>): Caller {
  const presented = request.headers.get('x-api-key')?.trim() || credentialFrom(request);
  if (!presented) throw new UnauthenticatedError('Send your API key as "Authorization: Bearer <key>" or "X-API-Key: <key>".');
  // Keys are looked up by their SHA-256, so the comparison never touches a stored key.
  const key = byHash.get(createHash('sha256').update(presented).digest('hex'));
  if (!key) throw new UnauthenticatedError('Unknown API key.');
  return {
    name: `key:${key.name}`,
    canSeeSecrets: key.permissions.includes('secrets'),
    canWrite: key.permissions.includes('write'),
    canReadRateLimit: key.permissions.includes('rate_limit'),
    orgAllowlist: key.orgs ? new Set(key.orgs) : null,
  };
}
