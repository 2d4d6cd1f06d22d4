import type { Kysely } from 'kysely';

/**
 * What replicas on one PostgreSQL share besides the index: the key cursors are signed with (when
 * GATEWAY_CURSOR_SECRET is unset) and, per credential, the earliest start of its next write, so
 * that the writes of every replica together keep GATEWAY_WRITE_INTERVAL_MS apart. The embedded
 * engine gets the tables too (one schema for both), and leaves them empty.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('gateway_keys')
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('value', 'text', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('write_slots')
    .addColumn('source_id', 'bigint', (column) => column.notNull())
    .addColumn('credential', 'text', (column) => column.notNull())
    .addColumn('next_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('write_slots_key', ['source_id', 'credential'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('write_slots').execute();
  await db.schema.dropTable('gateway_keys').execute();
}
