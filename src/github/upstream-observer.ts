import type { GitHubClient } from './client.ts';
import { methodOf, urlOf } from './fetch-input.ts';

/**
 * What the gateway's requests to GitHub are watched by (the metrics, see ops/metrics.ts). Only
 * requests that reach GitHub are reported: answers from the response cache are not requests.
 */
export interface UpstreamObserver {
  /** One request answered by GitHub with `status`, or failed before an answer ("error"). */
  requestCompleted(route: string, status: string, seconds: number): void;
  /** What GitHub's answer said is left of the credential's rate limit for `resource` (core, search, …). */
  rateLimitSeen(credentialKey: string, resource: string, remaining: number): void;
  /** The gateway no longer holds a client for this credential (a passthrough caller's, dropped when unused). */
  credentialDropped(credentialKey: string): void;
}

/**
 * Names GitHub URLs by the route templates the gateway's code asked for ("GET /orgs/{org}/
 * secret-scanning/alerts"), so that a metric has one series per kind of request rather than one
 * per organization or page. Templates are learnt from Octokit as they are used, so a new call
 * needs no list kept here; a URL of no known template (none is expected) is "METHOD other".
 */
export class RouteTemplates {
  private readonly patterns = new Map<string, RegExp>();
  private readonly basePath: string;

  constructor(apiUrl: string) {
    // GHES serves the API under /api/v3: templates start after it.
    this.basePath = new URL(apiUrl).pathname.replace(/\/+$/, '');
  }

  /** Learns every template the client's requests use (Octokit's hooks see the route before it is expanded). */
  learnFrom(client: GitHubClient): void {
    client.hook.before('request', (options) => this.learn(options.method, options.url));
  }

  learn(method: string, template: string): void {
    // Absolute URLs (Link headers followed by a paginator) are not templates.
    if (!template.startsWith('/')) return;
    const name = `${method.toUpperCase()} ${template}`;
    if (this.patterns.has(name)) return;
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+');
    this.patterns.set(name, new RegExp(`^${pattern}/?$`));
  }

  nameOf(method: string, url: string): string {
    const upper = method.toUpperCase();
    const pathname = new URL(url).pathname;
    const path = pathname.startsWith(this.basePath) ? pathname.slice(this.basePath.length) : pathname;
    for (const [name, pattern] of this.patterns) {
      if (name.startsWith(`${upper} `) && pattern.test(path)) return name;
    }
    return `${upper} other`;
  }
}

/** Rate-limit resources as GitHub names them; anything else is not trusted as a label. */
const RESOURCE = /^[a-z_]{1,40}$/;

/** A fetch that reports each request it sends to `observer`: its route, status, duration and the rate limit left. */
export function observeUpstream(baseFetch: typeof fetch, observer: UpstreamObserver, credentialKey: string, routes: RouteTemplates): typeof fetch {
  return async (input, init) => {
    const route = routes.nameOf(methodOf(input, init), urlOf(input));
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let response: Response;
    try {
      response = await baseFetch(input, init);
    } catch (error) {
      observer.requestCompleted(route, 'error', seconds());
      throw error;
    }
    observer.requestCompleted(route, String(response.status), seconds());
    const remaining = response.headers.get('x-ratelimit-remaining');
    const resource = response.headers.get('x-ratelimit-resource') ?? 'core';
    if (remaining !== null && /^\d+$/.test(remaining) && RESOURCE.test(resource)) {
      observer.rateLimitSeen(credentialKey, resource, Number(remaining));
    }
    return response;
  };
}
