import { recordFailure, scopeLogins, type AlertStream, type OrganizationFailure } from './connection.ts';
import type { AlertRecord } from './model.ts';
import { nextInOrder, type AlertOrder } from './query.ts';
import type { AlertPage, AlertSource } from './source.ts';
import { FIRST_PAGE, type PageRef } from '../github/paging.ts';
import { covered, extend, MAX_REWIND_PAGES, type Boundary } from './stream-position.ts';

interface Reader {
  stream: AlertStream;
  ref: PageRef;
  page: AlertPage;
  index: number;
  /** The following page, requested as soon as this one is in use. */
  next: Promise<AlertPage> | null;
  /** What this reader has handed out (see stream-position.ts). */
  boundary: Boundary | null;
}

export interface MergedAlerts {
  /** Organizations whose first pages could not be read: left out whole, as the connection does. */
  failures: OrganizationFailure[];
  /** Every accepted alert in the order of the connection; throws if a later page cannot be read. */
  alerts: AsyncGenerator<AlertRecord, void, undefined>;
}

/**
 * The connection's merge as a stream, for exports: holds one page per stream (plus the one
 * being read ahead) and forgets each page once used, so memory does not grow with the number
 * of alerts. The first page of every stream is read before anything is yielded, so that an
 * organization that cannot be read is reported (and left out) before its first row.
 */
export async function mergeAlertStreams(
  source: AlertSource,
  streams: AlertStream[],
  order: AlertOrder,
  refused: OrganizationFailure[] = [],
): Promise<MergedAlerts> {
  const failures = new Map(refused.map((failure) => [failure.login.toLowerCase(), failure]));
  const firstPages = await Promise.all(
    streams.map((stream) =>
      source.page(stream.scope, stream.plan, FIRST_PAGE).catch((error: unknown) => {
        recordFailure(failures, stream.scope, error);
        return null;
      }),
    ),
  );
  const failed = (stream: AlertStream) => scopeLogins(stream.scope).some((login) => failures.has(login.toLowerCase()));
  const readers: Reader[] = [];
  streams.forEach((stream, i) => {
    const page = firstPages[i];
    if (page && !failed(stream)) readers.push({ stream, ref: FIRST_PAGE, page, index: 0, next: readAhead(source, stream, page), boundary: null });
    else if (page) source.forget(stream.scope, stream.plan, FIRST_PAGE);
  });
  return {
    failures: [...failures.values()].sort((a, b) => a.login.localeCompare(b.login)),
    alerts: merge(source, readers, order),
  };
}

async function* merge(source: AlertSource, readers: Reader[], order: AlertOrder): AsyncGenerator<AlertRecord, void, undefined> {
  let live: Reader[] = [];
  for (const reader of readers) if (await settle(source, reader, order)) live.push(reader);
  try {
    while (live.length > 0) {
      const best = nextInOrder(live, (reader) => reader.page.alerts[reader.index]!, order);
      const record = best.page.alerts[best.index]!;
      yield record;
      best.index += 1;
      best.boundary = extend(best.boundary, record, order);
      if (!(await settle(source, best, order))) live = live.filter((reader) => reader !== best);
    }
  } finally {
    // Stopped early (the client went away) or done: drop what is still held.
    for (const reader of live) {
      source.forget(reader.stream.scope, reader.stream.plan, reader.ref);
      reader.next?.catch(() => undefined);
    }
  }
}

/**
 * Moves a reader to its next accepted alert, reading (and forgetting) pages as needed; false at
 * the end. Page numbers are offsets: alerts resolved while an export runs move the following ones
 * up, so before a numbered page is left it is read again (from the response cache, fresh unless a
 * write or a webhook dropped it) and whatever it now holds past the boundary is handed out first;
 * when even its first alert is past the boundary, alerts moved onto earlier pages, and the reader
 * steps back until it finds the boundary (as connections do, see connection.ts).
 */
async function settle(source: AlertSource, reader: Reader, order: AlertOrder): Promise<boolean> {
  let reread = false;
  for (;;) {
    const { alerts } = reader.page;
    while (reader.index < alerts.length && (!reader.stream.plan.accepts(alerts[reader.index]!) || covered(reader.boundary, alerts[reader.index]!, order))) {
      reader.index += 1;
    }
    if (reader.index < alerts.length) return true;
    source.forget(reader.stream.scope, reader.stream.plan, reader.ref);
    if (!reread && reader.page.next?.kind === 'page') {
      reread = true;
      await rereadPage(source, reader, order);
      continue;
    }
    reread = false;
    const nextRef = reader.page.next;
    if (!nextRef || !reader.next) return false;
    reader.page = await reader.next;
    reader.ref = nextRef;
    reader.index = 0;
    reader.next = readAhead(source, reader.stream, reader.page);
  }
}

/** Reads the reader's page again, stepping back while alerts moved past its start (at most MAX_REWIND_PAGES). */
async function rereadPage(source: AlertSource, reader: Reader, order: AlertOrder): Promise<void> {
  const { scope, plan } = reader.stream;
  let page = await source.page(scope, plan, reader.ref);
  let rewound = false;
  for (let steps = 0; steps < MAX_REWIND_PAGES && reader.ref.kind === 'page'; steps += 1) {
    const first = page.alerts[0];
    if (first !== undefined && covered(reader.boundary, first, order)) break;
    source.forget(scope, plan, reader.ref);
    reader.ref = reader.ref.page > 2 ? { kind: 'page', page: reader.ref.page - 1 } : FIRST_PAGE;
    page = await source.page(scope, plan, reader.ref);
    rewound = true;
  }
  reader.page = page;
  reader.index = 0;
  if (rewound) {
    // The page read ahead was read before the alerts moved: read the one after this page instead.
    reader.next?.catch(() => undefined);
    reader.next = readAhead(source, reader.stream, page);
  }
}

function readAhead(source: AlertSource, stream: AlertStream, page: AlertPage): Promise<AlertPage> | null {
  if (!page.next) return null;
  const next = source.page(stream.scope, stream.plan, page.next);
  // Awaited when needed; until then an early failure must not be reported as unhandled.
  next.catch(() => undefined);
  return next;
}
