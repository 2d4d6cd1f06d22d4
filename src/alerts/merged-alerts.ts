import { recordFailure, scopeLogins, type AlertStream, type OrganizationFailure } from './connection.ts';
import type { AlertRecord } from './model.ts';
import { nextInOrder, type AlertOrder } from './query.ts';
import type { AlertPage, AlertSource } from './source.ts';
import { FIRST_PAGE, type PageRef } from '../github/paging.ts';

interface Reader {
  stream: AlertStream;
  ref: PageRef;
  page: AlertPage;
  index: number;
  /** The following page, requested as soon as this one is in use. */
  next: Promise<AlertPage> | null;
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
    if (page && !failed(stream)) readers.push({ stream, ref: FIRST_PAGE, page, index: 0, next: readAhead(source, stream, page) });
    else if (page) source.forget(stream.scope, stream.plan, FIRST_PAGE);
  });
  return {
    failures: [...failures.values()].sort((a, b) => a.login.localeCompare(b.login)),
    alerts: merge(source, readers, order),
  };
}

async function* merge(source: AlertSource, readers: Reader[], order: AlertOrder): AsyncGenerator<AlertRecord, void, undefined> {
  let live: Reader[] = [];
  for (const reader of readers) if (await settle(source, reader)) live.push(reader);
  try {
    while (live.length > 0) {
      const best = nextInOrder(live, (reader) => reader.page.alerts[reader.index]!, order);
      yield best.page.alerts[best.index]!;
      best.index += 1;
      if (!(await settle(source, best))) live = live.filter((reader) => reader !== best);
    }
  } finally {
    // Stopped early (the client went away) or done: drop what is still held.
    for (const reader of live) {
      source.forget(reader.stream.scope, reader.stream.plan, reader.ref);
      reader.next?.catch(() => undefined);
    }
  }
}

/** Moves a reader to its next accepted alert, reading (and forgetting) pages as needed; false at the end. */
async function settle(source: AlertSource, reader: Reader): Promise<boolean> {
  for (;;) {
    const { alerts } = reader.page;
    while (reader.index < alerts.length && !reader.stream.plan.accepts(alerts[reader.index]!)) reader.index += 1;
    if (reader.index < alerts.length) return true;
    source.forget(reader.stream.scope, reader.stream.plan, reader.ref);
    const nextRef = reader.page.next;
    if (!nextRef || !reader.next) return false;
    reader.page = await reader.next;
    reader.ref = nextRef;
    reader.index = 0;
    reader.next = readAhead(source, reader.stream, reader.page);
  }
}

function readAhead(source: AlertSource, stream: AlertStream, page: AlertPage): Promise<AlertPage> | null {
  if (!page.next) return null;
  const next = source.page(stream.scope, stream.plan, page.next);
  // Awaited when needed; until then an early failure must not be reported as unhandled.
  next.catch(() => undefined);
  return next;
}
