import { parseArgs } from 'node:util';
import { createDemoDataset } from './dataset.ts';
import { DEMO_FLAVORS, isDemoFlavor } from './flavor.ts';
import { startDemoGitHub } from './server.ts';

// Standalone demo GitHub: npm run demo-github -- --port 3999 --latency 50 --orgs 20 --alerts-per-org 300
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3999' },
    host: { type: 'string', default: '127.0.0.1' },
    latency: { type: 'string', default: '0' },
    orgs: { type: 'string' },
    'alerts-per-org': { type: 'string' },
    'repos-per-org': { type: 'string' },
    seed: { type: 'string' },
    flavor: { type: 'string', default: 'dotcom' },
  },
});

const numberOption = (value: string | undefined) => (value === undefined ? undefined : Number(value));
const datasetOptions = Object.fromEntries(
  Object.entries({
    seed: numberOption(values.seed),
    orgCount: numberOption(values.orgs),
    alertsPerOrg: numberOption(values['alerts-per-org']),
    reposPerOrg: numberOption(values['repos-per-org']),
  }).filter(([, value]) => value !== undefined),
);

if (!isDemoFlavor(values.flavor)) {
  console.error(`--flavor must be one of ${DEMO_FLAVORS.join(', ')}`);
  process.exit(2);
}

const demo = await startDemoGitHub({
  dataset: createDemoDataset(datasetOptions),
  host: values.host,
  port: Number(values.port),
  latencyMs: Number(values.latency),
  flavor: values.flavor,
});

const { dataset } = demo;
console.log(`Demo GitHub API listening on ${demo.url}`);
console.log(`  ${dataset.orgs.length} orgs, ${dataset.repos.length} repositories, ${dataset.alerts.length} alerts; enterprise ${dataset.enterprise.slug}`);
for (const token of dataset.tokens) {
  console.log(`  token ${token.name.padEnd(8)} ${token.token}  (${token.user.login}; reads: ${token.readableOrgs.join(', ') || 'none'}${token.canWrite ? '; may write' : ''})`);
}
console.log(`  GitHub App id ${dataset.app.id}; installations: ${dataset.app.installations.map((i) => `${i.org}=${i.id}`).join(', ')}`);

const shutdown = () => {
  void demo.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
