/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Sort direction. */
export type OrderDirection =
  /** Oldest first. */
  | 'ASC'
  /** Newest first. */
  | 'DESC';

/** Filters on alerts. All given conditions must hold. GitHub applies state, secretTypes, resolutions, validities, assignee, providers, excludeProviders, excludeSecretTypes, isBypassed and the true values of publiclyLeaked and multiRepo (and the gateway checks them again); the gateway applies the rest, time windows included. A filter the GitHub server lacks (see Query.gitHubServer) is a VALIDATION error naming the release it needs. */
export type SecretScanningAlertFilter = {
  /** A login, "*" for any assigned alert, or "none" for unassigned ones (GitHub.com/GHEC, GHES 3.20 or later). */
  assignee?: string | null | undefined;
  /** Only alerts created at or after this time. */
  createdAfter?: string | null | undefined;
  /** Only alerts created before this time (must be later than createdAfter). */
  createdBefore?: string | null | undefined;
  /** Leave out secrets of these providers, by slug; not with providers. */
  excludeProviders?: Array<string> | null | undefined;
  /** Leave out these secret types (generic ones included); not with secretTypes. */
  excludeSecretTypes?: Array<string> | null | undefined;
  /** true: only alerts a push-protection bypass created; false: only the others. */
  isBypassed?: boolean | null | undefined;
  /** true: only secrets found in several repositories; false: only the others. */
  multiRepo?: boolean | null | undefined;
  /** Only secrets of these providers, by slug (SecretScanningAlert.providerSlug, e.g. "aws"); not with excludeProviders. */
  providers?: Array<string> | null | undefined;
  /** true: only alerts whose secret also leaked publicly; false: only the others. */
  publiclyLeaked?: boolean | null | undefined;
  /** Repository names, as name or owner/name. */
  repositories?: Array<string> | null | undefined;
  /** Only alerts resolved with one of these resolutions (implies RESOLVED alerts). */
  resolutions?: Array<SecretScanningAlertResolution> | null | undefined;
  /** Only alerts resolved at or after this time (implies RESOLVED alerts). */
  resolvedAfter?: string | null | undefined;
  /** Only alerts resolved before this time (implies RESOLVED alerts; must be later than resolvedAfter). */
  resolvedBefore?: string | null | undefined;
  /** Only these secret types (e.g. github_personal_access_token, password). With no secretTypes every type is returned, generic ones (passwords, private keys, connection strings) included, although GitHub itself omits those unless named. */
  secretTypes?: Array<string> | null | undefined;
  /** Only alerts in this state. */
  state?: SecretScanningAlertState | null | undefined;
  /** Only alerts with one of these validities. */
  validities?: Array<SecretScanningAlertValidity> | null | undefined;
};

/** Ordering of alerts. Ties are broken deterministically, so paging is stable. Default: CREATED_AT DESC. */
export type SecretScanningAlertOrder = {
  /** ASC or DESC. */
  direction: OrderDirection;
  /** The timestamp to order by. */
  field: SecretScanningAlertOrderField;
};

/** What alerts are ordered by. */
export type SecretScanningAlertOrderField =
  /** When GitHub created the alert. */
  | 'CREATED_AT'
  /** When the alert last changed (falls back to createdAt). */
  | 'UPDATED_AT';

/** Why an alert was resolved. */
export type SecretScanningAlertResolution =
  /** The match is not a real secret. */
  | 'FALSE_POSITIVE'
  /** Closed by GitHub because the custom pattern was deleted. */
  | 'PATTERN_DELETED'
  /** Closed by GitHub because the custom pattern changed. */
  | 'PATTERN_EDITED'
  /** The secret was revoked and can no longer be used. */
  | 'REVOKED'
  /** The secret is only used in tests. */
  | 'USED_IN_TESTS'
  /** The secret is real but the risk is accepted. */
  | 'WONT_FIX';

/** Whether an alert is still open or has been resolved. */
export type SecretScanningAlertState =
  /** The secret is still exposed or not yet triaged. */
  | 'OPEN'
  /** Someone closed the alert with a resolution. */
  | 'RESOLVED';

/** The result of GitHub's validity check with the secret's provider. */
export type SecretScanningAlertValidity =
  /** The provider accepts the secret: it works. */
  | 'ACTIVE'
  /** The provider rejects the secret. */
  | 'INACTIVE'
  /** Not checked, or the provider cannot say. */
  | 'UNKNOWN';

export type OrgAlertsQueryVariables = Exact<{
  login: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: SecretScanningAlertFilter | null | undefined;
  orderBy?: SecretScanningAlertOrder | null | undefined;
}>;


export type OrgAlertsQuery = { organization: { login: string, secretScanningAlerts: { totalCount: number, failures: Array<{ login: string, code: string, message: string }>, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, number: number, createdAt: string, updatedAt: string | null, state: SecretScanningAlertState, resolution: SecretScanningAlertResolution | null, secretType: string, repository: { nameWithOwner: string } } }> } } | null };


export const OrgAlertsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OrgAlerts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"login"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SecretScanningAlertFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SecretScanningAlertOrder"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organization"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"login"},"value":{"kind":"Variable","name":{"kind":"Name","value":"login"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"}},{"kind":"Field","name":{"kind":"Name","value":"secretScanningAlerts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orderBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"failures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"login"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"resolution"}},{"kind":"Field","name":{"kind":"Name","value":"secretType"}},{"kind":"Field","name":{"kind":"Name","value":"repository"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nameWithOwner"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<OrgAlertsQuery, OrgAlertsQueryVariables>;