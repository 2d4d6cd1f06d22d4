import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { alertKey } from '../../src/alerts/model.ts';
import { DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { startDemoGitHub, type DemoGitHub } from '../../src/demo/server.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { startHoldingProxy, type HoldingProxy } from '../support/holding-proxy.ts';
import { DEMO_ORGS } from '../support/harness.ts';

const ALERT_WRITE = /^\/repos\/[^/]+\/[^/]+\/secret-scanning\/alerts\/\d+$/;

/** The gateway as production runs it: its own process, its JSON log lines read from stdout. */
function spawnGateway(apiUrl: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      PATH: process.env.PATH,
      GITHUB_TOKEN: DEMO_TOKENS.admin,
      GITHUB_API_URL: apiUrl,
      GATEWAY_ORGS: DEMO_ORGS.join(','),
      PORT: '0',
      GATEWAY_WRITE_INTERVAL_MS: '0',
      GATEWAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'gateway-data-')),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiting: { test: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    for (const waiter of waiting.filter((candidate) => candidate.test(line))) waiter.resolve(line);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  /** The first log line whose message matches, written already or to come. */
  const line = (message: RegExp) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const test = (candidate: Record<string, unknown>) => message.test(String(candidate.message));
      const written = lines.find(test);
      if (written) resolve(written);
      else waiting.push({ test, resolve });
    });
  return { child, lines, exited, line };
}

/** A connection that has sent all of a request but its last line: the server counts it as busy, not idle. */
function startedRequest(port: number, head: string): Promise<{ socket: Socket; finish(): Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head);
      resolve({
        socket,
        finish: () =>
          new Promise((done) => {
            let received = '';
            socket.on('data', (chunk) => (received += chunk.toString()));
            socket.on('close', () => done(received));
            socket.write('\r\n');
          }),
      });
    });
    socket.on('error', reject);
  });
}

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
    const url = new URL(String((await gateway.line(/listening on/)).message).match(/http:\/\/\S+\/graphql/)![0]);
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
