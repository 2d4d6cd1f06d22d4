import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { IndexLocation } from '../../src/store/database.ts';

/** Every index test runs on both engines: the embedded one and PostgreSQL. */
export const ENGINES = ['embedded', 'postgres'] as const;
export type EngineName = (typeof ENGINES)[number];

export interface TestLocation {
  location: IndexLocation;
  /** Drops the database (or deletes the directory). */
  drop(): Promise<void>;
}

/** A fresh, empty index location on `engine`: a temporary directory, or a new database in the test cluster. */
export async function freshLocation(engine: EngineName): Promise<TestLocation> {
  if (engine === 'embedded') {
    const dataDir = mkdtempSync(join(tmpdir(), 'gateway-index-'));
    return { location: { kind: 'embedded', dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const admin = inject('postgresUrl');
  const name = `index_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await withClient(admin, (client) => client.query(`create database ${name}`));
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    location: { kind: 'postgres', url: url.toString() },
    drop: () => withClient(admin, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
