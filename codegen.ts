import type { CodegenConfig } from '@graphql-codegen/cli';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './src/schema/index.ts';

/**
 * The schema comes straight from the Pothos code (sorted SDL), so `schema/schema.graphql` is
 * printed, never edited; test/schema-drift.test.ts fails when the two differ. Typed documents
 * for the test operations in test/operations/*.graphql are generated beside them, and the portal
 * example's client in examples/portal/generated/.
 */
const config: CodegenConfig = {
  schema: printSchema(lexicographicSortSchema(schema)),
  overwrite: true,
  generates: {
    'schema/schema.graphql': {
      plugins: ['schema-ast'],
      config: { includeDirectives: false, sort: true },
    },
    'test/generated/operations.ts': {
      documents: ['test/operations/*.graphql'],
      plugins: ['typescript-operations', 'typed-document-node'],
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' } },
    },
    // The portal example's client (client preset), with the manifest of its persisted operations
    // (persisted-documents.json: sha256 hash -> document) that GATEWAY_PERSISTED_OPERATIONS_FILE takes.
    'examples/portal/generated/': {
      preset: 'client',
      documents: ['examples/portal/operations/*.graphql'],
      presetConfig: { persistedDocuments: true, fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string' }, emitLegacyCommonJSImports: false },
    },
  },
};

export default config;
