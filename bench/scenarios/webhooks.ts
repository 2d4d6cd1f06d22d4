import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { createDemoDataset, type DemoAlertRecord } from '../../src/demo/dataset.ts';
import { startDemoGitHub, type DemoGitHub } from '../../src/demo/server.ts';
import { spawnGateway } from '../../test/support/gateway-process.ts';
import { parseMetrics, sampleValue } from '../../test/support/prometheus.ts';
import { subscribe, type SseSubscription } from '../../test/support/sse.ts';
import { DELIVERY_PROCESSING } from '../../src/webhooks/receiver.ts';
import { markdownTable } from '../lib/markdown-table.ts';
import type { BenchScenario } from '../lib/scenario.ts';
import { deliverMany, firstTrue, percentile, showsResolved, signedDelivery } from '../lib/webhook-probe.ts';

const SECRET = 'bench-webhook-secret-0123456789';
/** Changes made on GitHub, one after the other, each timed from the change to the gateway. */
const CHANGES = 100;
/** Deliveries posted for the receiver's throughput, with this many in flight. */
const FLOOD = 2_000;
const FLOOD_CONCURRENCY = 50;
/** Changes made while no webhook is set, and the sync interval of the gateway that must find them. */
const LOST = 5;
const LOST_INTERVAL_S = 10;
const POLL_MS = 10;

interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

export interface WebhooksReport {
  scenario: 'webhooks';
  estate: { orgs: number; alerts: number; latencyMs: number };
  changes: number;
  /** From the change on GitHub (its delivery sent) to the alert resolved in a query of the index, ms. */
  visible: Percentiles;
  /** From the change on GitHub to the subscriber's event, ms. */
  subscribed: Percentiles;
  /** The receiver: deliveries accepted (202) per second, and the time until all were processed. */
  flood: { deliveries: number; concurrency: number; accepted: number; acceptedPerSecond: number; answer: Percentiles; processedPerSecond: number };
  /** Without a webhook: from the change to the alert visible, ms, against the sync interval. */
  lost: { changes: number; intervalSeconds: number; ms: number[] };
}

type Gateway = ReturnType<typeof spawnGateway> & { url: URL };

async function startGateway(demo: DemoGitHub, env: Record<string, string>): Promise<Gateway> {
  const orgs = demo.dataset.orgs.map((org) => org.login);
  const spawned = spawnGateway(demo.url, { GATEWAY_INDEX: 'embedded', GATEWAY_ORGS: orgs.join(','), GITHUB_WEBHOOK_SECRET: SECRET, ...env });
  const gateway = { ...spawned, url: await spawned.graphqlUrl() };
  await firstTrue(async () => {
    const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ syncStatus { state } }' }) });
    const states = ((await response.json()) as { data: { syncStatus: { state: string }[] } }).data.syncStatus.map((status) => status.state);
    return states.length > 0 && states.every((state) => state === 'READY' || state === 'FAILED');
  }, 200, 600_000);
  return gateway;
}

async function stop(gateway: Gateway): Promise<void> {
  gateway.child.kill('SIGTERM');
  await gateway.exited;
}

const summarizeMs = (values: number[]): Percentiles => ({ p50: percentile(values, 50), p99: percentile(values, 99), max: Math.max(...values) });

/** The next event of `subscription` about `record`, with when it arrived. */
async function eventFor(subscription: SseSubscription, record: DemoAlertRecord): Promise<number> {
  for (;;) {
    const event = await subscription.next();
    const alert = event.data?.secretScanningAlertChanged?.alert;
    if (alert?.number === record.alert.number && alert.repository.nameWithOwner === record.repository.full_name) return performance.now();
  }
}

