import { describe, expect, it } from 'vitest';
import { alertKey } from '../../src/alerts/model.ts';
import type { DemoAlertRecord } from '../../src/demo/dataset.ts';
import type { DemoFlavor } from '../../src/demo/flavor.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { useSharedHarness, type Harness } from '../support/harness.ts';
import { alertId, expectedAlerts } from '../support/reference.ts';

const PATCH = 'PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}';
const READABLE = ['acme-corp', 'acme-labs', 'globex', 'initech'];

const LIST = `query($filter: SecretScanningAlertFilter) {
  secretScanningAlerts(first: 100, filter: $filter) {
    totalCount
    nodes { number repository { nameWithOwner } assignee { login } }
  }
}`;

const ASSIGN = `mutation($input: AssignSecretScanningAlertInput!) {
  assignSecretScanningAlert(input: $input) {
    __typename
    ... on UpdateSecretScanningAlertSuccess { alert { number state assignee { login } } }
    ... on Error { code message }
    ... on ValidationError { field }
  }
}`;

const BULK = `mutation($input: BulkUpdateSecretScanningAlertsInput!) {
  bulkUpdateSecretScanningAlerts(input: $input) {
    succeeded failed
    results { alert { assignee { login } state } error { code message } }
  }
}`;

const ALERT = `query($id: ID!) { node(id: $id) { ... on SecretScanningAlert { assignee { login } state } } }`;
const REPORT = `{ secretScanningReport(orgs: ["initech"]) { byAssignee { key count } } }`;

const idOf = (record: DemoAlertRecord) => encodeNodeId('SecretScanningAlert', alertKey(record.org, record.repository.name, record.alert.number));
const auditLines = (h: Harness, action: string) => h.logLines.map((line) => JSON.parse(line)).filter((line) => line.action === action);

/** What a flavor can do with assignees: read them (GHES 3.19), and filter and assign (GHES 3.20). */
const FLAVORS: [DemoFlavor, { reads: boolean; assigns: boolean }][] = [
  ['dotcom', { reads: true, assigns: true }],
  ['ghes-3.20', { reads: true, assigns: true }],
  ['ghes-3.19', { reads: true, assigns: false }],
  ['ghes-3.17', { reads: false, assigns: false }],
  ['ghes-3.1', { reads: false, assigns: false }],
];

