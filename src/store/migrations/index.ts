import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './2026-12-02T00-initial.ts';
import * as history from './2026-12-02T01-history.ts';
import * as historyEvents from './2026-12-02T02-history-events.ts';
import * as replicas from './2026-12-03T00-replicas.ts';
import * as syncResume from './2026-12-04T00-sync-resume.ts';

/**
 * Every migration, by name (Kysely applies them in name order, each once). Listed here rather
 * than read from the folder so that they load the same under tsx, vitest and a bundle.
 */
const MIGRATIONS: Record<string, Migration> = {
  '2026-12-02T00-initial': initial,
  '2026-12-02T01-history': history,
  '2026-12-02T02-history-events': historyEvents,
  '2026-12-03T00-replicas': replicas,
  '2026-12-04T00-sync-resume': syncResume,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
