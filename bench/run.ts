import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseBenchOptions } from './lib/options.ts';
import type { BenchScenario } from './lib/scenario.ts';
import { enginesScenario } from './scenarios/engines.ts';
import { historyScenario } from './scenarios/history.ts';
import { indexScenario } from './scenarios/index.ts';
import { listingScenario } from './scenarios/listing.ts';
import { replicasScenario } from './scenarios/replicas.ts';
import { reportScenario } from './scenarios/report.ts';
import { webhooksScenario } from './scenarios/webhooks.ts';

/** Every scenario, in the order `npm run bench` runs them; add report scenarios here. */
const SCENARIOS: BenchScenario<any>[] = [listingScenario, reportScenario, enginesScenario, indexScenario, historyScenario, replicasScenario, webhooksScenario];

const options = parseBenchOptions(process.argv.slice(2));
const selected = options.scenario === null ? SCENARIOS : SCENARIOS.filter((scenario) => scenario.name === options.scenario);
if (selected.length === 0) {
  console.error(`Unknown scenario "${options.scenario}"; known: ${SCENARIOS.map((scenario) => scenario.name).join(', ')}`);
  process.exit(2);
}

const results: Record<string, unknown> = {};
for (const scenario of selected) {
  console.error(`${scenario.name}: ${scenario.description}`);
  const report = await scenario.run(options, (line) => console.error(line));
  results[scenario.name] = report;
  console.log(`\n## ${scenario.name}\n\n${scenario.format(report)}\n`);
}

const out = resolve(options.out);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(), results }, null, 2)}\n`);
console.log(`Results: ${out}`);
