import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary directory of a test run (data dirs, key files, the PostgreSQL cluster) under one
 * root, removed when the run ends: test files create dozens each and cannot all clean up after a
 * failure. Test workers are forked after global set-up, so they inherit TMPDIR (os.tmpdir reads it).
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'gateway-tests-'));
  // Others may pass through, not list: PostgreSQL's server runs as its own user (each directory inside is private).
  chmodSync(root, 0o711);
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
