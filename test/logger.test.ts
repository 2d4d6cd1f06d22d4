import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../src/logger.ts';

const HEX40 = '0123456789abcdef0123456789abcdef01234567';

describe('redact masks every secret shape', () => {
  it.each([
    ['a classic personal access token', 'ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5z'],
    ['an OAuth token', 'gho_16C7e42F292c6912E7710c838347Ae178B4a'],
    ['a user-to-server token', 'ghu_abcdefghijklmnop1234'],
    ['an installation (server-to-server) token', 'ghs_0123456789ABCDEFabcdef'],
    ['a refresh token', 'ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498'],
    ['a fine-grained personal access token', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS'],
    ['an old-style installation token', `v1.${HEX40}`],
  ])('%s, alone and inside a line', (_name, token) => {
    expect(redact(token)).toBe('[REDACTED]');
    expect(redact(`request failed for ${token} (401)`)).toBe('request failed for [REDACTED] (401)');
    expect(redact(JSON.stringify({ credential: token }))).toBe('{"credential":"[REDACTED]"}');
  });

  it.each([
    ['an Authorization header', 'Authorization: Bearer abc123def456ghi', 'Authorization: Bearer [REDACTED]'],
    ['an Authorization header with the token scheme', 'authorization: token abc123def456ghi', 'authorization: token [REDACTED]'],
    ['an Authorization field in JSON', '{"authorization":"token not-a-gh-token-1234"}', '{"authorization":"token [REDACTED]"}'],
    ['a Bearer value', 'sent Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig upstream', 'sent Bearer [REDACTED] upstream'],
    ['a token field', '{"token":"s3cr3t-value-0001","expires_at":"2026-11-01T01:00:00Z"}', '{"token":"[REDACTED]","expires_at":"2026-11-01T01:00:00Z"}'],
    ['token=', 'GET /x?token=s3cr3t-value-0001 HTTP/1.1', 'GET /x?token=[REDACTED] HTTP/1.1'],
    ['token:', 'token: s3cr3t-value-0001', 'token: [REDACTED]'],
  ])('the value of %s, keeping its name', (_name, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it('a PEM private key, whole (PKCS#1 and PKCS#8, real or JSON-escaped line breaks)', () => {
    const body = 'MIIEowIBAAKCAQEAx1y2z3\nQWERTYUIOPasdfghjkl0987654321\n';
    expect(redact(`key: -----BEGIN RSA PRIVATE KEY-----\n${body}-----END RSA PRIVATE KEY-----\nnext line`)).toBe(
      'key: -----BEGIN RSA PRIVATE KEY-----[REDACTED]\nnext line',
    );
    const escaped = JSON.stringify({ pem: `-----BEGIN PRIVATE KEY-----\n${body}-----END PRIVATE KEY-----\n` });
    expect(redact(escaped)).toBe('{"pem":"-----BEGIN PRIVATE KEY-----[REDACTED]\\n"}');
  });

  it('several secrets on one line', () => {
    expect(redact(`a ghs_0123456789ABCDEFabcdef b v1.${HEX40} c Authorization: Bearer zzzzzzzzzz`)).toBe(
      'a [REDACTED] b [REDACTED] c Authorization: Bearer [REDACTED]',
    );
  });
});

describe('redact leaves ordinary text alone', () => {
  it.each([
    'the token expired',
    'the token was revoked by its owner',
    'rotate the token before 2026-11-01T00:00:00Z',
    'GitHub token',
    'tokens',
    '{"tokenType":"GITHUB_PERSONAL_ACCESS_TOKEN","setting":"enabled"}',
    '{"message":"audit","actor":"key:reader","target":{"org":"acme-corp","repo":"payments-api","alertNumber":1234567}}',
    'acme-corp/payments-api#42',
    'orgs acme-corp, acme-labs, globex, initech failed: hooli:FORBIDDEN',
    '2026-11-01T00:00:00.000Z',
    `commit ${HEX40}`,
    'ghp_short',
    'github_pat_tooshort',
    'no Authorization header',
  ])('%s', (text) => {
    expect(redact(text)).toBe(text);
  });
});

describe('createLogger', () => {
  it('writes JSON lines, redacted, at or above its level', () => {
    const lines: string[] = [];
    const logger = createLogger('info', (line) => lines.push(line));
    logger.debug('not written');
    logger.info('calling GitHub', { org: 'acme-corp', authorization: 'Bearer abcdefghijklmnop', alertNumber: 42 });
    logger.error('failed', { token: 'ghs_0123456789ABCDEFabcdef' });
    expect(lines).toHaveLength(2);
    const [info, error] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(info).toEqual({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: 'info', message: 'calling GitHub', org: 'acme-corp', authorization: 'Bearer [REDACTED]', alertNumber: 42 });
    expect(error).toMatchObject({ level: 'error', message: 'failed', token: '[REDACTED]' });
  });
});
