import { beforeAll, describe, expect, it } from 'vitest';
import { alertKey } from '../../src/alerts/model.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { apiKeysFile, bearer } from '../support/api-keys.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { subscribe } from '../support/sse.ts';

const SECRET = 'webhook-secret-for-tests-5b1a';
const CHANGES = (orgs = '') => `subscription {
  secretScanningAlertChanged${orgs} { action source alert { number state secret organization { login } repository { name } } }
}`;

describe('Subscription.secretScanningAlertChanged over SSE', () => {
  let h: Harness;
  const KEYS = { acme: 'key-acme-subscriber-71ce', ops: 'key-ops-writer-2f0d' };
  beforeAll(async () => {
    h = await startHarness({
      env: {
        GITHUB_WEBHOOK_SECRET: SECRET,
        GATEWAY_AUTH: 'api-keys',
        GATEWAY_API_KEYS_FILE: apiKeysFile({
          acme: { key: KEYS.acme, orgs: ['acme-corp'], permissions: ['read', 'secrets'] },
          ops: { key: KEYS.ops, orgs: ['*'], permissions: ['read', 'write'] },
        }),
      },
    });
    return () => h.close();
  });

  const openAlert = (org: string, skip = 0) => h.demo.dataset.alerts.filter((r) => r.org === org && r.alert.state === 'open')[skip]!;

  it('pushes a change made on GitHub (source WEBHOOK) with the alert as it is now, never its secret', async () => {
    const subscription = await subscribe(h.gateway.url, CHANGES('(orgs: ["acme-corp"])'), bearer(KEYS.acme));
    try {
      const record = openAlert('acme-corp');
      h.demo.changeAlertOnGitHub(record.repository.full_name, record.alert.number, { state: 'resolved', resolution: 'false_positive' });
      const event = await subscription.next();
      expect(event.errors).toBeUndefined();
      expect(event.data.secretScanningAlertChanged).toEqual({
        action: 'RESOLVED',
        source: 'WEBHOOK',
        alert: { number: record.alert.number, state: 'RESOLVED', secret: null, organization: { login: 'acme-corp' }, repository: { name: record.repository.name } },
      });
    } finally {
      subscription.close();
    }
  });

  it('applies the subscriber’s access to every event: another organization’s changes never arrive', async () => {
    const subscription = await subscribe(h.gateway.url, CHANGES(), bearer(KEYS.acme));
    try {
      const elsewhere = openAlert('globex');
      h.demo.changeAlertOnGitHub(elsewhere.repository.full_name, elsewhere.alert.number, { state: 'resolved', resolution: 'revoked' });
      await h.demo.webhooksSettled();
      const mine = openAlert('acme-corp', 1);
      h.demo.raiseAlert({ repository: mine.repository.full_name });
      const event = await subscription.next();
      // The first event this subscriber sees is acme-corp's, although globex's change came first.
      expect(event.data.secretScanningAlertChanged).toMatchObject({ action: 'CREATED', alert: { organization: { login: 'acme-corp' }, state: 'OPEN' } });
    } finally {
      subscription.close();
    }
    const refused = await h.query('subscription { secretScanningAlertChanged(orgs: ["globex"]) { action } }', {}, bearer(KEYS.acme));
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('pushes the gateway’s own mutations (source GATEWAY) once, although GitHub’s webhook for them follows', async () => {
    const subscription = await subscribe(h.gateway.url, CHANGES('(orgs: ["acme-corp"])'), bearer(KEYS.acme));
    try {
      const record = openAlert('acme-corp', 2);
      const id = encodeNodeId('SecretScanningAlert', alertKey('acme-corp', record.repository.name, record.alert.number));
      const result = await h.query(
        `mutation { updateSecretScanningAlert(input: { alertId: "${id}", state: RESOLVED, resolution: WONT_FIX }) { __typename } }`,
        {},
        bearer(KEYS.ops),
      );
      expect(result.data).toEqual({ updateSecretScanningAlert: { __typename: 'UpdateSecretScanningAlertSuccess' } });
      const event = await subscription.next();
      expect(event.data.secretScanningAlertChanged).toMatchObject({ action: 'RESOLVED', source: 'GATEWAY', alert: { number: record.alert.number } });
      await h.demo.webhooksSettled();
      expect(h.demo.webhookDeliveries.at(-1)).toMatchObject({ action: 'resolved', status: 202 });
      // The next event is the next change, not GitHub's echo of this one.
      const other = openAlert('acme-corp', 3);
      h.demo.changeAlertOnGitHub(other.repository.full_name, other.alert.number, { state: 'resolved', resolution: 'revoked' });
      const next = await subscription.next();
      expect(next.data.secretScanningAlertChanged).toMatchObject({ source: 'WEBHOOK', alert: { number: other.alert.number } });
    } finally {
      subscription.close();
    }
  });

  it('pushes an assignment made through the gateway as ASSIGNED, and GitHub’s assigned delivery for it is not pushed again', async () => {
    const subscription = await subscribe(h.gateway.url, 'subscription { secretScanningAlertChanged(orgs: ["acme-corp"]) { action source alert { number assignee { login } } } }', bearer(KEYS.acme));
    try {
      const record = h.demo.dataset.alerts.filter((r) => r.org === 'acme-corp' && r.alert.state === 'open' && r.alert.assigned_to === null)[4]!;
      const alertId = encodeNodeId('SecretScanningAlert', alertKey('acme-corp', record.repository.name, record.alert.number));
      const assign = `mutation($alertId: ID!) { assignSecretScanningAlert(input: { alertId: $alertId, assignee: "frank-ml" }) { __typename } }`;
      expect((await h.query(assign, { alertId }, bearer(KEYS.ops))).data).toEqual({ assignSecretScanningAlert: { __typename: 'UpdateSecretScanningAlertSuccess' } });
      const event = await subscription.next();
      expect(event.data.secretScanningAlertChanged).toEqual({ action: 'ASSIGNED', source: 'GATEWAY', alert: { number: record.alert.number, assignee: { login: 'frank-ml' } } });
      await h.demo.webhooksSettled();
      expect(h.demo.webhookDeliveries.at(-1)).toMatchObject({ action: 'assigned', status: 202 });
      const other = openAlert('acme-corp', 5);
      h.demo.raiseAlert({ repository: other.repository.full_name });
      expect((await subscription.next()).data.secretScanningAlertChanged).toMatchObject({ action: 'CREATED', source: 'WEBHOOK' });
    } finally {
      subscription.close();
    }
  });
});
