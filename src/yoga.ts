import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { createAuthenticator } from './auth/authenticate.ts';
import type { GatewayConfig } from './config.ts';
import { createContext, webUrlFor, type GatewayContext } from './context.ts';
import { RequestDeadline } from './domain/deadline.ts';
import type { Caller } from './domain/policy.ts';
import { AlertEvents } from './events.ts';
import type { GitHubAccess } from './github/loaders.ts';
import { createDeliveryHandling } from './webhooks/deliveries.ts';
import { useGitHubWebhooks } from './webhooks/receiver.ts';
import { DomainError } from './errors.ts';
import { useAlertsCsvExport } from './export/plugin.ts';
import type { ResponseCache } from './github/cache.ts';
import type { SharedWriteSpacing } from './github/client.ts';
import { useBrowserGuards } from './http/browser-guards.ts';
import { loadPersistedOperations, usePersistedOperationsOnly } from './http/persisted-operations.ts';
import { useQueryCostLimit, useRequestLimits } from './limits/execution-limits.ts';
import type { Logger } from './logger.ts';
import type { Drain } from './ops/drain.ts';
import { useDrainableStreams } from './ops/drainable-streams.ts';
import { useOperationsEndpoints } from './ops/endpoints.ts';
import { useGraphQLMetrics } from './ops/graphql-metrics.ts';
import type { GatewayMetrics } from './ops/metrics.ts';
import type { Readiness } from './ops/readiness.ts';
import { currentRequestId } from './ops/request-id.ts';
import { DEFAULT_PAGE_SIZE } from './alerts/connection.ts';
import { CursorCodec } from './alerts/cursor.ts';
import { schema } from './schema/index.ts';
import type { IndexStore } from './store/index-store.ts';
import type { Upstream } from './upstream.ts';

export const DEFAULT_GRAPHIQL_QUERY = `# Open alerts across the configured organizations
query OpenAlerts {
  secretScanningAlerts(first: 10, filter: { state: OPEN }) {
    totalCount
    failures { login code message }
    nodes {
      organization { login }
      repository { nameWithOwner }
      number
      secretTypeDisplayName
      validity
      createdAt
      url
    }
  }
}
`;

/** Most ids one `nodes(ids:)` call may take. */
const MAX_NODE_IDS = 100;

export interface GatewayOptions {
  config: GatewayConfig;
  cache: ResponseCache;
  logger: Logger;
  /** Shown in GraphiQL's title when serving the embedded demo GitHub. */
  demoNotice?: string;
  /** Signs cursors; the installation's key (see cursor-key.ts), or a process key. */
  cursors?: CursorCodec;
  /** Alert changes fanned out to subscriptions; default: this gateway's own. */
  events?: AlertEvents;
  /** The clients GitHub is read with, and the gateway's own credential (see upstream.ts). */
  upstream: Upstream;
  /** The synchronised alert index, or null when it is off. */
  index: IndexStore | null;
  /** Write spacing shared with the other replicas on the index's PostgreSQL; null or absent: this process's alone. */
  sharedWriteSpacing?: SharedWriteSpacing | null;
  /** This gateway's metrics (served at /metrics), readiness (/ready) and shutdown. */
  metrics: GatewayMetrics;
  readiness: Readiness;
  drain: Drain;
}

export type Gateway = YogaServerInstance<Record<string, unknown>, GatewayContext>;

