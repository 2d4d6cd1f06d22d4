import { describe, expect, it } from 'vitest';
import type { AlertStream } from '../../src/alerts/connection.ts';
import type { AlertRecord } from '../../src/alerts/model.ts';
import { planStreams, type AlertOrder, type StreamPlan } from '../../src/alerts/query.ts';
import type { AlertScope } from '../../src/alerts/source.ts';
import { mergeAlertStreams } from '../../src/alerts/merged-alerts.ts';
import { alertRecord, MemorySource } from '../support/memory-source.ts';

const DESC: AlertOrder = { field: 'CREATED_AT', direction: 'DESC' };
const ASC: AlertOrder = { field: 'CREATED_AT', direction: 'ASC' };
const [DEFAULT, GENERIC] = planStreams({}, DESC, true) as [StreamPlan, StreamPlan];
const org = (login: string): AlertScope => ({ kind: 'org', org: login });
const streamsOf = (...logins: string[]): AlertStream[] => logins.flatMap((login) => [DEFAULT, GENERIC].map((plan) => ({ scope: org(login), plan })));

/** An alert of `org`/app numbered `n`, created on minute `minute` of 2026-01-01; `password` makes it a generic type. */
function a(orgLogin: string, n: number, minute: number, secretType = 'github_personal_access_token'): AlertRecord {
  return alertRecord(`${orgLogin}/app`, n, { created_at: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), secret_type: secretType });
}

const id = (record: AlertRecord) => `${record.repository.owner}#${record.alert.number}`;

async function collect(alerts: AsyncGenerator<AlertRecord>): Promise<{ ids: string[]; error: unknown }> {
  const ids: string[] = [];
  try {
    for await (const record of alerts) ids.push(id(record));
    return { ids, error: null };
  } catch (error) {
    return { ids, error };
  }
}

/** Newest first. Ties at minute 50 (acme's two streams) and 40 (acme and globex). acme#9 is generic in the default stream. */
const PAGES = {
  'acme:default': [[a('acme', 1, 59), a('acme', 2, 50), a('acme', 9, 45, 'password')], [a('acme', 3, 40), a('acme', 4, 10)]],
  'acme:generic': [[a('acme', 5, 55, 'password'), a('acme', 6, 50, 'rsa_private_key')]],
  'globex:default': [[a('globex', 1, 58), a('globex', 2, 40)], [a('globex', 3, 20)], [a('globex', 4, 5)]],
  'globex:generic': [[]],
};

describe('mergeAlertStreams over an in-memory source', () => {
  it('yields every accepted alert once, in order, ties to the earlier stream', async () => {
    const merged = await mergeAlertStreams(new MemorySource(PAGES), streamsOf('acme', 'globex'), DESC);
    expect(merged.failures).toEqual([]);
    expect((await collect(merged.alerts)).ids).toEqual(['acme#1', 'globex#1', 'acme#5', 'acme#2', 'acme#6', 'acme#3', 'globex#2', 'globex#3', 'acme#4', 'globex#4']);
  });

  it('merges ascending streams oldest first', async () => {
    const source = new MemorySource({ 'x:default': [[a('x', 1, 1), a('x', 2, 30)], [a('x', 3, 31)]], 'y:default': [[a('y', 1, 2), a('y', 2, 30), a('y', 3, 40)]] });
    const merged = await mergeAlertStreams(source, streamsOf('x', 'y'), ASC);
    expect((await collect(merged.alerts)).ids).toEqual(['x#1', 'y#1', 'x#2', 'y#2', 'x#3', 'y#3']);
  });

  it('reads each page once (and a numbered page with a next one once more before leaving it), the next one as soon as a page is in use, and forgets each once used', async () => {
    const source = new MemorySource(PAGES);
    const merged = await mergeAlertStreams(source, streamsOf('acme', 'globex'), DESC);
    // Before anything is yielded: every first page, and the second page of the streams that have one.
    expect([...source.reads].sort()).toEqual(['acme:default@0', 'acme:default@1', 'acme:generic@0', 'globex:default@0', 'globex:default@1', 'globex:generic@0']);
    await collect(merged.alerts);
    const all = ['acme:default@0', 'acme:default@1', 'acme:generic@0', 'globex:default@0', 'globex:default@1', 'globex:default@2', 'globex:generic@0'];
    // The second read of a page that has a next one checks that no alert moved onto it meanwhile.
    const reread = ['acme:default@0', 'globex:default@0', 'globex:default@1'];
    expect([...source.reads].sort()).toEqual([...all, ...reread].sort());
    expect([...new Set(source.forgotten)].sort()).toEqual(all);
  });

  it('holds at most the page in use and the one read ahead per stream', async () => {
    const pages = { 'big:default': Array.from({ length: 6 }, (_, p) => [a('big', 2 * p + 1, 59 - 2 * p), a('big', 2 * p + 2, 58 - 2 * p)]) };
    const source = new MemorySource(pages);
    const merged = await mergeAlertStreams(source, [{ scope: org('big'), plan: DEFAULT }], DESC);
    let most = 0;
    for await (const _record of merged.alerts) most = Math.max(most, source.held().length);
    expect(most).toBe(2);
    expect(source.held()).toEqual([]);
  });

  it('leaves out an organization whose first page fails, whole, and forgets its other stream', async () => {
    const source = new MemorySource(PAGES, new Set(['acme:generic@0']));
    const merged = await mergeAlertStreams(source, streamsOf('acme', 'globex'), DESC, [{ login: 'hooli', code: 'FORBIDDEN', message: 'refused' }]);
    expect(merged.failures).toEqual([
      { login: 'acme', code: 'UPSTREAM', message: 'GitHub failed while serving acme:generic (502).' },
      { login: 'hooli', code: 'FORBIDDEN', message: 'refused' },
    ]);
    expect(source.forgotten).toContain('acme:default@0');
    // Nothing is read ahead for a stream that is left out.
    expect(source.reads).not.toContain('acme:default@1');
    expect((await collect(merged.alerts)).ids).toEqual(['globex#1', 'globex#2', 'globex#3', 'globex#4']);
  });

  it('throws when a later page fails, after the alerts before it, and forgets what it held', async () => {
    const source = new MemorySource(PAGES, new Set(['globex:default@2']));
    const merged = await mergeAlertStreams(source, streamsOf('acme', 'globex'), DESC);
    expect(merged.failures).toEqual([]);
    const { ids, error } = await collect(merged.alerts);
    // globex#3 is the last alert before globex's third page is needed.
    expect(ids).toEqual(['acme#1', 'globex#1', 'acme#5', 'acme#2', 'acme#6', 'acme#3', 'globex#2', 'globex#3']);
    expect(error).toMatchObject({ code: 'UPSTREAM', message: 'GitHub failed while serving globex:default (502).' });
    expect(source.held()).toEqual([]);
  });

  it('forgets the pages it holds when the reader stops early', async () => {
    const source = new MemorySource(PAGES);
    const merged = await mergeAlertStreams(source, streamsOf('acme', 'globex'), DESC);
    const first = await merged.alerts.next();
    expect(id(first.value as AlertRecord)).toBe('acme#1');
    await merged.alerts.return(undefined);
    // The first page of each stream was in use.
    for (const page of ['acme:default@0', 'acme:generic@0', 'globex:default@0', 'globex:generic@0']) expect(source.forgotten).toContain(page);
  });
});
