import type { GatewayConfig } from './config.ts';
import { GitHubClients } from './github/access.ts';
import type { ResponseCache } from './github/cache.ts';
import type { GitHubAccess } from './github/loaders.ts';
import type { Logger } from './logger.ts';
import type { GatewayMetrics } from './ops/metrics.ts';

/** The gateway's way to GitHub: one client per credential, and the gateway's own credential (null in passthrough without one). */
export interface Upstream {
  clients: GitHubClients;
  serviceAccess: GitHubAccess | null;
}

export function createUpstream(
  config: GatewayConfig,
  options: { cache: ResponseCache; logger: Logger; metrics: GatewayMetrics; fetch?: typeof fetch; retryBaseMs?: number },
): Upstream {
  const { logger } = options;
  const clients = new GitHubClients({
    apiUrl: config.github.apiUrl,
    cache: options.cache,
    concurrency: config.upstreamConcurrency,
    timeoutMs: config.upstreamTimeoutMs,
    writeIntervalMs: config.writeIntervalMs,
    maxWaitingWrites: { perCaller: config.bulkMaxIds, total: config.bulkMaxIds * 10 },
    fetch: options.fetch,
    retryBaseMs: options.retryBaseMs,
    observer: options.metrics.upstream,
    // Octokit logs every failed request as an error; expected ones (an unreadable org) are
    // reported as failures in the answer, so they are only worth a debug line.
    log: { warn: (message) => logger.warn(String(message)), error: (message) => logger.debug(String(message)) },
  });
  const { token, app } = config.github;
  return { clients, serviceAccess: token ? clients.tokenAccess(token) : app ? clients.appAccess(app) : null };
}
