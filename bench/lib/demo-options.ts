import type { DemoDataset } from '../../src/demo/dataset.ts';
import type { DemoGitHubOptions } from '../../src/demo/server.ts';

/**
 * The demo GitHub as every benchmark runs it: on loopback, with the injected latency, the rate
 * limit lifted so that many runs fit, and room to keep every serialized page of the largest
 * dataset (100k alerts ≈ 600 MB of JSON). GitHub serves from a fleet; the demo shares the
 * benchmark's two cores, so after the first run a page costs it a write, not a serialization.
 */
export function benchDemoOptions(dataset: DemoDataset, latencyMs: number): DemoGitHubOptions {
  return { dataset, latencyMs, host: '127.0.0.1', rateLimitPerToken: 10_000_000, responseMemoBytes: 2 * 1024 ** 3 };
}
