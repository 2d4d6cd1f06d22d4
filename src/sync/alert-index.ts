import type { GatewayConfig } from '../config.ts';
import type { GitHubAccess } from '../github/loaders.ts';
import type { Logger } from '../logger.ts';
import { IndexStore } from '../store/index-store.ts';
import { AdvisoryLockLeadership, soleLeadership, type LeaderTerm, type SyncLeadership } from './leadership.ts';
import { SyncEngine } from './sync-engine.ts';

export interface AlertIndex {
  store: IndexStore;
  /** Whether this process syncs: always on the embedded engine, the replica holding the lock on PostgreSQL. */
  leadership: SyncLeadership;
  /** Stops the sync (passes in flight finish their page), gives up leadership and closes the store. */
  close(): Promise<void>;
}

export interface AlertIndexOptions {
  /** Told when this process starts or stops syncing (gateway_sync_leader). */
  onLeadership?(isLeader: boolean): void;
}

/**
 * The index as the gateway runs it: the store of the configured GitHub and its sync over the
 * configured organizations, run by one process (see leadership.ts). Null when GATEWAY_INDEX=off.
 * Reads of an organization go to the index once `store.isReady(org)`; until then they stay live.
 */
export async function startAlertIndex(config: GatewayConfig, access: GitHubAccess, logger: Logger, options: AlertIndexOptions = {}): Promise<AlertIndex | null> {
  if (config.index.kind === 'off') return null;
  const store = await IndexStore.open(config.index, config.github.apiUrl);
  const newTerm = (): LeaderTerm =>
    new SyncEngine({
      store,
      access,
      orgs: config.orgs,
      intervalSeconds: config.sync.intervalSeconds,
      budgetShare: config.sync.budgetShare,
      reconcileHours: config.sync.reconcileHours,
      logger,
    });
  const onChange = options.onLeadership ?? (() => {});
  let leadership: SyncLeadership;
  if (config.index.kind === 'postgres') {
    const lock = new AdvisoryLockLeadership({ url: config.index.url, sourceId: store.sourceId, retryMs: config.sync.intervalSeconds * 1000, newTerm, onChange, logger });
    lock.start();
    leadership = lock;
  } else {
    leadership = soleLeadership(newTerm());
    onChange(true);
  }
  logger.info('alert index open', { engine: store.engine, orgs: config.orgs.length });
  return {
    store,
    leadership,
    close: async () => {
      await leadership.release();
      await store.close();
    },
  };
}
