import { createCounter, createHistogram, usePrometheus, type FillLabelsFnParams } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';
import { BoundedLabels } from './labels.ts';

/** Distinct operation names with series of their own; clients name operations freely. */
const MAX_OPERATION_NAMES = 200;
/** GraphQL's Name syntax, bounded in length. */
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
const DURATION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * GraphQL metrics by operation (name and type), through @graphql-yoga/plugin-prometheus into
 * the gateway's own registry: operations executed, errors by phase, and the time to answer
 * each HTTP request that carried an operation (parse to last byte of the answer). The plugin's
 * other metrics are left off (per-phase timings, summaries, resolver timings) and no metric has
 * its `url` label, which would hold GET queries and their variables. The metrics are served by
 * ops/endpoints.ts, not by the plugin.
 */
export function useGraphQLMetrics(registry: Registry): Plugin {
  const names = new BoundedLabels(MAX_OPERATION_NAMES, OPERATION_NAME);
  const operation = (params: FillLabelsFnParams) => ({
    operationName: names.label(params.operationName ?? 'Anonymous'),
    operationType: params.operationType ?? 'unknown',
  });
  const labelNames = ['operationName', 'operationType'] as const;
  return usePrometheus({
    registry,
    endpoint: false,
    metrics: {
      graphql_envelop_request: createCounter({
        registry,
        counter: { name: 'gateway_graphql_requests_total', help: 'GraphQL operations executed, by operation name and type.', labelNames },
        fillLabelsFn: operation,
      }),
      graphql_envelop_error_result: createCounter({
        registry,
        counter: {
          name: 'gateway_graphql_errors_total',
          help: 'Errors in GraphQL answers, by operation and by the phase that raised them (parse, validate, context, execute).',
          labelNames: [...labelNames, 'phase'],
        },
        fillLabelsFn: (params) => ({ ...operation(params), phase: params.errorPhase ?? 'execute' }),
      }),
      graphql_yoga_http_duration: createHistogram({
        registry,
        histogram: {
          name: 'gateway_graphql_request_duration_seconds',
          help: 'Time to answer a GraphQL HTTP request, by operation and HTTP status.',
          labelNames: [...labelNames, 'status'],
          buckets: DURATION_BUCKETS,
        },
        fillLabelsFn: (params, context: { response: Response }) => ({ ...operation(params), status: String(context.response.status) }),
      }),
      graphql_envelop_deprecated_field: false,
      graphql_envelop_request_duration: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
    },
  });
}
