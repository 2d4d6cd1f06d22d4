import type { OrganizationSyncStatus } from '../store/sync-state.ts';
import { builder } from './builder.ts';

const SyncStateEnum = builder.enumType('SyncState', {
  description: 'Where the alert index stands for an organization.',
  values: {
    PENDING: { description: 'Not synchronised yet: its reads are served live from GitHub.' },
    SYNCING: { description: 'The first full sync is under way: its reads are served live from GitHub.' },
    READY: { description: 'Synchronised: its reads are served from the index, kept fresh by sync passes and webhooks.' },
    FAILED: { description: 'The last pass failed (see error); reads stay as they were.' },
  } as const,
});

const SyncStatusRef = builder.objectRef<OrganizationSyncStatus>('OrganizationSyncStatus').implement({
  description: "Where the alert index stands for one organization.",
  fields: (t) => ({
    login: t.exposeString('login', { description: 'The organization login.' }),
    state: t.field({ type: SyncStateEnum, description: 'PENDING, SYNCING, READY or FAILED.', resolve: (status) => status.state }),
    alertCount: t.exposeInt('alertCount', { description: 'Alerts the index holds for this organization.' }),
    progress: t.exposeFloat('progress', { description: 'Share of the first full sync done, 0 to 1 (1 once READY).' }),
    lastFullSyncAt: t.field({ type: 'DateTime', nullable: true, description: 'When the last full pass ended.', resolve: (status) => status.lastFullSyncAt?.toISOString() ?? null }),
    lastIncrementalSyncAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the last incremental pass ended.',
      resolve: (status) => status.lastIncrementalSyncAt?.toISOString() ?? null,
    }),
    error: t.string({ nullable: true, description: 'Why the last pass failed, when it did.', resolve: (status) => status.error }),
    etaSeconds: t.float({
      nullable: true,
      description: 'Seconds until the running first sync is expected to end, from its pace so far; null when none runs.',
      resolve: (status) => status.etaSeconds,
    }),
  }),
});

builder.queryField('syncStatus', (t) =>
  t.field({
    type: [SyncStatusRef],
    description: 'Where the alert index stands for each organization; an empty list when the index is off.',
    args: { orgs: t.arg.stringList({ description: 'Organization logins; default: GATEWAY_ORGS (those the caller may read).' }) },
    resolve: (_root, { orgs }, context) => {
      const { logins } = context.policy.organizationsToRead(orgs, context.defaultOrgs);
      return context.store.syncStatus(logins);
    },
  }),
);
