import type { ObjectRef } from '@pothos/core';
import type { CursorCodec } from '../alerts/cursor.ts';
import { validatePageSize } from '../alerts/connection.ts';
import { ValidationError } from '../errors.ts';
import { UPSTREAM_PAGE_SIZE } from '../github/paging.ts';
import { builder } from './builder.ts';

export interface PageInfoShape {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** A page of a Relay connection: edges with cursors and where the page stands. */
export interface PageShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfoShape;
}

/**
 * A page of an upstream list read by page number (GitHub's pages of 100), as a connection paged
 * by offset: each upstream page is read at most once per request whatever the client's page size.
 * `scope` names what is listed (filters included); a cursor of another scope is a VALIDATION error.
 */
export async function resolveOffsetConnection<T>(
  cursors: CursorCodec,
  kind: string,
  scope: string,
  args: { first?: number | null; after?: string | null },
  loadPage: (page: number) => Promise<{ items: readonly T[]; next: unknown }>,
): Promise<PageShape<T>> {
  const first = validatePageSize(args.first);
  let offset = 0;
  if (args.after) {
    const payload = cursors.decode(args.after, kind) as { a?: unknown; o?: unknown };
    if (payload.a !== scope || !Number.isSafeInteger(payload.o) || (payload.o as number) < 0) {
      throw new ValidationError('The cursor in `after` belongs to another list.', 'after');
    }
    offset = (payload.o as number) + 1;
  }
  const edges: PageShape<T>['edges'] = [];
  let page = Math.floor(offset / UPSTREAM_PAGE_SIZE) + 1;
  let index = offset % UPSTREAM_PAGE_SIZE;
  let hasNextPage = false;
  for (;;) {
    const { items, next } = await loadPage(page);
    while (index < items.length && edges.length < first) {
      const position = (page - 1) * UPSTREAM_PAGE_SIZE + index;
      edges.push({ cursor: cursors.encode(kind, { a: scope, o: position }), node: items[index]! });
      index += 1;
    }
    if (edges.length === first) {
      hasNextPage = index < items.length || (next !== null && items.length > 0);
      break;
    }
    if (!next || items.length === 0) break;
    page += 1;
    index = 0;
  }
  return { edges, pageInfo: pageInfoOf(edges, offset > 0, hasNextPage) };
}

export function pageInfoOf(edges: readonly { cursor: string }[], hasPreviousPage: boolean, hasNextPage: boolean): PageInfoShape {
  return { hasNextPage, hasPreviousPage, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null };
}

/**
 * The edge and connection types of a connection of `node`s, named `<name>Edge` and
 * `<name>Connection`; more fields can be added to the returned ref with builder.objectFields.
 */
export function connectionType<T, S extends PageShape<T> = PageShape<T>>(
  name: string,
  node: ObjectRef<any, T>,
  descriptions: { connection: string; node: string },
): ObjectRef<any, S> {
  // Pothos cannot infer resolver types through a generic node; the shapes are checked by PageShape.
  const nodeOf = (edge: { node: T }) => edge.node as any;
  const edge = builder.objectRef<PageShape<T>['edges'][number]>(`${name}Edge`).implement({
    description: `${descriptions.node} and the cursor just after it.`,
    fields: (t) => ({
      cursor: t.exposeString('cursor', { description: 'Pass as `after` to continue after this item.' }),
      node: t.field({ type: node, description: descriptions.node, resolve: nodeOf }),
    }),
  });
  return builder.objectRef<S>(`${name}Connection`).implement({
    description: descriptions.connection,
    fields: (t) => ({
      edges: t.field({ type: [edge], description: 'The items of this page with their cursors.', resolve: (c) => c.edges }),
      nodes: t.field({ type: [node], description: 'The items of this page.', resolve: (c) => c.edges.map(nodeOf) }),
      pageInfo: t.field({ type: builder.pageInfoRef(), description: 'Where this page stands.', resolve: (c) => c.pageInfo }),
    }),
  });
}
