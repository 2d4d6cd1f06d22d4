import { createHmac } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { DemoAlertRecord } from '../../src/demo/dataset.ts';

/** The gateway's answer for one alert change: when the alert shows as resolved in an index read. */
const RESOLVED_IN_ORG = `query ResolvedInOrg($org: String!) {
  secretScanningAlerts(orgs: [$org], filter: { state: RESOLVED }, orderBy: { field: UPDATED_AT, direction: DESC }, first: 20) {
    nodes { number repository { nameWithOwner } }
  }
}`;

async function graphql<T>(url: URL, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data || body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Whether the gateway's listing shows `record` resolved. */
export async function showsResolved(url: URL, record: DemoAlertRecord): Promise<boolean> {
  const data = await graphql<{ secretScanningAlerts: { nodes: { number: number; repository: { nameWithOwner: string } }[] } }>(url, RESOLVED_IN_ORG, { org: record.org });
  return data.secretScanningAlerts.nodes.some((node) => node.number === record.alert.number && node.repository.nameWithOwner === record.repository.full_name);
}

/** Polls `check` every `everyMs` until it holds; the time it first held (performance.now()), or null past `timeoutMs`. */
export async function firstTrue(check: () => Promise<boolean>, everyMs: number, timeoutMs: number): Promise<number | null> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (await check()) return performance.now();
    await delay(everyMs);
  }
  return null;
}

/** A signed `secret_scanning_alert` delivery for `record`, as GitHub sends it (no state, no secret). */
export function signedDelivery(record: DemoAlertRecord, secret: string, id: string) {
  const body = JSON.stringify({
    action: 'resolved',
    alert: { number: record.alert.number, secret_type: record.alert.secret_type, created_at: record.alert.created_at },
    repository: record.repository,
    organization: { login: record.org },
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/bench',
      'x-github-event': 'secret_scanning_alert',
      'x-github-delivery': id,
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
    },
  };
}

/** Posts the deliveries with `concurrency` in flight: how many were accepted (202), the wall time, and each answer's time. */
export async function deliverMany(url: URL, deliveries: ReturnType<typeof signedDelivery>[], concurrency: number): Promise<{ accepted: number; others: number; ms: number; answerMs: number[] }> {
  let next = 0;
  let accepted = 0;
  let others = 0;
  const answerMs: number[] = [];
  const started = performance.now();
  const sender = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++]!;
      const sent = performance.now();
      const response = await fetch(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
      await response.arrayBuffer();
      answerMs.push(performance.now() - sent);
      if (response.status === 202) accepted += 1;
      else others += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  return { accepted, others, ms: performance.now() - started, answerMs };
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
