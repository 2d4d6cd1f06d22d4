import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayConfig } from './config.ts';
import { createContext, webUrlFor, type Caller, type GatewayContext } from './context.ts';
import { DomainError } from './errors.ts';
import { GitHubClients } from './github/access.ts';
import type { ResponseCache } from './github/cache.ts';
import type { Logger } from './logger.ts';
import { schema } from './schema/index.ts';

export const DEFAULT_GRAPHIQL_QUERY = `# Open alerts across the configured organizations, newest first.
query OpenAlerts {
  organizations {
    login
    secretScanningAlerts(first: 10, filter: { state: OPEN }) {
      totalCount
      failures { login code message }
      nodes {
        number
        secretTypeDisplayName
        validity
        createdAt
        repository { nameWithOwner }
        url
      }
    }
  }
}
`;

export interface GatewayOptions {
  config: GatewayConfig;
  cache: ResponseCache;
  logger: Logger;
  /** The token the gateway uses upstream. */
  token: string;
  /** Shown in GraphiQL's title when serving the embedded demo GitHub. */
  demoNotice?: string;
  /** Transport under the cache (tests and benchmarks). */
  fetch?: typeof fetch;
  retryBaseMs?: number;
}

export type Gateway = YogaServerInstance<Record<string, unknown>, GatewayContext>;

export function createGateway(options: GatewayOptions): Gateway {
  const { config, logger } = options;
  const clients = new GitHubClients({
    apiUrl: config.github.apiUrl,
    cache: options.cache,
    concurrency: config.upstreamConcurrency,
    writeIntervalMs: config.writeIntervalMs,
    fetch: options.fetch,
    retryBaseMs: options.retryBaseMs,
    log: { warn: (message) => logger.warn(String(message)), error: (message) => logger.error(String(message)) },
  });
  const webUrl = webUrlFor(config.github.apiUrl);
  const caller: Caller = { name: 'local', canSeeSecrets: config.exposeSecrets, canWrite: true, orgAllowlist: null };

  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    context: () =>
      createContext({
        caller,
        github: clients.tokenAccess(options.token),
        defaultOrgs: config.orgs,
        webUrl,
        maxOrgsPerQuery: config.maxOrgsPerQuery,
        logger,
      }),
    graphiql: config.graphiql
      ? {
          title: options.demoNotice ? `Secret scanning gateway — ${options.demoNotice}` : 'Secret scanning gateway',
          defaultQuery: DEFAULT_GRAPHIQL_QUERY,
        }
      : false,
    renderGraphiQL,
    // Pinned whatever NODE_ENV says: only the gateway's own domain messages reach clients.
    maskedErrors: {
      isDev: false,
      maskError: (error) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof DomainError) {
          return new GraphQLError(original.message, {
            nodes: error instanceof GraphQLError ? error.nodes : undefined,
            path: error instanceof GraphQLError ? error.path : undefined,
            extensions: { code: original.code, ...(error instanceof GraphQLError && 'field' in original ? { field: original.field } : {}) },
          });
        }
        if (error instanceof GraphQLError && !error.originalError) return error;
        logger.error('unexpected error while resolving', { error: String(original) });
        return new GraphQLError('Unexpected error.', {
          path: error instanceof GraphQLError ? error.path : undefined,
          extensions: { code: 'INTERNAL' },
        });
      },
    },
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
  });
}
