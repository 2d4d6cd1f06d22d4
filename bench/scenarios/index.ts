import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { IndexStore } from '../../src/store/index-store.ts';
import type { IndexLocation } from '../../src/store/database.ts';
import { startPostgresCluster } from '../../test/support/postgres-cluster.ts';
import type { BenchDemo } from '../lib/demo.ts';
import { measureIndexReads, type IndexReadFigures } from '../lib/index-reads.ts';
import { parseEstateSize } from '../lib/options.ts';
import type { BenchScenario } from '../lib/scenario.ts';
import { forkChild, startDemoProcess } from './report-children.ts';
import { formatIndex } from './index-table.ts';

/**
 * The estate of issue 12's targets: 1M alerts over 100 orgs, at 10 ms per upstream request.
 * BENCH_INDEX_SIZE=10x10000 measures a smaller one, BENCH_INDEX_ENGINES=PostgreSQL one engine.
 */
const ESTATE = { ...parseEstateSize('BENCH_INDEX_SIZE', process.env.BENCH_INDEX_SIZE ?? '100x10000'), latencyMs: 10 };
const ENGINES = (process.env.BENCH_INDEX_ENGINES ?? 'SQLite,PostgreSQL').split(',');
const HOURLY_LIMIT = 5_000;

export interface IndexEngineRun extends IndexReadFigures {
  engine: 'embedded (SQLite)' | 'PostgreSQL 15';
  firstSync: { ms: number; requests: number; peakRssMb: number };
  /** Incremental pass over the unchanged estate: requests, those answered 304, and rate-limit points (the others). */
  unchanged: { ms: number; requests: number; notModified: number; points: number };
  sizeMb: number;
}

export interface IndexReport {
  scenario: 'index';
  estate: { orgs: number; alerts: number; latencyMs: number };
  /** Σ ⌈alerts/100⌉ + one generic-types page per org. */
  lowerBound: number;
  /** Hours the first sync's requests take at 5,000 an hour. */
  rateLimitFloorHours: number;
  runs: number;
  engines: IndexEngineRun[];
}

async function syncIn(demo: BenchDemo, location: IndexLocation, log: (line: string) => void): Promise<Pick<IndexEngineRun, 'firstSync' | 'unchanged'>> {
  const orgs = demo.orgs.map((org) => org.login);
  const child = await forkChild<{ ready: true }>('./index-sync-process.ts', [demo.url, orgs.join(','), JSON.stringify(location)], process.env);
  try {
    await demo.reset();
    const full = await child.ask<{ ms: number; peakRssBytes: number }>('full');
    const fullCounts = await demo.counts();
    log(`    first sync ${(full.ms / 1000).toFixed(1)} s, ${fullCounts.requests} requests, peak RSS ${(full.peakRssBytes / 2 ** 20).toFixed(0)} MB`);
    // The first incremental pass after a full one learns each stream's ETag; the second is the steady state.
    await child.ask('incremental');
    await demo.reset();
    const incremental = await child.ask<{ ms: number }>('incremental');
    const { requests, notModified } = await demo.counts();
    log(`    unchanged incremental pass ${incremental.ms.toFixed(0)} ms, ${requests} requests, ${notModified} answered 304`);
    return {
      firstSync: { ms: full.ms, requests: fullCounts.requests, peakRssMb: full.peakRssBytes / 2 ** 20 },
      unchanged: { ms: incremental.ms, requests, notModified, points: requests - notModified },
    };
  } finally {
    await child.ask('close');
    await child.exited;
  }
}

async function runEngine(engine: IndexEngineRun['engine'], location: IndexLocation, demo: BenchDemo, runs: number, log: (line: string) => void): Promise<IndexEngineRun> {
  log(`  ${engine}`);
  const sync = await syncIn(demo, location, log);
  const store = await IndexStore.open(location, demo.url);
  try {
    const reads = await measureIndexReads(store, demo.orgs.map((org) => org.login), runs);
    log(`    report ${reads.reportMs.toFixed(1)} ms, first page ${reads.firstPageMs.toFixed(1)} ms, 500 deep ${reads.deepPageMs.toFixed(1)} ms, count ${reads.countMs.toFixed(1)} ms`);
    return { engine, ...sync, ...reads, sizeMb: (await store.sizeBytes()) / 2 ** 20 };
  } finally {
    await store.close();
  }
}

/** First sync, unchanged incremental pass and SQL reads of a 1M-alert estate, on both engines. */
export const indexScenario: BenchScenario<IndexReport> = {
  name: 'index',
  description: `alert index over ${ESTATE.orgs} orgs × ${ESTATE.alertsPerOrg.toLocaleString('en-US')} alerts (${ESTATE.latencyMs} ms per upstream request), ${ENGINES.join(' and ')}`,
  async run(options, log) {
    const demo = await startDemoProcess(ESTATE.orgs, ESTATE.alertsPerOrg, ESTATE.latencyMs);
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-index-'));
    const cluster = await startPostgresCluster({ shared_buffers: '1GB', synchronous_commit: 'off', max_wal_size: '4GB' });
    try {
      const engines: IndexEngineRun[] = [];
      if (ENGINES.includes('SQLite')) engines.push(await runEngine('embedded (SQLite)', { kind: 'embedded', dataDir }, demo, options.runs, log));
      if (ENGINES.includes('PostgreSQL')) {
        const client = new pg.Client({ connectionString: cluster.url });
        await client.connect();
        await client.query('create database bench_index');
        await client.end();
        const url = new URL(cluster.url);
        url.pathname = '/bench_index';
        engines.push(await runEngine('PostgreSQL 15', { kind: 'postgres', url: url.toString() }, demo, options.runs, log));
      }
      const alerts = demo.orgs.reduce((sum, org) => sum + org.alerts, 0);
      const lowerBound = demo.orgs.reduce((sum, org) => sum + Math.ceil(org.alerts / 100), 0) + demo.orgs.length;
      return { scenario: 'index', estate: { orgs: demo.orgs.length, alerts, latencyMs: ESTATE.latencyMs }, lowerBound, rateLimitFloorHours: lowerBound / HOURLY_LIMIT, runs: options.runs, engines };
    } finally {
      cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
      await demo.close();
    }
  },
  format: formatIndex,
};
