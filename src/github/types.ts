import type { components } from '@octokit/openapi-types';

type Schemas = components['schemas'];

/** An alert as GitHub's org and enterprise lists return it (with `repository`). */
export type RestOrgAlert = Schemas['organization-secret-scanning-alert'];
/** An alert as the repository list returns it (without `repository`). */
export type RestRepoAlert = Schemas['secret-scanning-alert'];
export type RestAlertWithMetadata = Schemas['secret-scanning-alert-with-metadata'];
export type RestSimpleRepository = Schemas['simple-repository'];
export type RestSimpleUser = Schemas['simple-user'];
export type RestLocation = Schemas['secret-scanning-location'];
export type RestLocationDetails = NonNullable<Schemas['nullable-secret-scanning-first-detected-location']>;
export type RestPatternConfiguration = Schemas['secret-scanning-pattern-configuration'];
export type RestPatternOverride = Schemas['secret-scanning-pattern-override'];
export type RestOrganization = Schemas['organization-full'];
export type RestRepository = Schemas['full-repository'];
export type RestCustomPattern = Schemas['secret-scanning-custom-pattern'];
export type RestCustomPatternToCreate = Schemas['secret-scanning-custom-pattern-to-create'];
export type RestCustomPatternToUpdate = Schemas['secret-scanning-custom-pattern-to-update'];
export type RestCustomPatternToDelete = Schemas['secret-scanning-custom-pattern-to-delete'];
export type RestScanHistory = Schemas['secret-scanning-scan-history'];
export type RestScan = Schemas['secret-scanning-scan'];
export type RestMinimalRepository = Schemas['minimal-repository'];
