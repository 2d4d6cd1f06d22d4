import { GitHubError } from './github-error.ts';

/** GitHub's default page size, and the cap it silently applies to larger per_page values. */
export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export interface Page<T> {
  items: T[];
  /** Value for the Link header, or undefined when there is nothing to link to. */
  link: string | undefined;
}

export function perPageOf(query: URLSearchParams): number {
  const value = Number.parseInt(query.get('per_page') ?? '', 10);
  if (!Number.isFinite(value) || value < 1) return DEFAULT_PER_PAGE;
  return Math.min(value, MAX_PER_PAGE);
}

/** True when the request asks for cursor pagination, including an empty `after=` or `before=`. */
export function wantsCursor(query: URLSearchParams): boolean {
  return query.has('after') || query.has('before');
}

function linkUrl(requestUrl: URL, changes: Record<string, string | null>): string {
  const url = new URL(requestUrl.href);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return url.href;
}

function linkHeader(requestUrl: URL, rels: [string, Record<string, string | null>][]): string | undefined {
  if (rels.length === 0) return undefined;
  return rels.map(([rel, changes]) => `<${linkUrl(requestUrl, changes)}>; rel="${rel}"`).join(', ');
}

/** page/per_page pagination with GitHub's next/last/first/prev links. */
export function paginateByPage<T>(items: readonly T[], requestUrl: URL): Page<T> {
  const query = requestUrl.searchParams;
  const perPage = perPageOf(query);
  const requested = Number.parseInt(query.get('page') ?? '', 10);
  const page = Number.isFinite(requested) && requested >= 1 ? requested : 1;
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  // GitHub's order: prev, next, last, first.
  const rels: [string, Record<string, string | null>][] = [];
  if (page > 1) rels.push(['prev', { page: String(Math.min(page - 1, lastPage)) }]);
  if (page < lastPage) rels.push(['next', { page: String(page + 1) }], ['last', { page: String(lastPage) }]);
  if (page > 1) rels.push(['first', { page: '1' }]);
  return { items: items.slice((page - 1) * perPage, page * perPage), link: linkHeader(requestUrl, rels) };
}

export type CursorKey = readonly (string | number)[];

/** Compares sort keys part by part in `direction`; ties use the same direction. */
export function keyComparator(direction: 'asc' | 'desc'): (a: CursorKey, b: CursorKey) => number {
  const sign = direction === 'asc' ? 1 : -1;
  return (a, b) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const left = a[i];
      const right = b[i];
      if (left === right) continue;
      if (left === undefined) return -sign;
      if (right === undefined) return sign;
      return (left < right ? -1 : 1) * sign;
    }
    return 0;
  };
}

/**
 * Keyset pagination over items sorted by `compare`: a cursor encodes the sort key of the item it
 * points at, so pages stay consistent while alerts change. `after` wins over `before` when both are set.
 */
export function paginateByCursor<T>(
  items: readonly T[],
  requestUrl: URL,
  keyOf: (item: T) => CursorKey,
  compare: (a: CursorKey, b: CursorKey) => number,
): Page<T> {
  const query = requestUrl.searchParams;
  const perPage = perPageOf(query);
  const after = query.get('after') ?? '';
  const before = query.get('before') ?? '';
  let start: number;
  let end: number;
  if (after !== '') {
    const key = decodeCursor(after, 'after');
    start = items.findIndex((item) => compare(keyOf(item), key) > 0);
    if (start === -1) start = items.length;
    end = Math.min(items.length, start + perPage);
  } else if (before !== '') {
    const key = decodeCursor(before, 'before');
    end = items.findIndex((item) => compare(keyOf(item), key) >= 0);
    if (end === -1) end = items.length;
    start = Math.max(0, end - perPage);
  } else {
    start = 0;
    end = Math.min(items.length, perPage);
  }
  const pageItems = items.slice(start, end);
  const first = pageItems[0];
  const last = pageItems[pageItems.length - 1];
  const rels: [string, Record<string, string | null>][] = [];
  if (first !== undefined && start > 0) {
    rels.push(['prev', { page: null, after: null, before: encodeCursor(keyOf(first)) }]);
  }
  if (last !== undefined && end < items.length) {
    rels.push(['next', { page: null, before: null, after: encodeCursor(keyOf(last)) }]);
  }
  if (start > 0) rels.push(['first', { page: null, before: null, after: '' }]);
  return { items: pageItems, link: linkHeader(requestUrl, rels) };
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string, field: string): CursorKey {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length > 0 && key.every((part) => typeof part === 'string' || typeof part === 'number')) {
      return key;
    }
  } catch {
    // fall through to GitHub's error
  }
  throw GitHubError.basic(400, `The ${field} cursor is invalid.`);
}
