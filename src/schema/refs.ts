import type { AlertConnection, OrganizationFailure } from '../alerts/connection.ts';
import type { AlertRecord, RepositoryRecord } from '../alerts/model.ts';
import type { OwnerScope } from '../github/owner-scope.ts';
import type { ReviewRequestRecord } from '../reviews/queue.ts';
import type { RestCustomPattern, RestLocation, RestPatternConfiguration, RestScanHistory, RestSimpleUser } from '../github/types.ts';
import { builder } from './builder.ts';

/**
 * Object refs shared between type files, so that each file defines its own type and refers
 * to the others through these refs instead of importing their internals (no import cycles).
 */
export interface OrganizationShape {
  login: string;
}

export interface LocationConnectionShape {
  edges: { cursor: string; node: RestLocation }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export interface PatternConfigurationShape {
  org: string;
  configuration: RestPatternConfiguration;
}

export interface EnterpriseShape {
  slug: string;
}

export interface EnterprisePatternConfigurationShape {
  enterprise: string;
  configuration: RestPatternConfiguration;
}

/** A custom pattern with where it is defined. */
export interface CustomPatternShape {
  scope: OwnerScope;
  pattern: RestCustomPattern;
}

export const OrganizationRef = builder.objectRef<OrganizationShape>('Organization');
export const RepositoryRef = builder.objectRef<RepositoryRecord>('Repository');
export const AlertRef = builder.objectRef<AlertRecord>('SecretScanningAlert');
export const AlertConnectionRef = builder.objectRef<AlertConnection>('SecretScanningAlertConnection');
export const OrganizationFailureRef = builder.objectRef<OrganizationFailure>('OrganizationFailure');
export const UserRef = builder.objectRef<RestSimpleUser>('User');
export const LocationRef = builder.objectRef<RestLocation>('SecretScanningLocation');
export const LocationConnectionRef = builder.objectRef<LocationConnectionShape>('SecretScanningLocationConnection');
export const PatternConfigurationRef = builder.objectRef<PatternConfigurationShape>('SecretScanningPatternConfiguration');
export const EnterpriseRef = builder.objectRef<EnterpriseShape>('Enterprise');
export const EnterprisePatternConfigurationRef = builder.objectRef<EnterprisePatternConfigurationShape>('SecretScanningEnterprisePatternConfiguration');
export const CustomPatternRef = builder.objectRef<CustomPatternShape>('SecretScanningCustomPattern');
export const ScanHistoryRef = builder.objectRef<RestScanHistory>('SecretScanningScanHistory');
export const BypassRequestRef = builder.objectRef<ReviewRequestRecord>('SecretScanningBypassRequest');
export const DismissalRequestRef = builder.objectRef<ReviewRequestRecord>('SecretScanningDismissalRequest');
