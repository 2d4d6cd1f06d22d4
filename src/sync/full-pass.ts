import { planStreams, type StreamPlan } from '../alerts/query.ts';
import { FIRST_PAGE, type PageRef } from '../github/paging.ts';
import type { RestOrgAlert } from '../github/types.ts';
import { alertKeyString } from '../store/rows.ts';
import { etaSeconds, updateOrganization, type OrganizationRow } from '../store/sync-state.ts';
import type { PassContext } from './lane.ts';
import { fetchSyncPage } from './pages.ts';

/** How often a running full pass records its progress, and logs it. */
const PROGRESS_SAVE_MS = 1_000;
const PROGRESS_LOG_MS = 5_000;

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
 * transferred). Leaves it READY with watermarks for the incremental passes.
 */
export async function fullPass(context: PassContext, row: OrganizationRow): Promise<FullPassResult> {
  const { store, logger } = context;
  const { org } = row;
  const startedAt = Date.now();
  const before = row.last_full_sync_at === null ? null : await store.alertKeys(org);
  const progress = new Progress(context, row, startedAt);
  await progress.save(true);
  const seen = new Set<string>();
  const streams = planStreams({}, FULL_ORDER, true);
  const firstAnswers = await Promise.all(streams.map((stream) => readStream(context, org, stream, progress, seen)));
  // GitHub's clock at the first answer: anything updated after it is for the incremental passes.
  const watermark = Math.min(...firstAnswers.map((date) => date ?? startedAt)) - 1_000;
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
    last_full_sync_at: finishedAt,
    error: null,
    error_code: null,
  });
  logger.info('index sync: organization read in full', { org, alerts: progress.alerts, pages: progress.done, removed, seconds: (finishedAt - startedAt) / 1000 });
  return { pages: progress.done, alerts: progress.alerts, removed };
}

/** Reads one stream to its end; answers the Date of its first page. */
async function readStream(context: PassContext, org: string, stream: StreamPlan, progress: Progress, seen: Set<string>): Promise<number | null> {
  const { lane, signal } = context;
  const read = (ref: PageRef) => lane.run((client) => fetchSyncPage(client, org, stream.params, ref, { observe: lane.observe }), signal);
  const write = async (items: RestOrgAlert[]) => {
    for (const alert of items) if (alert.repository) seen.add(alertKeyString({ org, repo: alert.repository.name.toLowerCase(), number: alert.number! }));
    await context.store.writeListedAlerts(org, items, 'full');
    await progress.pageDone(items.length);
  };
  const first = await read(FIRST_PAGE);
  if (first.status !== 200) throw new Error('GitHub answered 304 to an unconditional request');
  progress.expect(first.lastPage ?? (first.next ? 2 : 1));
  await write(first.items);
  if (first.lastPage !== null) {
    // Page numbers are known: every page at once, as many in flight as the lane allows.
    const numbers = Array.from({ length: first.lastPage - 1 }, (_, index) => index + 2);
    await Promise.all(numbers.map(async (page) => {
      const answer = await read({ kind: 'page', page });
      if (answer.status === 200) await write(answer.items);
    }));
    return first.date;
  }
  // Cursor pages: one after the other.
  for (let next = first.next; next !== null; ) {
    const answer = await read(next);
    if (answer.status !== 200) break;
    progress.expect(answer.next ? 1 : 0);
    await write(answer.items);
    next = answer.next;
  }
  return first.date;
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

  constructor(
    private readonly context: PassContext,
    private readonly row: OrganizationRow,
    private readonly startedAt: number,
  ) {
    this.loggedAt = startedAt;
  }

  expect(pages: number): void {
    this.total += pages;
  }

  async pageDone(alerts: number): Promise<void> {
    this.done += 1;
    this.alerts += alerts;
    await this.save(false);
  }

  async save(starting: boolean): Promise<void> {
    const now = Date.now();
    if (!starting && now - this.savedAt < PROGRESS_SAVE_MS) return;
    this.savedAt = now;
    const { store } = this.context;
    await updateOrganization(store.db, store.sourceId, this.row.org, {
      // A reconciliation of a READY organization keeps it READY: its reads stay on the index.
      ...(this.row.state === 'READY' ? {} : { state: 'SYNCING' as const }),
      pages_done: this.done,
      pages_total: Math.max(this.total, 1),
      ...(starting ? { full_started_at: this.startedAt, error: null, error_code: null } : {}),
    });
    if (now - this.loggedAt >= PROGRESS_LOG_MS) {
      this.loggedAt = now;
      const eta = etaSeconds(this.startedAt, this.done, this.total, now);
      this.context.logger.info('index sync progress', { org: this.row.org, pages: this.done, of: this.total, alerts: this.alerts, progress: Number((this.done / Math.max(this.total, 1)).toFixed(3)), etaSeconds: eta });
    }
  }
}
