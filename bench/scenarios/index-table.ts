import { markdownTable } from '../lib/markdown-table.ts';
import type { IndexReport } from './index.ts';

const TARGETS = { reportMs: 150, pageMs: 15, countMs: 50, rssMb: 500, requestRatio: 1.05 } as const;

const ms = (value: number) => (Number.isNaN(value) ? '–' : `${value.toFixed(1)} ms`);

/** The index benchmark as README tables: figures beside their targets, ratios where a bound exists. */
export function formatIndex(report: IndexReport): string {
  const rows = report.engines.flatMap((run) => {
    const ratio = run.firstSync.requests / report.lowerBound;
    return [
      [`${run.engine}: first sync requests`, `${run.firstSync.requests.toLocaleString('en-US')} (${ratio.toFixed(3)} × bound)`, `≤ ${TARGETS.requestRatio} × ${report.lowerBound.toLocaleString('en-US')}`],
      [`${run.engine}: first sync wall time`, `${(run.firstSync.ms / 1000).toFixed(0)} s`, `rate-limit floor ${report.rateLimitFloorHours.toFixed(2)} h`],
      [`${run.engine}: unchanged incremental pass`, `${run.unchanged.points} points (${run.unchanged.notModified}/${run.unchanged.requests} answered 304, ${run.unchanged.ms.toFixed(0)} ms)`, '0 points'],
      [`${run.engine}: report, every alert (rollups)`, ms(run.reportMs), `≤ ${TARGETS.reportMs} ms`],
      [`${run.engine}: report, open + active (one pass)`, ms(run.filteredReportMs), '–'],
      [`${run.engine}: first page of open alerts`, ms(run.firstPageMs), `≤ ${TARGETS.pageMs} ms`],
      [`${run.engine}: page 500 pages deep`, ms(run.deepPageMs), `≤ ${TARGETS.pageMs} ms`],
      [`${run.engine}: count, open + active (${run.count.toLocaleString('en-US')}, rollups)`, ms(run.countMs), `≤ ${TARGETS.countMs} ms`],
      [`${run.engine}: count, open + active of three types (${run.sqlCount.toLocaleString('en-US')}, COUNT)`, ms(run.sqlCountMs), `≤ ${TARGETS.countMs} ms`],
      [`${run.engine}: sync peak RSS`, `${run.firstSync.peakRssMb.toFixed(0)} MB`, `≤ ${TARGETS.rssMb} MB`],
      [`${run.engine}: index on disk`, `${run.sizeMb.toFixed(0)} MB`, '–'],
    ];
  });
  const { estate } = report;
  return `${estate.orgs} orgs, ${estate.alerts.toLocaleString('en-US')} alerts, ${estate.latencyMs} ms per upstream request; reads are medians of ${report.runs} runs\n\n${markdownTable(['measure', 'figure', 'target'], rows)}`;
}
