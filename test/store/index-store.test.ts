import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../src/alerts/model.ts';
import type { AlertOrder } from '../../src/alerts/query.ts';
import { createDemoDataset, type DemoAlertRecord } from '../../src/demo/dataset.ts';
import type { RestOrgAlert } from '../../src/github/types.ts';
import { IndexStore, keysetOf } from '../../src/store/index-store.ts';
import type { AlertKeyset, IndexQuery } from '../../src/store/query.ts';
import { ENGINES, freshLocation, type TestLocation } from '../support/index-engines.ts';
import { expectedReport, expectedWindowedAlerts, type ReferenceFilter, type ReferenceWindow } from '../support/reference.ts';

const dataset = createDemoDataset();
const ORGS = ['acme-corp', 'acme-labs', 'globex', 'initech'];
const API = 'https://ghe.example.com/api/v3';

/** A demo alert as GitHub's org list sends it: repository embedded, secret included (the store must drop it). */
function listed(record: DemoAlertRecord): RestOrgAlert {
  return { ...record.alert, repository: record.repository } as unknown as RestOrgAlert;
}

async function fill(store: IndexStore, records: readonly DemoAlertRecord[]): Promise<void> {
  for (const org of ORGS) {
    const ofOrg = records.filter((record) => record.org === org);
    for (let start = 0; start < ofOrg.length; start += 100) await store.writeListedAlerts(org, ofOrg.slice(start, start + 100).map(listed), 'full');
  }
}

const id = (record: AlertRecord | DemoAlertRecord) =>
  'nameWithOwner' in record.repository ? `${record.repository.nameWithOwner}#${record.alert.number}` : `${record.repository.full_name}#${record.alert.number}`;

async function listAll(store: IndexStore, query: IndexQuery, limit: number, between?: (page: number, records: AlertRecord[]) => Promise<void>): Promise<AlertRecord[]> {
  const all: AlertRecord[] = [];
  let after: AlertKeyset | null = null;
  for (let page = 0; ; page += 1) {
    const { records, hasNextPage } = await store.list(query, after, limit);
    all.push(...records);
    if (!hasNextPage) return all;
    after = keysetOf(records.at(-1)!, query.order);
    await between?.(page, records);
  }
}

