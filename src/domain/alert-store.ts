import type { AlertConnection } from '../alerts/connection.ts';
import type { AlertRecord } from '../alerts/model.ts';
import type { AlertFilter, AlertOrder } from '../alerts/query.ts';
import type { AlertReport, TrendInterval } from '../alerts/report.ts';
import type { ListPage } from '../github/alerts.ts';
import type { RestLocation } from '../github/types.ts';
import type { OrganizationSyncStatus } from '../store/sync-state.ts';
import type { AlertEvent, BacklogPoint } from './alert-history.ts';
import type { OrganizationFailure } from './failures.ts';

/** Whose alerts a query reads: organizations the caller may read (optionally through an enterprise list), or one repository. */
export type AlertQueryScope =
  | { kind: 'organizations'; orgs: readonly string[]; enterprise: string | null }
  | { kind: 'repository'; owner: string; name: string };

/** Which alerts, in which order: what every reader (GraphQL, CSV, subscriptions) asks a store for. */
export interface AlertQuery {
  scope: AlertQueryScope;
  /** Validated (validateFilter). */
  filter: AlertFilter;
  order: AlertOrder;
  /** Secret values are wanted (only ever served live: no store keeps them). */
  withSecrets: boolean;
  /** Organizations refused before reading (outside the caller's allowlist): reported as failures. */
  refused: readonly OrganizationFailure[];
}

export interface AlertPageRequest {
  first: number | null | undefined;
  /** A cursor this store issued for the same query. */
  after: string | null | undefined;
  withTotalCount: boolean;
}

/** Every alert of a query in its order, read as the reader goes; organizations that could not be read are named first. */
export interface AlertStream {
  failures: OrganizationFailure[];
  alerts: AsyncGenerator<AlertRecord, void, undefined>;
}

/**
 * Where alerts come from, in the domain's terms: a query (scope, filter, order) and a position,
 * never GitHub's pages. Implemented by live reads of GitHub (src/store/live-store.ts) and by the
 * synchronised index; the resolvers, the CSV export and subscriptions only see this.
 */
export interface AlertStore {
  page(query: AlertQuery, request: AlertPageRequest): Promise<AlertConnection>;
  report(query: AlertQuery): Promise<AlertReport>;
  stream(query: AlertQuery): Promise<AlertStream>;
  alert(owner: string, repo: string, alertNumber: number, withSecret: boolean): Promise<AlertRecord>;
  locations(owner: string, repo: string, alertNumber: number, page: number): Promise<ListPage<RestLocation>>;
  /** The gateway wrote this alert to GitHub: a store that keeps alerts keeps it too (read-your-writes). */
  applied(record: AlertRecord): Promise<void>;
  /** GitHub says this alert changed (a webhook): read it from GitHub again, and keep it. */
  refresh(owner: string, repo: string, alertNumber: number): Promise<AlertRecord>;
  /** Where the synchronisation of these organizations stands; none when alerts are read live. */
  syncStatus(orgs: readonly string[]): Promise<OrganizationSyncStatus[]>;
  /** Every change of this alert the store has seen, oldest first; none when alerts are read live. */
  timeline(record: AlertRecord): Promise<AlertEvent[]>;
  /**
   * Open alerts at the end of each period, with what was opened, reopened and resolved in it,
   * from the stored history; UnavailableError when there is none to read from.
   */
  backlog(query: AlertQuery, interval: TrendInterval): Promise<BacklogPoint[]>;
}
