import { beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../support/raw-http.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const RESOLVE = (id: string) =>
  `mutation { updateSecretScanningAlert(input: { alertId: "${id}", state: RESOLVED, resolution: FALSE_POSITIVE }) { __typename } }`;
const ALERT_ID = Buffer.from('v1:SecretScanningAlert:acme-corp/payments-api#1').toString('base64url');
const EVIL = 'https://evil.example';

/** The default developer set-up: GATEWAY_AUTH=none on loopback, with the developer's own token. */
describe('a hostile web page against the default loopback mode', () => {
  let h: Harness;
  let origin: string;
  beforeAll(async () => {
    h = await startHarness({ env: { GATEWAY_CORS_ORIGINS: 'https://portal.example.com,https://admin.example.com' } });
    origin = new URL(h.gateway.url).host;
    return () => h.close();
  });

  const writes = () => h.demo.requests.filter((r) => r.method !== 'GET');

  it('cannot run a mutation with a simple (no-preflight) cross-site POST: form, multipart or text bodies are refused', async () => {
    const bodies: [string, string][] = [
      ['application/x-www-form-urlencoded', `query=${encodeURIComponent(RESOLVE(ALERT_ID))}`],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: RESOLVE(ALERT_ID) })}\r\n--x--\r\n`],
      ['text/plain', JSON.stringify({ query: RESOLVE(ALERT_ID) })],
    ];
    for (const [contentType, body] of bodies) {
      const response = await rawRequest(h.gateway.url, { method: 'POST', headers: { host: origin, origin: EVIL, 'content-type': contentType }, body });
      expect(response.status).toBe(415);
      expect(JSON.parse(response.body).errors[0].extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(writes()).toEqual([]);
  });

  it('cannot run a mutation over GET', async () => {
    const response = await rawRequest(`${h.gateway.url}?query=${encodeURIComponent(RESOLVE(ALERT_ID))}`, { headers: { host: origin, accept: 'application/json' } });
    expect(response.status).toBe(405);
    expect(writes()).toEqual([]);
  });

  it('does not answer for a host name it does not serve (DNS rebinding), for GraphQL, GraphiQL and the CSV export alike', async () => {
    const port = new URL(h.gateway.url).port;
    for (const path of ['/graphql?query=%7B__typename%7D', '/graphql', '/export/alerts.csv']) {
      const response = await rawRequest(`${new URL(h.gateway.url).origin}${path}`, { headers: { host: `attacker.example:${port}`, accept: 'text/html' } });
      expect(response.status).toBe(421);
      expect(response.body).not.toMatch(/acme|graphiql/i);
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, '127.0.0.1']) {
      const response = await rawRequest(`${h.gateway.url}?query=%7B__typename%7D`, { headers: { host, accept: 'application/json' } });
      expect(response.status).toBe(200);
    }
  });

  it('serves GraphiQL so that no other site can frame it', async () => {
    const response = await rawRequest(h.gateway.url, { headers: { host: origin, accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatch(/graphiql/i);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  });

  it('gives CORS headers to configured origins only: another origin gets none (never "null") and every answer varies by Origin', async () => {
    const post = (from: string) =>
      rawRequest(h.gateway.url, { method: 'POST', headers: { host: origin, origin: from, 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    const allowed = await post('https://admin.example.com');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://admin.example.com');
    expect(allowed.headers['access-control-expose-headers']).toMatch(/X-Gateway-Failures/);
    expect(allowed.headers.vary).toMatch(/Origin/);
    for (const from of [EVIL, 'null']) {
      const refused = await post(from);
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
      expect(refused.headers['access-control-expose-headers']).toBeUndefined();
      expect(refused.headers.vary).toMatch(/Origin/);
    }
    const preflight = (from: string) =>
      rawRequest(h.gateway.url, {
        method: 'OPTIONS',
        headers: { host: origin, origin: from, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const allowedPreflight = await preflight('https://portal.example.com');
    expect(allowedPreflight.status).toBe(204);
    expect(allowedPreflight.headers['access-control-allow-origin']).toBe('https://portal.example.com');
    expect(allowedPreflight.headers['access-control-allow-headers']).toMatch(/Content-Type/i);
    const refusedPreflight = await preflight(EVIL);
    expect(refusedPreflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets an allowed origin read the CSV export’s failures header', async () => {
    const response = await rawRequest(`${new URL(h.gateway.url).origin}/export/alerts.csv?orgs=acme-corp,hooli`, {
      headers: { host: origin, origin: 'https://portal.example.com' },
    });
    expect(response.status).toBe(200);
    expect(response.headers['x-gateway-failures']).toBe('hooli:FORBIDDEN');
    expect(response.headers['access-control-expose-headers']).toMatch(/X-Gateway-Failures/);
  });
});
