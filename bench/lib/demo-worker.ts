import { parentPort, workerData } from 'node:worker_threads';
import { createDemoDataset } from '../../src/demo/dataset.ts';
import { startDemoGitHub } from '../../src/demo/server.ts';
import { benchDemoOptions } from './demo-options.ts';

/** Worker entry: runs the demo GitHub on its own event loop and answers the benchmark's questions about its traffic. */
export interface DemoWorkerData {
  orgs: number;
  alertsPerOrg: number;
  latencyMs: number;
}

export type DemoWorkerRequest = { id: number; kind: 'counts' | 'reset' | 'close' };

const port = parentPort;
if (port === null) throw new Error('demo-worker.ts runs as a worker thread');
const options = workerData as DemoWorkerData;
const dataset = createDemoDataset({ orgCount: options.orgs, alertsPerOrg: options.alertsPerOrg });
const demo = await startDemoGitHub(benchDemoOptions(dataset, options.latencyMs));
const orgs = dataset.orgs.map((org) => ({ login: org.login, alerts: dataset.alerts.filter((record) => record.org === org.login).length }));
port.postMessage({ ready: true, url: demo.url, orgs });

port.on('message', async (message: DemoWorkerRequest) => {
  switch (message.kind) {
    case 'counts':
      port.postMessage({
        id: message.id,
        requests: demo.requestCount(),
        notModified: demo.requests.filter((request) => request.status === 304).length,
      });
      break;
    case 'reset':
      demo.resetCounts();
      port.postMessage({ id: message.id });
      break;
    case 'close':
      await demo.close();
      port.postMessage({ id: message.id });
      port.close();
      break;
  }
});
