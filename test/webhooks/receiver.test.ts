import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';

const SECRET = 'webhook-secret-for-tests-9f2c';
const GET_ALERT = 'GET /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}';

function signed(body: string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

describe('the webhook receiver (POST /webhooks/github)', () => {
  let h: Harness;
  let endpoint: string;
  beforeAll(async () => {
    // A long cache TTL: only a delivery can make the gateway see a change within it.
    h = await startHarness({ env: { GITHUB_WEBHOOK_SECRET: SECRET, GATEWAY_CACHE_TTL_SECONDS: '3600', GATEWAY_ORGS: 'acme-corp,globex' } });
    endpoint = new URL('/webhooks/github', h.gateway.url).href;
    return () => h.close();
  });

  const openAlert = (org: string) => h.demo.dataset.alerts.find((r) => r.org === org && r.alert.state === 'open')!;
  const stateOf = async (repository: string, number: number) => {
    const [owner, name] = repository.split('/');
    const result = await h.query(`{ repository(owner: "${owner}", name: "${name}") { secretScanningAlert(number: ${number}) { state resolution } } }`);
    return result.data!.repository.secretScanningAlert;
  };
  const deliver = (event: string, payload: unknown, headers: Record<string, string>) =>
    fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': event, ...headers }, body: JSON.stringify(payload) });

  it('refuses unsigned and forged deliveries with 401 and changes nothing', async () => {
    const record = openAlert('acme-corp');
    const payload = { action: 'resolved', alert: { number: record.alert.number }, repository: record.repository, organization: { login: 'acme-corp' } };
    const body = JSON.stringify(payload);
    h.demo.resetCounts();
    const attempts: Record<string, string>[] = [{}, { 'x-hub-signature-256': signed(body, 'another-secret-entirely') }, { 'x-hub-signature-256': 'sha256=00' }];
    for (const headers of attempts) {
      const response = await deliver('secret_scanning_alert', payload, { 'x-github-delivery': crypto.randomUUID(), ...headers });
      expect(response.status).toBe(401);
    }
    expect(h.demo.requestCount()).toBe(0);
  });

  it('makes a change made on GitHub visible at once, within the cache TTL', async () => {
    const record = openAlert('acme-corp');
    const name = record.repository.full_name;
    expect(await stateOf(name, record.alert.number)).toEqual({ state: 'OPEN', resolution: null });
    h.demo.changeAlertOnGitHub(name, record.alert.number, { state: 'resolved', resolution: 'revoked' });
    await h.demo.webhooksSettled();
    expect(h.demo.webhookDeliveries.at(-1)).toMatchObject({ event: 'secret_scanning_alert', action: 'resolved', status: 202 });
    await until(async () => (await stateOf(name, record.alert.number)).state === 'RESOLVED');
    expect(await stateOf(name, record.alert.number)).toEqual({ state: 'RESOLVED', resolution: 'REVOKED' });
  });

  it('processes a delivery once: a repeated X-GitHub-Delivery is acknowledged and dropped', async () => {
    const record = openAlert('globex');
    const payload = { action: 'resolved', alert: { number: record.alert.number }, repository: record.repository, organization: { login: 'globex' } };
    const body = JSON.stringify(payload);
    const id = crypto.randomUUID();
    h.demo.resetCounts();
    const first = await deliver('secret_scanning_alert', payload, { 'x-github-delivery': id, 'x-hub-signature-256': signed(body) });
    expect(first.status).toBe(202);
    await until(async () => h.demo.requestCount(GET_ALERT) === 1);
    const again = await deliver('secret_scanning_alert', payload, { 'x-github-delivery': id, 'x-hub-signature-256': signed(body) });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ message: 'Already received.' });
    // A later delivery proves the repeated one was not processed in between.
    const other = openAlert('acme-corp');
    const next = { ...payload, alert: { number: other.alert.number }, repository: other.repository, organization: { login: 'acme-corp' } };
    expect((await deliver('secret_scanning_alert', next, { 'x-github-delivery': crypto.randomUUID(), 'x-hub-signature-256': signed(JSON.stringify(next)) })).status).toBe(202);
    await until(async () => h.demo.requestCount(GET_ALERT) === 2);
    expect(h.demo.requests.filter((r) => r.route === GET_ALERT).map((r) => r.path)).toEqual([
      `/repos/${record.repository.full_name}/secret-scanning/alerts/${record.alert.number}`,
      `/repos/${other.repository.full_name}/secret-scanning/alerts/${other.alert.number}`,
    ]);
  });

  it('acknowledges and ignores deliveries for organizations outside GATEWAY_ORGS', async () => {
    const record = openAlert('initech');
    const payload = { action: 'resolved', alert: { number: record.alert.number }, repository: record.repository, organization: { login: 'initech' } };
    const body = JSON.stringify(payload);
    h.demo.resetCounts();
    const response = await deliver('secret_scanning_alert', payload, { 'x-github-delivery': crypto.randomUUID(), 'x-hub-signature-256': signed(body) });
    expect(response.status).toBe(202);
    // Followed by one that is processed: the first left no trace before it.
    const other = openAlert('globex');
    const next = { ...payload, alert: { number: other.alert.number }, repository: other.repository, organization: { login: 'globex' } };
    await deliver('secret_scanning_alert', next, { 'x-github-delivery': crypto.randomUUID(), 'x-hub-signature-256': signed(JSON.stringify(next)) });
    await until(async () => h.demo.requestCount(GET_ALERT) === 1);
    expect(h.demo.requests.every((r) => !r.path.includes('initech'))).toBe(true);
  });

  it('follows a renamed repository: the listing shows the new name at once', async () => {
    const listNames = async () => {
      const result = await h.query('{ organization(login: "acme-corp") { secretScanningAlerts(first: 100) { nodes { repository { name } } } } }');
      return new Set(result.data!.organization.secretScanningAlerts.nodes.map((node: any) => node.repository.name));
    };
    expect(await listNames()).toContain('web-frontend');
    h.demo.moveRepository('acme-corp/web-frontend', 'acme-corp/web-app');
    await h.demo.webhooksSettled();
    expect(h.demo.webhookDeliveries.at(-1)).toMatchObject({ event: 'repository', action: 'renamed', status: 202 });
    await until(async () => (await listNames()).has('web-app'));
    expect(await listNames()).not.toContain('web-frontend');
  });
});

/** Waits for a condition the gateway reaches after acknowledging a delivery (processing follows the 202). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the condition was not reached');
}
