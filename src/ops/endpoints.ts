import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from './metrics.ts';
import type { Readiness } from './readiness.ts';

/**
 * The operational endpoints, answered for any Host (load balancers and Prometheus probe by IP;
 * server.ts exempts exactly these paths from the Host allowlist). GET /health is yoga's own
 * health check (200 while the process runs); this plugin serves /ready and /metrics.
 */
export const OPERATIONS_PATHS: readonly string[] = ['/health', '/ready', '/metrics'];

export interface OperationsEndpointsOptions {
  readiness: Readiness;
  metrics: GatewayMetrics;
  /** GATEWAY_METRICS_TOKEN: when set, /metrics needs `Authorization: Bearer <it>`. */
  metricsToken: string | null;
}

const NOT_CACHED = { 'cache-control': 'no-store' };

export function useOperationsEndpoints(options: OperationsEndpointsOptions): Plugin {
  const tokenMatches = options.metricsToken === null ? () => true : bearerMatcher(options.metricsToken);
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== '/ready' && url.pathname !== '/metrics') return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
      } else if (url.pathname === '/ready') {
        const state = options.readiness.state;
        endResponse(Response.json(state, { status: state.status === 'ready' ? 200 : 503, headers: NOT_CACHED }));
      } else if (!tokenMatches(request.headers.get('authorization'))) {
        endResponse(new Response(null, { status: 401, headers: { 'www-authenticate': 'Bearer realm="metrics"', ...NOT_CACHED } }));
      } else {
        const { contentType, body } = await options.metrics.text();
        endResponse(new Response(body, { headers: { 'content-type': contentType, ...NOT_CACHED } }));
      }
    },
  };
}

/** Compares digests in constant time, so the comparison tells nothing of the token's prefix or length. */
function bearerMatcher(token: string): (authorization: string | null) => boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const expected = digest(token);
  return (authorization) => {
    const sent = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    return sent !== undefined && timingSafeEqual(digest(sent), expected);
  };
}
