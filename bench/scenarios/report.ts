import { loadConfig } from '../../src/config.ts';
import { availableParallelism } from 'node:os';
import { DEMO_TOKENS } from '../../src/demo/dataset.ts';
import type { ResponseCacheStats } from '../../src/github/cache.ts';
import type { RunningGateway } from '../../src/server.ts';
import { cacheDelta } from '../lib/cache-delta.ts';
import type { BenchDemo } from '../lib/demo.ts';
import { startBenchGateway } from '../lib/gateway.ts';
import type { BenchOptions } from '../lib/options.ts';
import type { BenchScenario } from '../lib/scenario.ts';
import { summarize, type Summary } from '../lib/summary.ts';
import { timed } from '../lib/timed.ts';
import { startDemoProcess, startGatewayProcess } from './report-children.ts';
import { SAMPLE_MS, type RssMeasurement } from './report-rss.ts';
import { compareFigures, naiveReport, type ReportFigures } from './report-naive.ts';
import { gatewayReport } from './report-query.ts';
import { formatReport } from './report-table.ts';

const PAGE = 100;
/** The large report: 50 orgs × 2,000 alerts = 100k alerts, at a lower latency to keep the run short. */
export const LARGE = { orgs: 50, alertsPerOrg: 2_000, latencyMs: 10 } as const;
/** Measured runs per cache setting of the large report (each in a fresh gateway process). */
const LARGE_RUNS = 2;
/** GATEWAY_CACHE_MAX_MB of the large runs: the default and a small cache. */
const LARGE_CACHES: readonly (number | null)[] = [null, 32];
const DEFAULT_CACHE_MB = loadConfig({}).cache.maxBytes / (1024 * 1024);
export const PEAK_RSS_TARGET_MB = 400;

export interface ReportRun {
  ms: number;
  /** Requests the demo GitHub received during the run, and how many were answered 304. */
  upstream: number;
  notModified: number;
  total: number;
  /** First difference from the naive script's figures; null when every figure is equal. */
  mismatch: string | null;
  cache?: ResponseCacheStats;
}

export interface ReportVariant {
  variant: 'naive' | 'cold' | 'warm';
  label: string;
  ms: Summary;
  upstream: Summary;
  runs: ReportRun[];
}

export interface LargeRun extends ReportRun {
  rss: RssMeasurement;
}

export interface LargeVariant {
  /** GATEWAY_CACHE_MAX_MB; null = the default. */
  cacheMaxMb: number | null;
  label: string;
  ms: Summary;
  upstream: Summary;
  peakMb: Summary;
  runs: LargeRun[];
}

export interface ReportTarget {
  name: string;
  met: boolean;
  detail: string;
}

export interface ReportReport {
  scenario: 'report';
  date: string;
  environment: { node: string; platform: string; cpus: number };
  options: { orgs: number; alertsPerOrg: number; latencyMs: number; runs: number };
  small: { totalAlerts: number; lowerBound: number; requestLimit: number; variants: ReportVariant[]; coldOverNaive: number; warmOverNaive: number };
  large: { orgs: number; alertsPerOrg: number; latencyMs: number; runs: number; totalAlerts: number; lowerBound: number; requestLimit: number; variants: LargeVariant[] };
  targets: ReportTarget[];
}

const MB = 1024 * 1024;

function bounds(demo: BenchDemo): { orgs: string[]; totalAlerts: number; lowerBound: number; requestLimit: number } {
  const orgs = demo.orgs.map((org) => org.login);
  const totalAlerts = demo.orgs.reduce((sum, org) => sum + org.alerts, 0);
  const lowerBound = demo.orgs.reduce((sum, org) => sum + Math.ceil(org.alerts / PAGE), 0);
  return { orgs, totalAlerts, lowerBound, requestLimit: lowerBound + orgs.length };
}

async function measureInProcess(demo: BenchDemo, gateway: RunningGateway, reference: ReportFigures): Promise<ReportRun> {
  await demo.reset();
  const before = gateway.cache.stats();
  const { result, ms } = await timed(() => gatewayReport(gateway.url, demo.orgs.map((org) => org.login)));
  const { requests, notModified } = await demo.counts();
  return { ms, upstream: requests, notModified, total: result.total, mismatch: compareFigures(reference, result), cache: cacheDelta(before, gateway.cache.stats()) };
}

