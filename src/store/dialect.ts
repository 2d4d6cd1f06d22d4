import { SqliteAdapter, type Kysely } from 'kysely';

/** The two SQL engines the index runs on; the query layer is the same, a few column types are not. */
export type Engine = 'sqlite' | 'postgres';

export function isSqlite(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}
