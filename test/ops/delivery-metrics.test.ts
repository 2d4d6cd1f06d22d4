import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { parseMetrics, sampleValue } from '../support/prometheus.ts';
import { subscribe } from '../support/sse.ts';

const SECRET = 'webhook-secret-for-tests-77aa';

describe('webhook deliveries and open subscriptions in /metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { GITHUB_WEBHOOK_SECRET: SECRET } });
    return () => h.close();
  });

  const metrics = async () => parseMetrics(await (await fetch(new URL('/metrics', h.gateway.url))).text());
  const deliveries = async (outcome: string) => sampleValue(await metrics(), 'gateway_webhook_deliveries_total', { event: 'secret_scanning_alert', outcome });

  it('counts deliveries by outcome: processed, duplicate, rejected', async () => {
    const record = h.demo.dataset.alerts.find((r) => r.org === 'acme-corp' && r.alert.state === 'open')!;
    const body = JSON.stringify({ action: 'resolved', alert: { number: record.alert.number }, repository: record.repository, organization: { login: 'acme-corp' } });
    const send = (signature: string, id: string) =>
      fetch(new URL('/webhooks/github', h.gateway.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': 'secret_scanning_alert', 'x-github-delivery': id, 'x-hub-signature-256': signature },
        body,
      });
    const good = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    expect((await send('sha256=00', 'd-1')).status).toBe(401);
    expect((await send(good, 'd-2')).status).toBe(202);
    expect((await send(good, 'd-2')).status).toBe(200);
    expect(await eventually(() => deliveries('processed'), (count) => count === 1)).toBe(1);
    expect(await deliveries('rejected')).toBe(1);
    expect(await deliveries('duplicate')).toBe(1);
  });

  it('counts as ignored, and processes nothing for, deliveries of other organizations and events it does not act on', async () => {
    const record = h.demo.dataset.alerts.find((r) => r.org === 'acme-corp' && r.alert.state === 'open')!;
    const send = (event: string, payload: unknown, id: string) => {
      const body = JSON.stringify(payload);
      return fetch(new URL('/webhooks/github', h.gateway.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': id, 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` },
        body,
      });
    };
    const elsewhere = { action: 'resolved', alert: { number: 1 }, repository: { ...record.repository, owner: { ...record.repository.owner, login: 'not-configured' } }, organization: { login: 'not-configured' } };
    const reads = h.demo.requestCount();
    expect((await send('secret_scanning_alert', elsewhere, 'i-1')).status).toBe(202);
    expect((await send('ping', { zen: 'Keep it logically awesome.', hook_id: 1 }, 'i-2')).status).toBe(202);
    const samples = await metrics();
    expect(sampleValue(samples, 'gateway_webhook_deliveries_total', { event: 'secret_scanning_alert', outcome: 'ignored' })).toBe(1);
    expect(sampleValue(samples, 'gateway_webhook_deliveries_total', { event: 'ping', outcome: 'ignored' })).toBe(1);
    expect(h.demo.requestCount()).toBe(reads);
  });

  it('counts open subscriptions while they run, and none after they end or are refused', async () => {
    const open = async () => sampleValue(await metrics(), 'gateway_subscriptions_open');
    expect(await open()).toBe(0);
    const subscription = await subscribe(h.gateway.url, 'subscription { secretScanningAlertChanged(orgs: ["acme-corp"]) { action } }');
    expect(await open()).toBe(1);
    subscription.close();
    expect(await eventually(open, (count) => count === 0)).toBe(0);
    const refused = await h.query('subscription { secretScanningAlertChanged(orgs: ["acme-corp/.."]) { action } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('VALIDATION');
    expect(await open()).toBe(0);
  });
});
