import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { errorOf } from './support/config-error.ts';

const dir = mkdtempSync(join(tmpdir(), 'config-test-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Only the header is checked; the body is not a real key. */
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAnot-a-real-key\n-----END RSA PRIVATE KEY-----\n';
const PKCS8 = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANnot-a-real-key\n-----END PRIVATE KEY-----\n';
const SHA = 'a'.repeat(64);

describe('GITHUB_TOKEN', () => {
  it('is absent by default, which serves the demo GitHub', () => {
    expect(loadConfig({}).github).toEqual({ apiUrl: 'https://api.github.com', token: null, app: null });
    expect(loadConfig({}).demo).toBe(true);
    // Set but blank is a mistake, not a request for the demo.
    expect(errorOf({ GITHUB_TOKEN: '  ' })).toBe('GITHUB_TOKEN is set but empty; set it to a token, or unset it to run the embedded demo');
  });

  it('is used as is, and turns the demo off', () => {
    expect(loadConfig({ GITHUB_TOKEN: ' ghp_abc ' })).toMatchObject({ github: { token: 'ghp_abc', app: null }, demo: false });
  });

  it('cannot be combined with a GitHub App', () => {
    expect(errorOf({ GITHUB_TOKEN: 'ghp_abc', GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY: PEM })).toBe(
      'GITHUB_TOKEN and GITHUB_APP_ID are both set; choose one credential',
    );
  });
});

describe('GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_APP_PRIVATE_KEY_FILE', () => {
  it('read an App with an inline key, turning literal \\n into line breaks', () => {
    const config = loadConfig({ GITHUB_APP_ID: '123456', GITHUB_APP_PRIVATE_KEY: PEM.replaceAll('\n', '\\n') });
    expect(config.github.app).toEqual({ appId: 123456, privateKey: PEM });
    expect(config.demo).toBe(false);
  });

  it('read an App with a key file (PKCS#1 or PKCS#8)', () => {
    expect(loadConfig({ GITHUB_APP_ID: '7', GITHUB_APP_PRIVATE_KEY_FILE: file('app.pem', PEM) }).github.app).toEqual({ appId: 7, privateKey: PEM });
    expect(loadConfig({ GITHUB_APP_ID: '7', GITHUB_APP_PRIVATE_KEY_FILE: file('app8.pem', PKCS8) }).github.app).toEqual({ appId: 7, privateKey: PKCS8 });
  });

  it.each<[string, Record<string, string>, string]>([
    ['a key without an App id', { GITHUB_APP_PRIVATE_KEY: PEM }, 'GITHUB_APP_ID is required when a GitHub App private key is set'],
    ['a key file without an App id', { GITHUB_APP_PRIVATE_KEY_FILE: '/nowhere.pem' }, 'GITHUB_APP_ID is required when a GitHub App private key is set'],
    ['a non-numeric App id', { GITHUB_APP_ID: 'my-app', GITHUB_APP_PRIVATE_KEY: PEM }, 'GITHUB_APP_ID must be the numeric App id (got "my-app")'],
    ['an App id without a key', { GITHUB_APP_ID: '1' }, 'GITHUB_APP_PRIVATE_KEY or GITHUB_APP_PRIVATE_KEY_FILE is required with GITHUB_APP_ID'],
    [
      'both a key and a key file',
      { GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY: PEM, GITHUB_APP_PRIVATE_KEY_FILE: '/nowhere.pem' },
      'GITHUB_APP_PRIVATE_KEY and GITHUB_APP_PRIVATE_KEY_FILE are both set; set only one',
    ],
    ['an inline key that is not PEM', { GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY: 'secret-key-material' }, 'GITHUB_APP_PRIVATE_KEY is not a PEM private key'],
    ['an unreadable key file', { GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY_FILE: '/nowhere/app.pem' }, 'GITHUB_APP_PRIVATE_KEY_FILE cannot be read (/nowhere/app.pem)'],
  ])('refuse %s', (_name, env, message) => {
    expect(errorOf(env)).toBe(message);
  });

  it('refuse a key file that is not PEM, without echoing its content', () => {
    const path = file('not.pem', 'secret-key-material');
    const message = errorOf({ GITHUB_APP_ID: '1', GITHUB_APP_PRIVATE_KEY_FILE: path });
    expect(message).toBe('GITHUB_APP_PRIVATE_KEY_FILE is not a PEM private key');
  });
});

describe('GATEWAY_AUTH and GATEWAY_API_KEYS_FILE', () => {
  const keys = (entries: unknown) => file(`keys-${Math.random().toString(36).slice(2)}.json`, JSON.stringify({ keys: entries }));

  it('default to none; passthrough needs no GitHub credential and is no demo', () => {
    expect(loadConfig({}).auth).toEqual({ mode: 'none' });
    expect(loadConfig({ GATEWAY_AUTH: 'PASSTHROUGH' })).toMatchObject({ auth: { mode: 'passthrough' }, demo: false });
  });

  it('read API keys: name trimmed, hash and orgs lowercased, "*" for every org', () => {
    const path = keys([
      { name: ' portal ', sha256: SHA.toUpperCase(), orgs: ['Acme-Corp', 'acme-labs'], permissions: ['read'] },
      { name: 'bot', sha256: 'b'.repeat(64), orgs: ['*'], permissions: ['read', 'write', 'secrets'] },
    ]);
    expect(loadConfig({ GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: path, GITHUB_TOKEN: 'ghp_x' }).auth).toEqual({
      mode: 'api-keys',
      keys: [
        { name: 'portal', sha256: SHA, orgs: ['acme-corp', 'acme-labs'], permissions: ['read'] },
        { name: 'bot', sha256: 'b'.repeat(64), orgs: null, permissions: ['read', 'write', 'secrets'] },
      ],
    });
  });

  it('refuse an unknown mode', () => {
    expect(errorOf({ GATEWAY_AUTH: 'oauth' })).toBe('GATEWAY_AUTH must be one of none, passthrough, api-keys (got "oauth")');
  });

  it('refuse a keys file without api-keys, and api-keys without a keys file', () => {
    expect(errorOf({ GATEWAY_API_KEYS_FILE: '/etc/keys.json' })).toBe('GATEWAY_API_KEYS_FILE is set but GATEWAY_AUTH is not api-keys');
    expect(errorOf({ GATEWAY_AUTH: 'passthrough', GATEWAY_API_KEYS_FILE: '/etc/keys.json' })).toBe(
      'GATEWAY_API_KEYS_FILE is set but GATEWAY_AUTH is not api-keys',
    );
    expect(errorOf({ GATEWAY_AUTH: 'api-keys' })).toBe('GATEWAY_API_KEYS_FILE is required with GATEWAY_AUTH=api-keys');
  });

  it('refuse a keys file that cannot be read as JSON, or holds no keys', () => {
    const notJson = file('keys.txt', 'keys: []');
    for (const path of ['/nowhere/keys.json', notJson]) {
      expect(errorOf({ GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: path })).toBe(`GATEWAY_API_KEYS_FILE cannot be read as JSON (${path})`);
    }
    for (const content of ['{}', '{"keys": []}', '{"keys": {}}', '[]', 'null']) {
      expect(errorOf({ GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: file('k.json', content) })).toBe(
        'GATEWAY_API_KEYS_FILE must hold {"keys": [...]} with at least one key',
      );
    }
  });

  const good = { name: 'portal', sha256: SHA, orgs: ['acme-corp'], permissions: ['read'] };
  it.each<[string, unknown, string]>([
    ['a key without a name', { ...good, name: ' ' }, 'key #1 needs a "name"'],
    ['a key that is not an object', 'portal', 'key #1 needs a "name"'],
    ['a hash that is not 64 hex digits', { ...good, sha256: 'abc' }, 'key #1 ("portal") needs "sha256": the hex SHA-256 of the key'],
    ['orgs that are not a list', { ...good, orgs: 'acme-corp' }, 'key #1 ("portal") needs "orgs": organization logins, or ["*"] for all'],
    ['an invalid org login', { ...good, orgs: ['acme/corp'] }, 'key #1 ("portal") needs "orgs": organization logins, or ["*"] for all'],
    ['permissions without read', { ...good, permissions: ['write'] }, 'key #1 ("portal") needs "permissions" with "read" and optionally "write", "secrets", "rate_limit"'],
    ['an unknown permission', { ...good, permissions: ['read', 'admin'] }, 'key #1 ("portal") needs "permissions" with "read" and optionally "write", "secrets", "rate_limit"'],
  ])('refuse %s', (_name, entry, problem) => {
    expect(errorOf({ GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: keys([entry]) })).toBe(`GATEWAY_API_KEYS_FILE ${problem}`);
  });

  it('name the key by its position, and refuse the same key twice', () => {
    expect(errorOf({ GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: keys([good, { ...good, name: 'second', sha256: 'x' }]) })).toBe(
      'GATEWAY_API_KEYS_FILE key #2 ("second") needs "sha256": the hex SHA-256 of the key',
    );
    expect(errorOf({ GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: keys([good, { ...good, name: 'again', sha256: SHA.toUpperCase() }]) })).toBe(
      'GATEWAY_API_KEYS_FILE lists the same key twice',
    );
  });
});
