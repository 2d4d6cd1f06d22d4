import { describe, expect, it } from 'vitest';
import { GENERIC_SECRET_TYPES } from '../../src/github/secret-types.ts';
import { createDemoDataset, type DemoAlertRecord } from '../../src/demo/dataset.ts';
import type { OrganizationSecretScanningAlert, SecretScanningAlert } from '../../src/demo/github-types.ts';
import { call, collect, links, type DemoResponse, useDemoGitHub } from './http.ts';

const dataset = createDemoDataset();
const demo = useDemoGitHub({ dataset });

type Alert = OrganizationSecretScanningAlert;
const id = (alert: Alert) => `${alert.repository.full_name}#${alert.number}`;
const recordId = (record: DemoAlertRecord) => `${record.repository.full_name}#${record.alert.number}`;

/** What GitHub should list for an org: non-generic types, sorted with repo id and number as tie-breakers. */
function reference(org: string, keep: (alert: SecretScanningAlert) => boolean = () => true, sort: 'created' | 'updated' = 'created', direction: 'asc' | 'desc' = 'desc'): string[] {
  const sign = direction === 'asc' ? 1 : -1;
  const stamp = (record: DemoAlertRecord) => (sort === 'created' ? record.alert.created_at : (record.alert.updated_at ?? ''));
  return dataset.alerts
    .filter((record) => record.org === org && !GENERIC_SECRET_TYPES.includes(record.alert.secret_type) && keep(record.alert))
    .sort((a, b) => sign * (stamp(a).localeCompare(stamp(b)) || a.repository.id - b.repository.id || a.alert.number - b.alert.number))
    .map(recordId);
}

async function listAll(query: string, org = 'acme-corp'): Promise<string[]> {
  const { items } = await collect<Alert>(demo, `/orgs/${org}/secret-scanning/alerts?per_page=100${query}`);
  return items.map(id);
}

