import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoDataset, DEMO_TOKENS, type DemoAlertRecord } from '../../src/demo/dataset.ts';
import { startDemoGitHub, type DemoGitHub } from '../../src/demo/server.ts';
import { openIndexDatabase } from '../../src/store/database.ts';
import { apiKeysEnv } from '../support/api-keys.ts';
import { referenceWeeklyBacklog } from '../support/backlog-reference.ts';
import { eventually } from '../support/eventually.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { ENGINES, freshLocation, type TestLocation } from '../support/index-engines.ts';
import { synced } from '../support/synced.ts';

const WEBHOOK_SECRET = 'webhook-secret-for-history-tests-7f3a';
const READABLE = ['acme-corp', 'acme-labs', 'globex', 'initech'];
const KEYS = [
  { name: 'triage-bot', key: 'key-admin-history-000000000000000001', orgs: ['*'], permissions: ['read', 'write'] as const },
  { name: 'dashboard', key: 'key-reader-history-00000000000000002', orgs: ['*'], permissions: ['read'] as const },
  { name: 'acme-team', key: 'key-acme-history-0000000000000000003', orgs: ['acme-corp'], permissions: ['read', 'write'] as const },
];
const as = (name: string) => ({ authorization: `Bearer ${KEYS.find((key) => key.name === name)!.key}` });

const TIMELINE = `query($id: ID!) { node(id: $id) { ... on SecretScanningAlert { state timeline { action occurredAt actor { login } state resolution source } } } }`;
const BACKLOG = `{ secretScanningReport { backlog(interval: WEEK) { periodStart open opened reopened resolved meanTimeToResolveSeconds } failures { login code } } }`;

const idOf = (record: DemoAlertRecord) => Buffer.from(`v1:SecretScanningAlert:${record.repository.full_name}#${record.alert.number}`).toString('base64url');

async function timelineOf(h: Harness, record: DemoAlertRecord) {
  const result = await h.query(TIMELINE, { id: idOf(record) }, as('triage-bot'));
  expect(result.errors).toBeUndefined();
  return result.data!.node.timeline as { action: string; occurredAt: string; actor: { login: string } | null; state: string; resolution: string | null; source: string }[];
}

