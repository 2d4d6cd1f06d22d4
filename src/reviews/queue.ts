import type { OrganizationFailure } from '../alerts/connection.ts';
import { validatePageSize } from '../alerts/connection.ts';
import { fingerprint, type CursorCodec } from '../alerts/cursor.ts';
import { DomainError, ValidationError } from '../errors.ts';
import type { Loaders } from '../github/loaders.ts';
import { scopeCredentialOwner, scopeKey } from '../github/owner-scope.ts';
import type { RestReviewRequest, ReviewListParams, ReviewRequestKind, ReviewScope } from '../github/review-requests.ts';

/** Upstream pages (of 100) read per organization or repository; a longer queue is reported instead of cut. */
export const MAX_PAGES_PER_SOURCE = 10;

export interface ReviewRequestRecord {
  kind: ReviewRequestKind;
  owner: string;
  repo: string;
  request: RestReviewRequest;
  /** created_at in epoch ms, for ordering. */
  createdMs: number;
}

export interface ReviewQueuePage {
  edges: { cursor: string; node: ReviewRequestRecord }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
  failures: OrganizationFailure[];
}

type SortKey = [number, string, string, number];

function keyOf(record: ReviewRequestRecord): SortKey {
  return [record.createdMs, record.owner.toLowerCase(), record.repo.toLowerCase(), record.request.number ?? 0];
}

/** Newest first; ties by organization and repository name, then the newest number. */
function compare(a: SortKey, b: SortKey): number {
  return b[0] - a[0] || a[1].localeCompare(b[1]) || a[2].localeCompare(b[2]) || b[3] - a[3];
}

export function toRecord(kind: ReviewRequestKind, scope: ReviewScope, request: RestReviewRequest): ReviewRequestRecord {
  const [owner, repo] = (request.repository?.full_name ?? '').split('/');
  return {
    kind,
    owner: owner || scopeCredentialOwner(scope),
    repo: repo || request.repository?.name || (scope.kind === 'repo' ? scope.repo : ''),
    request,
    createdMs: request.created_at ? Date.parse(request.created_at) : 0,
  };
}

async function readSource(loaders: Pick<Loaders, 'reviewRequestPage'>, kind: ReviewRequestKind, scope: ReviewScope, params: ReviewListParams): Promise<ReviewRequestRecord[]> {
  const records: ReviewRequestRecord[] = [];
  for (let page = 1; page <= MAX_PAGES_PER_SOURCE; page += 1) {
    const { items, next } = await loaders.reviewRequestPage.load({ kind, scope, params, page });
    records.push(...items.map((request) => toRecord(kind, scope, request)));
    if (!next) return records;
  }
  throw new QueueTooLongError(
    `More than ${MAX_PAGES_PER_SOURCE * 100} ${kind} requests match in this time period; narrow the filter (timePeriod, status, repository, requester or reviewer).`,
  );
}

/** A source with more requests than MAX_PAGES_PER_SOURCE pages: reported as TOO_LARGE, not cut short. */
class QueueTooLongError extends Error {}

function failureOf(login: string, error: unknown): OrganizationFailure {
  if (error instanceof QueueTooLongError) return { login, code: 'TOO_LARGE', message: error.message };
  if (error instanceof DomainError) return { login, code: error.code, message: error.message };
  return { login, code: 'UPSTREAM', message: 'The read failed for an unexpected reason.' };
}

/**
 * One queue across organizations (or one repository): every source's requests for the filters,
 * merged newest first, paged by keyset cursors (a cursor of another query is a VALIDATION error).
 * GitHub's lists have no order parameter, so each source is read whole (bounded); a source that
 * fails is left out and listed in `failures`, as for alerts.
 */
export async function resolveReviewQueue(
  cursors: CursorCodec,
  loaders: Pick<Loaders, 'reviewRequestPage'>,
  kind: ReviewRequestKind,
  scopes: readonly ReviewScope[],
  params: ReviewListParams,
  args: { first?: number | null; after?: string | null },
  refused: readonly OrganizationFailure[] = [],
): Promise<ReviewQueuePage> {
  const first = validatePageSize(args.first);
  const queryId = fingerprint([kind, scopes.map(scopeKey), params]);
  const after = args.after ? decodeAfter(cursors, args.after, queryId) : null;
  const failures = [...refused];
  const read = await Promise.all(
    scopes.map((scope) =>
      readSource(loaders, kind, scope, params).catch((error: unknown) => {
        failures.push(failureOf(scopeCredentialOwner(scope), error));
        return [];
      }),
    ),
  );
  const records = read.flat().sort((a, b) => compare(keyOf(a), keyOf(b)));
  const start = after === null ? 0 : records.findIndex((record) => compare(keyOf(record), after) > 0);
  const from = start === -1 ? records.length : start;
  const page = records.slice(from, from + first);
  const edges = page.map((node) => ({ cursor: cursors.encode('review-requests', { q: queryId, k: keyOf(node) }), node }));
  return {
    edges,
    pageInfo: { hasNextPage: from + first < records.length, hasPreviousPage: from > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: records.length,
    failures,
  };
}

function decodeAfter(cursors: CursorCodec, cursor: string, queryId: string): SortKey {
  const payload = cursors.decode(cursor, 'review-requests') as { q?: unknown; k?: unknown };
  const key = payload.k;
  const valid =
    payload.q === queryId &&
    Array.isArray(key) &&
    key.length === 4 &&
    typeof key[0] === 'number' &&
    typeof key[1] === 'string' &&
    typeof key[2] === 'string' &&
    typeof key[3] === 'number';
  if (!valid) throw new ValidationError('The cursor in `after` belongs to another query (other organizations or filters).', 'after');
  return key as SortKey;
}
