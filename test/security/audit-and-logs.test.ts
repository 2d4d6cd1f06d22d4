import { beforeAll, describe, expect, it } from 'vitest';
import { alertKey } from '../../src/alerts/model.ts';
import { encodeNodeId } from '../../src/schema/node-id.ts';
import { apiKeysFile } from '../support/api-keys.ts';
import { startHarness, type Harness } from '../support/harness.ts';

const COMMENT = 'rotated-by-alice-COMMENT-7731';
const VARIABLE = 'variable-value-VAR-5521';

describe('audit lines and what the log holds, at GATEWAY_LOG_LEVEL=warn', () => {
  let h: Harness;
  const key = 'key-writer-audit-3c9d';
  beforeAll(async () => {
    h = await startHarness({
      env: { GATEWAY_LOG_LEVEL: 'warn', GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: apiKeysFile({ ops: { key, orgs: ['*'], permissions: ['read', 'write'] } }) },
    });
    return () => h.close();
  });

  const lines = () => h.logLines.map((line) => JSON.parse(line) as Record<string, any>);

  it('writes the audit line of every mutation whatever the level, without the comment text', async () => {
    const record = h.demo.dataset.alerts.find((r) => r.org === 'acme-corp' && r.alert.state === 'open')!;
    const id = encodeNodeId('SecretScanningAlert', alertKey('acme-corp', record.repository.name, record.alert.number));
    const result = await h.query(
      `mutation { updateSecretScanningAlert(input: { alertId: "${id}", state: RESOLVED, resolution: REVOKED, resolutionComment: "${COMMENT}" }) { __typename } }`,
      {},
      { 'x-api-key': key },
    );
    expect(result.data).toEqual({ updateSecretScanningAlert: { __typename: 'UpdateSecretScanningAlertSuccess' } });
    const audit = lines().filter((line) => line.level === 'audit');
    expect(audit).toEqual([
      expect.objectContaining({ actor: 'key:ops', action: 'secret_scanning_alert.update', outcome: 'success', after: { state: 'resolved', resolution: 'revoked' } }),
    ]);
    expect(h.logLines.join('\n')).not.toContain(COMMENT);
  });

  it('logs neither the query nor the comment of a bulk call with a bad id (a client error), and never variables', async () => {
    const before = h.logLines.length;
    await h.query(
      `mutation { bulkUpdateSecretScanningAlerts(input: { alertIds: ["not-an-id"], state: RESOLVED, resolution: REVOKED, resolutionComment: "${COMMENT}" }) { failed } }`,
      {},
      { 'x-api-key': key },
    );
    await h.query('query($n: Int) { secretScanningAlerts(first: $n) { totalCount } }', { n: VARIABLE }, { 'x-api-key': key });
    await h.query('{ organizations { login } }', {}, { 'x-api-key': 'wrong-key' });
    const added = h.logLines.slice(before).map((line) => JSON.parse(line) as Record<string, any>);
    // The refused bulk call is audited; nothing else is worth a line at warn.
    expect(added.map((line) => [line.level, line.action, line.outcome])).toEqual([['audit', 'secret_scanning_alert.bulk_update', 'VALIDATION']]);
    expect(JSON.stringify(added)).not.toContain(COMMENT);
    expect(JSON.stringify(added)).not.toContain(VARIABLE);
  });
});

describe('client errors at debug level', () => {
  it('are one short line each: no query source, no variable values', async () => {
    const h = await startHarness({ env: { GATEWAY_LOG_LEVEL: 'debug' } });
    try {
      const before = h.logLines.length;
      await h.query(`query($d: DateTime) { secretScanningAlerts(filter: { createdAfter: $d }) { totalCount } } # ${COMMENT}`, { d: VARIABLE });
      const added = h.logLines.slice(before).join('\n');
      expect(added).not.toContain(VARIABLE);
      expect(added).not.toContain(COMMENT);
      expect(added).not.toMatch(/"level":"(error|warn)"/);
      expect(added).toMatch(/"level":"debug"/);
    } finally {
      await h.close();
    }
  });
});
