import { availableParallelism } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { ResponseCacheStats } from '../../src/github/cache.ts';
import { DEMO_TOKENS } from '../../src/demo/dataset.ts';
import type { RunningGateway } from '../../src/server.ts';
import { cacheDelta } from '../lib/cache-delta.ts';
import { startBenchDemo, type BenchDemo } from '../lib/demo.ts';
import { startBenchGateway } from '../lib/gateway.ts';
import { gatewayListing } from '../lib/gateway-listing.ts';
import { naiveListing } from '../lib/naive-listing.ts';
import { transportFloorListing } from '../lib/transport-floor.ts';
import type { BenchOptions } from '../lib/options.ts';
import type { BenchScenario } from '../lib/scenario.ts';
import { summarize, type Summary } from '../lib/summary.ts';
import { timed } from '../lib/timed.ts';
import { formatListing } from './listing-table.ts';

export type ListingVariant = 'floor' | 'naive' | 'cold' | 'warm' | 'afterTtl';

export interface ListingRun {
  ms: number;
  /** Requests the demo GitHub received during the run. */
  upstream: number;
  /** Of those, answered 304 Not Modified. */
  notModified: number;
  alerts: number;
  totalCount: number | null;
  /** Wall time of each GraphQL page (gateway variants). */
  pageMs?: number[];
  /** Gateway cache counters during the run (entries and size after it). */
  cache?: ResponseCacheStats;
}

export interface ListingVariantReport {
  variant: ListingVariant;
  label: string;
  ms: Summary;
  upstream: Summary;
  notModified: Summary;
  /** GraphQL round trips of one listing, and the medians of the first page and of the others. */
  graphqlPages?: { count: number; firstMs: Summary; otherMs: Summary };
  complete: boolean;
  runs: ListingRun[];
}

export interface ListingTarget {
  name: string;
  met: boolean;
  detail: string;
}

export interface ListingReport {
  scenario: 'listing';
  date: string;
  environment: { node: string; platform: string; cpus: number };
  options: { orgs: number; alertsPerOrg: number; latencyMs: number; runs: number; concurrency: number | null; afterTtlSeconds: number; demo: 'worker' | 'inline' };
  totalAlerts: number;
  /** Σ⌈n_org/100⌉ */
  lowerBound: number;
  largestOrgPages: number;
  /** Pages of the largest org × latency. */
  floorMs: number;
  variants: ListingVariantReport[];
  ratios: {
    coldOverFloor: number;
    coldOverNaive: number;
    warmOverNaive: number;
    coldUpstreamOverLowerBound: number;
    /** The transport floor measured on this machine over the latency floor. */
    transportOverFloor: number;
    coldOverTransport: number;
  };
  targets: ListingTarget[];
}

const PAGE = 100;

const LABELS: Record<Exclude<ListingVariant, 'afterTtl'>, string> = {
  floor: 'transport floor: every page at once, plain fetch + JSON.parse',
  naive: 'naive Octokit script (sequential paginate)',
  cold: 'gateway cold (fresh cache)',
  warm: 'gateway warm (same gateway, within TTL)',
};

function variantReport(variant: ListingVariant, label: string, runs: ListingRun[], expected: number): ListingVariantReport {
  const pages = runs.map((run) => run.pageMs ?? []);
  const report: ListingVariantReport = {
    variant,
    label,
    ms: summarize(runs.map((run) => run.ms)),
    upstream: summarize(runs.map((run) => run.upstream)),
    notModified: summarize(runs.map((run) => run.notModified)),
    complete: runs.every((run) => run.alerts === expected && (run.totalCount === null || run.totalCount === expected)),
    runs,
  };
  if (runs[0]?.pageMs) {
    report.graphqlPages = {
      count: pages[0]!.length,
      firstMs: summarize(pages.map((p) => p[0] ?? 0)),
      otherMs: summarize(pages.map((p) => p.slice(1).reduce((sum, ms) => sum + ms, 0))),
    };
  }
  return report;
}