/** 20 orgs × 300 alerts (the command line's --orgs/--alerts-per-org/--latency): naive script vs gateway cold and warm. */
async function runSmall(options: BenchOptions, log: (line: string) => void): Promise<ReportReport['small']> {
  const demo = await startDemoProcess(options.orgs, options.alertsPerOrg, options.latencyMs);
  try {
    const { orgs, totalAlerts, lowerBound, requestLimit } = bounds(demo);
    const naive: ReportRun[] = [];
    let reference: ReportFigures | null = null;
    for (let i = 0; i < options.runs; i++) {
      await demo.reset();
      const { result, ms } = await timed(() => naiveReport(demo.url, DEMO_TOKENS.admin, orgs));
      const { requests, notModified } = await demo.counts();
      reference ??= result;
      naive.push({ ms, upstream: requests, notModified, total: result.total, mismatch: compareFigures(reference, result) });
      log(`  naive      run ${i + 1}/${options.runs}: ${ms.toFixed(0)} ms, ${requests} requests`);
    }
    const cold: ReportRun[] = [];
    const warm: ReportRun[] = [];
    for (let i = 0; i < options.runs; i++) {
      const gateway = await startBenchGateway(demo.url, { orgs, concurrency: options.concurrency });
      try {
        const coldRun = await measureInProcess(demo, gateway, reference!);
        cold.push(coldRun);
        log(`  cold       run ${i + 1}/${options.runs}: ${coldRun.ms.toFixed(0)} ms, ${coldRun.upstream} requests${coldRun.mismatch ? `, MISMATCH ${coldRun.mismatch}` : ''}`);
        const warmRun = await measureInProcess(demo, gateway, reference!);
        warm.push(warmRun);
        log(`  warm       run ${i + 1}/${options.runs}: ${warmRun.ms.toFixed(1)} ms, ${warmRun.upstream} requests`);
      } finally {
        await gateway.close();
      }
    }
    const variant = (name: ReportVariant['variant'], label: string, runs: ReportRun[]): ReportVariant => ({
      variant: name,
      label,
      ms: summarize(runs.map((run) => run.ms)),
      upstream: summarize(runs.map((run) => run.upstream)),
      runs,
    });
    const variants = [
      variant('naive', 'naive Octokit script (sequential paginate, aggregate in JS)', naive),
      variant('cold', 'gateway cold report (fresh gateway)', cold),
      variant('warm', 'gateway warm report (same gateway, within TTL)', warm),
    ];
    return {
      totalAlerts,
      lowerBound,
      requestLimit,
      variants,
      coldOverNaive: variants[1]!.ms.median / variants[0]!.ms.median,
      warmOverNaive: variants[2]!.ms.median / variants[0]!.ms.median,
    };
  } finally {
    await demo.close();
  }
}

/**
 * 50 orgs × 2,000 alerts: each run starts a fresh gateway in its own process (the demo GitHub in
 * another), samples that process's RSS during one cold report, and checks the figures against
 * the run before (the naive script is not run at this size).
 */
async function runLarge(log: (line: string) => void): Promise<ReportReport['large']> {
  const demo = await startDemoProcess(LARGE.orgs, LARGE.alertsPerOrg, LARGE.latencyMs);
  try {
    const { orgs, totalAlerts, lowerBound, requestLimit } = bounds(demo);
    let reference: ReportFigures | null = null;
    const variants: LargeVariant[] = [];
    for (const cacheMaxMb of LARGE_CACHES) {
      const runs: LargeRun[] = [];
      for (let i = 0; i < LARGE_RUNS; i++) {
        const gateway = await startGatewayProcess(demo.url, orgs, cacheMaxMb);
        try {
          await demo.reset();
          await gateway.begin();
          const { result, ms } = await timed(() => gatewayReport(gateway.url, orgs));
          const rss = await gateway.end();
          const { requests, notModified } = await demo.counts();
          reference ??= result;
          const run: LargeRun = { ms, upstream: requests, notModified, total: result.total, mismatch: compareFigures(reference, result), rss, cache: rss.cache };
          runs.push(run);
          log(
            `  large cache ${cacheMaxMb ?? 'default'} run ${i + 1}/${LARGE_RUNS}: ${ms.toFixed(0)} ms, ${requests} requests, ` +
              `RSS ${(rss.baselineBytes / MB).toFixed(0)} → peak ${(rss.peakBytes / MB).toFixed(0)} MB (maxrss ${(rss.maxRssBytes / MB).toFixed(0)} MB), ` +
              `cache ${(rss.cache.sizeBytes / MB).toFixed(0)} MB in ${rss.cache.entries} entries`,
          );
        } finally {
          await gateway.close();
        }
      }
      variants.push({
        cacheMaxMb,
        label: `gateway cold report, GATEWAY_CACHE_MAX_MB=${cacheMaxMb ?? `${DEFAULT_CACHE_MB} (default)`}`,
        ms: summarize(runs.map((run) => run.ms)),
        upstream: summarize(runs.map((run) => run.upstream)),
        peakMb: summarize(runs.map((run) => run.rss.peakBytes / MB)),
        runs,
      });
    }
    return { ...LARGE, runs: LARGE_RUNS, totalAlerts, lowerBound, requestLimit, variants };
  } finally {
    await demo.close();
  }
}

