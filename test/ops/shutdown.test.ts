import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { alertKey } from '../../src/alerts/model.ts';
import { startDemoGitHub, type DemoGitHub } from '../../src/demo/server.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { startHoldingProxy, type HoldingProxy } from '../support/holding-proxy.ts';
import { spawnGateway, startedRequest } from '../support/gateway-process.ts';

const ALERT_WRITE = /^\/repos\/[^/]+\/[^/]+\/secret-scanning\/alerts\/\d+$/;

describe('shutdown on SIGTERM', () => {
  let demo: DemoGitHub | undefined;
  let proxy: HoldingProxy | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    child?.kill('SIGKILL');
    await proxy?.close();
    await demo?.close();
  });

  it('turns /ready 503 at once, refuses new connections, lets the mutation in flight finish, and exits 0', async () => {
    demo = await startDemoGitHub();
    proxy = await startHoldingProxy(demo.url, (method, path) => method === 'PATCH' && ALERT_WRITE.test(path));
    const gateway = spawnGateway(proxy.url);
    child = gateway.child;
    const url = await gateway.graphqlUrl();
    const port = Number(url.port);

    const probe = await startedRequest(port, 'GET /ready HTTP/1.1\r\nHost: 10.0.0.9\r\n');
    const record = demo.dataset.alerts.find((r) => r.org === 'acme-corp' && r.alert.state === 'open')!;
    const alertId = encodeNodeId('SecretScanningAlert', alertKey('acme-corp', record.repository.name, record.alert.number));
    const mutation = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { updateSecretScanningAlert(input: { alertId: "${alertId}", state: RESOLVED, resolution: REVOKED }) { __typename } }` }),
    });
    await proxy.held;

    child.kill('SIGTERM');
    expect(await gateway.line(/^draining$/)).toMatchObject({ inFlight: 1 });
    const ready = await probe.finish();
    expect(ready).toMatch(/^HTTP\/1\.1 503/);
    expect(ready).toMatch(/\r\nconnection: close\r\n/i);
    expect(ready).toContain('{"status":"draining"}');
    await expect(fetch(new URL('/health', url))).rejects.toThrow();

    proxy.release();
    const answer = await mutation;
    expect(await answer.json()).toEqual({ data: { updateSecretScanningAlert: { __typename: 'UpdateSecretScanningAlertSuccess' } } });
    expect(await gateway.exited).toBe(0);
    expect(gateway.lines.find((line) => line.message === 'drained')).toMatchObject({ clean: true });
    expect(gateway.lines.filter((line) => line.level === 'audit')).toEqual([expect.objectContaining({ outcome: 'success' })]);
  });
});
