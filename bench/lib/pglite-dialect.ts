import { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { IndexDatabase } from '../../src/store/database.ts';
import { migrate } from '../../src/store/database.ts';
import type { Database } from '../../src/store/schema.ts';

/**
 * PGlite (PostgreSQL compiled to WASM, one connection) under Kysely, for the engine comparison
 * only: PostgreSQL's SQL, so the store runs on it unchanged. Queries are serialized, as PGlite does.
 */
class PGliteDriver implements Driver {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly pglite: PGlite) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    const pglite = this.pglite;
    return Object.assign(
      {
        async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
          const result = await pglite.query<R>(query.sql, [...query.parameters]);
          return { rows: result.rows, numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows) };
        },
        streamQuery(): never {
          throw new Error('streaming is not used by the index');
        },
      },
      { release },
    );
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as DatabaseConnection & { release(): void }).release();
  }

  async destroy(): Promise<void> {
    await this.pglite.close();
  }
}

function pgliteDialect(pglite: PGlite): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PGliteDriver(pglite),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

/** A migrated index on PGlite with its data directory at `dataDir`. */
export async function openPGliteIndex(dataDir: string): Promise<IndexDatabase> {
  // int8 and numeric as numbers, as the PostgreSQL engine parses them (database.ts).
  const pglite = await PGlite.create(dataDir, { parsers: { 20: Number, 1700: Number } });
  const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
  await migrate(db);
  return {
    db,
    engine: 'postgres',
    sizeBytes: async () => (await pglite.query<{ size: number }>('select pg_database_size(current_database()) as size')).rows[0]?.size ?? 0,
    close: () => db.destroy(),
  };
}
