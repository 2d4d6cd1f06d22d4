import { validatePageSize } from '../alerts/connection.ts';
import { fingerprint, type CursorCodec } from '../alerts/cursor.ts';
import { UnavailableError, ValidationError } from '../errors.ts';
import type { OrganizationFailure } from './failures.ts';
import type { AccessPolicy } from './policy.ts';

/** One audit entry as the audit log keeps it: the contract's AuditEntry, and the whole line's fields (never a secret, token or comment). */
export interface StoredAuditEntry {
  occurredAt: number;
  actor: string;
  action: string;
  /** org, org/repo#number, or the scope of an object no organization owns (enterprise:slug, N alerts). */
  target: string;
  outcome: string;
  /** Lowercase login of the organization the entry is about; null for enterprise-wide and multi-org entries. */
  org: string | null;
  /** The whole entry as the log line holds it, JSON, with credential-shaped text redacted as in the log. */
  data: string;
}

/** Which entries a page covers: these organizations, and entries of no organization when `unscoped`. */
export interface AuditLogScope {
  orgs: readonly string[];
  unscoped: boolean;
}

/** A position in the log, newest first: the last entry of the previous page. */
export interface AuditPosition {
  occurredAt: number;
  id: number;
}

/** Where audit entries are kept (the alert index); the log line is written whether or not there is one. */
export interface AuditLog {
  append(entry: StoredAuditEntry): Promise<void>;
  page(scope: AuditLogScope, after: AuditPosition | null, limit: number): Promise<{ entries: (StoredAuditEntry & { id: number })[]; hasNextPage: boolean }>;
  count(scope: AuditLogScope): Promise<number>;
}

export interface AuditEntryConnection {
  edges: { cursor: string; node: StoredAuditEntry }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
  /** Organizations asked for that the caller may not read (its allowlist, or its own token): their entries are left out. */
  failures: OrganizationFailure[];
}

export interface AuditLogContext {
  policy: AccessPolicy;
  auditLog: AuditLog | null;
  defaultOrgs: readonly string[];
  cursors: CursorCodec;
  /** The organizations of `orgs` the caller's own GitHub token reads (passthrough); all of them otherwise. */
  readableOrgs(orgs: readonly string[]): Promise<{ readable: string[]; refused: OrganizationFailure[] }>;
}

const AUDIT_CURSOR_KIND = 'audit';

/**
 * A page of the audit log, newest first, for a caller the policy lets read it, over the
 * organizations it may read (named, or the configured defaults); entries of no organization
 * (enterprise settings, bulk summaries) only for callers that may read every organization.
 * Keyset cursors (time, id), signed and bound to the page's scope.
 */
export async function auditLogPage(
  context: AuditLogContext,
  args: { orgs?: readonly string[] | null; first?: number | null; after?: string | null },
): Promise<AuditEntryConnection> {
  context.policy.authorizeAuditLog();
  const { auditLog } = context;
  if (!auditLog) {
    throw new UnavailableError('The audit log is kept in the alert index: it needs GATEWAY_INDEX (embedded or postgres://…). With GATEWAY_INDEX=off, audit entries are only written to the log.');
  }
  const first = validatePageSize(args.first);
  const { logins, refused } = context.policy.organizationsToRead(args.orgs, context.defaultOrgs);
  const { readable, refused: unverified } = await context.readableOrgs(logins);
  const scope: AuditLogScope = { orgs: readable.map((org) => org.toLowerCase()).sort(), unscoped: !args.orgs && context.policy.mayReadEveryOrganization() };
  const scopeId = fingerprint([AUDIT_CURSOR_KIND, scope]);
  const after = args.after ? decodePosition(context.cursors, args.after, scopeId) : null;
  const { entries, hasNextPage } = await auditLog.page(scope, after, first);
  const edges = entries.map(({ id, ...node }) => ({ cursor: context.cursors.encode(AUDIT_CURSOR_KIND, { q: scopeId, k: [node.occurredAt, id] }), node }));
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage: Boolean(args.after), startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: () => auditLog.count(scope),
    failures: [...refused, ...unverified].sort((a, b) => a.login.localeCompare(b.login)),
  };
}

function decodePosition(cursors: CursorCodec, cursor: string, scopeId: string): AuditPosition {
  const payload = cursors.decode(cursor, AUDIT_CURSOR_KIND) as { q?: unknown; k?: unknown };
  if (payload.q !== scopeId) throw new ValidationError('The cursor in `after` belongs to another audit log query (other organizations); start again without `after`.', 'after');
  const [occurredAt, id] = Array.isArray(payload.k) ? payload.k : [];
  if (!Number.isSafeInteger(occurredAt) || !Number.isSafeInteger(id)) throw new ValidationError('The cursor in `after` is not valid here.', 'after');
  return { occurredAt, id };
}
