import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { apiKeysFile } from '../support/api-keys.ts';
import { startHarness } from '../support/harness.ts';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('set-ups the gateway refuses to start with (one line naming the variable)', () => {
  const keys = () => apiKeysFile({ portal: { key: 'key-portal-1a2b3c', orgs: ['*'], permissions: ['read'] } });

  it('api-keys mode without a GitHub credential, or with a blank token, instead of silently serving the demo', () => {
    expect(configError({ GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: keys(), GITHUB_TOKEN: '  ' })).toMatch(/^GITHUB_TOKEN is set but empty/);
    expect(configError({ GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: keys() })).toMatch(/^GATEWAY_AUTH is api-keys, which serves callers with the gateway's own GitHub credential/);
  });

  it('the unauthenticated demo on an address other machines can reach', () => {
    expect(configError({ HOST: '0.0.0.0' })).toMatch(/^HOST is "0\.0\.0\.0".*demo.*loopback only/);
    expect(configError({ HOST: '10.1.2.3' })).toMatch(/^HOST /);
    expect(loadConfig({}).demo).toBe(true);
  });

  it('an upstream timeout that no request could wait for', () => {
    expect(configError({ GATEWAY_REQUEST_TIMEOUT_MS: '5000', GATEWAY_UPSTREAM_TIMEOUT_MS: '5000' })).toMatch(
      /^GATEWAY_UPSTREAM_TIMEOUT_MS \(5000\) must be below GATEWAY_REQUEST_TIMEOUT_MS \(5000\)/,
    );
  });

  it('a host allowlist that would let any site in, or none when bound to every interface', () => {
    expect(configError({ GATEWAY_ALLOWED_HOSTS: '*' })).toMatch(/^GATEWAY_ALLOWED_HOSTS cannot be \* with GATEWAY_AUTH=none/);
    expect(configError({ HOST: '0.0.0.0', GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: keys(), GITHUB_TOKEN: 'ghp_x' })).toMatch(/^GATEWAY_ALLOWED_HOSTS is required/);
    expect(configError({ GATEWAY_ALLOWED_HOSTS: 'https://gateway.example.com' })).toMatch(/^GATEWAY_ALLOWED_HOSTS contains "https:/);
    const accepted = loadConfig({ HOST: '0.0.0.0', GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: keys(), GITHUB_TOKEN: 'ghp_x', GATEWAY_ALLOWED_HOSTS: 'gateway.example.com,*.corp.example' });
    expect(accepted.allowedHosts).toEqual(['gateway.example.com', '*.corp.example']);
  });
});

describe('connections', () => {
  it('closes a connection whose request body does not arrive within the request deadline (not after Node’s 300 s)', async () => {
    const h = await startHarness({ env: { GATEWAY_REQUEST_TIMEOUT_MS: '1000', GATEWAY_UPSTREAM_TIMEOUT_MS: '500' } });
    try {
      const { port } = new URL(h.gateway.url);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query"');
        });
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await h.close();
    }
  });
});

describe('cursors', () => {
  const page = '{ secretScanningAlerts(orgs: ["acme-corp"], first: 2) { pageInfo { endCursor } nodes { number } } }';
  const next = (after: string) => `{ secretScanningAlerts(orgs: ["acme-corp"], first: 2, after: "${after}") { nodes { number } } }`;

  it('are signed with a key of the installation: a cursor re-checksummed by a client is refused', async () => {
    const h = await startHarness();
    try {
      const cursor: string = (await h.query(page)).data!.secretScanningAlerts.pageInfo.endCursor;
      const [body] = cursor.split('.');
      const payload = JSON.parse(Buffer.from(body!, 'base64url').toString());
      payload.p.s = payload.p.s.map(() => [0, 2]);
      const forgedBody = Buffer.from(JSON.stringify(payload)).toString('base64url');
      // The unkeyed checksum the gateway used before, which anyone can compute.
      const unkeyed = createHash('sha256').update(`secret-scanning-gateway/cursor/${forgedBody}`).digest('base64url').slice(0, 12);
      for (const forged of [`${forgedBody}.${unkeyed}`, `${forgedBody}.${cursor.split('.')[1]}`]) {
        const result = await h.query(next(forged));
        expect(result.errors?.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([['VALIDATION', 'after']]);
      }
    } finally {
      await h.close();
    }
  });

  it('stay valid across a restart with the same data directory, and not with another one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gateway-data-'));
    const first = await startHarness({ env: { GATEWAY_DATA_DIR: dataDir } });
    const cursor: string = (await first.query(page)).data!.secretScanningAlerts.pageInfo.endCursor;
    await first.close();
    const again = await startHarness({ env: { GATEWAY_DATA_DIR: dataDir } });
    const other = await startHarness();
    try {
      expect((await again.query(next(cursor))).errors).toBeUndefined();
      expect((await other.query(next(cursor))).errors?.[0]?.extensions?.code).toBe('VALIDATION');
    } finally {
      await Promise.all([again.close(), other.close()]);
    }
  });
});