/** The GraphQL server: schema, per-request context, masking, abuse limits, GraphiQL. Listening is server.ts's job. */
export function createGateway(options: GatewayOptions): Gateway {
  const { config, logger } = options;
  const { clients, serviceAccess } = options.upstream;
  const authenticate = createAuthenticator(config.auth, clients, serviceAccess, { exposeSecrets: config.exposeSecrets });
  const webUrl = webUrlFor(config.github.apiUrl);
  const cursors = options.cursors ?? new CursorCodec();
  const { limits } = config;

  const events = options.events ?? new AlertEvents();
  const persisted = config.persistedOperationsFile === null ? null : loadPersistedOperations(config.persistedOperationsFile, schema);
  // One context factory for every entry point (GraphQL, the CSV export, webhooks), so all of them
  // authorize alike. The deadline starts when a query or mutation executes (useRequestLimits);
  // the CSV export streams for as long as it takes, bounded by its GitHub-call budget. A
  // shutdown whose drain bound passes cancels the deadline of every request still running.
  const newContext = async (caller: Caller, github: GitHubAccess): Promise<GatewayContext> => {
    const deadline = new RequestDeadline(limits.requestTimeoutMs);
    options.drain.whenStopped((reason) => deadline.cancel(reason));
    // Known after the first answer of the process (start-up asks at once): a resolved promise from then on.
    const capabilities = await clients.server.detect();
    return createContext({
      capabilities,
      requestId: currentRequestId(),
      caller,
      github,
      deadline,
      events,
      limits: { maxOrgs: config.maxOrgsPerQuery, maxUpstreamCalls: limits.maxUpstreamCalls },
      defaultOrgs: config.orgs,
      webUrl,
      bulkMaxIds: config.bulkMaxIds,
      enterprise: config.enterprise,
      cursors,
      index: options.index,
      sharedWriteSpacing: options.sharedWriteSpacing ?? null,
      logger,
    });
  };
  const contextFor = async (request: Request): Promise<GatewayContext> => {
    const { caller, github } = await authenticate(request);
    return newContext(caller, github);
  };

  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    context: ({ request }) => contextFor(request),
    // CORS is useBrowserGuards' job: yoga answers a disallowed origin with `null`, which any sandboxed iframe matches.
    cors: false,
    graphiql: config.graphiql
      ? {
          title: options.demoNotice ? `Secret scanning gateway — ${options.demoNotice}` : 'Secret scanning gateway',
          defaultQuery: DEFAULT_GRAPHIQL_QUERY,
          ...(config.auth.mode === 'none' ? {} : { headers: JSON.stringify({ Authorization: 'Bearer <your token or API key>' }) }),
        }
      : false,
    // GraphiQL's inlined assets weigh ~80 MB once loaded: only load them when the page is asked for.
    renderGraphiQL: async (graphiqlOptions) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(graphiqlOptions),
    plugins: [
      useOperationsEndpoints({ readiness: options.readiness, metrics: options.metrics, metricsToken: config.operations.metricsToken }),
      useGraphQLMetrics(options.metrics.registry),
      useSubscriptionMetrics(options.metrics),
      useDrainableStreams(options.drain.closing),
      useBrowserGuards({ corsOrigins: config.corsOrigins, graphqlPath: '/graphql' }),
      useAlertsCsvExport(contextFor),
      ...(persisted ? [usePersistedOperationsOnly(persisted)] : []),
      ...(config.webhookSecret ? [webhookReceiver(config, newContext, serviceAccess, options, events, webUrl)] : []),
      EnvelopArmorPlugin({
        maxDepth: { n: limits.maxDepth, ignoreIntrospection: true },
        // Replaced by useQueryCostLimit, which sees variable values.
        costLimit: { enabled: false },
        maxAliases: { n: limits.maxAliases },
        maxTokens: { n: limits.maxTokens },
        maxDirectives: { n: 20 },
        blockFieldSuggestion: { enabled: !config.graphiql },
      }),
      useQueryCostLimit(
        { maxCost: limits.maxCost, maxOrgs: config.maxOrgsPerQuery },
        { defaultPageSize: DEFAULT_PAGE_SIZE, defaultOrgs: config.orgs, maxIds: MAX_NODE_IDS },
      ),
      useRequestLimits(),
    ],
    // Pinned whatever NODE_ENV says: only the gateway's own domain messages reach clients.
    maskedErrors: { isDev: false, maskError: (error) => maskError(error, logger) },
    // Yoga logs every error a client caused (bad queries, refused callers) with the query's source;
    // those are the client's business: a debug line with the first line of the message only
    // (never the query, never variables). Unexpected errors are logged by maskError.
    logging: {
      debug: (...args) => logger.debug(firstLines(args)),
      info: (...args) => logger.info(firstLines(args)),
      warn: (...args) => logger.debug(firstLines(args)),
      error: (...args) => logger.debug(firstLines(args)),
    },
  });
}

