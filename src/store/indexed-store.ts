import { validatePageSize, type AlertConnection, type AlertEdge } from '../alerts/connection.ts';
import { fingerprint, type CursorCodec } from '../alerts/cursor.ts';
import type { AlertRecord } from '../alerts/model.ts';
import type { AlertReport } from '../alerts/report.ts';
import type { AlertPageRequest, AlertQuery, AlertStream } from '../domain/alert-store.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { keysetOf, type IndexStore } from './index-store.ts';
import type { AlertKeyset, IndexQuery } from './query.ts';

export const INDEX_CURSOR_KIND = 'index';
/** Alerts one export query reads from the index at a time. */
const STREAM_BATCH = 500;

/**
 * Reads of the synchronised index, for queries whose organizations are all synchronised (the
 * routing store decides): filters in WHERE, the order in ORDER BY and keyset cursors, so paging
 * yields each alert exactly once while alerts are created and resolved between pages.
 */
export class IndexedReads {
  constructor(
    private readonly index: IndexStore,
    private readonly cursors: CursorCodec,
  ) {}

  async page(query: AlertQuery, request: AlertPageRequest): Promise<AlertConnection> {
    const first = validatePageSize(request.first);
    const indexQuery = toIndexQuery(query);
    const queryId = fingerprint([INDEX_CURSOR_KIND, indexQuery]);
    const after = request.after ? this.decode(request.after, queryId) : null;
    const { records, hasNextPage } = await this.index.list(indexQuery, after, first);
    const edges = records.map((node) => this.edge(node, queryId, indexQuery));
    const counting = request.withTotalCount ? this.index.count(indexQuery) : null;
    const failures = [...query.refused].sort((a, b) => a.login.localeCompare(b.login));
    return {
      edges,
      pageInfo: { hasNextPage, hasPreviousPage: Boolean(request.after), startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: async () => {
        if (!counting) throw new Error('totalCount was not requested');
        return counting;
      },
      failures: async () => failures,
    };
  }

  async report(query: AlertQuery): Promise<AlertReport> {
    const report = await this.index.report(toIndexQuery(query));
    return { ...report, failures: [...query.refused, ...report.failures].sort((a, b) => a.login.localeCompare(b.login)) };
  }

  async stream(query: AlertQuery): Promise<AlertStream> {
    const indexQuery = toIndexQuery(query);
    const index = this.index;
    async function* alerts(): AsyncGenerator<AlertRecord, void, undefined> {
      let after: AlertKeyset | null = null;
      for (;;) {
        const { records, hasNextPage } = await index.list(indexQuery, after, STREAM_BATCH);
        yield* records;
        if (!hasNextPage || records.length === 0) return;
        after = keysetOf(records.at(-1)!, indexQuery.order);
      }
    }
    return { failures: [...query.refused], alerts: alerts() };
  }

  async alert(owner: string, repo: string, alertNumber: number): Promise<AlertRecord> {
    const record = await this.index.alert(owner, repo, alertNumber);
    if (!record) throw new NotFoundError(`Alert ${owner}/${repo}#${alertNumber} is not in the alert index.`);
    return record;
  }

  private edge(node: AlertRecord, queryId: string, query: IndexQuery): AlertEdge {
    let cursor: string | undefined;
    const cursors = this.cursors;
    return {
      node,
      get cursor() {
        const { value, org, repo, number } = keysetOf(node, query.order);
        cursor ??= cursors.encode(INDEX_CURSOR_KIND, { q: queryId, k: [value, org, repo, number] });
        return cursor;
      },
    };
  }

  private decode(cursor: string, queryId: string): AlertKeyset {
    const payload = this.cursors.decode(cursor, INDEX_CURSOR_KIND) as { q?: unknown; k?: unknown };
    const [value, org, repo, number] = Array.isArray(payload.k) ? payload.k : [];
    if (payload.q !== queryId) {
      throw new ValidationError('The cursor in `after` belongs to a different query (other organizations, filter or order); start again without `after`.', 'after');
    }
    if (typeof value !== 'number' || typeof org !== 'string' || typeof repo !== 'string' || !Number.isInteger(number)) {
      throw new ValidationError('The cursor in `after` is not valid here; use a cursor returned by this same field and query.', 'after');
    }
    return { value, org, repo, number: number as number };
  }
}

/** The index's query of a domain query: lowercase organizations (or the repository's owner), the same filter and order. */
export function toIndexQuery(query: AlertQuery): IndexQuery {
  const { scope } = query;
  if (scope.kind === 'repository') {
    return { orgs: [scope.owner.toLowerCase()], repository: { owner: scope.owner, name: scope.name }, filter: query.filter, order: query.order };
  }
  return { orgs: scope.orgs.map((org) => org.toLowerCase()), repository: null, filter: query.filter, order: query.order };
}
