import type { OrganizationFailure } from '../domain/failures.ts';
import { DomainError, UpstreamError, ValidationError } from '../errors.ts';
import { FIRST_PAGE, isPageRef, UPSTREAM_PAGE_SIZE, type PageRef } from '../github/paging.ts';
import { CursorCodec, fingerprint } from './cursor.ts';
import type { AlertRecord } from './model.ts';
import { nextInOrder, type AlertOrder, type StreamPlan } from './query.ts';
import type { AlertPage, AlertScope, AlertSource } from './source.ts';

export const MAX_PAGE_SIZE = 100;
/** Cursors of callers that pass no codec (unit tests): valid while this process runs. */
const PROCESS_CURSORS = new CursorCodec();
export const DEFAULT_PAGE_SIZE = 30;

/** One ordered upstream stream: a scope read with one plan. */
export interface AlertStream {
  scope: AlertScope;
  plan: StreamPlan;
}

export type { OrganizationFailure } from '../domain/failures.ts';

export interface AlertEdge {
  readonly cursor: string;
  node: AlertRecord;
}

export interface AlertConnection {
  edges: AlertEdge[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
  failures: () => Promise<OrganizationFailure[]>;
}

/** Where a stream stands: the page holding its next alert and that alert's index, or done. */
type Position = { ref: PageRef; index: number } | null;

interface StreamState {
  stream: AlertStream;
  position: Position;
  page: AlertPage | null;
  prefetched: boolean;
}

export function validatePageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw new ValidationError(`\`first\` must be between 0 and ${MAX_PAGE_SIZE} (got ${size}).`, 'first');
  }
  return size;
}

/** The organizations whose alerts a scope holds (an enterprise scope holds several). */
export function scopeLogins(scope: AlertScope): readonly string[] {
  return scope.kind === 'org' ? [scope.org] : scope.kind === 'repo' ? [scope.owner] : scope.orgs;
}

/**
 * Merges ordered alert streams (one per org, or one repository) into one page of a Relay
 * connection. Each stream is consumed in its upstream order and the merge always takes the
 * best head (ties: the earlier stream), so paging to the end yields every alert exactly once.
 * The cursor records every stream's position; an upstream page is read when its stream's head
 * is needed, and the following one is prefetched once half of a page has been used.
 */
