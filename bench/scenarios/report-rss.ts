import type { ResponseCacheStats } from '../../src/github/cache.ts';

/** What the gateway child process measured over one query. */
export interface RssMeasurement {
  /** RSS right before the query, after a full GC, bytes. */
  baselineBytes: number;
  /** Highest sampled RSS between begin and end, bytes. */
  peakBytes: number;
  samples: number;
  /** Longest gap between two samples, ms (the sampler shares the gateway's event loop). */
  maxGapMs: number;
  /** The kernel's high-water mark of this process's RSS since it started (getrusage maxrss), bytes. */
  maxRssBytes: number;
  /** process.memoryUsage() at the sample with the highest RSS: where the peak is (JS heap, external, array buffers). */
  atPeak: { heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
  /** Highest sampled heapUsed, bytes. */
  maxHeapUsedBytes: number;
  /** Response cache after the query. */
  cache: ResponseCacheStats;
}

export const SAMPLE_MS = 20;
