import { alertKey } from '../alerts/model.ts';
import { nullIfNotFound, ValidationError } from '../errors.ts';
import { assertRepositoryName } from '../github/names.ts';
import { authorizeOrg, wantsSecret } from './access.ts';
import { AlertResolutionEnum, AlertStateEnum, AlertValidityEnum, resolutionValue } from './alert-filter.ts';
import { builder } from './builder.ts';
import { LocationDetailsUnion, resolveLocations } from './location.ts';
import { AlertRef, LocationConnectionRef, OrganizationRef, RepositoryRef, UserRef } from './refs.ts';


/** Parses the local part of an alert id: `owner/repo#number`. */
export function parseAlertId(id: string, field = 'id'): { owner: string; repo: string; alertNumber: number } {
  const match = /^([^/#]+)\/([^/#]+)#(\d{1,10})$/.exec(id);
  if (!match?.[1] || !match[2] || !match[3]) throw new ValidationError('This id does not name a secret scanning alert.', field);
  assertRepositoryName(match[2], field);
  return { owner: match[1], repo: match[2], alertNumber: Number(match[3]) };
}

builder.node(AlertRef, {
  description: 'A secret scanning alert: one secret found in one repository.',
  id: { resolve: ({ repository, alert }) => alertKey(repository.owner, repository.name, alert.number ?? 0) },
  loadOne: async (id, context) => {
    const { owner, repo, alertNumber } = parseAlertId(id);
    authorizeOrg(context, owner, 'id');
    // node() cannot see the selection below it cheaply; the secret is read only by alert fields.
    return context.store.alert(owner, repo, alertNumber, false).catch(nullIfNotFound);
  },
  fields: (t) => ({
    number: t.int({ description: 'The alert number within its repository.', resolve: ({ alert }) => alert.number ?? 0 }),
    repository: t.field({ type: RepositoryRef, description: 'Where the secret was found.', resolve: (r) => r.repository }),
    organization: t.field({
      type: OrganizationRef,
      description: 'The organization owning the repository.',
      resolve: (r) => ({ login: r.repository.owner }),
    }),
    state: t.field({
      type: AlertStateEnum,
      description: 'OPEN or RESOLVED.',
      resolve: ({ alert }) => (alert.state === 'resolved' ? 'RESOLVED' : 'OPEN'),
    }),
    resolution: t.field({
      type: AlertResolutionEnum,
      nullable: true,
      description: 'Why it was resolved; null while open.',
      resolve: ({ alert }) => resolutionValue(alert.resolution),
    }),
    resolutionComment: t.string({ nullable: true, description: 'The comment given when resolving.', resolve: ({ alert }) => alert.resolution_comment ?? null }),
    resolvedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was resolved.', resolve: ({ alert }) => alert.resolved_at ?? null }),
    resolvedBy: t.field({ type: UserRef, nullable: true, description: 'Who resolved it.', resolve: ({ alert }) => alert.resolved_by ?? null }),
    secretType: t.string({ description: "GitHub's secret type, e.g. github_personal_access_token.", resolve: ({ alert }) => alert.secret_type ?? '' }),
    secretTypeDisplayName: t.string({ nullable: true, description: 'A readable name of the secret type.', resolve: ({ alert }) => alert.secret_type_display_name ?? null }),
    secret: t.string({
      nullable: true,
      description: 'The leaked secret itself. Null unless the caller is allowed to see secrets.',
      resolve: async (record, _args, context, info) => {
        if (!wantsSecret(context, info)) return null;
        if (record.alert.secret !== undefined) return record.alert.secret ?? null;
        // Alerts reached without the value (e.g. through node()) read it on demand.
        const { alert } = await context.store.alert(record.repository.owner, record.repository.name, record.alert.number ?? 0, true);
        return alert.secret ?? null;
      },
    }),
    validity: t.field({
      type: AlertValidityEnum,
      nullable: true,
      description: 'Whether the secret still works, per its provider.',
      resolve: ({ alert }) => (alert.validity ? (alert.validity.toUpperCase() as 'ACTIVE' | 'INACTIVE' | 'UNKNOWN') : null),
    }),
    publiclyLeaked: t.boolean({ nullable: true, description: 'Whether the secret was also found in public.', resolve: ({ alert }) => alert.publicly_leaked ?? null }),
    multiRepo: t.boolean({ nullable: true, description: 'Whether the secret was found in several repositories.', resolve: ({ alert }) => alert.multi_repo ?? null }),
    provider: t.string({
      nullable: true,
      description: "Who issued the secret, e.g. \"Amazon AWS\"; null for generic patterns and on GitHub Enterprise Server, which does not say.",
      resolve: ({ alert }) => alert.provider ?? null,
    }),
    providerSlug: t.string({
      nullable: true,
      description: 'The provider as GitHub filters by it (providers / exclude_providers), e.g. "aws"; null where GitHub does not say (GHES).',
      resolve: ({ alert }) => alert.provider_slug ?? null,
    }),
    isBase64Encoded: t.boolean({
      nullable: true,
      description: 'Whether the secret was found base64-encoded.',
      resolve: ({ alert }) => alert.is_base64_encoded ?? null,
    }),
    closureRequestComment: t.string({
      nullable: true,
      description: "The requester's comment on a delegated alert dismissal request for this alert; null without one (and on GHES).",
      resolve: ({ alert }) => alert.closure_request_comment ?? null,
    }),
    closureRequestReviewerComment: t.string({
      nullable: true,
      description: "The reviewer's comment on that dismissal request, once reviewed.",
      resolve: ({ alert }) => alert.closure_request_reviewer_comment ?? null,
    }),
    closureRequestReviewer: t.field({
      type: UserRef,
      nullable: true,
      description: 'Who reviewed that dismissal request.',
      resolve: ({ alert }) => alert.closure_request_reviewer ?? null,
    }),
    assignee: t.field({
      type: UserRef,
      nullable: true,
      description: "Who must fix it (GitHub's assigned_to); null when unassigned, and where GitHub does not report assignees (GHES before 3.19).",
      resolve: ({ alert }) => alert.assigned_to ?? null,
    }),
    pushProtectionBypassed: t.boolean({ nullable: true, description: 'Whether someone pushed it past push protection.', resolve: ({ alert }) => alert.push_protection_bypassed ?? null }),
    pushProtectionBypassedBy: t.field({ type: UserRef, nullable: true, description: 'Who bypassed push protection.', resolve: ({ alert }) => alert.push_protection_bypassed_by ?? null }),
    pushProtectionBypassedAt: t.field({ type: 'DateTime', nullable: true, description: 'When push protection was bypassed.', resolve: ({ alert }) => alert.push_protection_bypassed_at ?? null }),
    createdAt: t.field({ type: 'DateTime', description: 'When GitHub created the alert.', resolve: ({ alert }) => alert.created_at ?? '' }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, description: 'When the alert last changed.', resolve: ({ alert }) => alert.updated_at ?? null }),
    url: t.string({
      description: "The alert's page on GitHub.",
      resolve: ({ alert, repository }) => alert.html_url ?? `${repository.url}/security/secret-scanning/${alert.number ?? 0}`,
    }),
    firstLocationDetected: t.field({
      type: LocationDetailsUnion,
      nullable: true,
      description: 'Where the secret was first found (GitHub gives no location type here).',
      resolve: ({ alert }) => alert.first_location_detected ?? null,
    }),
    hasMoreLocations: t.boolean({ nullable: true, description: 'Whether it was found in more than one place.', resolve: ({ alert }) => alert.has_more_locations ?? null }),
    locations: t.field({
      type: LocationConnectionRef,
      description: 'Every place the secret was found.',
      args: {
        first: t.arg.int({ description: 'Page size, 0 to 100 (default 30).' }),
        after: t.arg.string({ description: 'A cursor from this connection.' }),
      },
      resolve: ({ repository, alert }, args, context) =>
        resolveLocations(context, repository.owner, repository.name, alert.number ?? 0, args),
    }),
  }),
});
