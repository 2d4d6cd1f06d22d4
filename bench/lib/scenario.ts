import type { BenchOptions } from './options.ts';

/** A benchmark scenario: measures, then formats its own report (a README-ready table). */
export interface BenchScenario<Report = unknown> {
  name: string;
  description: string;
  run(options: BenchOptions, log: (line: string) => void): Promise<Report>;
  format(report: Report): string;
}
