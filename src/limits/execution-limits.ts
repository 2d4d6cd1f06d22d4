import { setTimeout as delay } from 'node:timers/promises';
import { getOperationAST, GraphQLError, Kind, type FragmentDefinitionNode, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.ts';
import { DomainError, TimeoutError, ValidationError } from '../errors.ts';
import { operationCost, type QueryCostOptions } from './query-cost.ts';

/**
 * Refuses, before any resolver runs, an operation whose cost computed with its variable values is
 * above `maxCost` (graphql-armor's cost rule runs at validation, where variables are unknown), or
 * that names more than `maxOrgs` organizations over all its fields and aliases.
 */
export function useQueryCostLimit(limits: { maxCost: number; maxOrgs: number }, options: QueryCostOptions): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const definition of args.document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
      }
      let measured: ReturnType<typeof operationCost>;
      try {
        measured = operationCost(args.schema as GraphQLSchema, operation, fragments, (args.variableValues ?? {}) as Record<string, unknown>, options);
      } catch (error) {
        // Invalid variable values are reported by execution itself, with the variable named.
        if (!(error instanceof DomainError)) return;
        setResultAndStopExecution({ errors: [domainGraphQLError(error)] });
        return;
      }
      const cost = Math.ceil(measured.cost);
      if (cost > limits.maxCost) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `The query would cost ${cost} (variables included), above the limit of ${limits.maxCost}; ask for smaller pages or fewer nested lists.`,
              { extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: limits.maxCost } },
            ),
          ],
        });
      } else if (measured.orgs.size > limits.maxOrgs) {
        setResultAndStopExecution({
          errors: [
            domainGraphQLError(
              new ValidationError(
                `At most ${limits.maxOrgs} organizations per request, over all fields and aliases (this one names ${measured.orgs.size}).`,
                'orgs',
              ),
            ),
          ],
        });
      }
    },
  };
}

/** How long an aborted mutation may take to report what it did (no new work starts once aborted). */
const SETTLE_AFTER_ABORT_MS = 1000;

/**
 * The request's deadline and budget, enforced on its execution. The context's signal is aborted
 * at the deadline, which stops every GitHub call the request has not made yet (guarded-github.ts).
 * A query is then answered with one TIMEOUT error; a mutation is given a moment to answer with
 * what it applied and what it did not. A request that ran out of its GitHub-call budget is
 * answered with that error as a whole.
 */
export function useRequestLimits(): Plugin<GatewayContext> {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const context = args.contextValue as GatewayContext;
      context.deadline.start();
      const { signal } = context.deadline;
      const isMutation = getOperationAST(args.document, args.operationName)?.operation === 'mutation';
      setExecuteFn(async (executeArgs) => {
        const execution = Promise.resolve(executeFn(executeArgs));
        try {
          const finished = await Promise.race([execution.then((result) => ({ result })), aborted(signal)]);
          if (finished) return context.budget.exceeded ? { errors: [domainGraphQLError(context.budget.exceeded)] } : finished.result;
          if (isMutation) {
            const settled = await Promise.race([execution, delay(SETTLE_AFTER_ABORT_MS, null, { ref: false })]);
            if (settled) return settled;
          }
          execution.catch(() => undefined);
          const reason = signal.reason instanceof DomainError ? signal.reason : new TimeoutError('The request was cancelled.');
          return { errors: [domainGraphQLError(reason)] };
        } finally {
          context.deadline.release();
        }
      });
    },
  };
}

function aborted(signal: AbortSignal): Promise<null> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(null);
    else signal.addEventListener('abort', () => resolve(null), { once: true });
  });
}

function domainGraphQLError(error: DomainError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { code: error.code, ...('field' in error && error.field ? { field: error.field } : {}) } });
}