describe('alert lists: paging', () => {
  it('defaults to 30 per page and caps per_page at 100', async () => {
    const first = await call<Alert[]>(demo, '/orgs/acme-corp/secret-scanning/alerts');
    expect(first.body).toHaveLength(30);
    const big = await call<Alert[]>(demo, '/orgs/acme-corp/secret-scanning/alerts?per_page=500');
    expect(big.body).toHaveLength(100);
  });

  it('page mode links next/last on the first page, all four in the middle, prev/first on the last', async () => {
    const total = reference('acme-corp').length;
    const lastPage = Math.ceil(total / 10);
    const first = links((await call(demo, '/orgs/acme-corp/secret-scanning/alerts?per_page=10&state=open')).headers);
    expect(Object.keys(first).sort()).toEqual(['last', 'next']);
    const page1 = links((await call(demo, '/orgs/acme-corp/secret-scanning/alerts?per_page=10')).headers);
    expect(page1.next).toBe(`${demo.url}/orgs/acme-corp/secret-scanning/alerts?per_page=10&page=2`);
    expect(page1.last).toBe(`${demo.url}/orgs/acme-corp/secret-scanning/alerts?per_page=10&page=${lastPage}`);
    const middle = links((await call(demo, '/orgs/acme-corp/secret-scanning/alerts?per_page=10&page=2&sort=updated')).headers);
    expect(Object.keys(middle).sort()).toEqual(['first', 'last', 'next', 'prev']);
    expect(new URL(middle.prev ?? '').searchParams.get('sort')).toBe('updated');
    expect(new URL(middle.first ?? '').searchParams.get('page')).toBe('1');
    const last = await call<Alert[]>(demo, `/orgs/acme-corp/secret-scanning/alerts?per_page=10&page=${lastPage}`);
    expect(Object.keys(links(last.headers)).sort()).toEqual(['first', 'prev']);
    expect(last.body).toHaveLength(total - (lastPage - 1) * 10);
  });

  it('page mode returns the reference order, ties broken by repository id and number', async () => {
    expect(await listAll('')).toEqual(reference('acme-corp'));
    expect(await listAll('&direction=asc')).toEqual(reference('acme-corp', undefined, 'created', 'asc'));
    expect(await listAll('&sort=updated')).toEqual(reference('acme-corp', undefined, 'updated'));
    const created = dataset.alerts.filter((record) => record.org === 'acme-corp').map((record) => record.alert.created_at);
    expect(new Set(created).size).toBeLessThan(created.length);
  });

  it('cursor mode reaches every alert exactly once, forwards and backwards', async () => {
    const expected = reference('acme-corp');
    const forward: string[] = [];
    let url: string | undefined = `${demo.url}/orgs/acme-corp/secret-scanning/alerts?per_page=7&after=`;
    let lastUrl = '';
    while (url !== undefined) {
      const response: DemoResponse<Alert[]> = await call<Alert[]>(url, '');
      forward.push(...response.body.map(id));
      const rels = links(response.headers);
      expect(rels.last).toBeUndefined();
      lastUrl = url;
      url = rels.next;
      if (url !== undefined) expect(new URL(url).searchParams.get('after')).toMatch(/.+/);
    }
    expect(forward).toEqual(expected);
    // Walk back from the last page with rel="prev".
    const backward: string[][] = [];
    let back: string | undefined = lastUrl;
    while (back !== undefined) {
      const response: DemoResponse<Alert[]> = await call<Alert[]>(back, '');
      backward.unshift(response.body.map(id));
      back = links(response.headers).prev;
    }
    expect(backward.flat()).toEqual(expected);
  });

  it('cursor links keep the other query parameters and the first page links no prev', async () => {
    const response = await call(demo, '/orgs/acme-corp/secret-scanning/alerts?state=resolved&per_page=5&after=');
    const rels = links(response.headers);
    expect(rels.prev).toBeUndefined();
    const next = new URL(rels.next ?? '');
    expect(next.searchParams.get('state')).toBe('resolved');
    expect(next.searchParams.get('per_page')).toBe('5');
    const second = await call(next.href, '');
    const secondRels = links(second.headers);
    expect(new URL(secondRels.prev ?? '').searchParams.get('before')).toMatch(/.+/);
    expect(new URL(secondRels.first ?? '').searchParams.get('after')).toBe('');
  });

  it('rejects an invalid cursor', async () => {
    const response = await call<{ message: string }>(demo, '/orgs/acme-corp/secret-scanning/alerts?after=not-a-cursor');
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/cursor is invalid/);
  });

  it('repo lists and locations are paged with Link too', async () => {
    const record = dataset.alerts.find((candidate) => candidate.locations.length > 30);
    if (record === undefined) throw new Error('expected an alert with many locations');
    const path = `/repos/${record.repository.full_name}/secret-scanning/alerts/${record.alert.number}/locations`;
    const first = await call<unknown[]>(demo, path);
    expect(first.body).toHaveLength(30);
    expect(links(first.headers).next).toContain('page=2');
    const { items } = await collect(demo, `${path}?per_page=4`);
    expect(items).toEqual(record.locations);
    const repo = await call<Alert[]>(demo, `/repos/${record.repository.full_name}/secret-scanning/alerts?per_page=1`);
    expect(links(repo.headers).next).toContain('page=2');
  });
});

