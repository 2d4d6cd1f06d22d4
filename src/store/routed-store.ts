import type { AlertConnection } from '../alerts/connection.ts';
import type { CursorCodec } from '../alerts/cursor.ts';
import type { AlertRecord } from '../alerts/model.ts';
import type { AlertReport, TrendInterval } from '../alerts/report.ts';
import { seededTimeline, type AlertEvent, type BacklogPoint } from '../domain/alert-history.ts';
import type { AlertPageRequest, AlertQuery, AlertStore, AlertStream } from '../domain/alert-store.ts';
import type { OrganizationFailure } from '../domain/failures.ts';
import { NotFoundError, UnavailableError } from '../errors.ts';
import { INDEX_CURSOR_KIND, IndexedReads, toIndexQuery } from './indexed-store.ts';
import type { IndexStore } from './index-store.ts';

/**
 * Reads served by the synchronised index when it can, by GitHub otherwise: a query goes to the
 * index when every organization it reads has finished its first sync and it wants no secret
 * value (the index never holds one); a cursor is continued by the reader that issued it.
 * Locations and secrets are always read live. A caller served with its own GitHub token
 * (passthrough) gets from the index only the organizations its token is verified to read.
 */
export class RoutedAlertStore implements AlertStore {
  private readonly indexed: IndexedReads;

  constructor(
    private readonly live: AlertStore,
    private readonly index: IndexStore,
    private readonly cursors: CursorCodec,
    /** For passthrough callers: the organizations their own token may read (one live read each, cached). */
    private readonly verifyOrgs: ((orgs: readonly string[]) => Promise<{ readable: string[]; refused: OrganizationFailure[] }>) | null,
  ) {
    this.indexed = new IndexedReads(index, cursors);
  }

  async page(query: AlertQuery, request: AlertPageRequest): Promise<AlertConnection> {
    const indexed = request.after && this.cursors.kindOf(request.after) !== INDEX_CURSOR_KIND ? null : await this.indexQuery(query);
    return indexed ? this.indexed.page(indexed, request) : this.live.page(query, request);
  }

  async report(query: AlertQuery): Promise<AlertReport> {
    const indexed = await this.indexQuery(query);
    return indexed ? this.indexed.report(indexed) : this.live.report(query);
  }

  async stream(query: AlertQuery): Promise<AlertStream> {
    const indexed = await this.indexQuery(query);
    return indexed ? this.indexed.stream(indexed) : this.live.stream(query);
  }

  async alert(owner: string, repo: string, alertNumber: number, withSecret: boolean): Promise<AlertRecord> {
    if (!withSecret && !this.verifyOrgs && (await this.index.isReady(owner))) {
      // An alert raised since the last pass is not in the index yet: GitHub has it.
      const record = await this.indexed.alert(owner, repo, alertNumber).catch((error: unknown) => {
        if (error instanceof NotFoundError) return null;
        throw error;
      });
      if (record) return record;
    }
    return this.live.alert(owner, repo, alertNumber, withSecret);
  }

  locations(owner: string, repo: string, alertNumber: number, page: number) {
    return this.live.locations(owner, repo, alertNumber, page);
  }

  async applied(record: AlertRecord): Promise<void> {
    await this.index.applyAlertUpdate(record);
  }

  async refresh(owner: string, repo: string, alertNumber: number): Promise<AlertRecord> {
    const record = await this.live.refresh(owner, repo, alertNumber);
    await this.index.applyAlertUpdate(record, 'WEBHOOK');
    return record;
  }

  /** An alert the index has no history of yet (its organization is not synchronised) shows what its first sync will store. */
  async timeline(record: AlertRecord): Promise<AlertEvent[]> {
    const key = { org: record.repository.owner.toLowerCase(), repo: record.repository.name.toLowerCase(), number: record.alert.number ?? 0 };
    const events = await this.index.timeline(key);
    return events.length > 0 ? events : seededTimeline(record);
  }

  /**
   * Over the organizations the report counts: those GitHub refuses are in its failures and in no
   * figure. One whose first sync has not ended has no history yet: a clear error rather than a
   * backlog that silently leaves it out.
   */
  async backlog(query: AlertQuery, interval: TrendInterval): Promise<BacklogPoint[]> {
    const orgs = query.scope.kind === 'repository' ? [query.scope.owner] : query.scope.orgs;
    const { pending } = await this.coverageOf(orgs);
    if (pending.length > 0) {
      throw new UnavailableError(`The backlog needs the first sync of ${pending.join(', ')} to end (see syncStatus); ask again then, or leave ${pending.length > 1 ? 'them' : 'it'} out of \`orgs\`.`);
    }
    const indexed = await this.indexQuery({ ...query, withSecrets: false });
    return indexed ? this.index.backlog(toIndexQuery(indexed), interval) : [];
  }

  syncStatus(orgs: readonly string[]) {
    return this.index.syncStatus(orgs.map((org) => org.toLowerCase()));
  }

  /**
   * The query as the index answers it, or null when it cannot: secrets are wanted, or an
   * organization has not finished its first sync (and GitHub did not refuse it outright: one it
   * refused is the same failure from the index as from a live read). A passthrough caller gets
   * the organizations its token reads, and a repository's alerts live (GitHub decides).
   */
  private async indexQuery(query: AlertQuery): Promise<AlertQuery | null> {
    if (query.withSecrets || (this.verifyOrgs && query.scope.kind === 'repository')) return null;
    const { pending, refused } = await this.coverageOf(query.scope.kind === 'repository' ? [query.scope.owner] : query.scope.orgs);
    if (pending.length > 0) return null;
    if (query.scope.kind === 'repository') return refused.length > 0 ? null : query;
    const failed = new Set(refused.map((failure) => failure.login));
    let readable = query.scope.orgs.filter((org) => !failed.has(org));
    if (this.verifyOrgs) {
      const verified = await this.verifyOrgs(readable);
      readable = verified.readable;
      refused.push(...verified.refused);
    }
    return { ...query, scope: { ...query.scope, orgs: readable }, refused: [...query.refused, ...refused] };
  }

  /** Organizations the index cannot answer for yet (not known, or first sync not ended), and those GitHub refused. */
  private async coverageOf(orgs: readonly string[]): Promise<{ pending: string[]; refused: OrganizationFailure[] }> {
    const coverage = await this.index.coverage(orgs);
    const pending: string[] = [];
    const refused: OrganizationFailure[] = [];
    for (const org of orgs) {
      const known = coverage.get(org.toLowerCase());
      if (!known || (!known.ready && !known.failure)) pending.push(org);
      else if (!known.ready && known.failure) refused.push({ login: org, ...known.failure });
    }
    return { pending, refused };
  }
}