async function runReport(options: BenchOptions, log: (line: string) => void): Promise<ReportReport> {
  log(`  ${options.orgs} orgs × ${options.alertsPerOrg} alerts, ${options.latencyMs} ms latency`);
  const small = await runSmall(options, log);
  log(`  large: ${LARGE.orgs} orgs × ${LARGE.alertsPerOrg} alerts, ${LARGE.latencyMs} ms latency, RSS sampled every ${SAMPLE_MS} ms`);
  const large = await runLarge(log);

  const [naive, cold, warm] = small.variants as [ReportVariant, ReportVariant, ReportVariant];
  const smallCorrect = [...cold.runs, ...warm.runs].every((run) => run.mismatch === null && run.total === small.totalAlerts);
  const largeRuns = large.variants.flatMap((variant) => variant.runs);
  const largeUpstream = Math.max(...largeRuns.map((run) => run.upstream));
  const worstPeak = Math.max(...largeRuns.map((run) => run.rss.peakBytes)) / MB;
  const targets: ReportTarget[] = [
    {
      name: `${options.orgs}-org report: upstream requests ≤ lower bound + 1 per org`,
      met: cold.upstream.max <= small.requestLimit,
      detail: `${cold.upstream.max} ≤ ${small.lowerBound} + ${options.orgs} = ${small.requestLimit}`,
    },
    {
      name: `${options.orgs}-org report: cold ≤ 0.08 × naive wall time`,
      met: cold.ms.median <= 0.08 * naive.ms.median,
      detail: `${cold.ms.median.toFixed(0)} ms ≤ ${(0.08 * naive.ms.median).toFixed(0)} ms (${small.coldOverNaive.toFixed(3)}×)`,
    },
    { name: `${options.orgs}-org report: warm makes 0 upstream requests`, met: warm.upstream.max === 0, detail: `${warm.upstream.max} requests` },
    {
      name: 'large report: upstream requests ≤ lower bound + 1 per org',
      met: largeUpstream <= large.requestLimit,
      detail: `${largeUpstream} ≤ ${large.lowerBound} + ${large.orgs} = ${large.requestLimit}`,
    },
    {
      name: `100k report: peak RSS < ${PEAK_RSS_TARGET_MB} MB (both cache sizes)`,
      met: worstPeak < PEAK_RSS_TARGET_MB,
      detail: large.variants.map((variant) => `${variant.cacheMaxMb ?? DEFAULT_CACHE_MB} MB cache: ${variant.peakMb.max.toFixed(0)} MB`).join('; '),
    },
    {
      name: 'figures: small = naive script\'s; large = same in every run',
      met: smallCorrect && largeRuns.every((run) => run.mismatch === null && run.total === large.totalAlerts),
      detail: `total ${small.totalAlerts} / ${large.totalAlerts} alerts`,
    },
  ];
  return {
    scenario: 'report',
    date: new Date().toISOString(),
    environment: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: availableParallelism() },
    options: { orgs: options.orgs, alertsPerOrg: options.alertsPerOrg, latencyMs: options.latencyMs, runs: options.runs },
    small,
    large,
    targets,
  };
}

export const reportScenario: BenchScenario<ReportReport> = {
  name: 'report',
  description: 'secretScanningReport: naive Octokit vs gateway cold / warm over 20 orgs, and a 100k-alert report with peak RSS',
  run: runReport,
  format: formatReport,
};
