import type { CodegenConfig } from '@graphql-codegen/cli';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './src/schema/index.ts';

/**
 * The schema comes straight from the Pothos code (sorted SDL), so `schema/schema.graphql` is
 * printed, never edited; test/schema-drift.test.ts fails when the two differ. Typed documents
 * for the test operations in test/operations/*.graphql are generated beside them.
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
  },
};

export default config;