export async function resolveAlertConnection(
  source: AlertSource,
  streams: AlertStream[],
  order: AlertOrder,
  args: {
    first?: number | null;
    after?: string | null;
    withTotalCount?: boolean;
    /** Organizations refused before reading anything (e.g. outside the caller's allowlist). */
    failures?: OrganizationFailure[];
    /** Signs the cursors (the installation's key); default: a key of this process. */
    cursors?: CursorCodec;
  },
): Promise<AlertConnection> {
  const first = validatePageSize(args.first);
  const cursors = args.cursors ?? PROCESS_CURSORS;
  const queryId = fingerprint([streams.map(({ scope, plan }) => [scope, plan.name, plan.params]), order]);
  const start = args.after ? decodePositions(cursors, args.after, queryId, streams.length) : streams.map(() => initialPosition());
  const failures = new Map((args.failures ?? []).map((failure) => [failure.login.toLowerCase(), failure]));
  const fail = (stream: AlertStream, error: unknown) => recordFailure(failures, stream.scope, error);
  const failed = (stream: AlertStream) => scopeLogins(stream.scope).some((login) => failures.has(login.toLowerCase()));

  // Streams of an org that failed anywhere are left out of the count, as they are of the edges.
  const counting = args.withTotalCount
    ? countAll(source, streams, fail).then((counts) =>
        counts.reduce((sum, count, i) => (failed(streams[i]!) ? sum : sum + count), 0),
      )
    : null;
  const states: StreamState[] = streams.map((stream, i) => ({ stream, position: start[i] ?? null, page: null, prefetched: false }));

  /** Moves a stream to its next accepted alert, reading pages as needed; false when it has none. */
  const settleHead = async (state: StreamState): Promise<boolean> => {
    while (state.position && !failed(state.stream)) {
      if (!state.page) {
        try {
          state.page = await source.page(state.stream.scope, state.stream.plan, state.position.ref);
        } catch (error) {
          fail(state.stream, error);
          return false;
        }
      }
      const { alerts, next } = state.page;
      // Read ahead once half of a page is used, so a reader paging through it rarely waits.
      if (next && state.position.index > alerts.length / 2 && !state.prefetched) {
        state.prefetched = true;
        source.prefetch(state.stream.scope, state.stream.plan, next);
      }
      while (state.position.index < alerts.length && !state.stream.plan.accepts(alerts[state.position.index]!)) {
        state.position = { ...state.position, index: state.position.index + 1 };
      }
      if (state.position.index < alerts.length) return true;
      state.position = next ? { ref: next, index: 0 } : null;
      state.page = null;
      state.prefetched = false;
    }
    return false;
  };

  // An organization can fail part-way (one of its two streams, a later page, or a page that only
  // totalCount reads): whatever this page took from it is dropped, and its streams restart where
  // this page found them, so a later page that reads it again loses nothing. The page waits for the
  // count before it is final, which costs no time: the answer waits for the count anyway.
  const picked: { node: AlertRecord; positions: Position[]; stream: StreamState }[] = [];
  let live = (await Promise.all(states.map(settleHead))).map((ok, i) => (ok ? states[i]! : null)).filter((s) => s !== null);
  let failuresSeen = -1;
  let counted = counting === null;
  for (;;) {
    if (failures.size !== failuresSeen) {
      failuresSeen = failures.size;
      live = live.filter((state) => !failed(state.stream));
      for (let i = picked.length - 1; i >= 0; i--) if (failed(picked[i]!.stream.stream)) picked.splice(i, 1);
    }
    if (picked.length >= first || live.length === 0) {
      if (counted) break;
      await counting;
      counted = true;
      continue;
    }
    const best = nextInOrder(live, head, order);
    const node = head(best);
    best.position = { ref: best.position!.ref, index: best.position!.index + 1 };
    picked.push({ node, positions: snapshot(states), stream: best });
    if (!(await settleHead(best))) live = live.filter((state) => state !== best);
  }
  const restarts = states.map((state) => failed(state.stream));
  const edges = picked.map(({ node, positions }) =>
    lazyEdge(cursors, node, positions.map((position, i) => (restarts[i] ? (start[i] ?? null) : position)), queryId),
  );
  // Streams stay live only when the page is full (first: 0 included), each with its next head settled.
  const hasNextPage = live.length > 0;

  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: async () => {
      if (!counting) throw new Error('totalCount was not requested');
      return counting;
    },
    failures: async () => {
      if (counting) await counting;
      return [...failures.values()].sort((a, b) => a.login.localeCompare(b.login));
    },
  };
}

/** Records that a scope could not be read: each of its organizations fails once (the first error wins). */
export function recordFailure(failures: Map<string, OrganizationFailure>, scope: AlertScope, error: unknown): void {
  for (const login of scopeLogins(scope)) {
    if (failures.has(login.toLowerCase())) continue;
    const domain = error instanceof DomainError ? error : new UpstreamError(`Reading ${login} failed.`);
    failures.set(login.toLowerCase(), { login, code: domain.code, message: domain.message });
  }
}

function initialPosition(): Position {
  return { ref: FIRST_PAGE, index: 0 };
}

function head(state: StreamState): AlertRecord {
  return state.page!.alerts[state.position!.index]!;
}

function snapshot(states: StreamState[]): Position[] {
  return states.map((state) => state.position);
}

function lazyEdge(cursors: CursorCodec, node: AlertRecord, positions: Position[], queryId: string): AlertEdge {
  let cursor: string | undefined;
  return {
    node,
    // Most clients read only endCursor; a cursor per edge is encoded only when asked for.
    get cursor() {
      cursor ??= cursors.encode('alerts', { q: queryId, s: positions.map(encodePosition) });
      return cursor;
    },
  };
}

function encodePosition(position: Position): unknown {
  if (!position) return 0;
  const { ref, index } = position;
  return ref.kind === 'first' ? [index] : ref.kind === 'page' ? [index, ref.page] : [index, null, ref.after];
}

