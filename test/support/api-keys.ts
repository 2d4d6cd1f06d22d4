import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallerPermission } from '../../src/config.ts';

export interface TestKey {
  /** The key as a caller sends it. */
  key: string;
  orgs: string[];
  permissions: CallerPermission[];
}

/** Writes a GATEWAY_API_KEYS_FILE holding these keys (by name) and returns its path. */
export function apiKeysFile(keys: Record<string, TestKey>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gateway-keys-')), 'keys.json');
  const entries = Object.entries(keys).map(([name, { key, orgs, permissions }]) => ({
    name,
    sha256: createHash('sha256').update(key).digest('hex'),
    orgs,
    permissions,
  }));
  writeFileSync(file, JSON.stringify({ keys: entries }));
  return file;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
