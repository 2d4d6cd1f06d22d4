import { markdownTable } from '../lib/markdown-table.ts';
import type { Summary } from '../lib/summary.ts';
import type { ListingReport } from './listing.ts';

const ms = (value: number) => `${Math.round(value)}`;
const range = (summary: Summary) => `${ms(summary.min)}–${ms(summary.max)}`;
const count = (summary: Summary) => (summary.min === summary.max ? `${summary.max}` : `${summary.min}–${summary.max}`);
const times = (value: number) => `${value.toFixed(value < 0.1 ? 3 : 2)}×`;

/** The listing report as Markdown: setup line, results table, bounds and ratios, targets. */
export function formatListing(report: ListingReport): string {
  const { options } = report;
  const cold = report.variants.find((variant) => variant.variant === 'cold')!;
  const naive = report.variants.find((variant) => variant.variant === 'naive')!;
  const setup =
    `Full cross-org listing of all alerts: ${options.orgs} orgs × ${options.alertsPerOrg} alerts = ${report.totalAlerts}, ` +
    `${options.latencyMs} ms injected latency per upstream request, median of ${options.runs} runs ` +
    `(Node ${report.environment.node}, ${report.environment.cpus} CPUs, demo GitHub in ${options.demo === 'worker' ? 'a worker thread' : 'the gateway process'}${options.concurrency === null ? '' : `, upstream concurrency ${options.concurrency}`}).`;
  const results = markdownTable(
    ['scenario', 'median ms', 'min–max ms', 'upstream requests', '304s', 'GraphQL pages', 'cache hits / misses / revalidated'],
    report.variants.map((variant) => {
      const cache = variant.runs.at(-1)?.cache;
      return [
        variant.label,
        ms(variant.ms.median),
        range(variant.ms),
        count(variant.upstream),
        count(variant.notModified),
        variant.graphqlPages ? String(variant.graphqlPages.count) : '–',
        cache ? `${cache.hits} / ${cache.misses} / ${cache.revalidations}` : '–',
      ];
    }),
  );
  const bounds = markdownTable(
    ['figure', 'value'],
    [
      ['lower bound Σ⌈n_org/100⌉ (requests)', String(report.lowerBound)],
      [`floor = ${report.largestOrgPages} pages of the largest org × ${options.latencyMs} ms`, `${report.floorMs} ms`],
      ['cold / floor', times(report.ratios.coldOverFloor)],
      ['transport floor measured here / floor', times(report.ratios.transportOverFloor)],
      ['cold / transport floor measured here', times(report.ratios.coldOverTransport)],
      ['cold / naive', times(report.ratios.coldOverNaive)],
      ['warm / naive', times(report.ratios.warmOverNaive)],
      ['cold upstream requests / lower bound', times(report.ratios.coldUpstreamOverLowerBound)],
      ['naive requests (same data, no cache)', count(naive.upstream)],
      [
        'cold: first GraphQL page / the other pages (medians, ms)',
        cold.graphqlPages ? `${ms(cold.graphqlPages.firstMs.median)} / ${ms(cold.graphqlPages.otherMs.median)}` : '–',
      ],
    ],
  );
  const targets = markdownTable(
    ['target', 'met', 'measured'],
    report.targets.map((target) => [target.name, target.met ? 'yes' : '**NO**', target.detail]),
  );
  return [setup, '', results, '', bounds, '', targets].join('\n');
}
