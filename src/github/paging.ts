/**
 * Where a page of a GitHub list starts: the first page, a page number, or a cursor. Only
 * these values are taken from GitHub's `Link` header, so a position can be stored in a
 * client-visible cursor and turned back into a request without trusting any URL.
 */
export type PageRef = { kind: 'first' } | { kind: 'page'; page: number } | { kind: 'after'; after: string };

export const FIRST_PAGE: PageRef = { kind: 'first' };

/** GitHub's maximum `per_page`; the gateway always asks for full pages. */
export const UPSTREAM_PAGE_SIZE = 100;

const LINK_PART = /<([^>]+)>;\s*rel="([^"]+)"/g;

export function parseLinkHeader(header: string | undefined): Map<string, URL> {
  const links = new Map<string, URL>();
  if (!header) return links;
  for (const match of header.matchAll(LINK_PART)) {
    const [, target, rels] = match;
    if (target === undefined || rels === undefined) continue;
    try {
      const url = new URL(target);
      for (const rel of rels.split(/\s+/)) links.set(rel, url);
    } catch {
      // An unparsable link is treated as absent.
    }
  }
  return links;
}

function refFromUrl(url: URL | undefined): PageRef | null {
  if (!url) return null;
  const after = url.searchParams.get('after');
  if (after) return { kind: 'after', after };
  const page = Number(url.searchParams.get('page'));
  if (Number.isSafeInteger(page) && page > 1) return { kind: 'page', page };
  return null;
}

/** The next page, and the last page's number when GitHub pages by number (cursor paging has none). */
export function pageNavigation(linkHeader: string | undefined): { next: PageRef | null; lastPage: number | null } {
  const links = parseLinkHeader(linkHeader);
  const last = refFromUrl(links.get('last'));
  return { next: refFromUrl(links.get('next')), lastPage: last?.kind === 'page' ? last.page : null };
}

export function pageRefParams(ref: PageRef): { page?: number; after?: string } {
  switch (ref.kind) {
    case 'first':
      return {};
    case 'page':
      return { page: ref.page };
    case 'after':
      return { after: ref.after };
  }
}

export function pageRefKey(ref: PageRef): string {
  return ref.kind === 'first' ? 'first' : ref.kind === 'page' ? `page=${ref.page}` : `after=${ref.after}`;
}

/** Validates a position decoded from a client cursor. */
export function isPageRef(value: unknown): value is PageRef {
  if (typeof value !== 'object' || value === null) return false;
  const ref = value as Record<string, unknown>;
  switch (ref.kind) {
    case 'first':
      return true;
    case 'page':
      return Number.isSafeInteger(ref.page) && (ref.page as number) > 1;
    case 'after':
      return typeof ref.after === 'string' && /^[A-Za-z0-9+/=_.:-]{1,512}$/.test(ref.after);
    default:
      return false;
  }
}

export interface ListPage<T> {
  items: T[];
  next: PageRef | null;
  /** Number of the last page, when GitHub pages by number and says so. */
  lastPage: number | null;
}

export interface ListResponse<T> {
  data: T[];
  headers: { link?: string };
}

/** Pages by GitHub's parsed items: a cached page's items are shared, and so is its ListPage. */
const listPages = new WeakMap<object, ListPage<unknown>>();

/** A list response as a page with its navigation; `ref` is the page that was asked for. */
export function toListPage<T>(response: ListResponse<T>, ref: PageRef): ListPage<T> {
  let page = listPages.get(response.data) as ListPage<T> | undefined;
  if (!page) {
    const navigation = response.headers.link === undefined ? navigationWithoutLink(response.data.length, ref) : pageNavigation(response.headers.link);
    page = { items: response.data, ...navigation };
    listPages.set(response.data, page);
  }
  return page;
}

/**
 * GitHub's description declares no Link header on some lists (repository alerts, bypass and
 * dismissal requests): without one, a full page of a page-numbered list is followed by the next
 * number (a cursor has nowhere to go).
 */
function navigationWithoutLink(items: number, ref: PageRef): Pick<ListPage<unknown>, 'next' | 'lastPage'> {
  if (ref.kind === 'after' || items < UPSTREAM_PAGE_SIZE) return { next: null, lastPage: null };
  return { next: { kind: 'page', page: (ref.kind === 'page' ? ref.page : 1) + 1 }, lastPage: null };
}
