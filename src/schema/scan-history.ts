import { nullIfNotFound } from '../errors.ts';
import type { RestScan } from '../github/types.ts';
import { summarizeScans } from '../scans/coverage.ts';
import { authorizeOrg } from './access.ts';
import { builder } from './builder.ts';
import { RepositoryRef, ScanHistoryRef } from './refs.ts';

type CustomPatternScan = RestScan & { pattern_name?: string; pattern_slug?: string; pattern_scope?: string };

const isCustomPatternScan = (scan: CustomPatternScan) => 'pattern_name' in scan || 'pattern_slug' in scan || 'pattern_scope' in scan;

const ScanDetails = builder.interfaceRef<CustomPatternScan>('SecretScanningScanDetails').implement({
  description: 'What every scan has: what was scanned, its status and when it ran.',
  resolveType: (scan) => (isCustomPatternScan(scan) ? 'SecretScanningCustomPatternScan' : 'SecretScanningScan'),
  fields: (t) => ({
    type: t.string({ nullable: true, description: 'What was scanned, e.g. git, issue, discussion, wiki.', resolve: (scan) => scan.type ?? null }),
    status: t.string({
      nullable: true,
      description: "GitHub's status of the scan: completed, running, pending, failed or unknown (GitHub may add others).",
      resolve: (scan) => scan.status ?? null,
    }),
    startedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it started; null while pending.', resolve: (scan) => scan.started_at ?? null }),
    completedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it completed; null while running.', resolve: (scan) => scan.completed_at ?? null }),
  }),
});

const ScanRef = builder.objectRef<CustomPatternScan>('SecretScanningScan').implement({
  description: 'One scan secret scanning ran (or is running) on a repository.',
  interfaces: [ScanDetails],
  fields: () => ({}),
});

const CustomPatternScanRef = builder.objectRef<CustomPatternScan>('SecretScanningCustomPatternScan').implement({
  description: 'A backfill scan for one custom pattern.',
  interfaces: [ScanDetails],
  fields: (t) => ({
    // GitHub's example names the pattern `pattern_slug` where its schema says `pattern_name`: either is read.
    patternName: t.string({ nullable: true, description: 'The custom pattern scanned for.', resolve: (scan) => scan.pattern_name ?? scan.pattern_slug ?? null }),
    patternScope: t.string({ nullable: true, description: 'Where the pattern is defined: repository, organization or enterprise.', resolve: (scan) => scan.pattern_scope ?? null }),
  }),
});

builder.objectType(ScanHistoryRef, {
  description: "A repository's secret scanning history (GET /repos/{owner}/{repo}/secret-scanning/scan-history).",
  fields: (t) => ({
    incrementalScans: t.field({ type: [ScanRef], description: 'Scans of new pushes and content.', resolve: (h) => h.incremental_scans ?? [] }),
    backfillScans: t.field({ type: [ScanRef], description: 'Scans of the whole existing history.', resolve: (h) => h.backfill_scans ?? [] }),
    patternUpdateScans: t.field({ type: [ScanRef], description: "Rescans after GitHub changed its patterns.", resolve: (h) => h.pattern_update_scans ?? [] }),
    customPatternBackfillScans: t.field({
      type: [CustomPatternScanRef],
      description: 'Backfill scans for custom patterns.',
      resolve: (h) => (h.custom_pattern_backfill_scans ?? []) as CustomPatternScan[],
    }),
    genericSecretsBackfillScans: t.field({
      type: [ScanRef],
      nullable: true,
      description: 'Backfill scans for generic secrets (passwords, keys); null where GitHub does not report them (GHES).',
      resolve: (h) => h.generic_secrets_backfill_scans ?? null,
    }),
    hasCompletedBackfill: t.boolean({ description: 'Whether any backfill scan has completed.', resolve: (h) => summarizeScans(h).hasCompletedBackfill }),
    lastBackfillCompletedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the latest completed backfill scan finished.',
      resolve: (h) => summarizeScans(h).lastBackfillCompletedAt,
    }),
    lastScannedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When any scan last completed; null if none ever did.',
      resolve: (h) => summarizeScans(h).lastScannedAt,
    }),
  }),
});

builder.objectFields(RepositoryRef, (t) => ({
  secretScanningScanHistory: t.field({
    type: ScanHistoryRef,
    nullable: true,
    description: 'What secret scanning has scanned in this repository; null where GitHub has no history (secret scanning off, no GHAS).',
    resolve: async (repository, _args, context) => {
      authorizeOrg(context, repository.owner, 'owner');
      return context.loaders.scanHistory.load(repository.nameWithOwner).catch(nullIfNotFound);
    },
  }),
}));
