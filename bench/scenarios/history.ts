import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { periodStart } from '../../src/alerts/report.ts';
import { IndexStore } from '../../src/store/index-store.ts';
import { openPGliteIndex } from '../lib/pglite-dialect.ts';
import { markdownTable } from '../lib/markdown-table.ts';
import type { BenchScenario } from '../lib/scenario.ts';
import { timed } from '../lib/timed.ts';

interface HistoryRow {
  engine: string;
  events: number;
  orgs: number;
  periods: number;
  backlogWeekMedianMs: number;
  backlogMonthMedianMs: number;
  loadSeconds: number;
}

const ORGS = 20;
const YEARS = 3;
const DAY = 86_400_000;
/** Engines and sizes: SQLite up to a million events; PGlite (PostgreSQL in WebAssembly, no server) at the smaller size only. */
const CASES: { engine: 'SQLite' | 'PGlite'; events: number }[] = (process.env.BENCH_HISTORY_CASES ?? 'SQLite:100000,SQLite:1000000,PGlite:100000')
  .split(',')
  .map((item) => {
    const [engine, events] = item.split(':');
    return { engine: engine === 'PGlite' ? 'PGlite' : 'SQLite', events: Number(events) };
  });

/**
 * History rows as a first sync and years of triage leave them: per alert a CREATED and, for
 * two thirds, a RESOLVED some days later, spread over YEARS, in ORGS organizations.
 */
async function loadEvents(store: IndexStore, events: number): Promise<void> {
  const now = Date.now();
  const rows = [];
  let written = 0;
  for (let i = 0; written + rows.length < events; i += 1) {
    const created = now - ((i * 7919) % (YEARS * 365 * 24)) * 3_600_000;
    const key = { source_id: store.sourceId, org: `org-${String(i % ORGS).padStart(2, '0')}`, repo: `repo-${i % 97}`, number: i };
    const common = { ...key, resolution: null, actor: null, origin: 'SYNC', previous_updated_at: 0 };
    rows.push({ ...common, occurred_at: created, action: 'CREATED', state: 'open', week: periodStart('WEEK', created), month: periodStart('MONTH', created), open_delta: 1, resolve_ms: null });
    if (i % 3 !== 0 && written + rows.length < events) {
      const resolved = Math.min(now, created + ((i % 60) + 1) * DAY);
      rows.push({ ...common, occurred_at: resolved, action: 'RESOLVED', state: 'resolved', week: periodStart('WEEK', resolved), month: periodStart('MONTH', resolved), open_delta: -1, resolve_ms: resolved - created });
    }
    if (rows.length >= 1_000) {
      written += rows.length;
      await store.db.insertInto('alert_events').values(rows.splice(0)).execute();
    }
  }
  if (rows.length > 0) await store.db.insertInto('alert_events').values(rows).execute();
  await store.refreshStatistics();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export const historyScenario: BenchScenario<HistoryRow[]> = {
  name: 'history',
  description: `secretScanningReport.backlog from the alert index's history: median time of one backlog over ${ORGS} organizations`,
  async run(options, log) {
    const results: HistoryRow[] = [];
    const query = { orgs: Array.from({ length: ORGS }, (_, i) => `org-${String(i).padStart(2, '0')}`), repository: null, filter: {}, order: { field: 'CREATED_AT', direction: 'DESC' } } as const;
    for (const { engine, events } of CASES) {
      const dir = mkdtempSync(join(tmpdir(), 'bench-history-'));
      const store = await IndexStore.open(engine === 'SQLite' ? { kind: 'embedded', dataDir: dir } : await openPGliteIndex(dir), 'https://bench.invalid');
      try {
        const load = await timed(() => loadEvents(store, events));
        const times = { WEEK: [] as number[], MONTH: [] as number[] };
        let periods = 0;
        for (let run = 0; run < Math.max(options.runs, 3); run += 1) {
          for (const interval of ['WEEK', 'MONTH'] as const) {
            const { result, ms } = await timed(() => store.backlog(query, interval));
            times[interval].push(ms);
            if (interval === 'WEEK') periods = result.length;
          }
        }
        const row = { engine, events, orgs: ORGS, periods, backlogWeekMedianMs: median(times.WEEK), backlogMonthMedianMs: median(times.MONTH), loadSeconds: load.ms / 1000 };
        log(`  ${engine} ${events} events: backlog(WEEK) ${row.backlogWeekMedianMs.toFixed(1)} ms, backlog(MONTH) ${row.backlogMonthMedianMs.toFixed(1)} ms`);
        results.push(row);
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    return results;
  },
  format(rows) {
    return markdownTable(
      ['engine', 'events', 'orgs', 'weekly points', 'backlog(WEEK) median', 'backlog(MONTH) median', 'load'],
      rows.map((row) => [row.engine, row.events.toLocaleString('en'), String(row.orgs), String(row.periods), `${row.backlogWeekMedianMs.toFixed(1)} ms`, `${row.backlogMonthMedianMs.toFixed(1)} ms`, `${row.loadSeconds.toFixed(1)} s`]),
    );
  },
};
