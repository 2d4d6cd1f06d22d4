import { describe, expect, it } from 'vitest';
import { alertKey } from '../../src/alerts/model.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { rawRequest } from '../support/raw-http.ts';
import { useSharedHarness } from '../support/harness.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const query = '{ organization(login: "acme-corp") { login } }';

describe('request ids', () => {
  // At debug level yoga writes lines for every request, so each request has some to look at.
  const harness = useSharedHarness({ env: { GATEWAY_LOG_LEVEL: 'debug' } });

  /** Sends one GraphQL request and returns the id it was answered with and the log lines it caused. */
  async function send(headers: Record<string, string>, document = query) {
    const h = harness();
    const before = h.logLines.length;
    const response = await fetch(h.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: document }),
    });
    const body = await response.json();
    return { id: response.headers.get('x-request-id'), body, lines: h.logLines.slice(before).map((line) => JSON.parse(line) as Record<string, unknown>) };
  }

  it('echoes an acceptable X-Request-Id and names it in every log line written for the request', async () => {
    const { id, lines } = await send({ 'x-request-id': 'portal-7f3a.B_1' });
    expect(id).toBe('portal-7f3a.B_1');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map((line) => line.requestId)).toEqual(lines.map(() => 'portal-7f3a.B_1'));
  });

  it('names it in the audit line of a mutation', async () => {
    const record = harness().demo.dataset.alerts.find((r) => r.org === 'acme-corp' && r.alert.state === 'open')!;
    const alertId = encodeNodeId('SecretScanningAlert', alertKey('acme-corp', record.repository.name, record.alert.number));
    const mutation = `mutation { updateSecretScanningAlert(input: { alertId: "${alertId}", state: RESOLVED, resolution: REVOKED }) { __typename } }`;
    const { lines } = await send({ 'x-request-id': 'triage-run-42' }, mutation);
    expect(lines.filter((line) => line.level === 'audit')).toEqual([expect.objectContaining({ action: 'secret_scanning_alert.update', requestId: 'triage-run-42' })]);
  });

  it('makes one for a request without an id, and another for the next', async () => {
    const first = await send({});
    const second = await send({});
    expect(first.id).toMatch(UUID);
    expect(second.id).toMatch(UUID);
    expect(second.id).not.toBe(first.id);
    expect(first.lines.every((line) => line.requestId === first.id)).toBe(true);
  });

  it.each([['x'.repeat(201)], ['two words'], ['a/b'], ['id"quoted'], ['naïve']])('replaces an unacceptable one (%j)', async (sent) => {
    const { id, lines } = await send({ 'x-request-id': sent });
    expect(id).toMatch(UUID);
    expect(JSON.stringify(lines)).not.toContain(sent);
  });

  it('answers refused requests with an id too', async () => {
    const response = await rawRequest(harness().gateway.url, { headers: { host: 'attacker.example', 'x-request-id': 'probe-1' } });
    expect(response.status).toBe(421);
    expect(response.headers['x-request-id']).toBe('probe-1');
  });
});
