import { loadConfig } from '../../src/config.ts';
import { DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { createLogger } from '../../src/logger.ts';
import { startGateway, type RunningGateway } from '../../src/server.ts';

export interface BenchGatewayOptions {
  orgs: readonly string[];
  ttlSeconds?: number;
  concurrency?: number | null;
}

/** A gateway configured like production (service token, GATEWAY_ORGS) in front of the demo GitHub, with a fresh cache. */
export async function startBenchGateway(githubUrl: string, options: BenchGatewayOptions): Promise<RunningGateway> {
  const config = loadConfig({
    GITHUB_TOKEN: DEMO_TOKENS.admin,
    GITHUB_API_URL: githubUrl,
    GATEWAY_ORGS: options.orgs.join(','),
    GATEWAY_MAX_ORGS_PER_QUERY: String(Math.max(200, options.orgs.length)),
    PORT: '0',
    GATEWAY_GRAPHIQL: 'false',
    GATEWAY_LOG_LEVEL: 'error',
    ...(options.ttlSeconds === undefined ? {} : { GATEWAY_CACHE_TTL_SECONDS: String(options.ttlSeconds) }),
    ...(options.concurrency == null ? {} : { GATEWAY_UPSTREAM_CONCURRENCY: String(options.concurrency) }),
  });
  return startGateway(config, createLogger('error', () => {}));
}
