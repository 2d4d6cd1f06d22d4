import { describe, expect, it } from 'vitest';
import { createDemoDataset, type DemoDataset } from '../../src/demo/dataset.ts';
import { useSharedHarness } from '../support/harness.ts';

/** [repository index, created_at, resolved_at or null (open)] */
type TimedAlert = [0 | 1, string, string | null];

/**
 * Alerts placed on period boundaries (weekdays read off a calendar): a year end, a leap day, a
 * Monday 00:00, a window edge, ISO week 53 of 2020. One org, org-01, with repo-001 and repo-002.
 */
const ALERTS: TimedAlert[] = [
  /* 1 */ [0, '2023-12-19T23:59:59Z', null], // Tuesday, just before the first window
  /* 2 */ [0, '2023-12-20T00:00:00Z', '2023-12-24T23:59:59Z'], // Wednesday at createdAfter; resolved on the Sunday
  /* 3 */ [0, '2023-12-31T23:59:59Z', '2024-01-01T00:00:00Z'], // the last second of 2023, a Sunday; resolved at a Monday 00:00
  /* 4 */ [0, '2024-01-01T00:00:00Z', null], // a Monday 00:00
  /* 5 */ [0, '2024-01-09T23:59:59Z', '2024-01-15T00:00:00Z'], // Tuesday; resolved after the window ends
  /* 6 */ [0, '2024-01-10T00:00:00Z', null], // Wednesday, at createdBefore: outside
  /* 7 */ [1, '2024-02-29T12:00:00Z', '2024-03-03T23:59:59Z'], // the leap day, a Thursday; resolved on the Sunday, in March
  /* 8 */ [1, '2024-02-28T00:00:00Z', null], // Wednesday
  /* 9 */ [1, '2024-03-04T00:00:00Z', '2024-03-18T09:00:00Z'], // a Monday 00:00; resolved two Mondays later
  /* 10 */ [0, '2020-12-31T10:00:00Z', '2021-01-03T08:00:00Z'], // Thursday of 2020-W53; resolved on its Sunday, in 2021
  /* 11 */ [0, '2020-11-15T00:00:00Z', '2021-01-04T00:00:00Z'], // a Sunday; resolved at the Monday 00:00 starting 2021-W01
];

function timedDataset(): DemoDataset {
  const dataset = createDemoDataset({ orgCount: 1, alertsPerOrg: ALERTS.length, reposPerOrg: 2 });
  const [first, second] = dataset.repos;
  ALERTS.forEach(([repo, created, resolved], i) => {
    const record = dataset.alerts[i]!;
    record.repository = repo === 0 ? first! : second!;
    Object.assign(record.alert, {
      number: i + 1,
      created_at: created,
      updated_at: resolved ?? created,
      state: resolved ? 'resolved' : 'open',
      resolution: resolved ? 'revoked' : null,
      resolved_at: resolved,
    });
  });
  return dataset;
}

const REPORT = `query($filter: SecretScanningAlertFilter) {
  secretScanningReport(filter: $filter) {
    total open resolved
    week: trend(interval: WEEK) { periodStart opened resolved }
    month: trend(interval: MONTH) { periodStart opened resolved }
    failures { login }
  }
}`;

const point = (periodStart: string, opened: number, resolved: number) => ({ periodStart: `${periodStart}T00:00:00.000Z`, opened, resolved });

describe('secretScanningReport trends on period boundaries (expected values worked out by hand)', () => {
  const harness = useSharedHarness({ dataset: timedDataset(), env: { GATEWAY_ORGS: 'org-01' } });

  it('across a year end, within a created window: after inclusive, before exclusive', async () => {
    const result = await harness().query(REPORT, { filter: { createdAfter: '2023-12-20T00:00:00Z', createdBefore: '2024-01-10T00:00:00Z' } });
    expect(result.errors).toBeUndefined();
    // Alerts 2 to 5; the window runs from Wednesday 2023-12-20 to the last millisecond of Tuesday 2024-01-09.
    expect(result.data!.secretScanningReport).toEqual({
      total: 4,
      open: 1,
      resolved: 3,
      week: [point('2023-12-18', 1, 1), point('2023-12-25', 1, 0), point('2024-01-01', 1, 1), point('2024-01-08', 1, 0)],
      month: [point('2023-12-01', 2, 1), point('2024-01-01', 2, 1)],
      failures: [],
    });
  });

  it('around a leap day, without a window: from the first to the last event, gaps filled with zeros', async () => {
    const result = await harness().query(REPORT, { filter: { repositories: ['repo-002'] } });
    expect(result.errors).toBeUndefined();
    // Alerts 7 to 9: first event Wednesday 2024-02-28, last Monday 2024-03-18.
    expect(result.data!.secretScanningReport).toEqual({
      total: 3,
      open: 1,
      resolved: 2,
      week: [point('2024-02-26', 2, 1), point('2024-03-04', 1, 0), point('2024-03-11', 0, 0), point('2024-03-18', 0, 1)],
      month: [point('2024-02-01', 2, 0), point('2024-03-01', 1, 2)],
      failures: [],
    });
  });

  it('over ISO week 53 of 2020, within a resolved window ending at a Monday 00:00', async () => {
    const result = await harness().query(REPORT, { filter: { resolvedAfter: '2020-12-28T00:00:00Z', resolvedBefore: '2021-01-11T00:00:00Z' } });
    expect(result.errors).toBeUndefined();
    // Alerts 10 and 11; 11 was created before the window, so only its resolution counts.
    expect(result.data!.secretScanningReport).toEqual({
      total: 2,
      open: 0,
      resolved: 2,
      week: [point('2020-12-28', 1, 1), point('2021-01-04', 0, 1)],
      month: [point('2020-12-01', 1, 0), point('2021-01-01', 0, 2)],
      failures: [],
    });
  });
});
