import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { rateLimitBody } from './account-handlers.ts';
import { authenticate, badCredentials, type Principal } from './auth.ts';
import { createDemoDataset, type DemoDataset } from './dataset.ts';
import { DemoState, type DemoChange } from './demo-state.ts';
import { bodyForFlavor, checkBodyForFlavor, enterpriseVersionOf, urlForFlavor, type DemoFlavor } from './flavor.ts';
import { FaultInjector, type FaultMatcher, type FaultOptions } from './faults.ts';
import { GitHubError } from './github-error.ts';
import { RateLimiter, rateLimitHeaders } from './rate-limit.ts';
import type { HandlerResult } from './request-context.ts';
import { changeAlert, raiseAlert, type NewLeak } from './leaks.ts';
import type { AlertResolution } from './github-types.ts';
import { movedPath } from './moved-repositories.ts';
import { DemoWebhooks, type DemoWebhookDelivery } from './webhooks.ts';
import { ResponseMemo, type MemoizedResponse } from './response-memo.ts';
import { apiRoot, createDemoRouter, RATE_LIMIT_ROUTE, ROOT_ROUTE } from './routes.ts';

export interface DemoGitHubOptions {
  dataset?: DemoDataset;
  /** default 127.0.0.1 */
  host?: string;
  /** 0 (default) = a free port */
  port?: number;
  /** Added to every response, to simulate GitHub's latency; default 0. */
  latencyMs?: number;
  /** Primary rate limit per token and hour; default 5000 like GitHub. */
  rateLimitPerToken?: number;
  /** Bytes of serialized GET answers kept until the next write (see response-memo.ts); default 128 MiB, 0 = none. */
  responseMemoBytes?: number;
  /** Which GitHub to imitate (flavor.ts); default dotcom (api.github.com with GHEC's enterprise endpoints). */
  flavor?: DemoFlavor;
}

export interface DemoRequestRecord {
  method: string;
  /** Route template, e.g. "GET /orgs/{org}/secret-scanning/alerts"; "<METHOD> <unknown>" when nothing matched. */
  route: string;
  path: string;
  query: Record<string, string>;
  status: number;
  ifNoneMatch?: string;
  hasAuthorization: boolean;
  /** When the request arrived (epoch ms, before its body was read), e.g. to see how writes are spaced. */
  receivedAt: number;
}

export interface DemoGitHub {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  dataset: DemoDataset;
  /** Requests per route template ("GET /orgs/{org}/secret-scanning/alerts"); all requests without a route. */
  requestCount(route?: string): number;
  requests: DemoRequestRecord[];
  resetCounts(): void;
  /** Makes the next matching request(s) fail with GitHub's body for `status` (404, 500/502/503, or 403/429 secondary rate limit), after `stallMs` when given. */
  failNext(matcher: FaultMatcher, status: number, options?: FaultOptions): void;
  clearFaults(): void;
  resetRateLimits(): void;
  /** Renames or transfers a repository on the demo GitHub ("owner/name" → "owner/name"), as someone on GitHub would. */
  moveRepository(from: string, to: string): void;
  /** A secret pushed to a repository: a new open alert (its number is returned), as GitHub raises it. */
  raiseAlert(leak: NewLeak): number;
  /** Resolves or reopens an alert as someone would on GitHub's web pages (not through the API). */
  changeAlertOnGitHub(repository: string, alertNumber: number, change: { state: 'open' } | { state: 'resolved'; resolution: AlertResolution }): void;
  /** Sends a signed delivery of every change to `url` (GitHub's organization webhook); null stops it. */
  setWebhook(target: { url: string; secret: string } | null): void;
  /** Every webhook delivery sent, in order, with the receiver's status. */
  webhookDeliveries: DemoWebhookDelivery[];
  /** Every change made on this GitHub since it started (API writes and changes "on GitHub"), in order: its history, for references. */
  changeLog: readonly DemoChange[];
  /** Resolves once every delivery sent so far has been answered. */
  webhooksSettled(): Promise<void>;
  close(): Promise<void>;
}

/** A handler result plus its encoded JSON when already serialized (for the ETag). */
type Response = HandlerResult & { payload?: Buffer; /** Extra wait before answering (an injected hang). */ stallMs?: number };

