import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect, type SqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import type { IndexConfig } from '../config.ts';
import type { Engine } from './dialect.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';

export interface IndexDatabase {
  db: Kysely<Database>;
  engine: Engine;
  /** Bytes the index takes on disk (database file and its write-ahead log, or the PostgreSQL database). */
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}

export type IndexLocation = Exclude<IndexConfig, { kind: 'off' }>;

/** File name of the embedded index inside GATEWAY_DATA_DIR. */
export const EMBEDDED_FILE = 'index.sqlite';

/** Opens the index and brings its schema to the latest migration. */
export async function openIndexDatabase(location: IndexLocation): Promise<IndexDatabase> {
  const opened = location.kind === 'embedded' ? openSqlite(location.dataDir) : openPostgres(location.url);
  try {
    await migrate(opened.db);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}

/** Applies every migration not applied yet, in name order. */
export async function migrate(db: Kysely<Database>): Promise<void> {
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

function openSqlite(dataDir: string): IndexDatabase {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, EMBEDDED_FILE);
  const database = new BetterSqlite3(file);
  // WAL: readers never wait for the sync's writes; NORMAL is durable at each checkpoint, and the
  // index can always be rebuilt from GitHub. 64 MB of page cache holds the hot index pages.
  database.pragma('page_size = 16384');
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('cache_size = -65536');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return {
    db,
    engine: 'sqlite',
    sizeBytes: async () => [file, `${file}-wal`].reduce((sum, path) => sum + fileSize(path), 0),
    close: () => db.destroy(),
  };
}

/** Prepared statements kept per SQL text; the index's queries come from a few dozen shapes (IN lists vary). */
const CACHED_STATEMENTS = 500;

/**
 * Kysely's SQLite driver prepares every query it runs; preparing cost about as much as running
 * the small queries of a webhook's index update (0.16 of 3.9 ms CPU per delivery, profiled), so
 * statements are kept by their SQL. Safe to share: the driver runs one query at a time on its
 * single connection, and SQLite re-prepares a statement itself when a migration changes the schema.
 */
function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const statements = new LRUCache<string, BetterSqlite3.Statement>({ max: CACHED_STATEMENTS });
  return {
    close: () => database.close(),
    prepare(text: string) {
      let statement = statements.get(text);
      if (!statement) {
        statement = database.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** bigint (int8) and numeric (sums) as JavaScript numbers: every value here fits a double. */
const NUMBER_TYPES = new Set([20, 1700]);

function openPostgres(url: string): IndexDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (NUMBER_TYPES.has(oid) ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  // An idle connection the server ends (a restart, a failover, an administrator) is an 'error'
  // event, which without a listener ends the process; the pool drops that client and the next
  // query connects again or fails with an error its caller handles.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    sizeBytes: async () => {
      const { rows } = await sql<{ size: number }>`select pg_database_size(current_database()) as size`.execute(db);
      return rows[0]?.size ?? 0;
    },
    close: () => db.destroy(),
  };
}
