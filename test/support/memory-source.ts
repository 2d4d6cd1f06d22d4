import type { AlertRecord } from '../../src/alerts/model.ts';
import type { StreamPlan } from '../../src/alerts/query.ts';
import type { AlertPage, AlertScope, AlertSource } from '../../src/alerts/source.ts';
import { UpstreamError } from '../../src/errors.ts';
import type { PageRef } from '../../src/github/paging.ts';
import type { RestRepoAlert } from '../../src/github/types.ts';

/** An alert of `repository` (owner/name) with the fields the merges and reports read. */
export function alertRecord(repository: string, number: number, fields: Partial<RestRepoAlert> & { created_at: string }): AlertRecord {
  const [owner, name] = repository.split('/') as [string, string];
  const created = Date.parse(fields.created_at);
  const updated = fields.updated_at ? Date.parse(fields.updated_at) : created;
  return {
    repository: { owner, name, nameWithOwner: repository, isPrivate: true, url: `https://github.test/${repository}` },
    alert: { number, state: 'open', secret_type: 'github_personal_access_token', validity: 'active', ...fields } as RestRepoAlert,
    sortKeys: { created, updated },
  };
}

/** A stream's name in this source: `org:plan` for org scopes, `enterprise:plan` for enterprise ones. */
export function streamKey(scope: AlertScope, plan: StreamPlan): string {
  const owner = scope.kind === 'org' ? scope.org : scope.kind === 'repo' ? `${scope.owner}/${scope.repo}` : scope.enterprise;
  return `${owner}:${plan.name}`;
}

function pageIndex(ref: PageRef): number {
  return ref.kind === 'first' ? 0 : ref.kind === 'page' ? ref.page - 1 : Number(ref.after);
}

/**
 * An AlertSource over pages held in memory, recording every call. Org and repository streams are
 * numbered like GitHub's (the first page names the last one); enterprise streams are cursor-paged.
 * A page listed in `failing` (`key@index`, index from 0) rejects with an UpstreamError.
 */
export class MemorySource implements AlertSource {
  /** Page reads in call order, as `key@index`. */
  readonly reads: string[] = [];
  /** Reads that rejected (they hold nothing). */
  readonly failed: string[] = [];
  readonly forgotten: string[] = [];
  readonly prefetched: string[] = [];
  /** Most page reads of one stream in flight at once. */
  readonly peakInFlight = new Map<string, number>();
  private readonly inFlight = new Map<string, number>();
  /** While set, page reads wait for `release()`. */
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;

  constructor(
    private readonly pages: Record<string, AlertRecord[][]>,
    readonly failing = new Set<string>(),
  ) {}

  /** Page reads from now on wait until release(). */
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = null;
  }

  /** Pages read successfully and not forgotten. */
  held(): string[] {
    const held = [...this.reads];
    for (const page of [...this.failed, ...this.forgotten]) {
      const i = held.indexOf(page);
      if (i >= 0) held.splice(i, 1);
    }
    return held;
  }

  async page(scope: AlertScope, plan: StreamPlan, ref: PageRef): Promise<AlertPage> {
    const key = streamKey(scope, plan);
    const index = pageIndex(ref);
    this.reads.push(`${key}@${index}`);
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    this.peakInFlight.set(key, Math.max(this.peakInFlight.get(key) ?? 0, this.inFlight.get(key)!));
    try {
      await this.gate;
      await Promise.resolve();
      if (this.failing.has(`${key}@${index}`)) {
        this.failed.push(`${key}@${index}`);
        throw new UpstreamError(`GitHub failed while serving ${key} (502).`, 502);
      }
      const pages = this.pages[key] ?? [[]];
      const alerts = pages[index];
      if (!alerts) throw new Error(`${key} has no page ${index}`);
      const more = index + 1 < pages.length;
      if (scope.kind === 'enterprise') {
        return { alerts: alerts.filter((r) => scope.orgs.some((org) => org.toLowerCase() === r.repository.owner.toLowerCase())), next: more ? { kind: 'after', after: String(index + 1) } : null, lastPage: null };
      }
      return { alerts, next: more ? { kind: 'page', page: index + 2 } : null, lastPage: pages.length };
    } finally {
      this.inFlight.set(key, this.inFlight.get(key)! - 1);
    }
  }

  prefetch(scope: AlertScope, plan: StreamPlan, ref: PageRef): void {
    this.prefetched.push(`${streamKey(scope, plan)}@${pageIndex(ref)}`);
  }

  forget(scope: AlertScope, plan: StreamPlan, ref: PageRef): void {
    this.forgotten.push(`${streamKey(scope, plan)}@${pageIndex(ref)}`);
  }

  alert(): Promise<AlertRecord> {
    throw new Error('not used by merges and reports');
  }

  locations(): never {
    throw new Error('not used by merges and reports');
  }
}
