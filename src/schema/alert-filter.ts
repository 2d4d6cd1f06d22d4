import { builder } from './builder.ts';

export const AlertStateEnum = builder.enumType('SecretScanningAlertState', {
  description: 'Whether an alert is still open or has been resolved.',
  values: {
    OPEN: { description: 'The secret is still exposed or not yet triaged.' },
    RESOLVED: { description: 'Someone closed the alert with a resolution.' },
  } as const,
});

export const AlertResolutionEnum = builder.enumType('SecretScanningAlertResolution', {
  description: 'Why an alert was resolved.',
  values: {
    FALSE_POSITIVE: { description: 'The match is not a real secret.' },
    WONT_FIX: { description: 'The secret is real but the risk is accepted.' },
    REVOKED: { description: 'The secret was revoked and can no longer be used.' },
    USED_IN_TESTS: { description: 'The secret is only used in tests.' },
    PATTERN_EDITED: { description: 'Closed by GitHub because the custom pattern changed.' },
    PATTERN_DELETED: { description: 'Closed by GitHub because the custom pattern was deleted.' },
  } as const,
});

type Resolution = 'FALSE_POSITIVE' | 'WONT_FIX' | 'REVOKED' | 'USED_IN_TESTS' | 'PATTERN_EDITED' | 'PATTERN_DELETED';
const RESOLUTIONS = new Set(['false_positive', 'wont_fix', 'revoked', 'used_in_tests', 'pattern_edited', 'pattern_deleted']);

/** GitHub's resolution as the enum value; null when there is none, or one this schema does not know. */
export function resolutionValue(resolution: string | null | undefined): Resolution | null {
  return resolution && RESOLUTIONS.has(resolution) ? (resolution.toUpperCase() as Resolution) : null;
}

export const AlertValidityEnum = builder.enumType('SecretScanningAlertValidity', {
  description: "The result of GitHub's validity check with the secret's provider.",
  values: {
    ACTIVE: { description: 'The provider accepts the secret: it works.' },
    INACTIVE: { description: 'The provider rejects the secret.' },
    UNKNOWN: { description: 'Not checked, or the provider cannot say.' },
  } as const,
});

const OrderFieldEnum = builder.enumType('SecretScanningAlertOrderField', {
  description: 'What alerts are ordered by.',
  values: {
    CREATED_AT: { description: 'When GitHub created the alert.' },
    UPDATED_AT: { description: 'When the alert last changed (falls back to createdAt).' },
  } as const,
});

export const OrderDirectionEnum = builder.enumType('OrderDirection', {
  description: 'Sort direction.',
  values: {
    ASC: { description: 'Oldest first.' },
    DESC: { description: 'Newest first.' },
  } as const,
});

export const AlertOrderInput = builder.inputType('SecretScanningAlertOrder', {
  description: 'Ordering of alerts. Ties are broken deterministically, so paging is stable. Default: CREATED_AT DESC.',
  fields: (t) => ({
    field: t.field({ type: OrderFieldEnum, required: true, description: 'The timestamp to order by.' }),
    direction: t.field({ type: OrderDirectionEnum, required: true, description: 'ASC or DESC.' }),
  }),
});

export const AlertFilterInput = builder.inputType('SecretScanningAlertFilter', {
  description:
    'Filters on alerts. All given conditions must hold. GitHub applies state, secretTypes, resolutions, validities, assignee, ' +
    'providers, excludeProviders, excludeSecretTypes, isBypassed and the true values of publiclyLeaked and multiRepo (and the ' +
    'gateway checks them again); the gateway applies the rest, time windows included. A filter the GitHub server lacks ' +
    '(see Query.gitHubServer) is a VALIDATION error naming the release it needs.',
  fields: (t) => ({
    state: t.field({ type: AlertStateEnum, description: 'Only alerts in this state.' }),
    secretTypes: t.stringList({
      description:
        'Only these secret types (e.g. github_personal_access_token, password). With no secretTypes every type is returned, ' +
        'generic ones (passwords, private keys, connection strings) included, although GitHub itself omits those unless named.',
    }),
    resolutions: t.field({
      type: [AlertResolutionEnum],
      description: 'Only alerts resolved with one of these resolutions (implies RESOLVED alerts).',
    }),
    validities: t.field({ type: [AlertValidityEnum], description: 'Only alerts with one of these validities.' }),
    publiclyLeaked: t.boolean({ description: 'true: only alerts whose secret also leaked publicly; false: only the others.' }),
    multiRepo: t.boolean({ description: 'true: only secrets found in several repositories; false: only the others.' }),
    repositories: t.stringList({ description: 'Repository names, as name or owner/name.' }),
    createdAfter: t.field({ type: 'DateTime', description: 'Only alerts created at or after this time.' }),
    createdBefore: t.field({ type: 'DateTime', description: 'Only alerts created before this time (must be later than createdAfter).' }),
    resolvedAfter: t.field({ type: 'DateTime', description: 'Only alerts resolved at or after this time (implies RESOLVED alerts).' }),
    resolvedBefore: t.field({
      type: 'DateTime',
      description: 'Only alerts resolved before this time (implies RESOLVED alerts; must be later than resolvedAfter).',
    }),
    assignee: t.string({
      description: 'A login, "*" for any assigned alert, or "none" for unassigned ones (GitHub.com/GHEC, GHES 3.20 or later).',
    }),
    providers: t.stringList({
      description: 'Only secrets of these providers, by slug (SecretScanningAlert.providerSlug, e.g. "aws"); not with excludeProviders.',
    }),
    excludeProviders: t.stringList({ description: 'Leave out secrets of these providers, by slug; not with providers.' }),
    excludeSecretTypes: t.stringList({ description: 'Leave out these secret types (generic ones included); not with secretTypes.' }),
    isBypassed: t.boolean({ description: 'true: only alerts a push-protection bypass created; false: only the others.' }),
  }),
});
