import { setTimeout as delay } from 'node:timers/promises';
import type { GitHubClient } from '../github/client.ts';
import type { GitHubAccess } from '../github/loaders.ts';
import type { Logger } from '../logger.ts';
import { DomainError } from '../errors.ts';
import type { IndexStore } from '../store/index-store.ts';
import { addOrganizations, organizationRows, removeOrganization, updateOrganization, type OrganizationRow } from '../store/sync-state.ts';
import { fullPass } from './full-pass.ts';
import { incrementalPass } from './incremental-pass.ts';
import { SyncLane, type PassContext } from './lane.ts';

export interface SyncEngineOptions {
  store: IndexStore;
  access: GitHubAccess;
  /** The organizations to keep in the index (GATEWAY_ORGS); others are removed from it. */
  orgs: readonly string[];
  intervalSeconds: number;
  /** Share (0–1] of each credential's hourly rate limit the sync may use. */
  budgetShare: number;
  reconcileHours: number;
  logger: Logger;
  /** Sync requests in flight per credential (default 8): callers' requests queue behind no more than these. */
  concurrency?: number;
  /** Organizations in a pass at once (default 4). */
  orgConcurrency?: number;
  /** How often the engine looks for due passes (default 1 s). */
  tickMs?: number;
}

export type PassKind = 'full' | 'incremental';

/**
 * Keeps the index of the configured organizations current: a full pass for each organization
 * not yet READY (reads stay live until then), an incremental pass every interval, and a full
 * pass again every reconcileHours to catch what incremental passes cannot see. One pass per
 * organization at a time; a failed pass is retried with a back-off.
 */
export class SyncEngine {
  private readonly lanes = new WeakMap<GitHubClient, SyncLane>();
  private readonly running = new Map<string, { kind: PassKind; done: Promise<void> }>();
  /** Consecutive failures and the time of the last one, per organization. */
  private readonly failures = new Map<string, { count: number; at: number }>();
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private readonly orgs: string[];

  constructor(private readonly options: SyncEngineOptions) {
    this.orgs = [...new Set(options.orgs.map((org) => org.toLowerCase()))];
  }

  /** Reconciles the organizations with the configuration, then runs passes as they fall due, until stop(). */
  start(): void {
    this.loop ??= (async () => {
      await this.reconcileOrganizations();
      while (!this.abort.signal.aborted) {
        this.launchDue().catch((error: unknown) => this.options.logger.warn('index sync: cannot read the sync state', { error: String(error) }));
        await delay(this.options.tickMs ?? 1_000, undefined, { signal: this.abort.signal }).catch(() => {});
      }
    })().catch((error: unknown) => this.options.logger.error('index sync stopped', { error: String(error) }));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    await Promise.allSettled([...this.running.values()].map((pass) => pass.done));
  }

  /** Adds configured organizations the index lacks (PENDING) and forgets those no longer configured. */
  async reconcileOrganizations(): Promise<void> {
    const { store, logger } = this.options;
    await addOrganizations(store.db, store.sourceId, this.orgs);
    for (const row of await organizationRows(store.db, store.sourceId)) {
      if (this.orgs.includes(row.org)) continue;
      await removeOrganization(store.db, store.sourceId, row.org);
      logger.info('index: organization removed (no longer in GATEWAY_ORGS)', { org: row.org });
    }
  }

  /** Runs every pass due at `now`, as many at once as allowed, until none is (tests; the loop does not wait). */
  async runDue(now = Date.now()): Promise<void> {
    const done = new Set<string>();
    for (let launched = await this.launchDue(now, done); launched.length > 0; launched = await this.launchDue(now, done)) await Promise.all(launched);
  }

  /** Starts the passes due at `now`, skipping organizations in `skip` and adding those it starts. */
  private async launchDue(now = Date.now(), skip = new Set<string>()): Promise<Promise<void>[]> {
    const { store } = this.options;
    const rows = await organizationRows(store.db, store.sourceId, this.orgs);
    const launched: Promise<void>[] = [];
    for (const row of rows) {
      if (this.running.size >= (this.options.orgConcurrency ?? 4)) break;
      const kind = this.running.has(row.org) || skip.has(row.org) ? null : this.dueKind(row, now);
      if (kind === null) continue;
      skip.add(row.org);
      const done = this.runPass(row, kind).finally(() => this.running.delete(row.org));
      this.running.set(row.org, { kind, done });
      launched.push(done);
    }
    return launched;
  }

  private dueKind(row: OrganizationRow, now: number): PassKind | null {
    const { intervalSeconds, reconcileHours } = this.options;
    const failure = this.failures.get(row.org);
    if (failure && now < failure.at + Math.min(intervalSeconds * 1000 * 2 ** (failure.count - 1), reconcileHours * 3_600_000)) return null;
    if (row.last_full_sync_at === null || now - row.last_full_sync_at >= reconcileHours * 3_600_000) return 'full';
    return now - (row.last_incremental_sync_at ?? row.last_full_sync_at) >= intervalSeconds * 1000 ? 'incremental' : null;
  }

  private async runPass(row: OrganizationRow, kind: PassKind): Promise<void> {
    const { store, logger } = this.options;
    try {
      const context = await this.contextFor(row.org);
      if (kind === 'full') {
        await fullPass(context, row);
        // The last of a wave of full passes refreshes the planner's statistics for all of them.
        if (![...this.running].some(([org, pass]) => org !== row.org && pass.kind === 'full')) await store.refreshStatistics();
      } else {
        const result = await incrementalPass(context, row);
        if (result.changes > 0) logger.debug('index sync: incremental pass', { org: row.org, ...result });
      }
      this.failures.delete(row.org);
    } catch (error) {
      if (this.abort.signal.aborted) return;
      const count = (this.failures.get(row.org)?.count ?? 0) + 1;
      this.failures.set(row.org, { count, at: Date.now() });
      const message = error instanceof Error ? error.message : String(error);
      // A READY organization stays READY (its index is a pass behind); one never synced is FAILED.
      const code = error instanceof DomainError ? error.code : 'UPSTREAM';
      await updateOrganization(store.db, store.sourceId, row.org, { error: message, error_code: code, ...(row.last_full_sync_at === null ? { state: 'FAILED' as const } : {}) });
      logger.warn(`index sync: ${kind} pass failed`, { org: row.org, error: message, failures: count });
    }
  }

  private async contextFor(org: string): Promise<PassContext> {
    const { store, access, logger, budgetShare } = this.options;
    const client = await access.clientFor(org);
    let lane = this.lanes.get(client);
    if (!lane) this.lanes.set(client, (lane = new SyncLane(client, { budgetShare, concurrency: this.options.concurrency ?? 8, logger })));
    return { store, lane, logger, signal: this.abort.signal };
  }
}
