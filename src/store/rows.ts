import { toAlertRecord, type AlertRecord, type RepositoryRecord } from '../alerts/model.ts';
import { periodStart } from '../alerts/report.ts';
import type { RestOrgAlert, RestRepoAlert, RestSimpleRepository } from '../github/types.ts';
import type { AlertsTable, RepositoriesTable } from './schema.ts';

/** An alert's identity in the index: lowercase org and repository name, and GitHub's number. */
export interface AlertKey {
  org: string;
  repo: string;
  number: number;
}

export function alertKeyString({ org, repo, number }: AlertKey): string {
  return `${org}/${repo}#${number}`;
}

/**
 * What the index stores of an alert: GitHub's object without the secret (even when a server sent
 * it despite hide_secret=true) and without the embedded repository (kept once, in repositories).
 */
export function storedAlert(alert: RestRepoAlert & { repository?: unknown; metadata?: unknown }): RestRepoAlert {
  // `metadata` comes only with single-alert reads; the lists the index is built from have none.
  const { secret: _secret, repository: _repository, metadata: _metadata, ...rest } = alert as RestOrgAlert & { secret?: unknown; metadata?: unknown };
  return rest;
}

const flag = (value: boolean | null | undefined): number | null => (value == null ? null : value ? 1 : 0);

/** The row of an alert (a column for every filter, order and report bucket) and its JSON. */
export function alertRow(sourceId: number, key: AlertKey, alert: RestRepoAlert): { row: AlertsTable; data: string } {
  const created = alert.created_at ? Date.parse(alert.created_at) : 0;
  const updated = alert.updated_at ? Date.parse(alert.updated_at) : created;
  const resolvedAt = alert.resolved_at ? Date.parse(alert.resolved_at) : null;
  // As the live report counts them (report.ts, Tally.add): only resolved alerts have a resolution time.
  const resolved = alert.state === 'resolved' && resolvedAt !== null && Number.isFinite(resolvedAt) ? resolvedAt : null;
  const row: AlertsTable = {
    source_id: sourceId,
    ...key,
    state: alert.state ?? 'open',
    secret_type: alert.secret_type ?? '',
    resolution: alert.resolution ?? null,
    validity: alert.validity ?? 'unknown',
    publicly_leaked: flag(alert.publicly_leaked),
    multi_repo: flag(alert.multi_repo),
    // As GitHub spells it (report buckets show it); filters compare it case-insensitively.
    assignee: alert.assigned_to?.login ?? null,
    provider_slug: alert.provider_slug ?? null,
    push_protection_bypassed: flag(alert.push_protection_bypassed),
    created_at: created,
    updated_at: updated,
    resolved_at: resolvedAt,
    resolve_ms: resolved === null ? null : Math.max(0, resolved - created),
    created_week: periodStart('WEEK', created),
    created_month: periodStart('MONTH', created),
    resolved_week: resolved === null ? null : periodStart('WEEK', resolved),
    resolved_month: resolved === null ? null : periodStart('MONTH', resolved),
  };
  return { row, data: JSON.stringify(alert) };
}

export function repositoryRow(sourceId: number, repository: RestSimpleRepository): RepositoriesTable {
  return {
    source_id: sourceId,
    org: repository.owner.login.toLowerCase(),
    repo: repository.name.toLowerCase(),
    owner_login: repository.owner.login,
    name: repository.name,
    full_name: repository.full_name,
    is_private: flag(repository.private),
    html_url: repository.html_url,
    data: JSON.stringify(repository),
  };
}

/** The repository columns a read selects beside an alert's JSON. */
export type RepositoryColumns = Pick<RepositoriesTable, 'owner_login' | 'name' | 'full_name' | 'is_private' | 'html_url'>;

export function repositoryRecord(columns: RepositoryColumns): RepositoryRecord {
  return {
    owner: columns.owner_login,
    name: columns.name,
    nameWithOwner: columns.full_name,
    isPrivate: columns.is_private === null ? null : columns.is_private === 1,
    url: columns.html_url,
  };
}

/** An AlertRecord exactly as the live path builds it (model.ts), from a stored row. */
export function recordFromRow(data: string, repository: RepositoryColumns): AlertRecord {
  return toAlertRecord(JSON.parse(data) as RestRepoAlert, repositoryRecord(repository));
}

/** The row of a repository known only by name and links (an alert written before its org was synced). */
export function repositoryRowOf(sourceId: number, repository: RepositoryRecord): RepositoriesTable {
  return {
    source_id: sourceId,
    org: repository.owner.toLowerCase(),
    repo: repository.name.toLowerCase(),
    owner_login: repository.owner,
    name: repository.name,
    full_name: repository.nameWithOwner,
    is_private: flag(repository.isPrivate),
    html_url: repository.url,
    data: null,
  };
}
