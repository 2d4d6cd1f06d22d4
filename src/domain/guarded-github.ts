import { TimeoutError } from '../errors.ts';
import type { GitHubClient } from '../github/client.ts';
import type { GitHubAccess } from '../github/loaders.ts';
import type { AccessPolicy } from './policy.ts';
import type { RequestBudget } from './request-budget.ts';

/** What one request's GitHub calls are checked and bounded by. */
export interface RequestScope {
  policy: AccessPolicy;
  budget: RequestBudget;
  /** Aborted at the request's deadline (or when the client goes away): calls not yet made are not made. */
  signal: AbortSignal;
  /** Waits for this request's turn to write with the credential of `client` (fair across callers, bounded). */
  writeTurn(client: GitHubClient, signal: AbortSignal): Promise<() => void>;
}

/** What a GitHub call addresses, read from its route and parameters. */
type Address =
  | { kind: 'organization'; login: string }
  | { kind: 'enterprise'; slug: string }
  | { kind: 'rate-limit' }
  | { kind: 'unknown'; path: string };

/**
 * A request's view of GitHub: every call made through it is authorized by the request's policy
 * against the organization (or enterprise) the call actually addresses, counted against the
 * request's budget, tied to its deadline and, for writes, queued fairly. It is the only way the
 * resolvers, the CSV export and webhooks reach GitHub, so no field can read an organization
 * without the check.
 */
export function guardGitHubAccess(access: GitHubAccess, scope: RequestScope): GitHubAccess {
  const guarded = new WeakMap<GitHubClient, GitHubClient>();
  return {
    clientFor: async (owner) => {
      const client = await access.clientFor(owner);
      let view = guarded.get(client);
      if (!view) guarded.set(client, (view = guardClient(client, scope)));
      return view;
    },
  };
}

function guardClient(client: GitHubClient, scope: RequestScope): GitHubClient {
  const request = async (route: string, parameters: Record<string, unknown> = {}) => {
    if (typeof route !== 'string') throw new Error('Guarded GitHub calls take a "METHOD /path" route.');
    const [method = 'GET', template = ''] = route.split(' ');
    authorize(scope.policy, method.toUpperCase(), addressOf(template, parameters));
    scope.signal.throwIfAborted();
    scope.budget.countUpstreamCall();
    const options = { ...parameters, request: { ...(parameters.request as object | undefined), signal: scope.signal } };
    if (method.toUpperCase() === 'GET') return client.request(route, options);
    return write(scope, client, () => client.request(route, options));
  };
  const guardedRequest = Object.assign(request, client.request) as unknown as GitHubClient['request'];
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'request') return guardedRequest;
      // paginate calls the unguarded request internally; guarded code pages with request().
      if (property === 'paginate' || property === 'rest' || property === 'graphql') {
        throw new Error(`octokit.${String(property)} bypasses the request guard; use request().`);
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * A write waits for its turn in the credential's queue; whether it was applied is known exactly
 * when the deadline passes: not sent while waiting, unknown once under way.
 */
async function write<T>(scope: RequestScope, client: GitHubClient, send: () => Promise<T>): Promise<T> {
  const { signal } = scope;
  let release: () => void;
  try {
    release = await scope.writeTurn(client, signal);
  } catch (error) {
    if (signal.aborted) throw notSent(signal);
    throw error;
  }
  try {
    if (signal.aborted) throw notSent(signal);
    return await send();
  } catch (error) {
    if (signal.aborted && !(error instanceof TimeoutError && error.applied === false)) {
      throw new TimeoutError(
        `${deadlineText(signal)} while this write was under way: it may or may not have been applied; read it back before retrying.`,
        null,
      );
    }
    throw error;
  } finally {
    release();
  }
}

function notSent(signal: AbortSignal): TimeoutError {
  return new TimeoutError(`Not applied: ${deadlineText(signal)} before this write was sent.`, false);
}

function deadlineText(signal: AbortSignal): string {
  return signal.reason instanceof TimeoutError ? "the request's deadline passed" : 'the request was cancelled';
}

function addressOf(template: string, parameters: Record<string, unknown>): Address {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => String(parameters[name] ?? ''));
  const [, first, second] = path.split('/');
  if ((first === 'orgs' || first === 'repos') && second) return { kind: 'organization', login: decodeURIComponent(second) };
  if (first === 'enterprises' && second) return { kind: 'enterprise', slug: decodeURIComponent(second) };
  if (path === '/rate_limit') return { kind: 'rate-limit' };
  return { kind: 'unknown', path };
}

function authorize(policy: AccessPolicy, method: string, address: Address): void {
  const write = method !== 'GET' && method !== 'HEAD';
  switch (address.kind) {
    case 'organization':
      if (write) policy.authorizeWrite(address.login);
      else policy.authorizeRead(address.login);
      return;
    case 'enterprise':
      policy.authorizeEnterprise(address.slug, { write });
      return;
    case 'rate-limit':
      policy.authorizeRateLimit();
      return;
    case 'unknown':
      // Fail closed: a call this guard cannot attribute to an organization is not made.
      throw new Error(`Refusing a GitHub call the policy cannot attribute to an organization: ${method} ${address.path}`);
  }
}