/** Resolves `records` on GitHub one by one; times each until a query shows it and the subscriber hears of it. */
async function timeChanges(demo: DemoGitHub, gateway: Gateway, records: DemoAlertRecord[]) {
  const subscription = await subscribe(gateway.url.href, 'subscription { secretScanningAlertChanged { action source alert { number repository { nameWithOwner } } } }');
  const visible: number[] = [];
  const subscribed: number[] = [];
  try {
    for (const record of records) {
      const heard = eventFor(subscription, record);
      const changed = performance.now();
      demo.changeAlertOnGitHub(record.repository.full_name, record.alert.number, { state: 'resolved', resolution: 'revoked' });
      const seen = await firstTrue(() => showsResolved(gateway.url, record), POLL_MS, 30_000);
      if (seen === null) throw new Error(`${record.repository.full_name}#${record.alert.number} never showed as resolved`);
      visible.push(seen - changed);
      subscribed.push((await heard) - changed);
    }
  } finally {
    subscription.close();
  }
  return { visible, subscribed };
}

/** The receiver under a burst of signed deliveries: accepted per second, and processed per second (each re-reads its alert). */
async function flood(demo: DemoGitHub, gateway: Gateway, records: DemoAlertRecord[]): Promise<WebhooksReport['flood']> {
  demo.resetRateLimits();
  const deliveries = Array.from({ length: FLOOD }, (_, i) => signedDelivery(records[i % records.length]!, SECRET, `bench-${i}`));
  const processed = async () => sampleValue(parseMetrics(await (await fetch(new URL('/metrics', gateway.url))).text()), 'gateway_webhook_deliveries_total', { event: 'secret_scanning_alert', outcome: 'processed' });
  const before = await processed();
  const started = performance.now();
  const sent = await deliverMany(new URL('/webhooks/github', gateway.url), deliveries, FLOOD_CONCURRENCY);
  const done = await firstTrue(async () => (await processed()) - before >= sent.accepted, 100, 300_000);
  return {
    deliveries: FLOOD,
    concurrency: FLOOD_CONCURRENCY,
    accepted: sent.accepted,
    acceptedPerSecond: sent.accepted / (sent.ms / 1000),
    answer: summarizeMs(sent.answerMs),
    processedPerSecond: done === null ? 0 : sent.accepted / ((done - started) / 1000),
  };
}

/** Changes made with no webhook set: how long until a sync pass shows each. */
async function timeLost(demo: DemoGitHub, gateway: Gateway, records: DemoAlertRecord[]): Promise<number[]> {
  demo.setWebhook(null);
  const times: number[] = [];
  for (const [i, record] of records.entries()) {
    // Spread the changes over the pass schedule rather than right after one pass.
    await delay(((i * 0.37) % 1) * LOST_INTERVAL_S * 1000);
    const changed = performance.now();
    demo.changeAlertOnGitHub(record.repository.full_name, record.alert.number, { state: 'resolved', resolution: 'revoked' });
    const seen = await firstTrue(() => showsResolved(gateway.url, record), 100, 4 * LOST_INTERVAL_S * 1000);
    times.push(seen === null ? Number.POSITIVE_INFINITY : seen - changed);
  }
  return times;
}

