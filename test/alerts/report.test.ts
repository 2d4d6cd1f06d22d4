import { describe, expect, it } from 'vitest';
import type { AlertStream } from '../../src/alerts/connection.ts';
import { planStreams, type StreamPlan } from '../../src/alerts/query.ts';
import { buildAlertReport, type AlertReport } from '../../src/alerts/report.ts';
import type { AlertScope } from '../../src/alerts/source.ts';
import { ValidationError } from '../../src/errors.ts';
import { alertRecord as r, MemorySource } from '../support/memory-source.ts';

const [DEFAULT, GENERIC] = planStreams({}, { field: 'CREATED_AT', direction: 'DESC' }, true) as [StreamPlan, StreamPlan];
const org = (login: string): AlertScope => ({ kind: 'org', org: login });
const streamsOf = (...logins: string[]): AlertStream[] => logins.flatMap((login) => [DEFAULT, GENERIC].map((plan) => ({ scope: org(login), plan })));

/** Two orgs; acme's default stream has two pages. G3 is a generic type in a default stream: not counted. */
const PAGES = {
  'acme:default': [
    [
      r('acme/api', 1, { created_at: '2026-01-05T00:00:00Z' }),
      r('acme/api', 2, { created_at: '2026-01-06T00:00:00Z', state: 'resolved', resolution: 'revoked', resolved_at: '2026-01-08T00:00:00Z', secret_type: 'aws_access_key_id', validity: 'inactive' }),
    ],
    [r('acme/web', 1, { created_at: '2026-02-02T00:00:00Z', state: 'resolved', resolution: 'false_positive', resolved_at: '2026-02-03T12:00:00Z', validity: undefined })],
  ],
  'acme:generic': [[r('acme/web', 2, { created_at: '2026-01-07T00:00:00Z', secret_type: 'password', validity: 'unknown' })]],
  'globex:default': [
    [
      r('globex/app', 1, { created_at: '2026-01-10T00:00:00Z', state: 'resolved', resolution: 'revoked', resolved_at: '2026-01-11T00:00:00Z', validity: 'inactive' }),
      r('globex/app', 2, { created_at: '2026-01-12T00:00:00Z', secret_type: 'aws_access_key_id' }),
      r('globex/app', 3, { created_at: '2026-01-20T00:00:00Z', secret_type: 'password' }),
    ],
  ],
  'globex:generic': [[]],
};

const point = (day: string, opened: number, resolved: number) => ({ periodStart: `${day}T00:00:00.000Z`, opened, resolved });

/** Every field of the report, worked out by hand from PAGES. */
function expectFullReport(report: AlertReport) {
  expect(report).toMatchObject({
    total: 6,
    open: 3,
    resolved: 3,
    byOrganization: [{ key: 'acme', count: 4 }, { key: 'globex', count: 2 }],
    bySecretType: [{ key: 'github_personal_access_token', count: 3 }, { key: 'aws_access_key_id', count: 2 }, { key: 'password', count: 1 }],
    byState: [{ key: 'OPEN', count: 3 }, { key: 'RESOLVED', count: 3 }],
    byResolution: [{ key: 'REVOKED', count: 2 }, { key: 'FALSE_POSITIVE', count: 1 }],
    byValidity: [{ key: 'ACTIVE', count: 2 }, { key: 'INACTIVE', count: 2 }, { key: 'UNKNOWN', count: 2 }],
    // (2 days + 1.5 days + 1 day) / 3
    meanTimeToResolveSeconds: 129_600,
    meanTimeToResolveByOrganization: [{ key: 'acme', count: 2, meanSeconds: 151_200 }, { key: 'globex', count: 1, meanSeconds: 86_400 }],
    meanTimeToResolveBySecretType: [{ key: 'github_personal_access_token', count: 2, meanSeconds: 108_000 }, { key: 'aws_access_key_id', count: 1, meanSeconds: 172_800 }],
    failures: [],
  });
  expect(report.topRepositories(2)).toEqual([{ key: 'acme/api', count: 2 }, { key: 'acme/web', count: 2 }]);
  expect(report.topRepositories(10)).toEqual([{ key: 'acme/api', count: 2 }, { key: 'acme/web', count: 2 }, { key: 'globex/app', count: 2 }]);
  expect(report.trend('MONTH')).toEqual([point('2026-01-01', 5, 2), point('2026-02-01', 1, 1)]);
  expect(report.trend('WEEK')).toEqual([point('2026-01-05', 4, 2), point('2026-01-12', 1, 0), point('2026-01-19', 0, 0), point('2026-01-26', 0, 0), point('2026-02-02', 1, 1)]);
}

