import { describe, expect, it } from 'vitest';
import { alertKey } from '../../src/alerts/model.ts';
import type { DemoFlavor } from '../../src/demo/flavor.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { useSharedHarness, type Harness } from '../support/harness.ts';
import { expectedAlerts, type ReferenceFilter } from '../support/reference.ts';

const PATCH = 'PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}';
const READABLE = ['acme-corp', 'acme-labs', 'globex', 'initech'];
const COUNT = `query($filter: SecretScanningAlertFilter) { secretScanningAlerts(first: 0, filter: $filter) { totalCount } }`;
const SET_VALIDITY = `mutation($input: SetSecretScanningAlertValidityInput!) {
  setSecretScanningAlertValidity(input: $input) {
    __typename
    ... on UpdateSecretScanningAlertSuccess { alert { validity } }
    ... on Error { code message }
    ... on ValidationError { field }
  }
}`;

/** Each filter, what GitHub is sent for it, and the field a server without it names. */
const FILTERS: [string, ReferenceFilter, Record<string, string>][] = [
  ['providers', { providers: ['aws', 'github'] }, { providers: 'aws,github' }],
  ['excludeProviders', { excludeProviders: ['slack'], state: 'OPEN' }, { exclude_providers: 'slack' }],
  ['excludeSecretTypes', { excludeSecretTypes: ['password', 'aws_access_key_id'] }, { exclude_secret_types: 'password,aws_access_key_id' }],
  ['isBypassed', { isBypassed: true }, { is_bypassed: 'true' }],
];

const csvRows = async (h: Harness, query: string) => {
  const response = await fetch(h.gateway.url.replace(/\/graphql$/, `/export/alerts.csv?${query}`));
  return { status: response.status, lines: (await response.text()).split('\r\n').filter(Boolean).length };
};

describe.each(['dotcom', 'ghes-3.20', 'ghes-3.19', 'ghes-3.17', 'ghes-3.1'] as DemoFlavor[])('validity override and provider filters against the %s demo', (flavor) => {
  const harness = useSharedHarness({ flavor });
  const dotcom = flavor === 'dotcom';

  it.each(FILTERS)(dotcom ? 'filters on %s, on GitHub and again on the gateway' : 'refuses the %s filter, naming the release it needs', async (name, filter, sent) => {
    const h = harness();
    const result = await h.query(COUNT, { filter });
    if (!dotcom) {
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field: `filter.${name}` });
      expect(result.errors![0]!.message).toMatch(/GitHub Enterprise Server 3\.22 or later/);
      expect(h.demo.requestCount()).toBe(0);
      return;
    }
    expect(result.errors).toBeUndefined();
    const expected = expectedAlerts(h.demo.dataset, READABLE, filter).length;
    expect(expected).toBeGreaterThan(0);
    expect(result.data!.secretScanningAlerts.totalCount).toBe(expected);
    expect(h.demo.requests.some((request) => Object.entries(sent).every(([key, value]) => request.query[key] === value))).toBe(true);
  });

  it('refuses filters GitHub does not combine, naming the second one, on any server', async () => {
    const h = harness();
    for (const [filter, field] of [
      [{ secretTypes: ['password'], excludeSecretTypes: ['password'] }, 'filter.excludeSecretTypes'],
      [{ providers: ['aws'], excludeProviders: ['slack'] }, 'filter.excludeProviders'],
    ] as const) {
      const result = await h.query(COUNT, { filter });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'VALIDATION', field });
    }
    expect(h.demo.requestCount()).toBe(0);
  });

  it('exports with the same filters, or refuses them as GraphQL does', async () => {
    const h = harness();
    const exported = await csvRows(h, 'orgs=acme-corp,initech&excludeProviders=aws,stripe&isBypassed=false');
    if (!dotcom) {
      expect(exported.status).toBe(400);
      return;
    }
    const filter: ReferenceFilter = { excludeProviders: ['aws', 'stripe'], isBypassed: false };
    expect(exported).toEqual({ status: 200, lines: 1 + expectedAlerts(h.demo.dataset, ['acme-corp', 'initech'], filter).length });
  });

  it(dotcom ? 'overrides an alert’s validity and clears the override, audited' : 'refuses a validity override, naming GHES 3.22, without any write', async () => {
    const h = harness();
    const record = h.demo.dataset.alerts.find((candidate) => candidate.org === 'acme-labs' && candidate.alert.validity === 'active')!;
    const alertId = encodeNodeId('SecretScanningAlert', alertKey('acme-labs', record.repository.name, record.alert.number));
    const set = async (validity: string | null) => (await h.query(SET_VALIDITY, { input: { alertId, validity } })).data!.setSecretScanningAlertValidity;
    const inactive = await set('INACTIVE');
    const lines = () => h.logLines.map((line) => JSON.parse(line)).filter((line) => line.action === 'secret_scanning_alert.set_validity');
    if (!dotcom) {
      expect(inactive).toMatchObject({ __typename: 'ValidationError', field: 'input.validity' });
      expect(inactive.message).toMatch(/GitHub Enterprise Server 3\.22 or later/);
      expect(h.demo.requestCount(PATCH)).toBe(0);
      expect(lines()).toEqual([expect.objectContaining({ outcome: 'VALIDATION', requested: { validity: 'inactive' } })]);
      return;
    }
    expect(inactive).toEqual({ __typename: 'UpdateSecretScanningAlertSuccess', alert: { validity: 'INACTIVE' } });
    expect(await set(null)).toEqual({ __typename: 'UpdateSecretScanningAlertSuccess', alert: { validity: 'ACTIVE' } });
    expect(h.demo.requestCount(PATCH)).toBe(2);
    expect(lines().map((line) => [line.outcome, line.before, line.after])).toEqual([
      ['success', { validity: 'active' }, { validity: 'inactive' }],
      ['success', { validity: 'inactive' }, { validity: 'active' }],
    ]);
  });
});
