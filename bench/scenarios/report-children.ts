import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { remoteDemo, type BenchDemo } from '../lib/demo.ts';
import type { RssMeasurement } from './report-rss.ts';

/** Request/reply over a forked child's IPC channel, matched by id; the first message is the ready one. */
export async function forkChild<Ready>(entry: string, args: string[], env: NodeJS.ProcessEnv, execArgv: string[] = []) {
  const child = fork(fileURLToPath(new URL(entry, import.meta.url)), args, {
    execArgv: ['--import', 'tsx', ...execArgv],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Ready));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${entry} exited (${code}) before it was ready`)));
  });
  const pending = new Map<number, (reply: any) => void>();
  let nextId = 1;
  child.on('message', (reply: { id: number }) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const ask = <T>(kind: string) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ id, kind });
    });
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return { child, ready, ask, exited };
}

/** The demo GitHub in its own process (same dataset, latency and lifted rate limit as the worker-thread demo). */
export async function startDemoProcess(orgs: number, alertsPerOrg: number, latencyMs: number): Promise<BenchDemo & { pid: number }> {
  const { child, ready, ask, exited } = await forkChild<{ url: string; orgs: BenchDemo['orgs'] }>(
    './report-demo-process.ts',
    [String(orgs), String(alertsPerOrg), String(latencyMs)],
    process.env,
  );
  return { pid: child.pid!, ...remoteDemo(ready, ask, () => exited) };
}

export interface GatewayProcess {
  pid: number;
  url: string;
  /** Full GC, baseline RSS, then samples RSS every 20 ms until `end`. */
  begin(): Promise<void>;
  end(): Promise<RssMeasurement>;
  close(): Promise<void>;
}

/** A fresh gateway alone in its own process; GATEWAY_CACHE_MAX_MB = cacheMaxMb when given, else the default of src/config.ts. */
export async function startGatewayProcess(githubUrl: string, orgs: readonly string[], cacheMaxMb: number | null): Promise<GatewayProcess> {
  const { ready, ask, exited } = await forkChild<{ url: string; pid: number }>(
    './report-gateway-process.ts',
    [githubUrl, orgs.join(','), ...(cacheMaxMb === null ? [] : [String(cacheMaxMb)])],
    process.env,
    ['--expose-gc'],
  );
  return {
    pid: ready.pid,
    url: ready.url,
    begin: async () => {
      await ask('begin');
    },
    end: async () => (await ask<{ measurement: RssMeasurement }>('end')).measurement,
    close: async () => {
      await ask('close');
      await exited;
    },
  };
}