/**
 * POST /webhooks/github. Deliveries are processed as the gateway itself: its own credential,
 * limited by the policy to GATEWAY_ORGS (the organizations a delivery may concern).
 */
function webhookReceiver(
  config: GatewayConfig,
  newContext: (caller: Caller, github: GitHubAccess) => Promise<GatewayContext>,
  serviceAccess: GitHubAccess | null,
  options: GatewayOptions,
  events: AlertEvents,
  webUrl: string,
): Plugin {
  const orgs = new Set(config.orgs.map((org) => org.toLowerCase()));
  const caller: Caller = { name: 'github-webhooks', canSeeSecrets: false, canWrite: false, canReadRateLimit: false, orgAllowlist: orgs };
  const handling = createDeliveryHandling(config.webhookSecret!, {
    orgs,
    systemContext: async () => {
      if (!serviceAccess) return null;
      const context = await newContext(caller, serviceAccess);
      context.deadline.start();
      return context;
    },
    forget: (scope) => options.cache.invalidate(scope),
    events,
    webUrl,
    logger: options.logger,
  });
  const inFlight = new Set<Promise<unknown>>();
  options.drain.onShutdown('webhook deliveries being processed', () => Promise.all([...inFlight]));
  return useGitHubWebhooks({
    ...handling,
    outcome: (event, outcome) => options.metrics.webhookDelivery(event, outcome),
    track: (processing) => {
      inFlight.add(processing);
      void processing.finally(() => inFlight.delete(processing));
    },
    logger: options.logger,
  });
}

/** Counts open subscriptions (gateway_subscriptions_open): from subscribe until the stream ends or fails. */
function useSubscriptionMetrics(metrics: GatewayMetrics): Plugin {
  return {
    onSubscribe() {
      const closed = metrics.subscriptionOpened();
      return {
        // A refused subscription answers with errors instead of a stream: it was never open.
        onSubscribeResult: ({ result }) => {
          if (!(Symbol.asyncIterator in Object(result))) return void closed();
          return { onEnd: closed };
        },
        onSubscribeError: closed,
      };
    },
  };
}

const HTTP_STATUS: Partial<Record<string, number>> = { UNAUTHENTICATED: 401 };

/** Yoga's log arguments as one short line: first lines of messages, without the values of variables. */
function firstLines(args: unknown[]): string {
  return args
    .map((arg) => String(arg instanceof Error ? arg.message : arg).split('\n')[0]!.replace(/^(Variable "\$\w+" got) invalid value .*$/, '$1 an invalid value'))
    .join(' ')
    .slice(0, 300);
}

function maskError(error: unknown, logger: Logger): Error {
  const graphQLError = error instanceof GraphQLError ? error : null;
  const original = graphQLError ? graphQLError.originalError : error;
  if (original instanceof DomainError) {
    const status = HTTP_STATUS[original.code];
    return new GraphQLError(original.message, {
      nodes: graphQLError?.nodes,
      path: graphQLError?.path,
      extensions: {
        code: original.code,
        ...('field' in original && original.field ? { field: original.field } : {}),
        ...(status ? { http: { status } } : {}),
      },
    });
  }
  if (graphQLError && !graphQLError.originalError) return graphQLError;
  // A variable value its type refuses (a scalar's parser threw): the client's input, named.
  const variable = graphQLError ? /^Variable "\$(\w+)"/.exec(graphQLError.message)?.[1] : undefined;
  if (graphQLError && variable !== undefined) {
    return new GraphQLError(graphQLError.message, { nodes: graphQLError.nodes, extensions: { code: 'VALIDATION', field: `$${variable}` } });
  }
  logger.error('unexpected error while resolving', { error: String(original) });
  return new GraphQLError('Unexpected error.', { path: graphQLError?.path, extensions: { code: 'INTERNAL' } });
}