describe('alert lists: filters', () => {
  it('lists generic secret types only when named in secret_type', async () => {
    const all = await listAll('', 'globex');
    const genericInOrg = dataset.alerts.filter((record) => record.org === 'globex' && GENERIC_SECRET_TYPES.includes(record.alert.secret_type));
    expect(genericInOrg.length).toBeGreaterThan(0);
    for (const record of genericInOrg) expect(all).not.toContain(recordId(record));
    const named = await listAll(`&secret_type=${GENERIC_SECRET_TYPES.join(',')}`, 'globex');
    expect(named.sort()).toEqual(genericInOrg.map(recordId).sort());
  });

  const cases: [string, (alert: SecretScanningAlert) => boolean][] = [
    ['&state=open', (alert) => alert.state === 'open'],
    ['&state=resolved', (alert) => alert.state === 'resolved'],
    ['&secret_type=aws_access_key_id,stripe_api_key', (alert) => ['aws_access_key_id', 'stripe_api_key'].includes(alert.secret_type)],
    ['&exclude_secret_types=aws_access_key_id', (alert) => alert.secret_type !== 'aws_access_key_id'],
    ['&providers=slack,github', (alert) => ['slack', 'github'].includes(alert.provider_slug ?? '')],
    ['&exclude_providers=aws', (alert) => alert.provider_slug !== 'aws'],
    ['&resolution=false_positive,wont_fix', (alert) => ['false_positive', 'wont_fix'].includes(alert.resolution ?? '')],
    ['&resolution=pattern_edited,pattern_deleted', (alert) => ['pattern_edited', 'pattern_deleted'].includes(alert.resolution ?? '')],
    ['&validity=active,unknown', (alert) => alert.validity !== 'inactive'],
    ['&is_publicly_leaked=true', (alert) => alert.publicly_leaked === true],
    ['&is_publicly_leaked=false', () => true],
    ['&is_multi_repo=true', (alert) => alert.multi_repo === true],
    ['&is_bypassed=true', (alert) => alert.push_protection_bypassed === true],
    ['&is_bypassed=false', (alert) => alert.push_protection_bypassed !== true],
    ['&assignee=*', (alert) => alert.assigned_to !== null],
    ['&assignee=none', (alert) => alert.assigned_to === null],
    ['&state=open&validity=active,inactive&providers=aws,github', (alert) => alert.state === 'open' && alert.validity !== 'unknown' && ['aws', 'github'].includes(alert.provider_slug ?? '')],
  ];
  it.each(cases)('filters with %s', async (query, keep) => {
    const expected = reference('acme-corp', keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(await listAll(query)).toEqual(expected);
  });

  it.each(['state=foo', 'sort=foo', 'direction=foo', 'validity=foo', 'resolution=foo', 'resolution=revoked,nope'])('answers 422 for %s', async (query) => {
    const response = await call<{ errors: unknown[] }>(demo, `/orgs/acme-corp/secret-scanning/alerts?${query}`);
    expect(response.status).toBe(422);
    expect(response.body.errors).toHaveLength(1);
  });

  it('hide_secret omits the secret on lists and on get', async () => {
    const hidden = await call<Alert[]>(demo, '/orgs/acme-corp/secret-scanning/alerts?hide_secret=true');
    expect(hidden.body.every((alert) => !('secret' in alert))).toBe(true);
    const shown = await call<Alert[]>(demo, '/orgs/acme-corp/secret-scanning/alerts');
    expect(shown.body.every((alert) => typeof alert.secret === 'string')).toBe(true);
    const record = dataset.alerts[0];
    if (record === undefined) throw new Error('empty dataset');
    const one = await call<SecretScanningAlert>(demo, `/repos/${record.repository.full_name}/secret-scanning/alerts/${record.alert.number}?hide_secret=true`);
    expect(one.body.secret).toBeUndefined();
    expect(one.body.number).toBe(record.alert.number);
  });

  it('repo list returns only that repository’s alerts without `repository`', async () => {
    const repo = dataset.repos[1];
    if (repo === undefined) throw new Error('no repos');
    const response = await call<SecretScanningAlert[]>(demo, `/repos/${repo.full_name}/secret-scanning/alerts?per_page=100&direction=asc`);
    const expected = dataset.alerts
      .filter((record) => record.repository.id === repo.id && !GENERIC_SECRET_TYPES.includes(record.alert.secret_type))
      .sort((a, b) => a.alert.created_at.localeCompare(b.alert.created_at) || a.alert.number - b.alert.number)
      .map((record) => record.alert);
    expect(response.body).toEqual(expected);
  });

  it('enterprise list: cursor-only, the caller’s readable orgs', async () => {
    const { items } = await collect<Alert>(demo, `/enterprises/${dataset.enterprise.slug}/secret-scanning/alerts?per_page=100&page=3`);
    const orgs = new Set(items.map((alert) => alert.repository.owner.login));
    expect([...orgs].sort()).toEqual(['acme-corp', 'acme-labs', 'globex', 'initech']);
    const expectedCount = dataset.alerts.filter((record) => orgs.has(record.org) && !GENERIC_SECRET_TYPES.includes(record.alert.secret_type)).length;
    expect(new Set(items.map(id)).size).toBe(expectedCount);
    const first = await call(demo, `/enterprises/${dataset.enterprise.slug}/secret-scanning/alerts`);
    expect(new URL(links(first.headers).next ?? '').searchParams.get('after')).toMatch(/.+/);
    expect((await call(demo, '/enterprises/nope/secret-scanning/alerts')).status).toBe(404);
  });
});
