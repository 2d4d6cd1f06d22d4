import type { RestLocation } from '../github/types.ts';
import type { ListPage } from '../github/alerts.ts';
import type { PageRef } from '../github/paging.ts';
import type { AlertRecord } from './model.ts';
import type { StreamPlan } from './query.ts';

/**
 * Whose alerts a stream lists: an organization, one repository, or the named organizations of
 * an enterprise read through the enterprise-wide list (alerts of other organizations dropped).
 */
export type AlertScope =
  | { kind: 'org'; org: string }
  | { kind: 'repo'; owner: string; repo: string }
  | { kind: 'enterprise'; enterprise: string; orgs: readonly string[] };

export interface AlertPage {
  alerts: AlertRecord[];
  next: PageRef | null;
  /** Number of the last page when the source knows it up front (lets callers fetch pages in parallel). */
  lastPage: number | null;
}

/**
 * Where alerts come from. Resolvers and the connection engine only talk to this interface:
 * today it reads GitHub on demand; a synchronised index can implement it later without
 * touching the schema. A page is addressed by an opaque position that this source produced.
 */
export interface AlertSource {
  page(scope: AlertScope, plan: StreamPlan, ref: PageRef): Promise<AlertPage>;
  /** Starts reading a page the caller will probably need soon; never throws. */
  prefetch(scope: AlertScope, plan: StreamPlan, ref: PageRef): void;
  /** The caller is done with this page: a source may drop it from per-request memory (streaming readers). */
  forget(scope: AlertScope, plan: StreamPlan, ref: PageRef): void;
  alert(owner: string, repo: string, alertNumber: number, withSecret: boolean): Promise<AlertRecord>;
  locations(owner: string, repo: string, alertNumber: number, page: number): Promise<ListPage<RestLocation>>;
}
