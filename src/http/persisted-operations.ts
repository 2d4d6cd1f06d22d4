import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { parse, validate, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ConfigError } from '../config.ts';

const VARIABLE = 'GATEWAY_PERSISTED_OPERATIONS_FILE';
const HASH = /^(?:sha256:)?([0-9a-f]{64})$/;

/**
 * The operations a deployment allows: the manifest graphql-codegen's client preset writes with
 * `persistedDocuments: true` (persisted-documents.json: "sha256:<hex>" → document), keyed by the
 * bare hex hash. Read and checked once at start-up: every hash must be the SHA-256 of its
 * document, and every document valid against this gateway's schema, or the gateway does not start.
 */
export function loadPersistedOperations(file: string, schema: GraphQLSchema): ReadonlyMap<string, string> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new ConfigError(`${VARIABLE} cannot be read as JSON (${file})`);
  }
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest) || Object.keys(manifest).length === 0) {
    throw new ConfigError(`${VARIABLE} must hold {"sha256:<hash>": "<operation>", …} with at least one operation (codegen's persisted-documents.json)`);
  }
  const operations = new Map<string, string>();
  for (const [key, document] of Object.entries(manifest)) {
    const hex = HASH.exec(key)?.[1];
    if (!hex || typeof document !== 'string' || createHash('sha256').update(document).digest('hex') !== hex) {
      throw new ConfigError(`${VARIABLE} lists "${key.slice(0, 80)}", which is not the sha256 hash of its operation`);
    }
    let errors: readonly { message: string }[];
    try {
      errors = validate(schema, parse(document));
    } catch (error) {
      errors = [{ message: error instanceof Error ? error.message : 'unparsable' }];
    }
    if (errors.length > 0) throw new ConfigError(`${VARIABLE} holds an operation (${hex.slice(0, 12)}…) that this gateway refuses: ${errors[0]!.message}`);
    operations.set(hex, document);
  }
  return operations;
}

const refusal = (message: string, code: string, status: number) => ({ message, extensions: { code, http: { status } } });

/**
 * Trusted operations only: a request must name a persisted operation by its hash
 * (extensions.persistedQuery.sha256Hash, with or without "sha256:"); a query text is refused
 * with 403, an unknown hash with 400. Queries, mutations and subscriptions alike; the CSV
 * export and webhooks are not GraphQL operations and are not affected.
 */
export function usePersistedOperationsOnly(operations: ReadonlyMap<string, string>): Plugin {
  return usePersistedOperations({
    getPersistedOperation: (key) => operations.get(key.replace(/^sha256:/, '')) ?? null,
    allowArbitraryOperations: false,
    customErrors: {
      persistedQueryOnly: refusal(
        `This gateway runs only its persisted operations (${VARIABLE}): send the operation's hash in extensions.persistedQuery.sha256Hash, not its text.`,
        'PERSISTED_OPERATIONS_ONLY',
        403,
      ),
      notFound: refusal('No persisted operation has this hash.', 'PERSISTED_OPERATION_NOT_FOUND', 400),
      keyNotFound: refusal('Name a persisted operation by its hash in extensions.persistedQuery.sha256Hash.', 'PERSISTED_OPERATION_ID_REQUIRED', 400),
    },
  });
}
