import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestApiKey {
  name: string;
  key: string;
  orgs: string[];
  permissions: ('read' | 'write' | 'secrets')[];
}

/** Writes a GATEWAY_API_KEYS_FILE (hashes only, as in production) and returns its path. */
export function apiKeysFile(keys: readonly TestApiKey[]): string {
  const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
  const file = join(mkdtempSync(join(tmpdir(), 'gateway-keys-')), 'keys.json');
  writeFileSync(file, JSON.stringify({ keys: keys.map(({ key, ...rest }) => ({ ...rest, sha256: sha256(key) })) }));
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

export const asKey = (key: TestApiKey): Record<string, string> => ({ 'x-api-key': key.key });
