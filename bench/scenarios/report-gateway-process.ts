import { loadConfig } from '../../src/config.ts';
import { DEMO_TOKENS } from '../../src/demo/dataset.ts';
import { createLogger } from '../../src/logger.ts';
import { startGateway } from '../../src/server.ts';
import { SAMPLE_MS, type RssMeasurement } from './report-rss.ts';

/**
 * Child-process entry of the report benchmark: one gateway (configured like the other scenarios'
 * gateways) alone in its process, so that its RSS is the gateway's own. Between `begin` and `end`
 * it samples `process.memoryUsage()` every SAMPLE_MS (the RSS, and the breakdown at its peak). argv: githubUrl orgs(comma-separated) [cacheMaxMb].
 */
export type ReportGatewayRequest = { id: number; kind: 'begin' | 'end' | 'close' };


if (!process.send) throw new Error('report-gateway-process.ts runs as a forked child');
const send = (message: unknown) => process.send!(message);
const [githubUrl, orgList, cacheMaxMb] = process.argv.slice(2) as [string, string, string | undefined];
const orgs = orgList.split(',');
// As bench/lib/gateway.ts configures it, plus the response cache's size limit when given.
const config = loadConfig({
  GITHUB_TOKEN: DEMO_TOKENS.admin,
  GITHUB_API_URL: githubUrl,
  GATEWAY_ORGS: orgs.join(','),
  GATEWAY_MAX_ORGS_PER_QUERY: String(Math.max(200, orgs.length)),
  PORT: '0',
  GATEWAY_GRAPHIQL: 'false',
  GATEWAY_LOG_LEVEL: 'error',
  ...(cacheMaxMb ? { GATEWAY_CACHE_MAX_MB: cacheMaxMb } : {}),
});
const gateway = await startGateway(config, createLogger('error', () => {}));
const gc = (globalThis as { gc?: () => void }).gc;
send({ ready: true, url: gateway.url, pid: process.pid });

let sampler: NodeJS.Timeout | null = null;
let baseline = 0;
let peak = 0;
let samples = 0;
let last = 0;
let maxGap = 0;
let atPeak: RssMeasurement['atPeak'] = { heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
let maxHeapUsed = 0;

function sample(): void {
  const now = performance.now();
  maxGap = Math.max(maxGap, now - last);
  last = now;
  samples++;
  const usage = process.memoryUsage();
  maxHeapUsed = Math.max(maxHeapUsed, usage.heapUsed);
  if (usage.rss > peak) {
    peak = usage.rss;
    atPeak = { heapTotal: usage.heapTotal, heapUsed: usage.heapUsed, external: usage.external, arrayBuffers: usage.arrayBuffers };
  }
}

process.on('disconnect', () => process.exit(0));
process.on('message', async (message: ReportGatewayRequest) => {
  switch (message.kind) {
    case 'begin':
      gc?.();
      baseline = process.memoryUsage.rss();
      peak = baseline;
      maxHeapUsed = 0;
      samples = 0;
      maxGap = 0;
      last = performance.now();
      sampler = setInterval(sample, SAMPLE_MS);
      send({ id: message.id });
      break;
    case 'end': {
      sample();
      if (sampler) clearInterval(sampler);
      sampler = null;
      const measurement: RssMeasurement = {
        baselineBytes: baseline,
        peakBytes: peak,
        samples,
        maxGapMs: maxGap,
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
        atPeak,
        maxHeapUsedBytes: maxHeapUsed,
        cache: gateway.cache.stats(),
      };
      send({ id: message.id, measurement });
      break;
    }
    case 'close':
      await gateway.close();
      send({ id: message.id });
      process.disconnect();
      break;
  }
});
