import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useSharedHarness } from '../support/harness.ts';
import { expectedAlerts } from '../support/reference.ts';

const KEY = 'report-key-acme-only-0001';

/** One API key, allowed to read acme-corp and acme-labs only. */
function keysFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'report-keys-')), 'keys.json');
  const sha256 = createHash('sha256').update(KEY).digest('hex');
  writeFileSync(file, JSON.stringify({ keys: [{ name: 'acme-reader', sha256, orgs: ['acme-corp', 'acme-labs'], permissions: ['read'] }] }));
  return file;
}

const REPORT = `query($orgs: [String!]) {
  secretScanningReport(orgs: $orgs) { total byOrganization { key count } failures { login code message } }
}`;

describe('secretScanningReport for an API key limited to some organizations', () => {
  const harness = useSharedHarness({ env: { GATEWAY_AUTH: 'api-keys', GATEWAY_API_KEYS_FILE: keysFile() } });
  const asKey = { 'x-api-key': KEY };
  const readsOf = (org: string) => harness().demo.requests.filter((r) => r.path === `/orgs/${org}` || r.path.startsWith(`/orgs/${org}/`));

  it('refuses organizations outside the allowlist with FORBIDDEN, without reading them, and reports the others', async () => {
    const h = harness();
    const result = await h.query(REPORT, { orgs: ['acme-corp', 'globex'] }, asKey);
    expect(result.errors).toBeUndefined();
    const expected = expectedAlerts(h.demo.dataset, ['acme-corp']).length;
    expect(result.data!.secretScanningReport).toEqual({
      total: expected,
      byOrganization: [{ key: 'acme-corp', count: expected }],
      failures: [{ login: 'globex', code: 'FORBIDDEN', message: 'This caller may not read organization "globex".' }],
    });
    expect(readsOf('acme-corp').length).toBeGreaterThan(0);
    expect(readsOf('globex')).toEqual([]);
  });

  it('reads only the allowed organizations when the query names none', async () => {
    const h = harness();
    const result = await h.query(REPORT, {}, asKey);
    expect(result.errors).toBeUndefined();
    const count = (org: string) => expectedAlerts(h.demo.dataset, [org]).length;
    expect(result.data!.secretScanningReport).toEqual({
      total: count('acme-corp') + count('acme-labs'),
      byOrganization: [
        { key: 'acme-corp', count: count('acme-corp') },
        { key: 'acme-labs', count: count('acme-labs') },
      ],
      failures: [],
    });
    expect(new Set(h.demo.requests.map((r) => r.path.split('/')[2]))).toEqual(new Set(['acme-corp', 'acme-labs']));
  });

  it('answers an empty report with every named organization refused, and no upstream call, when none is allowed', async () => {
    const h = harness();
    const result = await h.query(REPORT, { orgs: ['globex', 'initech'] }, asKey);
    expect(result.errors).toBeUndefined();
    expect(result.data!.secretScanningReport).toEqual({
      total: 0,
      byOrganization: [],
      failures: [
        { login: 'globex', code: 'FORBIDDEN', message: 'This caller may not read organization "globex".' },
        { login: 'initech', code: 'FORBIDDEN', message: 'This caller may not read organization "initech".' },
      ],
    });
    expect(h.demo.requestCount()).toBe(0);
  });
});
