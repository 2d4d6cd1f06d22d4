import { auditLogPage, type AuditEntryConnection, type StoredAuditEntry } from '../domain/audit-log.ts';
import { builder } from './builder.ts';
import { connectionType } from './offset-connection.ts';
import { OrganizationFailureRef } from './refs.ts';

const AuditEntryRef = builder.objectRef<StoredAuditEntry>('AuditEntry').implement({
  description: 'One change made through the gateway (a mutation), as its audit line records it; never a secret, a token or a comment.',
  fields: (t) => ({
    occurredAt: t.field({ type: 'DateTime', description: 'When the gateway wrote the entry.', resolve: (entry) => new Date(entry.occurredAt).toISOString() }),
    actor: t.exposeString('actor', { description: "The caller's name (API key name, GitHub login, or local); never a credential." }),
    action: t.exposeString('action', { description: 'What was done, e.g. secret_scanning_alert.update.' }),
    target: t.exposeString('target', {
      description: 'org, org/repo or org/repo#number; for what no organization owns, its scope (enterprise:slug, "N alerts" for a bulk call).',
    }),
    outcome: t.exposeString('outcome', { description: 'success, or the error code (PARTIAL for a bulk call with failed items).' }),
    organization: t.string({ nullable: true, description: 'The organization the entry is about (lowercase); null for enterprise-wide and multi-org entries.', resolve: (entry) => entry.org }),
    details: t.string({
      description: 'The whole audit line as JSON (state before and after, what was requested, bulk positions), as the log has it.',
      resolve: (entry) => entry.data,
    }),
  }),
});

const AuditEntryConnectionRef = connectionType<StoredAuditEntry, AuditEntryConnection>('AuditEntry', AuditEntryRef, {
  connection: 'A page of the audit log, newest first.',
  node: 'An audit entry',
});
builder.objectFields(AuditEntryConnectionRef, (t) => ({
  totalCount: t.int({ description: 'Entries over the same organizations, in all.', resolve: (c) => c.totalCount() }),
  failures: t.field({
    type: [OrganizationFailureRef],
    description: 'Organizations asked for that the caller may not read (FORBIDDEN): their entries are left out.',
    resolve: (c) => c.failures,
  }),
}));

builder.queryField('auditLog', (t) =>
  t.field({
    type: AuditEntryConnectionRef,
    description:
      'Changes made through the gateway, newest first; needs the write permission and the alert index (GATEWAY_INDEX; UNAVAILABLE ' +
      'when off). Only entries of organizations the caller may read; entries of no organization (enterprise settings, bulk ' +
      'summaries) only when `orgs` is not given and the caller may read every organization.',
    args: {
      orgs: t.arg.stringList({ description: 'Organization logins; default: GATEWAY_ORGS (those the caller may read).' }),
      first: t.arg.int({ description: 'Page size, 0–100 (default 30).' }),
      after: t.arg.string({ description: 'The endCursor of the previous page.' }),
    },
    resolve: (_root, args, context) => auditLogPage(context, args),
  }),
);
