import type { GatewayConfig } from '../config.ts';
import type { GitHubAccess } from '../github/loaders.ts';
import type { Logger } from '../logger.ts';
import { IndexStore } from '../store/index-store.ts';
import { SyncEngine } from './sync-engine.ts';

export interface AlertIndex {
  store: IndexStore;
  sync: SyncEngine;
  /** Stops the sync (passes in flight finish their page) and closes the store. */
  close(): Promise<void>;
}

/**
 * The index as the gateway runs it: the store of the configured GitHub and its sync over the
 * configured organizations, started. Null when GATEWAY_INDEX=off. Reads of an organization go
 * to the index once `store.isReady(org)`; until then they stay live.
 */
export async function startAlertIndex(config: GatewayConfig, access: GitHubAccess, logger: Logger): Promise<AlertIndex | null> {
  if (config.index.kind === 'off') return null;
  const store = await IndexStore.open(config.index, config.github.apiUrl);
  const sync = new SyncEngine({
    store,
    access,
    orgs: config.orgs,
    intervalSeconds: config.sync.intervalSeconds,
    budgetShare: config.sync.budgetShare,
    reconcileHours: config.sync.reconcileHours,
    logger,
  });
  sync.start();
  logger.info('alert index open', { engine: store.engine, orgs: config.orgs.length });
  return {
    store,
    sync,
    close: async () => {
      await sync.stop();
      await store.close();
    },
  };
}
