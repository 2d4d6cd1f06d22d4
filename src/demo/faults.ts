import { DOCS_URL } from './github-error.ts';

export interface FaultTarget {
  method: string;
  /** Route template, e.g. "GET /orgs/{org}/secret-scanning/alerts". */
  route: string;
  path: string;
  params: Record<string, string>;
  /** The query string's parameters (e.g. page). */
  query: Record<string, string>;
}

/**
 * Which requests fail: a route template ("GET /orgs/{org}/secret-scanning/alerts"), a concrete
 * request ("GET /orgs/globex/secret-scanning/alerts", query ignored), or a predicate.
 */
export type FaultMatcher = string | ((target: FaultTarget) => boolean);

export interface FaultOptions {
  /** How many matching requests fail; default 1. */
  count?: number;
  /** Seconds for the retry-after header of a 403/429 secondary rate limit; default 1. */
  retryAfter?: number;
  /** Milliseconds the answer is held back first, as from a server that hangs; default 0. */
  stallMs?: number;
}

export interface FaultResponse {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
  stallMs: number;
}

interface Fault {
  matches: (target: FaultTarget) => boolean;
  status: number;
  remaining: number;
  retryAfter: number;
  stallMs: number;
}

/** Test hook: makes the next N matching requests fail the way GitHub does. */
export class FaultInjector {
  private faults: Fault[] = [];

  add(matcher: FaultMatcher, status: number, options: FaultOptions = {}): void {
    const matches =
      typeof matcher === 'function'
        ? matcher
        : (target: FaultTarget) => matcher === target.route || matcher === `${target.method} ${target.path}`;
    this.faults.push({ matches, status, remaining: options.count ?? 1, retryAfter: options.retryAfter ?? 1, stallMs: options.stallMs ?? 0 });
  }

  clear(): void {
    this.faults = [];
  }

  /** Consumes one use of the first matching fault. */
  take(target: FaultTarget): FaultResponse | undefined {
    const fault = this.faults.find((candidate) => candidate.remaining > 0 && candidate.matches(target));
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    this.faults = this.faults.filter((candidate) => candidate.remaining > 0);
    return { ...faultResponse(fault.status, fault.retryAfter), stallMs: fault.stallMs };
  }
}

function faultResponse(status: number, retryAfter: number): Omit<FaultResponse, 'stallMs'> {
  if (status === 403 || status === 429) {
    return {
      status,
      body: {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
        documentation_url:
          'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: String(status),
      },
      headers: { 'retry-after': String(retryAfter) },
    };
  }
  if (status === 503) {
    // The service_unavailable body of GitHub's description: {code, message, documentation_url}.
    return {
      status,
      body: { code: 'service_unavailable', message: 'Service unavailable', documentation_url: DOCS_URL },
      headers: {},
    };
  }
  const messages: Record<number, string> = { 404: 'Not Found', 500: 'Server Error', 502: 'Server Error' };
  return { status, body: { message: messages[status] ?? 'Server Error', documentation_url: DOCS_URL, status: String(status) }, headers: {} };
}
