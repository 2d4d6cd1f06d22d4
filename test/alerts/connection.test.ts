import { describe, expect, it } from 'vitest';
import { resolveAlertConnection, type AlertStream } from '../../src/alerts/connection.ts';
import type { AlertRecord } from '../../src/alerts/model.ts';
import type { StreamPlan } from '../../src/alerts/query.ts';
import type { AlertPage, AlertScope, AlertSource } from '../../src/alerts/source.ts';
import { UpstreamError } from '../../src/errors.ts';
import type { PageRef } from '../../src/github/paging.ts';
import type { RestRepoAlert } from '../../src/github/types.ts';

const ORDER = { field: 'CREATED_AT', direction: 'DESC' } as const;

function plan(name: StreamPlan['name']): StreamPlan {
  return { name, params: { sort: 'created', direction: 'desc', hide_secret: true }, accepts: () => true, filteredUpstream: true };
}

/** An alert of `org` created at `created` (epoch ms); its number is its creation time, unique here. */
function record(org: string, created: number): AlertRecord {
  return {
    repository: { owner: org, name: 'app', nameWithOwner: `${org}/app`, isPrivate: false, url: `https://github.test/${org}/app` },
    alert: { number: created, state: 'open', created_at: new Date(created).toISOString() } as RestRepoAlert,
    sortKeys: { created, updated: created },
  };
}

/** Pages of each stream (`org:plan`), in memory; `failOnce` holds `org:plan@pageIndex` reads that fail the first time. */
class MemorySource implements AlertSource {
  constructor(
    private readonly pages: Map<string, number[][]>,
    readonly failOnce: Set<string>,
  ) {}

  async page(scope: AlertScope, plan: StreamPlan, ref: PageRef): Promise<AlertPage> {
    if (scope.kind !== 'org') throw new Error('org scopes only');
    const key = `${scope.org}:${plan.name}`;
    const pages = this.pages.get(key) ?? [[]];
    const index = ref.kind === 'page' ? ref.page - 1 : 0;
    if (this.failOnce.delete(`${key}@${index}`)) throw new UpstreamError(`GitHub failed while serving organization "${scope.org}" (502).`, 502);
    return {
      alerts: pages[index]!.map((created) => record(scope.org, created)),
      next: index + 1 < pages.length ? { kind: 'page', page: index + 2 } : null,
      lastPage: pages.length,
    };
  }

  prefetch(): void {}
  forget(): void {}
  alert(): Promise<AlertRecord> {
    throw new Error('not used');
  }
  locations(): never {
    throw new Error('not used');
  }
}

describe('an organization that fails part-way through a page of the connection', () => {
  it('is left out of that page whole and read again from where the page found it, so paging still yields every alert once', async () => {
    const source = new MemorySource(
      new Map([
        ['a:default', [[100, 90], [80, 70]]],
        ['a:generic', [[95]]],
        ['b:default', [[99, 85], [60, 50], [40, 30]]],
      ]),
      // a's second page fails only after this page has taken a's first alerts (100, 95, 90).
      new Set(['a:default@1']),
    );
    const streams: AlertStream[] = [
      { scope: { kind: 'org', org: 'a' }, plan: plan('default') },
      { scope: { kind: 'org', org: 'a' }, plan: plan('generic') },
      { scope: { kind: 'org', org: 'b' }, plan: plan('default') },
    ];

    const first = await resolveAlertConnection(source, streams, ORDER, { first: 4 });
    expect(first.edges.map((edge) => `${edge.node.repository.owner}:${edge.node.alert.number}`)).toEqual(['b:99', 'b:85', 'b:60', 'b:50']);
    expect(await first.failures()).toEqual([expect.objectContaining({ login: 'a', code: 'UPSTREAM' })]);
    expect(first.pageInfo.hasNextPage).toBe(true);

    const second = await resolveAlertConnection(source, streams, ORDER, { first: 100, after: first.pageInfo.endCursor });
    expect(await second.failures()).toEqual([]);
    expect(second.edges.map((edge) => `${edge.node.repository.owner}:${edge.node.alert.number}`)).toEqual([
      'a:100',
      'a:95',
      'a:90',
      'a:80',
      'a:70',
      'b:40',
      'b:30',
    ]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('restarts a failed organization at the position the page began with, while the others go on', async () => {
    const source = new MemorySource(new Map([['a:default', [[100, 90], [80]]], ['b:default', [[99, 85]]]]), new Set(['a:default@1']));
    const streams: AlertStream[] = [
      { scope: { kind: 'org', org: 'a' }, plan: plan('default') },
      { scope: { kind: 'org', org: 'b' }, plan: plan('default') },
    ];
    const page = await resolveAlertConnection(source, streams, ORDER, { first: 2 });
    // 100 and 99 were taken before a's second page was needed; nothing failed yet.
    expect(page.edges.map((edge) => edge.node.alert.number)).toEqual([100, 99]);
    const rest = await resolveAlertConnection(source, streams, ORDER, { first: 100, after: page.pageInfo.endCursor });
    expect(rest.edges.map((edge) => edge.node.alert.number)).toEqual([85]);
    expect(await rest.failures()).toEqual([expect.objectContaining({ login: 'a' })]);
    // Going on from that page, a restarts where it stood (at 90): every alert once over the three pages.
    const next = await resolveAlertConnection(source, streams, ORDER, { first: 100, after: rest.pageInfo.endCursor });
    expect(next.edges.map((edge) => edge.node.alert.number)).toEqual([90, 80]);
  });

  it('leaves out an organization whose failure only totalCount saw, and still fills the page from the others', async () => {
    // a's second page is read only to count; the page itself needs none of it.
    const source = new MemorySource(new Map([['a:default', [[100, 90], [80]]], ['b:default', [[99, 85], [70]]]]), new Set(['a:default@1']));
    const streams: AlertStream[] = [
      { scope: { kind: 'org', org: 'a' }, plan: plan('default') },
      { scope: { kind: 'org', org: 'b' }, plan: plan('default') },
    ];
    const page = await resolveAlertConnection(source, streams, ORDER, { first: 2, withTotalCount: true });
    expect(await page.totalCount()).toBe(3);
    expect(await page.failures()).toEqual([expect.objectContaining({ login: 'a' })]);
    expect(page.edges.map((edge) => `${edge.node.repository.owner}:${edge.node.alert.number}`)).toEqual(['b:99', 'b:85']);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = await resolveAlertConnection(source, streams, ORDER, { first: 100, after: page.pageInfo.endCursor });
    expect(rest.edges.map((edge) => `${edge.node.repository.owner}:${edge.node.alert.number}`)).toEqual(['a:100', 'a:90', 'a:80', 'b:70']);
  });
});
