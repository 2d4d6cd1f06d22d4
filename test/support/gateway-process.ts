import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { DEMO_ORGS } from './harness.ts';

/** The gateway as production runs it: its own process, its JSON log lines read from stdout. */
export function spawnGateway(apiUrl: string, env: Record<string, string> = {}) {
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
  /** Where it serves GraphQL, once it listens. */
  const graphqlUrl = async () => new URL(String((await line(/listening on/)).message).match(/http:\/\/\S+\/graphql/)![0]);
  return { child, lines, exited, line, graphqlUrl };
}

/** A connection that has sent all of a request but its last line: the server counts it as busy, not idle. */
export function startedRequest(port: number, head: string): Promise<{ socket: Socket; finish(): Promise<string> }> {
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

