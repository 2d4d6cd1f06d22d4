import type { Plugin } from 'graphql-yoga';

export interface BrowserGuardOptions {
  /** Browser origins allowed to call the API cross-origin. */
  corsOrigins: readonly string[];
  /** Paths whose POST bodies must be JSON (the GraphQL endpoint). */
  graphqlPath: string;
}

/** POST bodies a browser cannot send cross-origin without a preflight (which CORS then decides). */
const JSON_BODIES = /^application\/(?:json|graphql\+json|graphql-response\+json)\s*(?:;|$)/i;
const EXPOSED_HEADERS = 'X-Gateway-Failures, X-Request-Id';
const ALLOWED_REQUEST_HEADERS = 'Authorization, Content-Type, X-API-Key, X-Request-Id, Accept';

/**
 * What a hostile web page could do through the browser of someone running the gateway (DNS
 * rebinding is refused before yoga, see hosts.ts):
 * - cross-site form posts (no preflight): a GraphQL POST must carry a JSON body (415 otherwise),
 *   which a simple cross-origin request cannot;
 * - framing GraphiQL (clickjacking): every answer forbids framing;
 * - CORS: only configured origins get CORS headers; any other origin gets none (never `null`,
 *   which a sandboxed iframe on any site matches).
 */
export function useBrowserGuards(options: BrowserGuardOptions): Plugin {
  const origins = new Set(options.corsOrigins);
  return {
    onRequest({ request, url, endResponse }) {
      const origin = request.headers.get('origin');
      if (request.method === 'OPTIONS') {
        endResponse(
          origin !== null && origins.has(origin)
            ? new Response(null, { status: 204, headers: { ...corsHeaders(origin), 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': ALLOWED_REQUEST_HEADERS, 'access-control-max-age': '600' } })
            : new Response(null, { status: 403, headers: { vary: 'Origin' } }),
        );
        return;
      }
      if (url.pathname === options.graphqlPath && request.method === 'POST' && !JSON_BODIES.test(request.headers.get('content-type') ?? '')) {
        endResponse(jsonError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send GraphQL requests as JSON (Content-Type: application/json).'));
      }
    },
    onResponse({ request, response }) {
      const origin = request.headers.get('origin');
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('x-frame-options', 'DENY');
      response.headers.set('content-security-policy', mergeFrameAncestors(response.headers.get('content-security-policy')));
      response.headers.set('referrer-policy', 'no-referrer');
      response.headers.append('vary', 'Origin');
      for (const name of ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-expose-headers']) response.headers.delete(name);
      if (origin !== null && origins.has(origin)) for (const [name, value] of Object.entries(corsHeaders(origin))) response.headers.set(name, value);
    },
  };
}

function corsHeaders(origin: string): Record<string, string> {
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS, vary: 'Origin' };
}

function mergeFrameAncestors(policy: string | null): string {
  const others = (policy ?? '').split(';').map((part) => part.trim()).filter((part) => part && !/^frame-ancestors\b/i.test(part));
  return [...others, "frame-ancestors 'none'"].join('; ');
}

export function jsonError(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
