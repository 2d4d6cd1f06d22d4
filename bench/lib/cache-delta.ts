import type { ResponseCacheStats } from '../../src/github/cache.ts';

const COUNTERS = ['hits', 'misses', 'revalidations', 'notModified', 'stores', 'evictions', 'inflightShared'] as const;

/** Counter changes between two snapshots of the gateway cache; entries and size as in `after`. */
export function cacheDelta(before: ResponseCacheStats, after: ResponseCacheStats): ResponseCacheStats {
  const delta = { ...after };
  for (const name of COUNTERS) delta[name] = after[name] - before[name];
  return delta;
}
