import type { AlertConnection } from '../alerts/connection.ts';
import type { CursorCodec } from '../alerts/cursor.ts';
import type { AlertRecord } from '../alerts/model.ts';
import type { AlertReport } from '../alerts/report.ts';
import type { AlertPageRequest, AlertQuery, AlertStore, AlertStream } from '../domain/alert-store.ts';
import type { OrganizationFailure } from '../domain/failures.ts';
import { NotFoundError } from '../errors.ts';
import { INDEX_CURSOR_KIND, IndexedReads } from './indexed-store.ts';
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
    const byIndex = request.after ? this.cursors.kindOf(request.after) === INDEX_CURSOR_KIND : await this.servedByIndex(query);
    return byIndex ? this.indexed.page(await this.verified(query), request) : this.live.page(query, request);
  }

  async report(query: AlertQuery): Promise<AlertReport> {
    return (await this.servedByIndex(query)) ? this.indexed.report(await this.verified(query)) : this.live.report(query);
  }

  async stream(query: AlertQuery): Promise<AlertStream> {
    return (await this.servedByIndex(query)) ? this.indexed.stream(await this.verified(query)) : this.live.stream(query);
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
    await this.index.applyAlertUpdate(record);
    return record;
  }

  syncStatus(orgs: readonly string[]) {
    return this.index.syncStatus(orgs.map((org) => org.toLowerCase()));
  }

  private async servedByIndex(query: AlertQuery): Promise<boolean> {
    // A passthrough caller may read a repository's alerts without its organization's: GitHub decides.
    if (query.withSecrets || (this.verifyOrgs && query.scope.kind === 'repository')) return false;
    const orgs = query.scope.kind === 'repository' ? [query.scope.owner] : query.scope.orgs;
    const ready = await this.index.readyOrgs(orgs.map((org) => org.toLowerCase()));
    return orgs.every((org) => ready.has(org.toLowerCase()));
  }

  private async verified(query: AlertQuery): Promise<AlertQuery> {
    if (!this.verifyOrgs || query.scope.kind === 'repository') return query;
    const { readable, refused } = await this.verifyOrgs(query.scope.orgs);
    return { ...query, scope: { ...query.scope, orgs: readable }, refused: [...query.refused, ...refused] };
  }
}
