import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key cursors are signed with (see alerts/cursor.ts): GATEWAY_CURSOR_SECRET when set (give every
 * replica the same one), otherwise a random key kept in GATEWAY_DATA_DIR/cursor.key (created once,
 * readable by the gateway's user only), so cursors survive restarts.
 */
export function loadCursorKey(options: { cursorSecret: string | null; dataDir: string }): Buffer {
  if (options.cursorSecret !== null) return createHash('sha256').update(options.cursorSecret).digest();
  const file = join(options.dataDir, 'cursor.key');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
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
