import type { OrganizationFailure } from '../domain/failures.ts';
import { DomainError, UpstreamError, ValidationError } from '../errors.ts';
import { FIRST_PAGE, UPSTREAM_PAGE_SIZE, type PageRef } from '../github/paging.ts';
import { CursorCodec, fingerprint } from './cursor.ts';
import type { AlertRecord } from './model.ts';
import { nextInOrder, type AlertOrder, type StreamPlan } from './query.ts';
import type { AlertPage, AlertScope, AlertSource } from './source.ts';
import { after, covered, decodePosition, encodePosition, MAX_REWIND_PAGES, START, type Position } from './stream-position.ts';

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

interface StreamState {
  stream: AlertStream;
  position: Position;
  /** The page of the last alert this stream handed out (where its boundary lies): cursors resume there. */
  anchor: PageRef;
  /** A resumed stream checks, once, that the alerts after its boundary did not move to an earlier page. */
  checkResume: boolean;
  rewinds: number;
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
  const start = args.after ? decodePositions(cursors, args.after, queryId, streams.length) : streams.map(() => START);
  const failures = new Map((args.failures ?? []).map((failure) => [failure.login.toLowerCase(), failure]));
  const fail = (stream: AlertStream, error: unknown) => recordFailure(failures, stream.scope, error);
  const failed = (stream: AlertStream) => scopeLogins(stream.scope).some((login) => failures.has(login.toLowerCase()));

  // Streams of an org that failed anywhere are left out of the count, as they are of the edges.
  const counting = args.withTotalCount
    ? countAll(source, streams, fail).then((counts) =>
        counts.reduce((sum, count, i) => (failed(streams[i]!) ? sum : sum + count), 0),
      )
    : null;
  const states: StreamState[] = streams.map((stream, i) => {
    const position = start[i] ?? null;
    return { stream, position, anchor: position?.ref ?? FIRST_PAGE, checkResume: Boolean(position?.boundary), rewinds: 0, page: null, prefetched: false };
  });

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
      if (state.checkResume && rewind(state, order)) continue;
      // Read ahead once half of a page is used, so a reader paging through it rarely waits.
      if (next && state.position.index > alerts.length / 2 && !state.prefetched) {
        state.prefetched = true;
        source.prefetch(state.stream.scope, state.stream.plan, next);
      }
      const { plan } = state.stream;
      const { boundary } = state.position;
      while (state.position.index < alerts.length) {
        const alert = alerts[state.position.index]!;
        if (plan.accepts(alert) && !covered(boundary, alert, order)) break;
        state.position = { ...state.position, index: state.position.index + 1 };
      }
      if (state.position.index < alerts.length) return true;
      state.position = next ? { ref: next, index: 0, boundary } : null;
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
    best.anchor = best.position!.ref;
    best.position = after(best.position!, node, order);
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

function head(state: StreamState): AlertRecord {
  return state.page!.alerts[state.position!.index]!;
}

/** Where each stream resumes: the page of its boundary (not the page it has read ahead to). */
function snapshot(states: StreamState[]): Position[] {
  return states.map((state) => state.position && { ref: state.anchor, index: 0, boundary: state.position.boundary });
}

/**
 * Page numbers are offsets: when alerts before a resumed stream's boundary leave the list (resolved
 * while someone pages through OPEN alerts), the alerts after it move up, possibly onto an earlier
 * page than the one the cursor names. The page's first alert tells: if the boundary does not cover
 * it, something before it may be new to this reader, so the stream steps back one page and looks
 * again. Cursor pages (GitHub's keyset `after`) do not shift. True when it stepped back.
 */
function rewind(state: StreamState, order: AlertOrder): boolean {
  const { position, page } = state;
  const first = page!.alerts[0];
  const moved = first === undefined || !covered(position!.boundary, first, order);
  if (!moved || position!.ref.kind !== 'page' || state.rewinds >= MAX_REWIND_PAGES) {
    state.checkResume = false;
    return false;
  }
  state.rewinds += 1;
  const ref: PageRef = position!.ref.page > 2 ? { kind: 'page', page: position!.ref.page - 1 } : FIRST_PAGE;
  state.position = { ...position!, ref, index: 0 };
  state.anchor = ref;
  state.page = null;
  state.prefetched = false;
  return true;
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

function decodePositions(cursors: CursorCodec, cursor: string, queryId: string, streamCount: number): Position[] {
  const payload = cursors.decode(cursor, 'alerts') as { q?: unknown; s?: unknown };
  if (payload.q !== queryId || !Array.isArray(payload.s) || payload.s.length !== streamCount) {
    throw new ValidationError(
      'The cursor in `after` belongs to a different query (other organizations, filter or order); start again without `after`.',
      'after',
    );
  }
  return payload.s.map(decodePosition);
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
