import { ValidationError } from '../errors.ts';
import { FIRST_PAGE, isPageRef, type PageRef } from '../github/paging.ts';
import type { AlertRecord } from './model.ts';
import { orderValue, type AlertOrder } from './query.ts';

/**
 * The last alerts a stream handed out: their order value and the identities of those handed out
 * with that very value. A stream resumes at the upstream page that holds its next alert and
 * skips what the boundary covers, rather than counting an offset into the page: an offset shifts
 * when alerts before it leave the list (resolved while someone pages through OPEN alerts) or join
 * it, and a reader would skip or repeat alerts. Upstream pages are keyset cursors (GitHub's
 * `after`), which do not shift.
 */
export interface Boundary {
  value: number;
  ids: string[];
}

/** Where a stream stands: the page to read, how far into it this request has gone, and its boundary; null when done. */
export type Position = { ref: PageRef; index: number; boundary: Boundary | null } | null;

export const START: Position = { ref: FIRST_PAGE, index: 0, boundary: null };

/** How many pages a reader steps back at most to find alerts that moved up. */
export const MAX_REWIND_PAGES = 20;

/** Ties beyond this many alerts with one timestamp are not remembered (a cursor stays small). */
const MAX_TIES = 50;

function identity(record: AlertRecord): string {
  return `${record.repository.nameWithOwner}#${record.alert.number ?? 0}`.toLowerCase();
}

/** The boundary after handing out `record`. */
export function extend(boundary: Boundary | null, record: AlertRecord, order: AlertOrder): Boundary {
  const value = orderValue(record, order);
  const ids = boundary?.value === value ? [...boundary.ids, identity(record)].slice(-MAX_TIES) : [identity(record)];
  return { value, ids };
}

/** The position after handing out `record`, the alert at `position.index`. */
export function after(position: NonNullable<Position>, record: AlertRecord, order: AlertOrder): NonNullable<Position> {
  return { ref: position.ref, index: position.index + 1, boundary: extend(position.boundary, record, order) };
}

/** Whether the boundary covers an alert: it comes before the boundary in the order, or was handed out with its value. */
export function covered(boundary: Boundary | null, record: AlertRecord, order: AlertOrder): boolean {
  if (!boundary) return false;
  const delta = (orderValue(record, order) - boundary.value) * (order.direction === 'ASC' ? 1 : -1);
  return delta < 0 || (delta === 0 && boundary.ids.includes(identity(record)));
}

export function encodePosition(position: Position): unknown {
  if (!position) return 0;
  const { ref, boundary } = position;
  const where = ref.kind === 'first' ? ['f'] : ref.kind === 'page' ? ['p', ref.page] : ['a', ref.after];
  return boundary ? [...where, boundary.value, boundary.ids] : where;
}

/** Decodes what encodePosition wrote; anything else is a VALIDATION error. */
export function decodePosition(entry: unknown): Position {
  if (entry === 0) return null;
  const invalid = () => new ValidationError('The cursor in `after` is not valid here; use a cursor returned by this same field and query.', 'after');
  if (!Array.isArray(entry)) throw invalid();
  const [kind, ...rest] = entry as unknown[];
  const ref: unknown = kind === 'f' ? FIRST_PAGE : kind === 'p' ? { kind: 'page', page: rest.shift() } : kind === 'a' ? { kind: 'after', after: rest.shift() } : null;
  if (!isPageRef(ref)) throw invalid();
  if (rest.length === 0) return { ref, index: 0, boundary: null };
  const [value, ids] = rest;
  if (typeof value !== 'number' || !Array.isArray(ids) || ids.length > MAX_TIES || ids.some((id) => typeof id !== 'string' || id.length > 300)) throw invalid();
  return { ref, index: 0, boundary: { value, ids: ids as string[] } };
}
