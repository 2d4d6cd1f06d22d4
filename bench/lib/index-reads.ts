import type { AlertOrder } from '../../src/alerts/query.ts';
import { IndexStore, keysetOf } from '../../src/store/index-store.ts';
import type { AlertKeyset, IndexQuery, IndexAlertFilter } from '../../src/store/query.ts';
import { summarize } from './summary.ts';
import { timed } from './timed.ts';

/** The read workloads of the index, as the targets of issue 12 name them; medians in ms. */
export interface IndexReadFigures {
  /** Report of every alert of every organization (rollups). */
  reportMs: number;
  /** Report with a filter the rollups do not hold (one grouped pass over the matching alerts). */
  filteredReportMs: number;
  /** First page of 100 of a filtered listing, and the page 500 pages deep. */
  firstPageMs: number;
  deepPageMs: number;
  /** Count of open, active alerts: one state and one facet, summed from the rollups. */
  countMs: number;
  count: number;
  /** Count of a filter the rollups do not hold (validity and secret types): a COUNT over the alerts. */
  sqlCountMs: number;
  sqlCount: number;
}

const ORDER: AlertOrder = { field: 'CREATED_AT', direction: 'DESC' };
const PAGE = 100;
const DEPTH = 500;
/** Open alerts, newest first: the triage listing. */
const LISTING: IndexAlertFilter = { state: 'OPEN' };
/** Open, active alerts: a report outside the rollups (one pass), a count within them (state and one facet). */
const FILTERED: IndexAlertFilter = { state: 'OPEN', validities: ['ACTIVE'] };
/** Two facets at once: no rollup holds them, so the count reads the alerts. */
const COUNTED_IN_SQL: IndexAlertFilter = { state: 'OPEN', validities: ['ACTIVE'], secretTypes: ['aws_access_key_id', 'github_personal_access_token', 'slack_api_token'] };

async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) times.push((await timed(work)).ms);
  return summarize(times).median;
}

/** Walks to the page DEPTH pages deep once, for its keyset. */
async function deepKeyset(store: IndexStore, query: IndexQuery): Promise<AlertKeyset | null> {
  let after: AlertKeyset | null = null;
  for (let page = 1; page < DEPTH; page += 1) {
    const { records, hasNextPage } = await store.list(query, after, PAGE);
    if (!hasNextPage) return null;
    after = keysetOf(records.at(-1)!, ORDER);
  }
  return after;
}

export async function measureIndexReads(store: IndexStore, orgs: readonly string[], runs: number): Promise<IndexReadFigures> {
  const query = (filter: IndexAlertFilter): IndexQuery => ({ orgs, filter, order: ORDER });
  const deep = await deepKeyset(store, query(LISTING));
  const count = await store.count(query(FILTERED));
  return {
    reportMs: await median(runs, () => store.report(query({}))),
    filteredReportMs: await median(runs, () => store.report(query(FILTERED))),
    firstPageMs: await median(runs, () => store.list(query(LISTING), null, PAGE)),
    deepPageMs: deep === null ? Number.NaN : await median(runs, () => store.list(query(LISTING), deep, PAGE)),
    countMs: await median(runs, () => store.count(query(FILTERED))),
    count,
    sqlCountMs: await median(runs, () => store.count(query(COUNTED_IN_SQL))),
    sqlCount: await store.count(query(COUNTED_IN_SQL)),
  };
}