/** One timed gateway listing, with what it cost upstream and in the cache. */
async function measureGateway(demo: BenchDemo, gateway: RunningGateway): Promise<ListingRun> {
  await demo.reset();
  const before = gateway.cache.stats();
  const { result, ms } = await timed(() => gatewayListing(gateway.url, PAGE));
  const { requests, notModified } = await demo.counts();
  return {
    ms,
    upstream: requests,
    notModified,
    alerts: result.alerts,
    totalCount: result.totalCount,
    pageMs: result.pageMs,
    cache: cacheDelta(before, gateway.cache.stats()),
  };
}

const count = (summary: Summary) => (summary.min === summary.max ? `${summary.max}` : `${summary.min}–${summary.max}`);

function ratio(a: number, b: number): number {
  return b === 0 ? Number.POSITIVE_INFINITY : a / b;
}

/**
 * A full cross-org listing of every alert of every org: the naive sequential Octokit script,
 * then the gateway cold (fresh gateway per run), warm (the same again on that gateway) and after TTL.
 */
async function runListing(options: BenchOptions, log: (line: string) => void): Promise<ListingReport> {
  const demo = await startBenchDemo(options, options.demo);
  try {
    const orgs = demo.orgs.map((org) => org.login);
    const perOrg = demo.orgs.map((org) => org.alerts);
    const totalAlerts = perOrg.reduce((sum, n) => sum + n, 0);
    const lowerBound = perOrg.reduce((sum, n) => sum + Math.ceil(n / PAGE), 0);
    const largestOrgPages = Math.max(1, ...perOrg.map((n) => Math.ceil(n / PAGE)));
    const floorMs = largestOrgPages * options.latencyMs;
    const gatewayOptions = { orgs, concurrency: options.concurrency };

    const floor: ListingRun[] = [];
    const naive: ListingRun[] = [];
    const cold: ListingRun[] = [];
    const warm: ListingRun[] = [];
    const afterTtl: ListingRun[] = [];

    for (let i = 0; i < options.runs; i++) {
      await demo.reset();
      const { result, ms } = await timed(() => transportFloorListing(demo.url, DEMO_TOKENS.admin, demo.orgs));
      const { requests } = await demo.counts();
      floor.push({ ms, upstream: requests, notModified: 0, alerts: result, totalCount: null });
      log(`  floor      run ${i + 1}/${options.runs}: ${ms.toFixed(0)} ms, ${requests} requests`);
    }

    for (let i = 0; i < options.runs; i++) {
      await demo.reset();
      const { result, ms } = await timed(() => naiveListing(demo.url, DEMO_TOKENS.admin, orgs));
      const { requests, notModified } = await demo.counts();
      naive.push({ ms, upstream: requests, notModified, alerts: result, totalCount: null });
      log(`  naive      run ${i + 1}/${options.runs}: ${ms.toFixed(0)} ms, ${requests} requests`);
    }

    for (let i = 0; i < options.runs; i++) {
      const gateway = await startBenchGateway(demo.url, gatewayOptions);
      try {
        const coldRun = await measureGateway(demo, gateway);
        cold.push(coldRun);
        log(`  cold       run ${i + 1}/${options.runs}: ${coldRun.ms.toFixed(0)} ms, ${coldRun.upstream} requests`);
        const warmRun = await measureGateway(demo, gateway);
        warm.push(warmRun);
        log(`  warm       run ${i + 1}/${options.runs}: ${warmRun.ms.toFixed(0)} ms, ${warmRun.upstream} requests`);
      } finally {
        await gateway.close();
      }
    }

    const gateway = await startBenchGateway(demo.url, { ...gatewayOptions, ttlSeconds: options.ttlSeconds });
    try {
      await gatewayListing(gateway.url, PAGE);
      for (let i = 0; i < options.runs; i++) {
        // Every entry was stored or revalidated during the previous listing: wait past the TTL after its end.
        await delay(options.ttlSeconds * 1000 + 250);
        const run = await measureGateway(demo, gateway);
        afterTtl.push(run);
        log(`  after TTL  run ${i + 1}/${options.runs}: ${run.ms.toFixed(0)} ms, ${run.upstream} requests, ${run.notModified} × 304`);
      }
    } finally {
      await gateway.close();
    }

    const variants = [
      variantReport('floor', LABELS.floor, floor, totalAlerts),
      variantReport('naive', LABELS.naive, naive, totalAlerts),
      variantReport('cold', LABELS.cold, cold, totalAlerts),
      variantReport('warm', LABELS.warm, warm, totalAlerts),
      variantReport('afterTtl', `gateway after TTL (${options.ttlSeconds} s, unchanged data)`, afterTtl, totalAlerts),
    ];
    const [transportReport, naiveReport, coldReport, warmReport, ttlReport] = variants as [
      ListingVariantReport,
      ListingVariantReport,
      ListingVariantReport,
      ListingVariantReport,
      ListingVariantReport,
    ];
    const coldMs = coldReport.ms.median;
    const naiveMs = naiveReport.ms.median;
    const coldUpstream = coldReport.upstream.max;
    const requestLimit = lowerBound + orgs.length;
    const targets: ListingTarget[] = [
      {
        name: 'upstream requests ≤ lower bound + 1 per org',
        met: coldUpstream <= requestLimit,
        detail: `${coldUpstream} ≤ ${lowerBound} + ${orgs.length} = ${requestLimit}`,
      },
      { name: 'cold ≤ 1.5 × floor', met: coldMs <= 1.5 * floorMs, detail: `${coldMs.toFixed(0)} ms ≤ ${(1.5 * floorMs).toFixed(0)} ms` },
      { name: 'cold ≤ 0.08 × naive', met: coldMs <= 0.08 * naiveMs, detail: `${coldMs.toFixed(0)} ms ≤ ${(0.08 * naiveMs).toFixed(0)} ms` },
      { name: 'warm: 0 upstream requests', met: warmReport.upstream.max === 0, detail: `${warmReport.upstream.max} requests` },
      {
        name: 'after TTL: only 304s',
        met: ttlReport.runs.every((run) => run.upstream > 0 && run.notModified === run.upstream),
        detail: `${count(ttlReport.notModified)} × 304 of ${count(ttlReport.upstream)} requests (cold: ${count(coldReport.upstream)})`,
      },
      {
        name: 'every alert exactly as many times as exist',
        met: variants.every((variant) => variant.complete),
        detail: `${totalAlerts} alerts per listing`,
      },
    ];

    return {
      scenario: 'listing',
      date: new Date().toISOString(),
      environment: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: availableParallelism() },
      options: {
        orgs: options.orgs,
        alertsPerOrg: options.alertsPerOrg,
        latencyMs: options.latencyMs,
        runs: options.runs,
        concurrency: options.concurrency,
        afterTtlSeconds: options.ttlSeconds,
        demo: options.demo,
      },
      totalAlerts,
      lowerBound,
      largestOrgPages,
      floorMs,
      variants,
      ratios: {
        coldOverFloor: ratio(coldMs, floorMs),
        coldOverNaive: ratio(coldMs, naiveMs),
        warmOverNaive: ratio(warmReport.ms.median, naiveMs),
        coldUpstreamOverLowerBound: ratio(coldUpstream, lowerBound),
        transportOverFloor: ratio(transportReport.ms.median, floorMs),
        coldOverTransport: ratio(coldMs, transportReport.ms.median),
      },
      targets,
    };
  } finally {
    await demo.close();
  }
}

export const listingScenario: BenchScenario<ListingReport> = {
  name: 'listing',
  description: 'full cross-org listing of all alerts: naive Octokit vs gateway cold / warm / after TTL',
  run: runListing,
  format: formatListing,
};