/** Waits (up to two sync intervals) for an incremental pass of every readable organization to end after `since`. */
async function syncPassAfter(h: Harness, since: number): Promise<void> {
  const passed = async () => {
    const result = await h.query('{ syncStatus(orgs: ["acme-corp", "acme-labs", "globex", "initech"]) { lastIncrementalSyncAt } }', {}, as('triage-bot'));
    return result.data!.syncStatus.every((status: any) => status.lastIncrementalSyncAt && Date.parse(status.lastIncrementalSyncAt) > since);
  };
  // Generous: on two loaded cores a pass of four organizations on PostgreSQL can take several intervals.
  for (const deadline = Date.now() + 45_000; !(await passed()); ) {
    if (Date.now() > deadline) throw new Error('no sync pass within 45 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every row of every table of the index, as text. */
async function everyStoredRow(location: TestLocation['location']): Promise<string> {
  const { db, close } = await openIndexDatabase(location);
  try {
    const tables = ['sources', 'organizations', 'repositories', 'alerts', 'alert_payloads', 'alert_facets', 'alert_events', 'audit_entries'] as const;
    const rows = await Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()));
    return JSON.stringify(rows);
  } finally {
    await close();
  }
}

describe.each(ENGINES)('history and the audit log on %s, through the gateway', (engine) => {
  let demo: DemoGitHub;
  let location: TestLocation;
  let h: Harness;
  const webhook = () => ({ url: new URL('/webhooks/github', h.gateway.url).href, secret: WEBHOOK_SECRET });

  beforeAll(async () => {
    demo = await startDemoGitHub({ dataset: createDemoDataset() });
    location = await freshLocation(engine);
    const index: Record<string, string> = location.location.kind === 'postgres' ? { GATEWAY_INDEX: location.location.url } : { GATEWAY_INDEX: 'embedded', GATEWAY_DATA_DIR: location.location.dataDir };
    h = await startHarness({
      demo,
      env: { ...index, ...apiKeysEnv(KEYS.map((key) => ({ ...key, permissions: [...key.permissions] }))), GATEWAY_SYNC_INTERVAL_SECONDS: '5', GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET },
    });
    await synced(h, as('dashboard'));
  });
  afterAll(async () => {
    await h?.close();
    await demo?.close();
    await location?.drop();
  });

  it('seeds each alert’s history at its first sync: CREATED at createdAt, RESOLVED at resolvedAt by resolvedBy', async () => {
    const resolved = demo.dataset.alerts.find((r) => r.org === 'initech' && r.alert.state === 'resolved' && r.alert.resolved_by)!;
    expect(await timelineOf(h, resolved)).toEqual([
      { action: 'CREATED', occurredAt: new Date(resolved.alert.created_at).toISOString(), actor: null, state: 'OPEN', resolution: null, source: 'SYNC' },
      {
        action: 'RESOLVED',
        occurredAt: new Date(resolved.alert.resolved_at!).toISOString(),
        actor: { login: resolved.alert.resolved_by!.login },
        state: 'RESOLVED',
        resolution: resolved.alert.resolution!.toUpperCase(),
        source: 'SYNC',
      },
    ]);
    // Before any change, the backlog is the dataset's own past.
    const result = await h.query(BACKLOG, {}, as('dashboard'));
    expect(result.errors).toBeUndefined();
    expect(result.data!.secretScanningReport.failures.map((f: any) => f.login)).toEqual(['hooli', 'umbrella']);
    expectBacklog(result.data!.secretScanningReport.backlog, referenceWeeklyBacklog(demo, READABLE));
  });

  it('keeps one event per change, whether a mutation, a webhook or a sync pass learned of it first', async () => {
    const [mutated, onGitHub, unnoticed] = demo.dataset.alerts.filter((r) => r.org === 'globex' && r.alert.state === 'open');
    // A resolve through the gateway: read-your-writes, then GitHub's webhook for it, then a sync pass.
    const resolved = await h.query(`mutation($id: ID!) { updateSecretScanningAlert(input: { alertId: $id, state: RESOLVED, resolution: REVOKED }) { __typename } }`, { id: idOf(mutated!) }, as('triage-bot'));
    expect(resolved.data).toEqual({ updateSecretScanningAlert: { __typename: 'UpdateSecretScanningAlertSuccess' } });
    // Reopened "on GitHub": only its webhook tells the gateway at once.
    demo.changeAlertOnGitHub(onGitHub!.repository.full_name, onGitHub!.alert.number, { state: 'resolved', resolution: 'false_positive' });
    await demo.webhooksSettled();
    await eventually(() => timelineOf(h, onGitHub!), (events) => events.length === 2);
    // A delivery lost: only the next sync pass sees this one.
    demo.setWebhook(null);
    demo.changeAlertOnGitHub(unnoticed!.repository.full_name, unnoticed!.alert.number, { state: 'resolved', resolution: 'wont_fix' });
    await syncPassAfter(h, Date.now());
    demo.setWebhook(webhook());
    // And one more pass, over what every path has seen already.
    await syncPassAfter(h, Date.now());

    const actions = (events: Awaited<ReturnType<typeof timelineOf>>) => events.map((event) => `${event.action}/${event.source}`);
    expect(actions(await timelineOf(h, mutated!))).toEqual(['CREATED/SYNC', 'RESOLVED/GATEWAY']);
    expect(actions(await timelineOf(h, onGitHub!))).toEqual(['CREATED/SYNC', 'RESOLVED/WEBHOOK']);
    expect(actions(await timelineOf(h, unnoticed!))).toEqual(['CREATED/SYNC', 'RESOLVED/SYNC']);
    const [, last] = await timelineOf(h, mutated!);
    expect(last).toMatchObject({ state: 'RESOLVED', resolution: 'REVOKED', actor: { login: expect.any(String) } });

    // Reopened through the gateway, and the backlog follows the demo's change log.
    await h.query(`mutation($id: ID!) { updateSecretScanningAlert(input: { alertId: $id, state: OPEN }) { __typename } }`, { id: idOf(onGitHub!) }, as('triage-bot'));
    await demo.webhooksSettled();
    // GitHub delivers the reopen's webhook as soon as it applies the write, so the webhook's
    // re-read may reach the index before the mutation's own update: whichever is first, one event.
    const reopened = actions(await timelineOf(h, onGitHub!));
    expect(reopened.slice(0, 2)).toEqual(['CREATED/SYNC', 'RESOLVED/WEBHOOK']);
    expect(reopened.slice(2)).toEqual([expect.stringMatching(/^REOPENED\/(GATEWAY|WEBHOOK)$/)]);
    const result = await h.query(BACKLOG, {}, as('dashboard'));
    expectBacklog(result.data!.secretScanningReport.backlog, referenceWeeklyBacklog(demo, READABLE));
  }, 120_000);

  it('pages the audit log newest first, for writers only, over the organizations each may read', async () => {
    const acme = demo.dataset.alerts.find((r) => r.org === 'acme-corp' && r.alert.state === 'open')!;
    for (const caller of ['acme-team', 'triage-bot']) {
      await h.query(`mutation($id: ID!) { assignSecretScanningAlert(input: { alertId: $id, assignee: "alice-sec" }) { __typename } }`, { id: idOf(acme) }, as(caller));
    }
    const PAGE = `query($after: String, $orgs: [String!]) { auditLog(first: 2, after: $after, orgs: $orgs) {
      totalCount failures { login code } pageInfo { hasNextPage endCursor } nodes { occurredAt actor action target outcome } } }`;
    const pages = async (caller: string, orgs?: string[]) => {
      const entries: any[] = [];
      let after: string | null = null;
      let first: any;
      for (;;) {
        const result: any = await h.query(PAGE, { after, orgs }, as(caller));
        expect(result.errors).toBeUndefined();
        first ??= result.data.auditLog;
        entries.push(...result.data.auditLog.nodes);
        if (!result.data.auditLog.pageInfo.hasNextPage) return { entries, first };
        after = result.data.auditLog.pageInfo.endCursor;
      }
    };
    const all = await pages('triage-bot');
    // A resolve and a reopen of globex alerts, then two assignments of an acme-corp one, newest first.
    expect(all.entries.map((e) => `${e.actor} ${e.action} ${e.outcome}`)).toEqual([
      'key:triage-bot secret_scanning_alert.assign success',
      'key:acme-team secret_scanning_alert.assign success',
      'key:triage-bot secret_scanning_alert.update success',
      'key:triage-bot secret_scanning_alert.update success',
    ]);
    expect(all.first.totalCount).toBe(4);
    expect(all.entries[0].target).toBe(`${acme.repository.full_name}#${acme.alert.number}`);
    const times = all.entries.map((e) => Date.parse(e.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const limited = await pages('acme-team');
    expect(limited.entries.map((e) => e.actor)).toEqual(['key:triage-bot', 'key:acme-team']);
    const outside = await pages('acme-team', ['globex']);
    expect(outside).toMatchObject({ entries: [], first: { totalCount: 0, failures: [{ login: 'globex', code: 'FORBIDDEN' }] } });

    const refused = await h.query('{ auditLog { totalCount } }', {}, as('dashboard'));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const foreign = await h.query(PAGE, { after: (await h.query(PAGE, {}, as('triage-bot'))).data!.auditLog.pageInfo.endCursor, orgs: ['acme-corp'] }, as('acme-team'));
    expect(foreign.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });

  it('stores no secret and no credential in any row', async () => {
    const stored = await everyStoredRow(location.location);
    expect(stored).toContain('secret_scanning_alert.assign');
    for (const record of demo.dataset.alerts) expect(stored).not.toContain(record.alert.secret!);
    for (const token of [...Object.values(DEMO_TOKENS), ...KEYS.map((key) => key.key), WEBHOOK_SECRET]) expect(stored).not.toContain(token);
  });
});

function expectBacklog(actual: any[], reference: ReturnType<typeof referenceWeeklyBacklog>): void {
  expect(actual.map(({ meanTimeToResolveSeconds: _, ...point }) => point)).toEqual(reference.map(({ meanTimeToResolveSeconds: _, ...point }) => point));
  actual.forEach((point, index) => {
    const expected = reference[index]!.meanTimeToResolveSeconds;
    if (expected === null) expect(point.meanTimeToResolveSeconds).toBeNull();
    else expect(point.meanTimeToResolveSeconds).toBeCloseTo(expected, 3);
  });
}

describe('history without the index, or before a first sync', () => {
  it('answers an empty timeline and a clear UNAVAILABLE error for the backlog and the audit log when the index is off', async () => {
    const h = await startHarness({ env: { GATEWAY_INDEX: 'off' } });
    try {
      const record = h.demo.dataset.alerts.find((r) => r.org === 'acme-corp')!;
      const timeline = await h.query(TIMELINE, { id: idOf(record) });
      expect(timeline.data).toEqual({ node: { state: record.alert.state.toUpperCase(), timeline: [] } });
      for (const query of [BACKLOG, '{ auditLog { totalCount } }']) {
        const refused = await h.query(query);
        expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'UNAVAILABLE' }, message: expect.stringContaining('GATEWAY_INDEX') });
      }
    } finally {
      await h.close();
    }
  });

  it('shows what the first sync will store, and refuses a backlog it cannot compute yet', async () => {
    // A sync budget of 1% of 40 requests an hour: no first sync gets under way.
    const h = await startHarness({ rateLimitPerToken: 40, env: { GATEWAY_INDEX: 'embedded', GATEWAY_SYNC_BUDGET_PERCENT: '1' } });
    try {
      const status = await h.query('{ syncStatus { login state } }');
      const waiting = status.data!.syncStatus.find((s: any) => (s.state === 'PENDING' || s.state === 'SYNCING') && s.login !== 'hooli' && s.login !== 'umbrella').login;
      const record = h.demo.dataset.alerts.find((r) => r.org === waiting && r.alert.state === 'resolved')!;
      const timeline = await h.query(TIMELINE, { id: idOf(record) });
      expect(timeline.data!.node.timeline.map((event: any) => `${event.action} ${event.occurredAt}`)).toEqual([
        `CREATED ${new Date(record.alert.created_at).toISOString()}`,
        `RESOLVED ${new Date(record.alert.resolved_at!).toISOString()}`,
      ]);
      const backlog = await h.query(`{ secretScanningReport(orgs: ["${waiting}"]) { backlog { open } } }`);
      expect(backlog.errors?.[0]).toMatchObject({ extensions: { code: 'UNAVAILABLE' }, message: expect.stringContaining(waiting) });
    } finally {
      await h.close();
    }
  });
});