const UNAUTHENTICATED_LIMIT = 60;
const JSON_TYPE = 'application/json; charset=utf-8';

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function etagOf(body: Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('hex')}"`;
}

/** If-None-Match may list several tags, weak or strong. */
function etagMatches(ifNoneMatch: string | undefined, etag: string | undefined): boolean {
  if (ifNoneMatch === undefined || etag === undefined) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** Starts a GitHub-compatible secret-scanning API on loopback over a seeded dataset. */
export async function startDemoGitHub(options: DemoGitHubOptions = {}): Promise<DemoGitHub> {
  const dataset = options.dataset ?? createDemoDataset();
  const state = new DemoState(dataset);
  const webhooks = new DemoWebhooks(state);
  const changeLog: DemoChange[] = [];
  state.onChange((change) => changeLog.push(change));
  const flavor = options.flavor ?? 'dotcom';
  const router = createDemoRouter(flavor);
  // GitHub Enterprise Server names its release on every answer; api.github.com sends no such header.
  const enterpriseVersion = enterpriseVersionOf(flavor);
  const rateLimiter = new RateLimiter(options.rateLimitPerToken ?? 5000);
  const faults = new FaultInjector();
  const memo = new ResponseMemo(options.responseMemoBytes ?? 128 * 1024 * 1024);
  const latencyMs = options.latencyMs ?? 0;
  const requests: DemoRequestRecord[] = [];
  const counts = new Map<string, number>();
  let baseUrl = '';

  function respond(principal: Principal | undefined, request: IncomingMessage, requestedUrl: URL, body: string, route: string, params: Record<string, string>): Response {
    const nowMs = Date.now();
    // The API root answers without a credential, as GitHub's does.
    if (route === ROOT_ROUTE) return { status: 200, body: apiRoot(baseUrl) };
    if (principal === undefined) {
      const error = badCredentials();
      const limit = rateLimiter.peek('anonymous', nowMs, UNAUTHENTICATED_LIMIT);
      return { status: 401, body: error.body, headers: rateLimitHeaders(limit) };
    }
    const bucket = principal.rateLimitBucket;
    const fault = faults.take({ method: request.method ?? 'GET', route, path: requestedUrl.pathname, params, query: Object.fromEntries(requestedUrl.searchParams) });
    if (fault !== undefined) {
      return { status: fault.status, body: fault.body, headers: { ...fault.headers, ...rateLimitHeaders(rateLimiter.peek(bucket, nowMs)) }, stallMs: fault.stallMs };
    }
    if (route === RATE_LIMIT_ROUTE) {
      const limit = rateLimiter.peek(bucket, nowMs);
      return { status: 200, body: rateLimitBody(limit), headers: rateLimitHeaders(limit) };
    }
    const before = rateLimiter.peek(bucket, nowMs);
    if (before.remaining === 0) {
      const error = GitHubError.basic(
        403,
        `API rate limit exceeded for ${principal.kind === 'user' ? `user ID ${principal.token.user.id}` : 'installation'}.`,
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      );
      return { status: 403, body: error.body, headers: rateLimitHeaders(before) };
    }
    const url = urlForFlavor(flavor, route, requestedUrl);
    const memoKey = request.method === 'GET' ? `${bucket}\n${url.pathname}${url.search}\n${request.headers.accept ?? ''}` : undefined;
    let result: Response | undefined = memoKey === undefined ? undefined : memo.get(memoKey);
    if (result === undefined) {
      const handler = router.match(request.method ?? 'GET', url.pathname)?.value;
      try {
        if (handler === undefined) throw GitHubError.basic(404, 'Not Found', 'https://docs.github.com/rest');
        checkBodyForFlavor(flavor, route, body);
        result = handler({ state, principal, params, url, body, nowMs });
        if (result.status === 200) result = { ...result, body: bodyForFlavor(flavor, route, result.body) };
      } catch (error) {
        if (!(error instanceof GitHubError)) throw error;
        result = { status: error.status, body: error.body, headers: error.headers };
      }
      if (memoKey !== undefined && result.status === 200) {
        const payload = Buffer.from(JSON.stringify(result.body));
        const cacheHeaders = { etag: etagOf(payload), 'cache-control': 'private, max-age=60, s-maxage=60' };
        result = { ...result, payload, headers: { ...result.headers, ...cacheHeaders } };
        memo.set(memoKey, result as MemoizedResponse);
      }
    }
    if (memoKey !== undefined && result.status === 200 && etagMatches(request.headers['if-none-match'], result.headers?.etag)) {
      // Conditional requests answered 304 do not count against the rate limit.
      return { status: 304, body: undefined, headers: { ...result.headers, ...rateLimitHeaders(before) } };
    }
    return { ...result, headers: { ...result.headers, ...rateLimitHeaders(rateLimiter.consume(bucket, nowMs)) } };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const body = await readBody(request);
    const requestedUrl = new URL(request.url ?? '/', baseUrl);
    let url = requestedUrl;
    const method = request.method ?? 'GET';
    const moved = movedPath(state.moves, url.pathname, (fullName) => state.repo(...(fullName.split('/') as [string, string])) !== undefined);
    if (moved && 'servePath' in moved) url = new URL(`${moved.servePath}${url.search}`, baseUrl);
    const match = router.match(method, url.pathname);
    // Every write may change what reads return.
    if (method !== 'GET') memo.clear();
    const route = match?.route ?? `${method} <unknown>`;
    const principal = authenticate(state, request.headers.authorization, Date.now());
    let result: Response;
    try {
      result =
        moved && 'redirectTo' in moved && principal !== undefined
          ? movedPermanently(`${baseUrl}${moved.redirectTo}${url.search}`)
          : respond(principal, request, url, body, route, match?.params ?? {});
    } catch (error) {
      result = { status: 500, body: { message: `Demo server error: ${String(error)}`, documentation_url: 'https://docs.github.com/rest', status: '500' } };
    }
    const ifNoneMatch = request.headers['if-none-match'];
    requests.push({
      method,
      route,
      path: requestedUrl.pathname,
      query: Object.fromEntries(url.searchParams),
      status: result.status,
      ...(ifNoneMatch === undefined ? {} : { ifNoneMatch }),
      hasAuthorization: request.headers.authorization !== undefined,
      receivedAt,
    });
    counts.set(route, (counts.get(route) ?? 0) + 1);
    const waitMs = latencyMs + (result.stallMs ?? 0);
    if (waitMs > 0) await delay(waitMs);
    const headers: Record<string, string> = {
      ...(enterpriseVersion === null ? {} : { 'x-github-enterprise-version': enterpriseVersion }),
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': randomUUID().toUpperCase(),
      vary: 'Accept, Authorization, Cookie, X-GitHub-OTP, Accept-Encoding',
      ...result.headers,
    };
    if (result.status === 304 || result.body === undefined) {
      response.writeHead(result.status, headers).end();
      return;
    }
    const payload = result.payload ?? Buffer.from(JSON.stringify(result.body));
    response.writeHead(result.status, { ...headers, 'content-type': JSON_TYPE, 'content-length': String(payload.length) }).end(payload);
  }

  /** GitHub's answer for a renamed or transferred repository's former name. */
  function movedPermanently(location: string): Response {
    return {
      status: 301,
      headers: { location },
      body: { message: 'Moved Permanently', url: location, documentation_url: 'https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects' },
    };
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': JSON_TYPE });
      response.end(JSON.stringify({ message: String(error) }));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: baseUrl,
    dataset,
    requests,
    requestCount: (route) => (route === undefined ? requests.length : (counts.get(route) ?? 0)),
    resetCounts: () => {
      requests.length = 0;
      counts.clear();
    },
    failNext: (matcher, status, faultOptions) => faults.add(matcher, status, faultOptions),
    clearFaults: () => faults.clear(),
    resetRateLimits: () => rateLimiter.reset(),
    moveRepository: (from, to) => {
      state.moveRepository(from, to);
      memo.clear();
    },
    raiseAlert: (leak) => {
      const number = raiseAlert(state, leak);
      memo.clear();
      return number;
    },
    changeAlertOnGitHub: (repository, alertNumber, change) => {
      changeAlert(state, repository, alertNumber, change);
      memo.clear();
    },
    setWebhook: (target) => webhooks.configure(target),
    webhookDeliveries: webhooks.deliveries,
    changeLog,
    webhooksSettled: () => webhooks.settled(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
