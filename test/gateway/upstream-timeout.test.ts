import { describe, expect, it } from 'vitest';
import { alertKey } from '../../src/alerts/model.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { useSharedHarness } from '../support/harness.ts';
import { expectedAlerts } from '../support/reference.ts';

const TIMEOUT_MS = 300;
/** Far beyond the gateway's upstream timeout: the demo GitHub answers only after the gateway gave up. */
const STALL_MS = 5_000;

const CROSS_ORG = `query($orgs: [String!], $filter: SecretScanningAlertFilter) {
  secretScanningAlerts(orgs: $orgs, first: 100, filter: $filter) {
    failures { login code message }
    nodes { number organization { login } }
  }
}`;

const UPDATE = `mutation($input: UpdateSecretScanningAlertInput!) {
  updateSecretScanningAlert(input: $input) {
    __typename
    ... on Error { code message }
  }
}`;

describe('a GitHub that does not answer', () => {
  const harness = useSharedHarness({ env: { GATEWAY_UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS), GATEWAY_WRITE_INTERVAL_MS: '0' } });

  it('fails that organization once the upstream timeout passes, without retrying, and still answers with the others', async () => {
    const h = harness();
    h.demo.failNext('GET /orgs/globex/secret-scanning/alerts', 502, { stallMs: STALL_MS });
    const filter = { state: 'OPEN' as const };
    const result = await h.query(CROSS_ORG, { orgs: ['globex', 'initech'], filter });
    expect(result.errors).toBeUndefined();
    const { failures, nodes } = result.data!.secretScanningAlerts;
    expect(failures).toEqual([{ login: 'globex', code: 'UPSTREAM', message: expect.stringMatching(`did not answer within ${TIMEOUT_MS} ms`) }]);
    // globex's other stream (the generic secret types) was read, but a failed organization is left out whole.
    expect(nodes).toHaveLength(expectedAlerts(h.demo.dataset, ['initech'], filter).length);
    expect(nodes.every((node: { organization: { login: string } }) => node.organization.login === 'initech')).toBe(true);
    const globexDefaultStream = h.demo.requests.filter((request) => request.path === '/orgs/globex/secret-scanning/alerts' && !request.query.secret_type);
    expect(globexDefaultStream).toHaveLength(1);

    // The hang held no slot for good: the same organization reads normally on the next request.
    const again = await h.query(CROSS_ORG, { orgs: ['globex'], filter });
    expect(again.data!.secretScanningAlerts.failures).toEqual([]);
    expect(again.data!.secretScanningAlerts.nodes).toHaveLength(expectedAlerts(h.demo.dataset, ['globex'], filter).length);
  });

  it('says that a write that timed out may or may not have been applied, and does not send it again', async () => {
    const h = harness();
    const record = h.demo.dataset.alerts.find((candidate) => candidate.org === 'acme-corp' && candidate.alert.state === 'open')!;
    const alertId = encodeNodeId('SecretScanningAlert', alertKey(record.repository.owner.login, record.repository.name, record.alert.number));
    h.demo.failNext('PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', 502, { stallMs: STALL_MS });
    const result = await h.query(UPDATE, { input: { alertId, state: 'RESOLVED', resolution: 'REVOKED' } });
    expect(result.data!.updateSecretScanningAlert).toMatchObject({
      __typename: 'UpstreamError',
      code: 'UPSTREAM',
      message: expect.stringMatching(/did not answer within .*may or may not have been applied/),
    });
    expect(h.demo.requestCount('PATCH /repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}')).toBe(1);
  });
});
