import type { Kysely } from 'kysely';

/** Where an interrupted first sync stands (sync/resume-point.ts): JSON, null when none is under way. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('full_resume', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organizations').dropColumn('full_resume').execute();
}