describe.each(FLAVORS)('assignees against the %s demo', (flavor, { reads, assigns }) => {
  const harness = useSharedHarness({ flavor });
  const records = () => harness().demo.dataset.alerts.filter((record) => record.org === 'initech');

  it(reads ? 'reads each alert’s assignee and counts alerts per assignee' : 'answers null for assignees the server does not report', async () => {
    const h = harness();
    const assigned = records().find((record) => record.alert.assigned_to !== null)!;
    const alert = await h.query(ALERT, { id: idOf(assigned) });
    expect(alert.data!.node.assignee).toEqual(reads ? { login: assigned.alert.assigned_to!.login } : null);
    const report = await h.query(REPORT);
    expect(report.errors).toBeUndefined();
    const counts = new Map<string, number>();
    for (const { alert: a } of records()) counts.set(a.assigned_to?.login ?? 'none', (counts.get(a.assigned_to?.login ?? 'none') ?? 0) + 1);
    const buckets = report.data!.secretScanningReport.byAssignee;
    expect(buckets === null ? null : new Map(buckets.map((b: { key: string; count: number }) => [b.key, b.count]))).toEqual(reads ? counts : null);
  });

  it(assigns ? 'filters by a login, "*" and "none", on GitHub and again on the gateway' : 'refuses the assignee filter, naming GHES 3.20, without asking GitHub', async () => {
    const h = harness();
    const login = records().find((record) => record.alert.assigned_to !== null)!.alert.assigned_to!.login;
    for (const assignee of [login, '*', 'none']) {
      const result = await h.query(LIST, { filter: { assignee } });
      if (!assigns) {
        expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: 'filter.assignee' });
        expect(result.errors![0]!.message).toMatch(/GitHub Enterprise Server 3\.20 or later.*runs 3\.1\d?\.0/);
        continue;
      }
      expect(result.errors).toBeUndefined();
      const expected = expectedAlerts(h.demo.dataset, READABLE, { assignee });
      expect(result.data!.secretScanningAlerts.totalCount).toBe(expected.length);
      const ids = result.data!.secretScanningAlerts.nodes.map((n: { number: number; repository: { nameWithOwner: string } }) => `${n.repository.nameWithOwner}#${n.number}`);
      const wanted = new Set(expected.map(alertId));
      expect(ids).toHaveLength(Math.min(100, expected.length));
      expect(ids.filter((id: string) => !wanted.has(id))).toEqual([]);
    }
    if (assigns) expect(h.demo.requests.some((request) => request.query.assignee === 'none')).toBe(true);
    else expect(h.demo.requestCount()).toBe(0);
  });

  it(assigns ? 'assigns and unassigns an alert, audited, and refuses a login without write access' : 'refuses to assign, naming GHES 3.20, without any write', async () => {
    const h = harness();
    const target = records().find((record) => record.alert.assigned_to === null && record.alert.state === 'open')!;
    const assign = (assignee: string | null) => h.query(ASSIGN, { input: { alertId: idOf(target), assignee } });
    const assigned = (await assign('carol-ops')).data!.assignSecretScanningAlert;
    if (!assigns) {
      expect(assigned).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION', field: 'input.assignee' });
      expect(assigned.message).toMatch(/3\.20/);
      expect(h.demo.requestCount(PATCH)).toBe(0);
      expect(auditLines(h, 'secret_scanning_alert.assign').at(-1)).toMatchObject({ outcome: 'VALIDATION', requested: { assignee: 'carol-ops' } });
      return;
    }
    expect(assigned).toEqual({ __typename: 'UpdateSecretScanningAlertSuccess', alert: { number: target.alert.number, state: 'OPEN', assignee: { login: 'carol-ops' } } });
    expect((await h.query(ALERT, { id: idOf(target) })).data!.node.assignee).toEqual({ login: 'carol-ops' });
    const refused = (await assign('otto-outsider')).data!.assignSecretScanningAlert;
    expect(refused).toMatchObject({ __typename: 'ValidationError', field: 'input.assignee' });
    expect(refused.message).toMatch(/"otto-outsider".*write access to the repository/);
    const unassigned = (await assign(null)).data!.assignSecretScanningAlert;
    expect(unassigned.alert.assignee).toBeNull();
    expect(h.demo.requestCount(PATCH)).toBe(3);
    const lines = auditLines(h, 'secret_scanning_alert.assign');
    expect(lines.map((line) => [line.outcome, line.before?.assignee, (line.after ?? line.requested).assignee])).toEqual([
      ['success', null, 'carol-ops'],
      ['VALIDATION', 'carol-ops', 'otto-outsider'],
      ['success', 'carol-ops', null],
    ]);
  });

  it(assigns ? 'assigns many alerts in one bulk update, with or without a state change' : 'refuses a bulk update with an assignee', async () => {
    const h = harness();
    const open = records().filter((record) => record.alert.state === 'open' && record.alert.assigned_to === null).slice(1, 4);
    const ids = open.map(idOf);
    const result = await h.query(BULK, { input: { alertIds: ids, assignee: 'dave-sre' } });
    if (!assigns) {
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: 'input.assignee' });
      expect(h.demo.requestCount(PATCH)).toBe(0);
      return;
    }
    const payload = result.data!.bulkUpdateSecretScanningAlerts;
    expect(payload).toMatchObject({ succeeded: 3, failed: 0 });
    for (const item of payload.results) expect(item.alert).toEqual({ assignee: { login: 'dave-sre' }, state: 'OPEN' });
    const again = (await h.query(BULK, { input: { alertIds: ids, assignee: null, state: 'RESOLVED', resolution: 'FALSE_POSITIVE' } })).data!.bulkUpdateSecretScanningAlerts;
    for (const item of again.results) expect(item.alert).toEqual({ assignee: null, state: 'RESOLVED' });
    expect(h.demo.requestCount(PATCH)).toBe(6);
    const items = auditLines(h, 'secret_scanning_alert.bulk_update_item');
    expect(items.at(-1)).toMatchObject({ outcome: 'success', after: { state: 'resolved', resolution: 'false_positive', assignee: null } });
  });
});
