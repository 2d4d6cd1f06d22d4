import type { Generated } from 'kysely';

/**
 * The index's tables, as Kysely sees them. Column names follow GitHub's fields; every table is
 * keyed by `source_id` (one row of `sources` per GitHub API URL), so two GitHubs never mix.
 * Logins and repository names in keys are lowercase (GitHub compares them case-insensitively);
 * the spelling GitHub uses is kept in `repositories` and in the JSON. Times are epoch
 * milliseconds; flags are 0/1 integers (SQLite has no boolean type), null when GitHub did not say.
 */
export interface Database {
  sources: SourcesTable;
  organizations: OrganizationsTable;
  repositories: RepositoriesTable;
  alerts: AlertsTable;
  alert_payloads: AlertPayloadsTable;
  alert_facets: AlertFacetsTable;
  alert_events: AlertEventsTable;
  audit_entries: AuditEntriesTable;
  gateway_keys: GatewayKeysTable;
  write_slots: WriteSlotsTable;
}

export interface SourcesTable {
  id: Generated<number>;
  api_url: string;
}

export type SyncState = 'PENDING' | 'SYNCING' | 'READY' | 'FAILED';

/** One organization of one GitHub, with its sync state. */
export interface OrganizationsTable {
  source_id: number;
  org: string;
  state: SyncState;
  /** Pages read and known to read in the current full pass. */
  pages_done: Generated<number>;
  pages_total: Generated<number>;
  /** updated_at (ms) of the newest alert seen, per stream: incremental passes read down to it. */
  default_watermark: number | null;
  generic_watermark: number | null;
  /** ETag of the first page of `sort=updated&direction=desc`, per stream. */
  default_etag: string | null;
  generic_etag: string | null;
  full_started_at: number | null;
  /** Where an interrupted first sync stands (JSON of sync/resume-point.ts); null when none is under way. */
  full_resume: Generated<string | null>;
  last_full_sync_at: number | null;
  last_incremental_sync_at: number | null;
  error: string | null;
  /** The domain code of the last failure (FORBIDDEN, NOT_FOUND, UPSTREAM, RATE_LIMITED). */
  error_code: string | null;
}

/** One change of one alert, as the gateway learned of it (its history). */
export interface AlertEventsTable {
  id: Generated<number>;
  source_id: number;
  org: string;
  repo: string;
  number: number;
  /** Epoch ms. */
  occurred_at: number;
  action: string;
  state: string;
  resolution: string | null;
  /** GitHub's login of who did it, when GitHub says (resolved_by). */
  actor: string | null;
  /** WEBHOOK, SYNC or GATEWAY. */
  origin: string;
  /** Report periods (epoch ms of their start) holding occurred_at. */
  week: number;
  month: number;
  /** What the event does to the open backlog: +1 (created, reopened), −1 (resolved), 0. */
  open_delta: number;
  /** On RESOLVED: resolved_at − created_at. */
  resolve_ms: number | null;
  /** updated_at (ms) of the version the event changed, 0 for an alert seen first: part of the event's identity. */
  previous_updated_at: number;
}

/** One audit entry of a mutation: who, what, the outcome, and the whole entry (never a comment or a secret). */
export interface AuditEntriesTable {
  id: Generated<number>;
  source_id: number;
  occurred_at: number;
  org: string | null;
  actor: string;
  action: string;
  target: string;
  outcome: string;
  data: string;
}

export interface RepositoriesTable {
  source_id: number;
  org: string;
  repo: string;
  owner_login: string;
  name: string;
  full_name: string;
  is_private: number | null;
  html_url: string;
  /** GitHub's simple-repository object; null when only the name is known (a write before any sync). */
  data: string | null;
}

export interface AlertsTable {
  source_id: number;
  org: string;
  repo: string;
  number: number;
  state: string;
  secret_type: string;
  resolution: string | null;
  /** GitHub's validity, 'unknown' when absent. */
  validity: string;
  publicly_leaked: number | null;
  multi_repo: number | null;
  /** Lowercase login of assigned_to. */
  assignee: string | null;
  provider_slug: string | null;
  push_protection_bypassed: number | null;
  created_at: number;
  /** updated_at, or created_at when GitHub gave none: the value UPDATED_AT orders by. */
  updated_at: number;
  resolved_at: number | null;
  /** resolved_at − created_at for resolved alerts (the report's time to resolve), else null. */
  resolve_ms: number | null;
  /** Report periods (epoch ms of their start) of the creation and of the resolution. */
  created_week: number;
  created_month: number;
  resolved_week: number | null;
  resolved_month: number | null;
}

/**
 * GitHub's alert object without `secret` and without the embedded repository (about 3.5 KB), in a
 * table of its own: counts and one-pass reports scan `alerts`, and SQLite keeps rows inline, so
 * with the JSON there a scan read every page of it (1.2 s for a filtered count of 100k alerts).
 */
export interface AlertPayloadsTable {
  source_id: number;
  org: string;
  repo: string;
  number: number;
  data: string;
}

/**
 * Report rollups maintained on write: per organization and state, one row per report bucket key
 * (see facets.ts). A report over whole organizations sums a few thousand of these rows instead of
 * reading a million alerts.
 */
export interface AlertFacetsTable {
  source_id: number;
  org: string;
  state: string;
  facet: string;
  key: string;
  count: number;
  /** Resolved alerts counted here with both timestamps, and the sum of their resolve_ms. */
  resolved_count: number;
  resolve_ms: number;
}

/** Keys every replica must share (the cursor key when GATEWAY_CURSOR_SECRET is unset), hex. */
export interface GatewayKeysTable {
  name: string;
  value: string;
}

/** Per credential of a GitHub: the earliest start (ms, PostgreSQL's clock) of its next write, over all replicas. */
export interface WriteSlotsTable {
  source_id: number;
  credential: string;
  next_at: number;
}
