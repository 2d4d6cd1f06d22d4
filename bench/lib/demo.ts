import { Worker } from 'node:worker_threads';
import { createDemoDataset } from '../../src/demo/dataset.ts';
import { startDemoGitHub } from '../../src/demo/server.ts';
import { benchDemoOptions } from './demo-options.ts';
import type { DemoWorkerData, DemoWorkerRequest } from './demo-worker.ts';
import type { BenchOptions } from './options.ts';

/** The demo GitHub as the benchmark sees it, wherever it runs. */
export interface BenchDemo {
  url: string;
  /** Organizations of the generated dataset with their alert counts. */
  orgs: { login: string; alerts: number }[];
  /** Upstream requests since the last reset, and how many of them were answered 304. */
  counts(): Promise<{ requests: number; notModified: number }>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

export type DemoPlacement = 'worker' | 'inline';

/**
 * The demo GitHub on loopback with the generated dataset (orgs org-01…, each with exactly
 * alertsPerOrg alerts), the injected latency and the rate limit lifted so that many runs fit.
 * By default it runs in a worker thread, so that its own CPU work (serializing 100-alert pages,
 * ETags) does not queue behind the gateway's on one event loop, as real GitHub would not.
 */
export async function startBenchDemo(
  options: Pick<BenchOptions, 'orgs' | 'alertsPerOrg' | 'latencyMs'>,
  placement: DemoPlacement = 'worker',
): Promise<BenchDemo> {
  const data: DemoWorkerData = { orgs: options.orgs, alertsPerOrg: options.alertsPerOrg, latencyMs: options.latencyMs };
  if (placement === 'inline') {
    const dataset = createDemoDataset({ orgCount: data.orgs, alertsPerOrg: data.alertsPerOrg });
    const demo = await startDemoGitHub(benchDemoOptions(dataset, data.latencyMs));
    return {
      url: demo.url,
      orgs: dataset.orgs.map((org) => ({ login: org.login, alerts: dataset.alerts.filter((record) => record.org === org.login).length })),
      counts: async () => ({ requests: demo.requestCount(), notModified: demo.requests.filter((request) => request.status === 304).length }),
      reset: async () => demo.resetCounts(),
      close: () => demo.close(),
    };
  }

  // Workers do not inherit tsx's loader hooks (and Node 20 ignores `--import tsx` in a worker's execArgv for its
  // entry), so a plain-JS entry loads the TypeScript one through tsx's API.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./demo-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
  const worker = new Worker(bootstrap, { eval: true, workerData: data });
  const ready = await new Promise<{ url: string; orgs: BenchDemo['orgs'] }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`demo worker exited (${code}) before it was ready`)));
  });
  const pending = new Map<number, (reply: any) => void>();
  let nextId = 1;
  worker.on('message', (reply: { id: number }) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const ask = <T>(kind: DemoWorkerRequest['kind']) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      worker.postMessage({ id, kind } satisfies DemoWorkerRequest);
    });
  return remoteDemo(ready, ask, async () => {
    await worker.terminate();
  });
}

/** A demo GitHub running elsewhere (worker or child process), driven by request/reply messages. */
export function remoteDemo(
  ready: { url: string; orgs: BenchDemo['orgs'] },
  ask: <T>(kind: DemoWorkerRequest['kind']) => Promise<T>,
  stopped: () => Promise<void>,
): BenchDemo {
  return {
    url: ready.url,
    orgs: ready.orgs,
    counts: () => ask<{ requests: number; notModified: number }>('counts'),
    reset: async () => {
      await ask('reset');
    },
    close: async () => {
      await ask('close');
      await stopped();
    },
  };
}
