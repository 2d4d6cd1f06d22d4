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

export interface TestApiKey extends TestKey {
  name: string;
}

/** Writes a GATEWAY_API_KEYS_FILE holding these keys (by name; hashes only, as in production) and returns its path. */
export function apiKeysFile(keys: Record<string, TestKey> | readonly TestApiKey[]): string {
  const named = Array.isArray(keys) ? keys : Object.entries(keys as Record<string, TestKey>).map(([name, key]) => ({ ...key, name }));
  const file = join(mkdtempSync(join(tmpdir(), 'gateway-keys-')), 'keys.json');
  const entries = named.map(({ name, key, orgs, permissions }) => ({ name, sha256: createHash('sha256').update(key).digest('hex'), orgs, permissions }));
  writeFileSync(file, JSON.stringify({ keys: entries }));
  return file;
}

/** Environment for a harness authenticating callers with these API keys. */
export function apiKeysEnv(keys: readonly TestApiKey[]): Record<string, string> {
  return { GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: apiKeysFile(keys) };
}

/** The standard keys of the surface tests: all orgs read/write, all orgs read-only, and one org (globex) read/write. */
export const KEYS = {
  admin: { name: 'admin', key: 'test-admin-key-0001', orgs: ['*'], permissions: ['read', 'write'] },
  reader: { name: 'reader', key: 'test-reader-key-0002', orgs: ['*'], permissions: ['read'] },
  globex: { name: 'globex-writer', key: 'test-globex-key-0003', orgs: ['globex'], permissions: ['read', 'write'] },
} satisfies Record<string, TestApiKey>;

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const asKey = (key: TestApiKey): Record<string, string> => ({ 'x-api-key': key.key });
