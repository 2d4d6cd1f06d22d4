import { parseArgs } from 'node:util';

export interface BenchOptions {
  orgs: number;
  alertsPerOrg: number;
  /** Injected upstream latency per request, in milliseconds. */
  latencyMs: number;
  /** Measured runs per scenario. */
  runs: number;
  /** Which scenario to run; every one when null. */
  scenario: string | null;
  /** GATEWAY_UPSTREAM_CONCURRENCY for the gateways; the gateway's default when null. */
  concurrency: number | null;
  /** GATEWAY_CACHE_TTL_SECONDS of the after-TTL gateway; longer than one warm listing, or entries expire mid-listing. */
  ttlSeconds: number;
  /** Where the demo GitHub runs: its own worker thread (default) or the gateway's event loop. */
  demo: 'worker' | 'inline';
  /** Where the JSON results are written. */
  out: string;
}

const USAGE = `Usage: npm run bench -- [--orgs 20] [--alerts-per-org 300] [--latency 50] [--runs 5]
                        [--scenario listing] [--concurrency N] [--ttl 5] [--demo worker|inline]
                        [--out bench/results/latest.json]`;

function positiveInteger(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new Error(`--${name} must be an integer ≥ ${min} (got "${raw}")\n${USAGE}`);
  return Number(raw);
}

function parsePlacement(raw: string | undefined): BenchOptions['demo'] {
  if (raw === undefined || raw === 'worker' || raw === 'inline') return raw ?? 'worker';
  throw new Error(`--demo must be worker or inline (got "${raw}")\n${USAGE}`);
}

/** Parses the benchmark's command line (`npm run bench -- --orgs 10 …`). */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      orgs: { type: 'string' },
      'alerts-per-org': { type: 'string' },
      latency: { type: 'string' },
      runs: { type: 'string' },
      scenario: { type: 'string' },
      concurrency: { type: 'string' },
      ttl: { type: 'string' },
      demo: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return {
    orgs: positiveInteger('orgs', values.orgs, 20),
    alertsPerOrg: positiveInteger('alerts-per-org', values['alerts-per-org'], 300, 0),
    latencyMs: positiveInteger('latency', values.latency, 50, 0),
    runs: positiveInteger('runs', values.runs, 5),
    scenario: values.scenario ?? null,
    concurrency: values.concurrency === undefined ? null : positiveInteger('concurrency', values.concurrency, 20),
    ttlSeconds: positiveInteger('ttl', values.ttl, 5),
    demo: parsePlacement(values.demo),
    out: values.out ?? 'bench/results/latest.json',
  };
}

/** An estate size from the environment, ORGSxALERTS_PER_ORG (e.g. 100x10000). */
export function parseEstateSize(name: string, text: string): { orgs: number; alertsPerOrg: number } {
  const match = /^(\d+)x(\d+)$/.exec(text);
  if (!match || Number(match[1]) < 1) throw new Error(`${name} must be ORGSxALERTS_PER_ORG, e.g. 100x10000 (got "${text}")`);
  return { orgs: Number(match[1]), alertsPerOrg: Number(match[2]) };
}
