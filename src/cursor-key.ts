import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { sharedKey } from './store/replica-state.ts';
import type { Database } from './store/schema.ts';

/**
 * The key cursors are signed with (see alerts/cursor.ts): GATEWAY_CURSOR_SECRET when set;
 * otherwise, with replicas sharing a PostgreSQL index (`shared`), a random key kept in that
 * database, made by the first replica to start, so that a cursor one replica issued is valid on
 * every other; otherwise a random key kept in GATEWAY_DATA_DIR/cursor.key (created once, readable
 * by the gateway's user only). Cursors survive restarts either way.
 */
export async function loadCursorKey(options: { cursorSecret: string | null; dataDir: string }, shared: Kysely<Database> | null): Promise<Buffer> {
  if (options.cursorSecret !== null) return createHash('sha256').update(options.cursorSecret).digest();
  if (shared !== null) return sharedKey(shared, 'cursor');
  return keyFile(options.dataDir);
}

function keyFile(dataDir: string): Buffer {
  const file = join(dataDir, 'cursor.key');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // 'wx': two processes starting together must not overwrite each other's key.
  try {
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  }
}