/** Webhooks into the index: how soon a change on GitHub is queryable and pushed, the receiver's rate, and a lost delivery. */
export const webhooksScenario: BenchScenario<WebhooksReport> = {
  name: 'webhooks',
  description: 'a change on GitHub to a query and a subscriber through its webhook; the receiver under a burst; a change whose delivery is lost',
  async run(options, log) {
    const demo = await startDemoGitHub({ dataset: createDemoDataset({ orgCount: options.orgs, alertsPerOrg: options.alertsPerOrg }), latencyMs: options.latencyMs });
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-webhooks-'));
    const open = demo.dataset.alerts.filter((record) => record.alert.state === 'open');
    if (open.length < CHANGES + LOST) throw new Error(`the estate has ${open.length} open alerts; the scenario needs ${CHANGES + LOST}`);
    // Spread over the organizations, as changes arrive in an estate.
    const step = Math.floor(open.length / (CHANGES + LOST));
    const picked = Array.from({ length: CHANGES + LOST }, (_, i) => open[i * step]!);
    try {
      // An hour between passes: only the webhooks bring changes in.
      let gateway = await startGateway(demo, { GATEWAY_DATA_DIR: dataDir, GATEWAY_SYNC_INTERVAL_SECONDS: '3600' });
      demo.setWebhook({ url: new URL('/webhooks/github', gateway.url).href, secret: SECRET });
      const { visible, subscribed } = await timeChanges(demo, gateway, picked.slice(0, CHANGES));
      log(`  ${CHANGES} changes: visible p50 ${percentile(visible, 50).toFixed(0)} ms, p99 ${percentile(visible, 99).toFixed(0)} ms; subscribed p50 ${percentile(subscribed, 50).toFixed(0)} ms`);
      const burst = await flood(demo, gateway, open);
      log(`  ${FLOOD} deliveries: ${burst.acceptedPerSecond.toFixed(0)} accepted/s (answers p99 ${burst.answer.p99.toFixed(0)} ms), ${burst.processedPerSecond.toFixed(0)} processed/s`);
      await stop(gateway);
      // The same index, restarted with a short interval and no webhook.
      gateway = await startGateway(demo, { GATEWAY_DATA_DIR: dataDir, GATEWAY_SYNC_INTERVAL_SECONDS: String(LOST_INTERVAL_S) });
      const lost = await timeLost(demo, gateway, picked.slice(CHANGES));
      log(`  lost deliveries: visible after ${lost.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s (interval ${LOST_INTERVAL_S} s)`);
      await stop(gateway);
      return {
        scenario: 'webhooks',
        estate: { orgs: demo.dataset.orgs.length, alerts: demo.dataset.alerts.length, latencyMs: options.latencyMs },
        changes: CHANGES,
        visible: summarizeMs(visible),
        subscribed: summarizeMs(subscribed),
        flood: burst,
        lost: { changes: LOST, intervalSeconds: LOST_INTERVAL_S, ms: lost },
      };
    } finally {
      await demo.close();
    }
  },
  format(report) {
    const ms = (value: number) => `${value.toFixed(0)} ms`;
    const row = (name: string, p: Percentiles, target: string) => [name, ms(p.p50), ms(p.p99), ms(p.max), target];
    const lostMax = Math.max(...report.lost.ms);
    return [
      `${report.estate.orgs} orgs, ${report.estate.alerts.toLocaleString('en-US')} alerts, ${report.estate.latencyMs} ms per upstream request (the re-read of each alert); gateway in its own process, embedded index; ${report.changes} changes made on the demo GitHub one after the other, each timed from the change (its delivery sent).`,
      '',
      markdownTable(['from a change on GitHub to', 'p50', 'p99', 'max', 'target'], [
        row('the alert resolved in a query', report.visible, '≤ 1 s'),
        row('the subscriber’s event', report.subscribed, '≤ 1 s'),
      ]),
      '',
      `Receiver: ${report.flood.deliveries.toLocaleString('en-US')} signed deliveries, ${report.flood.concurrency} in flight: ${report.flood.acceptedPerSecond.toFixed(0)} verified and accepted per second (target ≥ 500), ${report.flood.accepted} accepted, each answered in ${report.flood.answer.p50.toFixed(0)} ms p50, ${report.flood.answer.p99.toFixed(0)} ms p99 (GitHub waits 10 s); all processed (one GET each, ${DELIVERY_PROCESSING.minConcurrency}–${DELIVERY_PROCESSING.maxConcurrency} at once) at ${report.flood.processedPerSecond.toFixed(0)} per second.`,
      `Lost deliveries (no webhook), sync interval ${report.lost.intervalSeconds} s: visible after ${report.lost.ms.map((value) => `${(value / 1000).toFixed(1)} s`).join(', ')}; the longest ${(lostMax / 1000).toFixed(1)} s = ${(lostMax / 1000 / report.lost.intervalSeconds).toFixed(2)} × the interval (target ≤ 1 interval, plus the pass itself).`,
    ].join('\n');
  },
};
