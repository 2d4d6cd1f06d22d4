import { isGenericSecretType } from '../github/secret-types.ts';
import { GitHubError } from './github-error.ts';
import type { AlertResolution, AlertState, AlertValidity, SecretScanningAlert } from './github-types.ts';
import { keyComparator, type CursorKey } from './pagination.ts';
import { oneOf } from './query-params.ts';

const STATES: readonly AlertState[] = ['open', 'resolved'];
const RESOLUTIONS: readonly AlertResolution[] = ['false_positive', 'wont_fix', 'revoked', 'used_in_tests', 'pattern_edited', 'pattern_deleted'];
const VALIDITIES: readonly AlertValidity[] = ['active', 'inactive', 'unknown'];

/** The alert-list filters of GitHub's org, repo and enterprise alert endpoints. */
export interface AlertListQuery {
  states: ReadonlySet<string> | undefined;
  secretTypes: ReadonlySet<string> | undefined;
  excludeSecretTypes: ReadonlySet<string>;
  providers: ReadonlySet<string> | undefined;
  excludeProviders: ReadonlySet<string>;
  resolutions: ReadonlySet<string> | undefined;
  validities: ReadonlySet<string> | undefined;
  assignee: string | undefined;
  publiclyLeakedOnly: boolean;
  multiRepoOnly: boolean;
  bypassed: boolean | undefined;
  sort: 'created' | 'updated';
  direction: 'asc' | 'desc';
  hideSecret: boolean;
}

function list(query: URLSearchParams, name: string): Set<string> | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  return new Set(raw.split(',').map((part) => part.trim()).filter((part) => part !== ''));
}

function checkedList(query: URLSearchParams, name: string, allowed: readonly string[]): Set<string> | undefined {
  const values = list(query, name);
  for (const value of values ?? []) {
    if (!allowed.includes(value)) throw GitHubError.invalidValue('SecretScanningAlert', name, value);
  }
  return values;
}

/** Parses the query; invalid enum values answer 422 like GitHub. */
export function parseAlertListQuery(query: URLSearchParams): AlertListQuery {
  const bypassed = query.get('is_bypassed');
  return {
    states: checkedList(query, 'state', STATES),
    secretTypes: list(query, 'secret_type'),
    excludeSecretTypes: list(query, 'exclude_secret_types') ?? new Set(),
    providers: list(query, 'providers'),
    excludeProviders: list(query, 'exclude_providers') ?? new Set(),
    resolutions: checkedList(query, 'resolution', RESOLUTIONS),
    validities: checkedList(query, 'validity', VALIDITIES),
    assignee: query.get('assignee') || undefined,
    publiclyLeakedOnly: query.get('is_publicly_leaked') === 'true',
    multiRepoOnly: query.get('is_multi_repo') === 'true',
    bypassed: bypassed === 'true' ? true : bypassed === 'false' ? false : undefined,
    sort: oneOf(query, 'sort', ['created', 'updated'], 'created', 'SecretScanningAlert'),
    direction: oneOf(query, 'direction', ['asc', 'desc'], 'desc', 'SecretScanningAlert'),
    hideSecret: query.get('hide_secret') === 'true',
  };
}

export function matchesAlertQuery(alert: SecretScanningAlert, query: AlertListQuery): boolean {
  if (query.secretTypes !== undefined) {
    if (!query.secretTypes.has(alert.secret_type)) return false;
  } else if (isGenericSecretType(alert.secret_type)) {
    // GitHub lists generic (non-provider) patterns only when they are named in secret_type.
    return false;
  }
  if (query.excludeSecretTypes.has(alert.secret_type)) return false;
  if (query.providers !== undefined && (alert.provider_slug === null || !query.providers.has(alert.provider_slug))) return false;
  if (alert.provider_slug !== null && query.excludeProviders.has(alert.provider_slug)) return false;
  if (query.states !== undefined && !query.states.has(alert.state)) return false;
  if (query.resolutions !== undefined && (alert.resolution === null || !query.resolutions.has(alert.resolution))) return false;
  if (query.validities !== undefined && !query.validities.has(alert.validity)) return false;
  if (query.publiclyLeakedOnly && alert.publicly_leaked !== true) return false;
  if (query.multiRepoOnly && alert.multi_repo !== true) return false;
  if (query.bypassed !== undefined && (alert.push_protection_bypassed === true) !== query.bypassed) return false;
  if (query.assignee === '*' && alert.assigned_to === null) return false;
  if (query.assignee === 'none' && alert.assigned_to !== null) return false;
  if (query.assignee !== undefined && query.assignee !== '*' && query.assignee !== 'none') {
    if (alert.assigned_to?.login.toLowerCase() !== query.assignee.toLowerCase()) return false;
  }
  return true;
}

/** Sort key: the sorted timestamp, then repository id and alert number to break ties. */
export function alertSortKey(alert: SecretScanningAlert, repositoryId: number, query: AlertListQuery): CursorKey {
  const timestamp = query.sort === 'updated' ? (alert.updated_at ?? alert.created_at) : alert.created_at;
  return [timestamp, repositoryId, alert.number];
}

/** Compares sort keys in the requested direction; ties use the same direction. */
export function alertKeyComparator(query: AlertListQuery): (a: CursorKey, b: CursorKey) => number {
  return keyComparator(query.direction);
}
