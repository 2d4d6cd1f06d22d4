import { markdownTable } from '../lib/markdown-table.ts';
import type { Summary } from '../lib/summary.ts';
import type { ReportReport } from './report.ts';

const ms = (value: number) => (value < 10 ? value.toFixed(1) : `${Math.round(value)}`);
const range = (summary: Summary) => `${ms(summary.min)}–${ms(summary.max)}`;
const count = (summary: Summary) => (summary.min === summary.max ? `${summary.max}` : `${summary.min}–${summary.max}`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)}`;

/** The report scenario as Markdown: the 20-org comparison, the 100k-alert report with RSS, targets. */
export function formatReport(report: ReportReport): string {
  const { options, small, large } = report;
  const env = `Node ${report.environment.node}, ${report.environment.cpus} CPUs`;
  const smallSetup =
    `secretScanningReport over ${options.orgs} orgs × ${options.alertsPerOrg} alerts = ${small.totalAlerts}, ` +
    `${options.latencyMs} ms injected latency per upstream request, median of ${options.runs} runs ` +
    `(${env}; demo GitHub in a child process, gateway in the benchmark process). ` +
    `Lower bound Σ⌈n_org/100⌉ = ${small.lowerBound} requests; allowed ${small.requestLimit} (+1 per org for the generic-secret-type stream).`;
  const smallTable = markdownTable(
    ['scenario', 'median ms', 'min–max ms', 'upstream requests', '× naive wall time'],
    small.variants.map((variant) => [
      variant.label,
      ms(variant.ms.median),
      range(variant.ms),
      count(variant.upstream),
      variant.variant === 'naive' ? '1' : (variant.ms.median / small.variants[0]!.ms.median).toFixed(4),
    ]),
  );
  const largeSetup =
    `Large: ${large.orgs} orgs × ${large.alertsPerOrg} alerts = ${large.totalAlerts}, ${large.latencyMs} ms latency ` +
    `(lower than above to keep the run short), ${large.runs} cold runs per cache size, each a fresh gateway alone in its own ` +
    `process (demo GitHub in another child process). RSS of the gateway process: baseline after a full GC right before ` +
    `the query, peak of process.memoryUsage().rss sampled every 20 ms during it (largest sampling gap shown), and the ` +
    `kernel's lifetime high-water mark (getrusage maxrss, includes start-up). Lower bound ${large.lowerBound} requests; allowed ${large.requestLimit}.`;
  const largeTable = markdownTable(
    ['scenario', 'run', 'ms', 'upstream requests', 'RSS baseline MB', 'peak MB', 'peak − baseline MB', 'maxrss MB', 'max gap ms', 'cache MB / entries / evictions'],
    large.variants.flatMap((variant) =>
      variant.runs.map((run, i) => [
        variant.label,
        String(i + 1),
        ms(run.ms),
        String(run.upstream),
        mb(run.rss.baselineBytes),
        mb(run.rss.peakBytes),
        mb(run.rss.peakBytes - run.rss.baselineBytes),
        mb(run.rss.maxRssBytes),
        ms(run.rss.maxGapMs),
        `${mb(run.rss.cache.sizeBytes)} / ${run.rss.cache.entries} / ${run.rss.cache.evictions}`,
      ]),
    ),
  );
  const targets = markdownTable(
    ['target', 'met', 'measured'],
    report.targets.map((target) => [target.name, target.met ? 'yes' : '**NO**', target.detail]),
  );
  return [smallSetup, '', smallTable, '', largeSetup, '', largeTable, '', targets].join('\n');
}