describe('buildAlertReport over an in-memory source', () => {
  it('counts every accepted alert of every stream into each figure', async () => {
    const source = new MemorySource(PAGES);
    expectFullReport(await buildAlertReport(source, streamsOf('acme', 'globex'), { filter: {} }));
  });

  it('merges the means of each organization by their counts, not by organization', async () => {
    const resolved = (repo: string, n: number, days: number) =>
      r(repo, n, { created_at: '2026-01-01T00:00:00Z', state: 'resolved', resolution: 'revoked', resolved_at: new Date(Date.UTC(2026, 0, 1 + days)).toISOString() });
    const source = new MemorySource({ 'acme:default': [[resolved('acme/api', 1, 5)]], 'globex:default': [[resolved('globex/app', 1, 1), resolved('globex/app', 2, 3)]] });
    const report = await buildAlertReport(source, streamsOf('acme', 'globex'), { filter: {} });
    // (5 + 1 + 3) / 3 days, not the mean of the two orgs' means ((5 + 2) / 2).
    expect(report.meanTimeToResolveSeconds).toBe(3 * 86_400);
    expect(report.meanTimeToResolveBySecretType).toEqual([{ key: 'github_personal_access_token', count: 3, meanSeconds: 3 * 86_400 }]);
    expect(report.meanTimeToResolveByOrganization).toEqual([
      { key: 'globex', count: 2, meanSeconds: 2 * 86_400 },
      { key: 'acme', count: 1, meanSeconds: 5 * 86_400 },
    ]);
  });

  it('reads each page once and forgets it once counted', async () => {
    const source = new MemorySource(PAGES);
    await buildAlertReport(source, streamsOf('acme', 'globex'), { filter: {} });
    expect([...source.reads].sort()).toEqual(['acme:default@0', 'acme:default@1', 'acme:generic@0', 'globex:default@0', 'globex:generic@0']);
    expect([...source.forgotten].sort()).toEqual([...source.reads].sort());
  });

  it('leaves an organization that fails part-way out of every figure, and lists it with the refused ones', async () => {
    const source = new MemorySource(PAGES, new Set(['acme:default@1']));
    const report = await buildAlertReport(source, streamsOf('acme', 'globex'), {
      filter: {},
      failures: [{ login: 'hooli', code: 'FORBIDDEN', message: 'refused' }],
    });
    expect(report).toMatchObject({
      total: 2,
      open: 1,
      resolved: 1,
      byOrganization: [{ key: 'globex', count: 2 }],
      bySecretType: [{ key: 'aws_access_key_id', count: 1 }, { key: 'github_personal_access_token', count: 1 }],
      meanTimeToResolveSeconds: 86_400,
      meanTimeToResolveByOrganization: [{ key: 'globex', count: 1, meanSeconds: 86_400 }],
      failures: [
        { login: 'acme', code: 'UPSTREAM', message: 'GitHub failed while serving acme:default (502).' },
        { login: 'hooli', code: 'FORBIDDEN', message: 'refused' },
      ],
    });
    expect(report.topRepositories(10)).toEqual([{ key: 'globex/app', count: 2 }]);
    expect(report.trend('MONTH')).toEqual([point('2026-01-01', 2, 1)]);
  });

  it('reads the pages of a numbered stream in parallel once the first names the last', async () => {
    const many = { 'big:default': Array.from({ length: 4 }, (_, page) => [r('big/app', page + 1, { created_at: `2026-03-0${page + 1}T00:00:00Z` })]) };
    const source = new MemorySource(many);
    const report = await buildAlertReport(source, [{ scope: org('big'), plan: DEFAULT }], { filter: {} });
    expect(report.total).toBe(4);
    expect(source.peakInFlight.get('big:default')).toBe(3);
  });

  it('follows a cursor-paged enterprise stream page after page, counting alerts by their organization', async () => {
    const enterprise = {
      'ent:default': [
        [r('acme/api', 1, { created_at: '2026-01-05T00:00:00Z' }), r('initech/x', 1, { created_at: '2026-01-05T00:00:00Z' })],
        [r('globex/app', 1, { created_at: '2026-01-06T00:00:00Z' }), r('acme/web', 1, { created_at: '2026-01-07T00:00:00Z' })],
      ],
    };
    const source = new MemorySource(enterprise);
    const scope: AlertScope = { kind: 'enterprise', enterprise: 'ent', orgs: ['Acme', 'globex'] };
    const report = await buildAlertReport(source, [{ scope, plan: DEFAULT }], { filter: {} });
    expect(source.reads).toEqual(['ent:default@0', 'ent:default@1']);
    expect(source.peakInFlight.get('ent:default')).toBe(1);
    // The spelling the caller used; initech was not asked for.
    expect(report.byOrganization).toEqual([{ key: 'Acme', count: 2 }, { key: 'globex', count: 1 }]);
  });

  it('answers zeros for organizations without alerts, and refuses an out-of-range limit', async () => {
    const source = new MemorySource({});
    const report = await buildAlertReport(source, streamsOf('quiet'), { filter: {} });
    expect(report).toMatchObject({ total: 0, open: 0, resolved: 0, byOrganization: [{ key: 'quiet', count: 0 }], meanTimeToResolveSeconds: null, failures: [] });
    expect(report.trend('WEEK')).toEqual([]);
    for (const limit of [-1, 1001, 1.5]) expect(() => report.topRepositories(limit)).toThrow(ValidationError);
    expect(report.topRepositories(0)).toEqual([]);
  });
});