describe.each(ENGINES)('alert store on %s', (engine) => {
  let location: TestLocation;
  let store: IndexStore;
  beforeAll(async () => {
    location = await freshLocation(engine);
    store = await IndexStore.open(location.location, API);
    await fill(store, dataset.alerts);
  });
  afterAll(async () => {
    await store?.close();
    await location?.drop();
  });

  const query = (filter: IndexQuery['filter'] = {}, order: AlertOrder = { field: 'CREATED_AT', direction: 'DESC' }): IndexQuery => ({ orgs: ORGS, filter, order });

  it('lists every alert once, in order, with records shaped like the live ones', async () => {
    const records = await listAll(store, query(), 37);
    const expected = expectedWindowedAlerts(dataset, ORGS);
    expect(records.map(id).sort()).toEqual(expected.map(id).sort());
    const values = records.map((record) => record.sortKeys.created);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    const sample = records[0]!;
    const demo = dataset.alerts.find((record) => id(record) === id(sample))!;
    const { secret: _secret, ...alert } = demo.alert;
    expect(sample.alert).toEqual(alert);
    expect(sample.repository).toEqual({ owner: demo.repository.owner.login, name: demo.repository.name, nameWithOwner: demo.repository.full_name, isPrivate: demo.repository.private, url: demo.repository.html_url });
  });

  const filters: (ReferenceFilter & ReferenceWindow)[] = [
    {},
    { state: 'OPEN' },
    { state: 'RESOLVED', resolutions: ['REVOKED', 'FALSE_POSITIVE'] },
    { secretTypes: ['password', 'aws_access_key_id'], validities: ['ACTIVE', 'UNKNOWN'] },
    { publiclyLeaked: true },
    // Counted from the rollups: one state and one facet's keys.
    { state: 'OPEN', validities: ['ACTIVE', 'INACTIVE'] },
    { secretTypes: ['password', 'github_personal_access_token'] },
    { state: 'RESOLVED', validities: ['UNKNOWN'] },
    { state: 'OPEN', assignee: 'none' },
    { assignee: 'Bob-Dev' },
    { assignee: '*' },
    { multiRepo: false, repositories: ['payments-api', 'globex/web-frontend'] },
    { createdAfter: '2025-06-01T00:00:00Z', createdBefore: '2026-03-01T00:00:00Z' },
    { state: 'RESOLVED', resolvedAfter: '2026-01-01T00:00:00Z' },
  ];
  const toFilter = (filter: ReferenceFilter & ReferenceWindow): IndexQuery['filter'] => ({
    ...filter,
    resolutions: filter.resolutions as never,
    validities: filter.validities as never,
    createdAfter: filter.createdAfter ? new Date(filter.createdAfter) : null,
    createdBefore: filter.createdBefore ? new Date(filter.createdBefore) : null,
    resolvedAfter: filter.resolvedAfter ? new Date(filter.resolvedAfter) : null,
    resolvedBefore: filter.resolvedBefore ? new Date(filter.resolvedBefore) : null,
  });

  it.each(filters)('counts, lists and reports like the reference for %j', async (filter) => {
    const expected = expectedWindowedAlerts(dataset, ORGS, filter);
    expect(await store.count(query(toFilter(filter)))).toBe(expected.length);
    const listedIds = (await listAll(store, query(toFilter(filter), { field: 'UPDATED_AT', direction: 'ASC' }), 50)).map(id);
    expect(listedIds.sort()).toEqual(expected.map(id).sort());
    const report = await store.report(query(toFilter(filter)));
    const reference = expectedReport(dataset, ORGS, filter);
    for (const field of ['total', 'open', 'resolved', 'byOrganization', 'bySecretType', 'byState', 'byResolution', 'byValidity'] as const) {
      expect(report[field], field).toEqual(reference[field]);
    }
    expect(report.topRepositories(7)).toEqual(reference.topRepositories(7));
    expect(report.meanTimeToResolveSeconds ?? 0).toBeCloseTo(reference.meanTimeToResolveSeconds ?? 0, 6);
    for (const field of ['meanTimeToResolveByOrganization', 'meanTimeToResolveBySecretType'] as const) {
      expect(report[field].map(({ key, count }) => ({ key, count })), field).toEqual(reference[field].map(({ key, count }) => ({ key, count })));
    }
    expect(report.trend('WEEK')).toEqual(reference.trend('WEEK'));
    expect(report.trend('MONTH')).toEqual(reference.trend('MONTH'));
  });

  it('pages exactly once while alerts are resolved and created between pages', async () => {
    const openQuery = query({ state: 'OPEN' });
    const before = new Set((await listAll(store, openQuery, 1000)).map(id));
    const resolved = new Set<string>();
    const created: string[] = [];
    const seen = await listAll(store, openQuery, 10, async (page, records) => {
      // Resolve three alerts of the page just read (the triage workflow); create one ahead of the cursor or one behind it.
      for (const record of records.slice(0, 3)) {
        resolved.add(id(record));
        await store.applyAlertUpdate({ ...record, alert: { ...record.alert, state: 'resolved', resolution: 'revoked', resolved_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z' } });
      }
      const template = records[0]!;
      const number = 100_000 + page;
      const createdAt = page % 2 === 0 ? '2030-01-01T00:00:00Z' : '2000-01-01T00:00:00Z';
      await store.applyAlertUpdate({ ...template, alert: { ...template.alert, number, created_at: createdAt, updated_at: createdAt } });
      if (page % 2 === 1) created.push(`${template.repository.nameWithOwner}#${number}`);
    });
    const ids = seen.map(id);
    expect(new Set(ids).size, 'no alert twice').toBe(ids.length);
    // Every alert open before the walk is listed (those resolved after being listed too), and those created behind the cursor.
    expect([...before].filter((alert) => !ids.includes(alert))).toEqual([]);
    expect(created.filter((alert) => !ids.includes(alert))).toEqual([]);
    expect(resolved.size).toBeGreaterThan(30);
    // The rollups followed every change: their counts are those of the alerts themselves.
    for (const filter of [{ state: 'OPEN' as const }, { state: 'OPEN' as const, validities: ['ACTIVE' as const] }, { state: 'RESOLVED' as const, secretTypes: ['password'] }]) {
      expect(await store.count(query(filter)), JSON.stringify(filter)).toBe((await listAll(store, query(filter), 1000)).length);
    }
  });

  it('keeps two GitHubs apart in one database', async () => {
    const other = await IndexStore.open(location.location, 'https://api.github.com');
    try {
      expect(await other.count(query())).toBe(0);
      const record = dataset.alerts.find((alert) => alert.org === 'globex')!;
      await other.writeListedAlerts('globex', [listed(record)], 'full');
      expect(await other.count(query())).toBe(1);
      expect((await other.report(query())).total).toBe(1);
      expect(await store.count(query())).toBeGreaterThan(1);
      expect(other.sourceId).not.toBe(store.sourceId);
    } finally {
      await other.close();
    }
  });

  it('stores no secret value anywhere', async () => {
    const secrets = dataset.alerts.map((record) => record.alert.secret).filter((secret): secret is string => Boolean(secret));
    for (const table of ['alerts', 'repositories', 'alert_facets', 'organizations'] as const) {
      const rows = await store.db.selectFrom(table).selectAll().execute();
      const text = JSON.stringify(rows);
      expect(secrets.filter((secret) => text.includes(secret)), table).toEqual([]);
    }
  });
});