function decodePositions(cursors: CursorCodec, cursor: string, queryId: string, streamCount: number): Position[] {
  const payload = cursors.decode(cursor, 'alerts') as { q?: unknown; s?: unknown };
  if (payload.q !== queryId || !Array.isArray(payload.s) || payload.s.length !== streamCount) {
    throw new ValidationError(
      'The cursor in `after` belongs to a different query (other organizations, filter or order); start again without `after`.',
      'after',
    );
  }
  return payload.s.map((entry: unknown) => {
    if (entry === 0) return null;
    const [index, page, after] = Array.isArray(entry) ? (entry as unknown[]) : [];
    const ref: unknown =
      page === undefined ? FIRST_PAGE : page === null ? { kind: 'after', after } : { kind: 'page', page };
    if (!Number.isInteger(index) || (index as number) < 0 || (index as number) > 10_000 || !isPageRef(ref)) {
      throw new ValidationError('The cursor in `after` is not valid here; use a cursor returned by this same field and query.', 'after');
    }
    return { ref, index: index as number };
  });
}

/**
 * Reads every page of a stream once and hands each to `onPage` as it arrives (pages of one
 * stream may arrive in any order). Page-numbered streams whose first page names the last one
 * are read in parallel; cursor-paged ones follow `next`. Rejects with the first read's error.
 */
export async function forEachPage(
  source: AlertSource,
  stream: AlertStream,
  onPage: (page: AlertPage, ref: PageRef) => void,
): Promise<void> {
  const firstPage = await source.page(stream.scope, stream.plan, FIRST_PAGE);
  onPage(firstPage, FIRST_PAGE);
  if (firstPage.lastPage && firstPage.next?.kind === 'page') {
    await Promise.all(
      Array.from({ length: firstPage.lastPage - 1 }, async (_, i) => {
        const ref: PageRef = { kind: 'page', page: i + 2 };
        onPage(await source.page(stream.scope, stream.plan, ref), ref);
      }),
    );
    return;
  }
  for (let next = firstPage.next; next; ) {
    const ref: PageRef = next;
    const page = await source.page(stream.scope, stream.plan, ref);
    onPage(page, ref);
    next = page.next;
  }
}

/** Exact count of accepted alerts of each whole stream. */
async function countAll(
  source: AlertSource,
  streams: AlertStream[],
  fail: (stream: AlertStream, error: unknown) => void,
): Promise<number[]> {
  return Promise.all(
    streams.map(async (stream) => {
      try {
        return (await countFromEnds(source, stream)) ?? (await countEveryPage(source, stream));
      } catch (error) {
        fail(stream, error);
        return 0;
      }
    }),
  );
}

function acceptedOn(page: AlertPage, stream: AlertStream): number {
  return page.alerts.filter((alert) => stream.plan.accepts(alert)).length;
}

async function countEveryPage(source: AlertSource, stream: AlertStream): Promise<number> {
  let total = 0;
  await forEachPage(source, stream, (page) => {
    total += acceptedOn(page, stream);
  });
  return total;
}

/**
 * The count of a page-numbered org or repository stream that GitHub filters entirely, from its
 * first and last pages: (last − 1) full pages plus the last one. A 2,000-alert org costs 2 reads
 * instead of 20. Null (read every page instead) when the gateway filters too (as it drops other
 * orgs from enterprise lists), the pages are not numbered or not full, or either end holds an
 * alert the plan rejects (a server that ignores a filter).
 */
async function countFromEnds(source: AlertSource, stream: AlertStream): Promise<number | null> {
  if (!stream.plan.filteredUpstream || stream.scope.kind === 'enterprise') return null;
  const first = await source.page(stream.scope, stream.plan, FIRST_PAGE);
  if (acceptedOn(first, stream) !== first.alerts.length) return null;
  if (!first.next) return first.alerts.length;
  if (first.next.kind !== 'page' || !first.lastPage || first.lastPage < 2 || first.alerts.length !== UPSTREAM_PAGE_SIZE) return null;
  const last = await source.page(stream.scope, stream.plan, { kind: 'page', page: first.lastPage });
  if (acceptedOn(last, stream) !== last.alerts.length) return null;
  return (first.lastPage - 1) * first.alerts.length + last.alerts.length;
}
