import { createDemoDataset } from '../../src/demo/dataset.ts';
import { startDemoGitHub } from '../../src/demo/server.ts';
import { benchDemoOptions } from '../lib/demo-options.ts';

/**
 * Child-process entry of the report benchmark: the demo GitHub in its own process (forked with
 * `--import tsx`), so that the gateway process's RSS holds nothing of the dataset or of the
 * demo's serialized pages. argv: orgs alertsPerOrg latencyMs. Answers on the IPC channel.
 */
export type ReportDemoRequest = { id: number; kind: 'counts' | 'reset' | 'close' };

const [orgCount, alertsPerOrg, latencyMs] = process.argv.slice(2).map(Number) as [number, number, number];
const send = (message: unknown) => process.send!(message);
if (!process.send) throw new Error('report-demo-process.ts runs as a forked child');

const dataset = createDemoDataset({ orgCount, alertsPerOrg });
const demo = await startDemoGitHub(benchDemoOptions(dataset, latencyMs));
const perOrg = new Map<string, number>();
for (const record of dataset.alerts) perOrg.set(record.org, (perOrg.get(record.org) ?? 0) + 1);
send({ ready: true, url: demo.url, orgs: dataset.orgs.map((org) => ({ login: org.login, alerts: perOrg.get(org.login) ?? 0 })) });

// The parent went away (crash or kill): do not linger.
process.on('disconnect', () => process.exit(0));
process.on('message', async (message: ReportDemoRequest) => {
  switch (message.kind) {
    case 'counts': {
      let notModified = 0;
      for (const request of demo.requests) if (request.status === 304) notModified++;
      send({ id: message.id, requests: demo.requestCount(), notModified });
      break;
    }
    case 'reset':
      demo.resetCounts();
      send({ id: message.id });
      break;
    case 'close':
      await demo.close();
      send({ id: message.id });
      process.disconnect();
      break;
  }
});
