import type { DemoAlertRecord, DemoDataset } from '../../src/demo/dataset.ts';

/** The filter of the GraphQL API, evaluated directly on the demo dataset: the expected answers. */
export interface ReferenceFilter {
  state?: 'OPEN' | 'RESOLVED';
  secretTypes?: string[];
  resolutions?: string[];
  validities?: string[];
  publiclyLeaked?: boolean;
  multiRepo?: boolean;
  repositories?: string[];
}

export function alertId(record: DemoAlertRecord): string {
  return `${record.repository.full_name}#${record.alert.number}`;
}

export function matches(record: DemoAlertRecord, filter: ReferenceFilter): boolean {
  const { alert, repository } = record;
  if (filter.state && alert.state !== filter.state.toLowerCase()) return false;
  if (filter.secretTypes && !filter.secretTypes.includes(alert.secret_type ?? '')) return false;
  if (filter.resolutions && !filter.resolutions.map((r) => r.toLowerCase()).includes(alert.resolution ?? '')) return false;
  if (filter.validities && !filter.validities.map((v) => v.toLowerCase()).includes(alert.validity ?? '')) return false;
  if (filter.publiclyLeaked !== undefined && Boolean(alert.publicly_leaked) !== filter.publiclyLeaked) return false;
  if (filter.multiRepo !== undefined && Boolean(alert.multi_repo) !== filter.multiRepo) return false;
  if (filter.repositories && !filter.repositories.some((name) => name === repository.name || name === repository.full_name)) {
    return false;
  }
  return true;
}

/** Every alert of these orgs that matches, newest first (ties in any order). */
export function expectedAlerts(dataset: DemoDataset, orgs: string[], filter: ReferenceFilter = {}): DemoAlertRecord[] {
  return dataset.alerts
    .filter((record) => orgs.includes(record.org) && matches(record, filter))
    .sort((a, b) => Date.parse(b.alert.created_at ?? '') - Date.parse(a.alert.created_at ?? ''));
}
