import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDemoDataset, type DemoDataset } from '../../src/demo/dataset.ts';
import type { RestOrgAlert } from '../../src/github/types.ts';
import { IndexStore } from '../../src/store/index-store.ts';
import { startPostgresCluster } from '../../test/support/postgres-cluster.ts';
import { measureIndexReads, type IndexReadFigures } from '../lib/index-reads.ts';
import { markdownTable } from '../lib/markdown-table.ts';
import { parseEstateSize } from '../lib/options.ts';
import type { BenchScenario } from '../lib/scenario.ts';
import { openPGliteIndex } from '../lib/pglite-dialect.ts';
import { timed } from '../lib/timed.ts';

/**
 * 10 orgs × 10,000 alerts by default: big enough for the engines to differ, small enough for
 * PGlite's memory. BENCH_ENGINES_SIZE=100x10000 and BENCH_ENGINES=PostgreSQL measure the server
 * engine at the 1M estate without a first sync through HTTP (the sync's own writes, from memory).
 */
const SIZE = parseEstateSize('BENCH_ENGINES_SIZE', process.env.BENCH_ENGINES_SIZE ?? '10x10000');
const ENGINES = (process.env.BENCH_ENGINES ?? 'SQLite,PGlite').split(',') as Engine[];
type Engine = 'SQLite' | 'PGlite' | 'PostgreSQL';

interface EngineFigures extends IndexReadFigures {
  engine: string;
  insertPerSecond: number;
  sizeMb: number;
}

export interface EnginesReport {
  scenario: 'engines';
  alerts: number;
  runs: number;
  engines: EngineFigures[];
}

/** Writes the dataset as the sync does: pages of 100 from each organization's list. */
async function fill(store: IndexStore, dataset: DemoDataset): Promise<number> {
  const { ms } = await timed(async () => {
    for (const org of dataset.orgs) {
      const alerts = dataset.alerts.filter((record) => record.org === org.login).map((record) => ({ ...record.alert, repository: record.repository }) as unknown as RestOrgAlert);
      for (let start = 0; start < alerts.length; start += 100) await store.writeListedAlerts(org.login, alerts.slice(start, start + 100), 'full');
    }
  });
  return dataset.alerts.length / (ms / 1000);
}

/** Where each engine's index lives: a temporary directory, or a database of a PostgreSQL started for the run. */
async function locationOf(engine: Engine, dir: string): Promise<{ location: Parameters<typeof IndexStore.open>[0]; stop(): void }> {
  if (engine === 'SQLite') return { location: { kind: 'embedded', dataDir: dir }, stop: () => {} };
  if (engine === 'PGlite') return { location: await openPGliteIndex(dir), stop: () => {} };
  const cluster = await startPostgresCluster({ shared_buffers: '1GB', synchronous_commit: 'off', max_wal_size: '4GB' });
  return { location: { kind: 'postgres', url: cluster.url }, stop: () => cluster.stop() };
}

async function measure(engine: Engine, dataset: DemoDataset, runs: number, log: (line: string) => void): Promise<EngineFigures> {
  const dir = mkdtempSync(join(tmpdir(), `bench-${engine}-`));
  const { location, stop } = await locationOf(engine, dir);
  try {
    const store = await IndexStore.open(location, 'https://bench.invalid');
    try {
      const insertPerSecond = await fill(store, dataset);
      // As the sync does after its full passes.
      await store.refreshStatistics();
      log(`  ${engine}: ${Math.round(insertPerSecond)} alerts/s written`);
      const reads = await measureIndexReads(store, dataset.orgs.map((org) => org.login), runs);
      return { engine, insertPerSecond, sizeMb: (await store.sizeBytes()) / 2 ** 20, ...reads };
    } finally {
      await store.close();
    }
  } finally {
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The embedded engine's choice: SQLite (better-sqlite3) against PGlite on the index's own workloads. */
export const enginesScenario: BenchScenario<EnginesReport> = {
  name: 'engines',
  description: `${ENGINES.join(' vs ')} as the index, ${SIZE.orgs} orgs × ${SIZE.alertsPerOrg} alerts written as the sync writes them`,
  async run(options, log) {
    const dataset = createDemoDataset({ orgCount: SIZE.orgs, alertsPerOrg: SIZE.alertsPerOrg });
    const engines: EngineFigures[] = [];
    for (const engine of ENGINES) engines.push(await measure(engine, dataset, options.runs, log));
    return { scenario: 'engines', alerts: dataset.alerts.length, runs: options.runs, engines };
  },
  format(report) {
    const ms = (value: number) => (Number.isNaN(value) ? '–' : `${value.toFixed(1)} ms`);
    const rows = report.engines.map((figures) => [
      figures.engine,
      `${Math.round(figures.insertPerSecond).toLocaleString('en-US')}/s`,
      ms(figures.reportMs),
      ms(figures.filteredReportMs),
      ms(figures.firstPageMs),
      ms(figures.deepPageMs),
      ms(figures.countMs),
      ms(figures.sqlCountMs),
      `${figures.sizeMb.toFixed(0)} MB`,
    ]);
    const header = ['engine', 'sync writes', 'report (rollups)', 'report (one pass)', 'first page', '500 pages deep', 'count (rollups)', 'count (COUNT)', 'on disk'];
    return `${report.alerts.toLocaleString('en-US')} alerts, medians of ${report.runs} runs\n\n${markdownTable(header, rows)}`;
  },
};
