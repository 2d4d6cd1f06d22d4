import { planStreams, type StreamPlan } from '../alerts/query.ts';
import { FIRST_PAGE, type PageRef } from '../github/paging.ts';
import type { RestOrgAlert } from '../github/types.ts';
import { updateOrganization, type OrganizationRow, type OrganizationUpdate } from '../store/sync-state.ts';
import type { PassContext } from './lane.ts';
import { fetchSyncPage } from './pages.ts';

/** Most recently updated first: a pass reads only down to where the previous one stopped. */
const INCREMENTAL_ORDER = { field: 'UPDATED_AT', direction: 'DESC' } as const;

export interface IncrementalPassResult {
  /** Upstream pages read (200), and first pages GitHub answered 304 (no rate-limit point each). */
  pages: number;
  notModified: number;
  changes: number;
}

/**
 * Brings an organization up to date: per stream, the first page of `sort=updated&direction=desc`
 * with the ETag of the previous pass (304: nothing changed, nothing spent), then pages down to
 * the watermark. Alerts updated in the same second as the watermark are read again; writing an
 * unchanged alert is a no-op.
 */
export async function incrementalPass(context: PassContext, row: OrganizationRow): Promise<IncrementalPassResult> {
  const result: IncrementalPassResult = { pages: 0, notModified: 0, changes: 0 };
  const update: OrganizationUpdate = {};
  for (const stream of planStreams({}, INCREMENTAL_ORDER, true)) {
    const name = stream.name as 'default' | 'generic';
    const read = await readSinceWatermark(context, row, stream, row[`${name}_watermark`] ?? 0, row[`${name}_etag`]);
    result.pages += read.pages;
    result.changes += read.changes;
    if (read.etag === undefined) {
      result.notModified += 1;
      continue;
    }
    update[`${name}_etag`] = read.etag;
    update[`${name}_watermark`] = read.watermark;
  }
  await updateOrganization(context.store.db, context.store.sourceId, row.org, { ...update, last_incremental_sync_at: Date.now(), error: null, error_code: null });
  return result;
}

/** `etag` undefined in the answer: GitHub answered 304, nothing to do. */
async function readSinceWatermark(
  context: PassContext,
  row: OrganizationRow,
  stream: StreamPlan,
  watermark: number,
  etag: string | null,
): Promise<{ pages: number; changes: number; etag?: string | null; watermark: number }> {
  const { lane, signal, store } = context;
  const read = (ref: PageRef, conditional: string | null) =>
    lane.run((client) => fetchSyncPage(client, row.org, stream.params, ref, { etag: conditional, observe: lane.observe }), signal);
  const first = await read(FIRST_PAGE, etag);
  if (first.status === 304) return { pages: 0, changes: 0, watermark };
  let newest = watermark;
  let pages = 0;
  let changes = 0;
  for (let page = first; ; ) {
    pages += 1;
    const fresh = page.items.filter((alert) => updatedAt(alert) >= watermark);
    for (const alert of fresh) newest = Math.max(newest, updatedAt(alert));
    changes += (await store.writeListedAlerts(row.org, fresh, 'incremental')).length;
    // Sorted by updated_at, newest first: once a page reaches below the watermark, the rest is known.
    if (fresh.length < page.items.length || page.next === null) break;
    const next = await read(page.next, null);
    if (next.status !== 200) break;
    page = next;
  }
  return { pages, changes, etag: first.etag, watermark: newest };
}

function updatedAt(alert: RestOrgAlert): number {
  return Date.parse(alert.updated_at ?? alert.created_at ?? '') || 0;
}
