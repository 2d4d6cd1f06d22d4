import { planStreams, type StreamPlan } from '../alerts/query.ts';
import type { PageRef } from '../github/paging.ts';
import type { RestOrgAlert } from '../github/types.ts';
import { alertKeyString } from '../store/rows.ts';
import { etaSeconds, updateOrganization, type OrganizationRow } from '../store/sync-state.ts';
import type { PassContext } from './lane.ts';
import { fetchSyncPage } from './pages.ts';
import { parseResumePoint, StreamPosition, type ResumePoint } from './resume-point.ts';

/** How often a running full pass records its progress, and logs it. */
const PROGRESS_SAVE_MS = 1_000;
const PROGRESS_LOG_MS = 5_000;
/**
 * Pages of one stream read or being written at once. Reading every page at once (the lane still
 * bounding requests in flight) let pages pile up unwritten on PostgreSQL, whose writes are
 * slower than the demo's answers: 583 MB peak RSS for a 100k first sync (bench `index`).
 */
const PAGES_IN_FLIGHT = 8;

/**
 * Oldest first: alerts created during the pass land after the last page, so page numbers
 * stay put while the pass fans out over them (incremental passes pick the new ones up).
 */
const FULL_ORDER = { field: 'CREATED_AT', direction: 'ASC' } as const;

export interface FullPassResult {
  pages: number;
  alerts: number;
  removed: number;
}

/**
 * Reads every alert of an organization (both streams: GitHub lists generic secret types only
 * when named), pages fanned out once the first page names the last. On an organization the
 * index already holds, alerts no longer listed are removed (their repository was deleted or
 * transferred). A first sync that is interrupted (a failure, a restart) reads on from where it
 * stood (resume-point.ts); a later full pass, which must see every alert to find those gone,
 * starts again. Leaves it READY with watermarks for the incremental passes.
 */
export async function fullPass(context: PassContext, row: OrganizationRow): Promise<FullPassResult> {
  const { store, logger } = context;
  const { org } = row;
  const firstSync = row.last_full_sync_at === null;
  const resumed = firstSync ? parseResumePoint(row.full_resume) : null;
  const startedAt = Date.now();
  const before = firstSync ? null : await store.alertKeys(org);
  const streams = planStreams({}, FULL_ORDER, true);
  const positions = streams.map((stream) => new StreamPosition(JSON.stringify(stream.params), resumed?.streams[stream.name]));
  const progress = new Progress(context, row, startedAt, resumed?.activeMs ?? 0, firstSync ? () => Object.fromEntries(streams.map((stream, i) => [stream.name, positions[i]!.state])) : null);
  for (const position of positions) progress.resume(position.pagesBefore);
  await progress.save(true);
  const seen = new Set<string>();
  try {
    await settledAll(streams.map((stream, i) => readStream(context, org, stream, positions[i]!, progress, seen)));
  } catch (error) {
    // Where it stood once every page in flight has ended, so that the next pass reads on from there.
    await progress.save(true).catch(() => {});
    throw error;
  }
  // GitHub's clock at the first answer: anything updated after it is for the incremental passes.
  const watermark = Math.min(...positions.map((position) => position.firstAnswerAt ?? startedAt)) - 1_000;
  const gone = before === null ? [] : [...before].filter((key) => !seen.has(key)).map(parseKey);
  const removed = gone.length === 0 ? 0 : (await store.removeAlerts(org, gone)).length;
  const finishedAt = Date.now();
  await updateOrganization(store.db, store.sourceId, org, {
    state: 'READY',
    pages_done: progress.done,
    pages_total: progress.done,
    default_watermark: watermark,
    generic_watermark: watermark,
    default_etag: null,
    generic_etag: null,
    full_resume: null,
    last_full_sync_at: finishedAt,
    error: null,
    error_code: null,
  });
  const resumedPages = positions.reduce((sum, position) => sum + position.pagesBefore, 0);
  logger.info('index sync: organization read in full', { org, alerts: progress.alerts, pages: progress.done, ...(resumedPages > 0 ? { resumedAfterPages: resumedPages } : {}), removed, seconds: (finishedAt - startedAt) / 1000 });
  return { pages: progress.done, alerts: progress.alerts, removed };
}

