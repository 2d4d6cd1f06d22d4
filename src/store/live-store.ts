import { resolveAlertConnection, type AlertConnection } from '../alerts/connection.ts';
import type { CursorCodec } from '../alerts/cursor.ts';
import { crossOrgScopes } from '../alerts/enterprise.ts';
import type { AlertRecord } from '../alerts/model.ts';
import { DEFAULT_ORDER, planStreams, type StreamPlan } from '../alerts/query.ts';
import { buildAlertReport, type AlertReport } from '../alerts/report.ts';
import type { AlertEvent, BacklogPoint } from '../domain/alert-history.ts';
import { UnavailableError } from '../errors.ts';
import type { AlertScope, AlertSource } from '../alerts/source.ts';
import type { AlertPageRequest, AlertQuery, AlertStore, AlertStream } from '../domain/alert-store.ts';
import type { OrganizationFailure } from '../domain/failures.ts';
import { mergeAlertStreams } from '../alerts/merged-alerts.ts';
import type { OrganizationSyncStatus } from './sync-state.ts';

/**
 * Alerts read from GitHub on demand: a query becomes ordered upstream streams (one or two per
 * organization, see planStreams; or the enterprise list) that are merged as they are read.
 */
export class LiveAlertStore implements AlertStore {
  constructor(
    private readonly source: AlertSource,
    private readonly cursors: CursorCodec,
  ) {}

  async page(query: AlertQuery, request: AlertPageRequest): Promise<AlertConnection> {
    const plans = planStreams(query.filter, query.order, !query.withSecrets);
    const { streams, failures } = await this.streamsOf(query, plans, true);
    return resolveAlertConnection(this.source, streams, query.order, {
      first: request.first,
      after: request.after,
      withTotalCount: request.withTotalCount,
      failures,
      cursors: this.cursors,
    });
  }

  async report(query: AlertQuery): Promise<AlertReport> {
    // The connection's default order, so both read (and cache) the very same upstream pages.
    const plans = planStreams(query.filter, DEFAULT_ORDER, true);
    const { streams, failures } = await this.streamsOf(query, plans, false);
    return buildAlertReport(this.source, streams, { filter: query.filter, failures });
  }

  async stream(query: AlertQuery): Promise<AlertStream> {
    const plans = planStreams(query.filter, query.order, true);
    const { streams, failures } = await this.streamsOf(query, plans, false);
    return mergeAlertStreams(this.source, streams, query.order, failures);
  }

  alert(owner: string, repo: string, alertNumber: number, withSecret: boolean): Promise<AlertRecord> {
    return this.source.alert(owner, repo, alertNumber, withSecret);
  }

  locations(owner: string, repo: string, alertNumber: number, page: number) {
    return this.source.locations(owner, repo, alertNumber, page);
  }

  /** Nothing is kept here: the response cache already dropped what the write changed. */
  async applied(): Promise<void> {}

  async syncStatus(): Promise<OrganizationSyncStatus[]> {
    return [];
  }

  /** GitHub keeps no history of alerts the gateway could read: without the index there is none (the contract's empty timeline). */
  async timeline(): Promise<AlertEvent[]> {
    return [];
  }

  async backlog(): Promise<BacklogPoint[]> {
    throw new UnavailableError('The backlog is computed from the alert index\'s history: it needs GATEWAY_INDEX (embedded or postgres://…), which is off.');
  }

  /** The caller dropped the cached responses first, so this reads GitHub. */
  refresh(owner: string, repo: string, alertNumber: number): Promise<AlertRecord> {
    return this.source.alert(owner, repo, alertNumber, false);
  }

  /**
   * The upstream streams of a query. With an enterprise, organizations may be read through its
   * list (see crossOrgScopes): one scope per organization for connections (their merge, ties and
   * cursors are those of per-organization reads), one for all for reports and exports.
   */
  private async streamsOf(
    query: AlertQuery,
    plans: StreamPlan[],
    oneScopePerOrg: boolean,
  ): Promise<{ streams: { scope: AlertScope; plan: StreamPlan }[]; failures: OrganizationFailure[] }> {
    const { scope } = query;
    let scopes: AlertScope[];
    let failures = [...query.refused];
    if (scope.kind === 'repository') {
      scopes = [{ kind: 'repo', owner: scope.owner, repo: scope.name }];
    } else if (scope.enterprise) {
      const chosen = await crossOrgScopes(this.source, scope.orgs, plans, scope.enterprise, oneScopePerOrg);
      scopes = chosen.scopes;
      failures = [...failures, ...chosen.failures];
    } else {
      scopes = scope.orgs.map((org) => ({ kind: 'org', org }));
    }
    return { streams: scopes.flatMap((s) => plans.map((plan) => ({ scope: s, plan }))), failures };
  }
}
