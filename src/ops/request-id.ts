import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { RequestListener } from 'node:http';

/** What a caller's X-Request-Id may be: short, and safe in a header, a log line and a URL. */
const ACCEPTED = /^[A-Za-z0-9._-]{1,200}$/;

const REQUEST_ID_HEADER = 'x-request-id';

/** The request being served, for whatever runs on its behalf (log lines, the GraphQL context). */
const current = new AsyncLocalStorage<string>();

/** The caller's id when it is acceptable; otherwise a new one (a proxy's id is kept, garbage is not). */
function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && ACCEPTED.test(header) ? header : randomUUID();
}

/** The id of the request whose work is running, if any (undefined at start-up and in timers of no request). */
export function currentRequestId(): string | undefined {
  return current.getStore();
}

/**
 * Gives every request an id before anything else sees it: the one it came with when acceptable,
 * or a new one. It is echoed in the response, replaces the incoming header (so yoga and its
 * plugins read the id the gateway uses) and is the current request id for all the work done
 * while serving it, so every log line written meanwhile names it.
 */
export function withRequestId(listener: RequestListener): RequestListener {
  return (request, response) => {
    const id = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    request.headers[REQUEST_ID_HEADER] = id;
    response.setHeader(REQUEST_ID_HEADER, id);
    current.run(id, () => listener(request, response));
  };
}