/** Reads one stream from where it stands to its end. */
async function readStream(context: PassContext, org: string, stream: StreamPlan, position: StreamPosition, progress: Progress, seen: Set<string>): Promise<void> {
  const { lane, signal } = context;
  const start = position.start;
  if (start === null) return;
  const read = (ref: PageRef) => lane.run((client) => fetchSyncPage(client, org, stream.params, ref, { observe: lane.observe }), signal);
  const write = async (items: RestOrgAlert[], written: () => void) => {
    for (const alert of items) if (alert.repository) seen.add(alertKeyString({ org, repo: alert.repository.name.toLowerCase(), number: alert.number! }));
    await context.store.writeListedAlerts(org, items, 'full');
    written();
    await progress.pageDone(items.length);
  };
  const first = await read(start);
  if (first.status !== 200) throw new Error('GitHub answered 304 to an unconditional request');
  position.answered(first.date);
  const startPage = start.kind === 'page' ? start.page : 1;
  if (start.kind !== 'after' && (first.lastPage !== null || first.next === null)) {
    // Page numbers are known: every page at once, as many in flight as the lane allows.
    const lastPage = first.lastPage ?? startPage;
    progress.expect(lastPage - startPage + 1);
    await write(first.items, () => position.pageWritten(startPage));
    const numbers = Array.from({ length: lastPage - startPage }, (_, index) => startPage + 1 + index);
    let failed = false;
    // A few readers, each writing its page before it reads the next: pages read and not yet
    // written stay bounded when the index writes slower than GitHub answers.
    const reader = async () => {
      for (let page = numbers.shift(); page !== undefined && !failed; page = numbers.shift()) {
        try {
          const answer = await read({ kind: 'page', page });
          if (answer.status === 200) await write(answer.items, () => position.pageWritten(page!));
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    await settledAll(Array.from({ length: PAGES_IN_FLIGHT }, reader));
    position.finished();
    return;
  }
  // Cursor pages: one after the other.
  progress.expect(first.next ? 2 : 1);
  await write(first.items, () => position.cursorPageWritten(first.next));
  for (let next = first.next; next !== null; ) {
    const answer = await read(next);
    if (answer.status !== 200) break;
    progress.expect(answer.next ? 1 : 0);
    await write(answer.items, () => position.cursorPageWritten(answer.next));
    next = answer.next;
  }
  position.finished();
}

/** Waits for every one of `work` to end (each page written is a position kept), then fails with the first failure. */
async function settledAll(work: Promise<void>[]): Promise<void> {
  const failure = (await Promise.allSettled(work)).find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}

function parseKey(key: string) {
  const match = /^([^/]+)\/(.+)#(\d+)$/.exec(key)!;
  return { org: match[1]!, repo: match[2]!, number: Number(match[3]) };
}

/** Pages done and known, saved to the organization's row (syncStatus) and logged with an ETA. */
class Progress {
  done = 0;
  total = 0;
  alerts = 0;
  private savedAt = 0;
  private loggedAt: number;

  /**
   * `activeMs`: time spent reading before this pass resumed; `resumePoint`: the streams'
   * positions to save with the progress (a first sync), or null.
   */
  constructor(
    private readonly context: PassContext,
    private readonly row: OrganizationRow,
    private readonly startedAt: number,
    private readonly activeMs: number,
    private readonly resumePoint: (() => ResumePoint['streams']) | null,
  ) {
    this.loggedAt = startedAt;
  }

  /** Pages a stream wrote before this pass resumed it. */
  resume(pages: number): void {
    this.done += pages;
    this.total += pages;
  }

  expect(pages: number): void {
    this.total += pages;
  }

  async pageDone(alerts: number): Promise<void> {
    this.done += 1;
    this.alerts += alerts;
    await this.save(false);
  }

  /** For the ETA: a resumed pass reads as if it had started `activeMs` before it did. */
  private get effectiveStart(): number {
    return this.startedAt - this.activeMs;
  }

  async save(force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - this.savedAt < PROGRESS_SAVE_MS) return;
    const starting = this.savedAt === 0;
    this.savedAt = now;
    const { store } = this.context;
    await updateOrganization(store.db, store.sourceId, this.row.org, {
      // A reconciliation of a READY organization keeps it READY: its reads stay on the index.
      ...(this.row.state === 'READY' ? {} : { state: 'SYNCING' as const }),
      pages_done: this.done,
      pages_total: Math.max(this.total, 1),
      ...(this.resumePoint ? { full_resume: JSON.stringify({ activeMs: this.activeMs + (now - this.startedAt), streams: this.resumePoint() } satisfies ResumePoint) } : {}),
      ...(starting ? { full_started_at: this.effectiveStart, error: null, error_code: null } : {}),
    });
    if (now - this.loggedAt >= PROGRESS_LOG_MS) {
      this.loggedAt = now;
      const eta = etaSeconds(this.effectiveStart, this.done, this.total, now);
      this.context.logger.info('index sync progress', { org: this.row.org, pages: this.done, of: this.total, alerts: this.alerts, progress: Number((this.done / Math.max(this.total, 1)).toFixed(3)), etaSeconds: eta });
    }
  }
}
