import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError, Kind } from 'graphql';
import type { GatewayContext } from '../context.ts';
import { decodeNodeId, encodeNodeId } from './node-id.ts';

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: {
    DateTime: { Input: Date; Output: string };
    ID: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  // Fields are non-null unless they say otherwise, as in the contract.
  defaultFieldNullability: false,
  plugins: [ErrorsPlugin, RelayPlugin],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    encodeGlobalID: encodeNodeId,
    decodeGlobalID: decodeNodeId,
    nodeTypeOptions: { description: 'An object with an opaque global id, readable again with `node` or `nodes`.' },
    idFieldOptions: { description: 'Opaque global id; pass it to `node`, `nodes` or a mutation.' },
    nodeQueryOptions: {
      description: 'One object by its global id; null if it no longer exists.',
      args: { id: { description: 'A global id returned by this gateway.' } },
    },
    nodesQueryOptions: {
      description: 'Several objects by global id, in the order given; null for those that no longer exist.',
      args: { ids: { description: 'Global ids returned by this gateway.' } },
    },
    pageInfoTypeOptions: { description: 'Where a page of a connection stands.' },
    hasNextPageFieldOptions: { description: 'Whether more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether this page started after a cursor.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of this page.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of this page; pass it as `after` for the next page.' },
  },
  errors: { defaultTypes: [] },
});

builder.scalarType('DateTime', {
  description: 'An ISO-8601 timestamp in UTC, e.g. 2026-11-01T12:00:00Z.',
  serialize: (value) => value,
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null),
});

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError('DateTime must be an ISO-8601 string such as 2026-11-01T00:00:00Z.');
  }
  return date;
}

builder.queryType({ description: 'Secret scanning across the organizations this gateway serves.' });
builder.mutationType({ description: 'Changes to alerts and push-protection settings; each one is written to the audit log.' });
