import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { alertKey } from '../../src/alerts/model.ts';
import { loadConfig } from '../../src/config.ts';
import { DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { startDemoGitHub } from '../../src/demo/server.ts';
import { createLogger } from '../../src/logger.ts';
import { Drain } from '../../src/ops/drain.ts';
import { useDrainableStreams } from '../../src/ops/drainable-streams.ts';
import { Readiness } from '../../src/ops/readiness.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { startGateway } from '../../src/server.ts';
import { startHoldingProxy } from '../support/holding-proxy.ts';
import { DEMO_ORGS, startHarness } from '../support/harness.ts';
import { subscribe } from '../support/sse.ts';

describe('a drain that reaches its bound (GATEWAY_DRAIN_TIMEOUT_MS)', () => {
  it('stops the work still running: a write under way answers that it may or may not have been applied; then the hooks run', async () => {
    const demo = await startDemoGitHub();
    const proxy = await startHoldingProxy(demo.url, (method) => method === 'PATCH');
    const lines: string[] = [];
    const config = loadConfig({
      GITHUB_TOKEN: DEMO_TOKENS.admin,
      GITHUB_API_URL: proxy.url,
      GATEWAY_ORGS: DEMO_ORGS.join(','),
      PORT: '0',
      GATEWAY_WRITE_INTERVAL_MS: '0',
      GATEWAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'gateway-data-')),
      GATEWAY_DRAIN_TIMEOUT_MS: '100',
    });
    const running = await startGateway(config, createLogger('info', (line) => lines.push(line)));
    try {
      const ran: string[] = [];
      running.drain.onShutdown('index sync leadership', () => ran.push('index sync leadership'));
      running.drain.onShutdown('a release that fails', () => Promise.reject(new Error('connection lost')));
      running.drain.onShutdown('a release that hangs', () => new Promise(() => {}));
      running.drain.onShutdown('webhook queue', () => ran.push('webhook queue'));

      const record = demo.dataset.alerts.find((r) => r.org === 'acme-corp' && r.alert.state === 'open')!;
      const alertId = encodeNodeId('SecretScanningAlert', alertKey('acme-corp', record.repository.name, record.alert.number));
      const mutation = fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation { updateSecretScanningAlert(input: { alertId: "${alertId}", state: RESOLVED, resolution: REVOKED }) { __typename ... on TimeoutError { applied } } }`,
        }),
      });
      await proxy.held;

      expect(await running.shutdown()).toEqual({ clean: false });
      expect(await (await mutation).json()).toEqual({ data: { updateSecretScanningAlert: { __typename: 'TimeoutError', applied: null } } });
      expect(ran).toEqual(['webhook queue', 'index sync leadership']);
      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged.filter((line) => line.hook !== undefined).map((line) => [line.message, line.hook])).toEqual([
        ['a shutdown hook did not finish within the drain bound', 'a release that hangs'],
        ['a shutdown hook failed', 'a release that fails'],
      ]);
      expect(logged.at(-1)).toMatchObject({ message: 'drained', clean: false });
    } finally {
      await running.close();
      await proxy.close();
      await demo.close();
    }
  });
});

describe('a drain with subscriptions open', () => {
  it("completes the gateway's alert subscriptions at once, so the drain is clean", async () => {
    const h = await startHarness({ env: { GITHUB_WEBHOOK_SECRET: 'webhook-secret-for-drain-test' } });
    try {
      const subscription = await subscribe(h.gateway.url, 'subscription { secretScanningAlertChanged(orgs: ["acme-corp"]) { action } }');
      const record = h.demo.dataset.alerts.find((r) => r.org === 'acme-corp' && r.alert.state === 'open')!;
      h.demo.changeAlertOnGitHub(record.repository.full_name, record.alert.number, { state: 'resolved', resolution: 'revoked' });
      expect(await subscription.next()).toEqual({ data: { secretScanningAlertChanged: { action: 'RESOLVED' } } });

      expect(await h.gateway.shutdown()).toEqual({ clean: true });
      await expect(subscription.next()).rejects.toThrow('the subscription completed');
    } finally {
      await h.close();
    }
  });

  it('ends their SSE streams cleanly at once and tells their source to stop', async () => {
    let returned = false;
    const ticks: AsyncIterable<{ ticks: number }> = {
      [Symbol.asyncIterator]: () => {
        let sent = false;
        return {
          // One event, then none ever again: only the drain can end this stream.
          next: () => (sent ? new Promise(() => {}) : ((sent = true), Promise.resolve({ done: false, value: { ticks: 1 } }))),
          return: () => {
            returned = true;
            return Promise.resolve({ done: true, value: undefined });
          },
        };
      },
    };
    const readiness = new Readiness();
    const drain = new Drain({ timeoutMs: 30_000, readiness, logger: createLogger('error', () => {}) });
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { ok: Boolean } type Subscription { ticks: Int }',
        resolvers: { Subscription: { ticks: { subscribe: () => ticks } } },
      }),
      plugins: [useDrainableStreams(drain.closing)],
      logging: false,
    });
    const server = createServer(drain.track(yoga));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    const response = await fetch(`http://127.0.0.1:${port}/graphql?query=${encodeURIComponent('subscription { ticks }')}`, { headers: { accept: 'text/event-stream' } });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let received = '';
    while (!received.includes('"ticks":1')) received += (await reader.read()).value ?? '';

    expect(await drain.shutdown(server)).toEqual({ clean: true });
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) received += chunk.value;
    expect(received).toMatch(/event: complete/);
    expect(returned).toBe(true);
    expect(readiness.state).toEqual({ status: 'draining' });
  });
});
