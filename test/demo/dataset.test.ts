import { describe, expect, it } from 'vitest';
import { GENERIC_SECRET_TYPES } from '../../src/github/secret-types.ts';
import { createDemoDataset } from '../../src/demo/dataset.ts';
import { LOCATION_TYPES } from '../../src/demo/github-types.ts';
import { GENERIC_SECRET_TYPE_SPECS } from '../../src/demo/secret-catalog.ts';

describe('demo dataset', () => {
  const dataset = createDemoDataset();

  it('is deterministic for a seed and differs across seeds', () => {
    expect(createDemoDataset()).toEqual(dataset);
    const other = createDemoDataset({ seed: 7 });
    expect(other.alerts.map((record) => record.alert.secret)).not.toEqual(dataset.alerts.map((record) => record.alert.secret));
  });

  it('has the documented orgs and a varied alert population', () => {
    expect(dataset.orgs.map((org) => org.login)).toEqual(['acme-corp', 'acme-labs', 'globex', 'initech', 'umbrella', 'hooli']);
    expect(dataset.orgs.find((org) => org.login === 'umbrella')?.secretScanningEnabled).toBe(false);
    expect(dataset.orgs.find((org) => org.login === 'hooli')?.readable).toBe(false);
    expect(dataset.repos.length).toBeGreaterThanOrEqual(24);
    expect(dataset.alerts.length).toBeGreaterThan(300);
    const values = <T>(pick: (record: (typeof dataset.alerts)[number]) => T) => new Set(dataset.alerts.map(pick));
    expect(values((record) => record.alert.state)).toEqual(new Set(['open', 'resolved']));
    expect(values((record) => record.alert.resolution)).toEqual(new Set([null, 'false_positive', 'wont_fix', 'revoked', 'used_in_tests', 'pattern_edited', 'pattern_deleted']));
    expect(values((record) => record.alert.validity)).toEqual(new Set(['active', 'inactive', 'unknown']));
    expect(values((record) => record.alert.push_protection_bypassed)).toEqual(new Set([true, false]));
    expect(values((record) => record.alert.publicly_leaked)).toEqual(new Set([true, false]));
    expect(values((record) => record.alert.multi_repo)).toEqual(new Set([true, false]));
    expect(values((record) => record.alert.resolution_comment === null)).toEqual(new Set([true, false]));
    const types = values((record) => record.alert.secret_type);
    for (const type of ['github_personal_access_token', 'aws_access_key_id', 'slack_api_token', 'stripe_api_key', 'google_api_key', 'azure_storage_account_key', 'npm_access_token']) {
      expect(types).toContain(type);
    }
    expect([...types].some((type) => GENERIC_SECRET_TYPES.includes(type))).toBe(true);
    expect(new Set(dataset.alerts.flatMap((record) => record.locations.map((location) => location.type)))).toEqual(new Set(LOCATION_TYPES));
  });

  it('keeps alert invariants', () => {
    for (const { alert, locations, repository } of dataset.alerts) {
      expect(alert.first_location_detected).toEqual(locations[0]?.details);
      expect(alert.has_more_locations).toBe(locations.length > 1);
      expect(alert.url).toBe(`${repository.url}/secret-scanning/alerts/${alert.number}`);
      if (alert.state === 'open') expect([alert.resolution, alert.resolved_at, alert.resolved_by]).toEqual([null, null, null]);
      else expect(alert.resolved_at! >= alert.created_at).toBe(true);
      if (alert.push_protection_bypassed) expect(alert.push_protection_bypassed_by).not.toBeNull();
      if (alert.secret_type === 'github_personal_access_token') expect(alert.secret).toMatch(/^ghp_[0-9A-Za-z]{36}$/);
    }
    const createdInAcme = dataset.alerts.filter((record) => record.org === 'acme-corp').map((record) => record.alert.created_at);
    expect(new Set(createdInAcme).size).toBeLessThan(createdInAcme.length);
    for (const spec of GENERIC_SECRET_TYPE_SPECS) expect(GENERIC_SECRET_TYPES).toContain(spec.secretType);
  });

  it('has a pattern configuration per org', () => {
    for (const org of dataset.orgs) {
      const configuration = dataset.patternConfigurations[org.login];
      expect(configuration?.pattern_config_version).toMatch(/^[0-9A-Za-z]{27}$/);
      expect(configuration?.provider_pattern_overrides.length).toBeGreaterThan(5);
      expect(configuration?.custom_pattern_overrides.length).toBeGreaterThan(0);
    }
  });

  it('generates big benchmark datasets with exactly alertsPerOrg provider alerts per org', () => {
    const big = createDemoDataset({ orgCount: 12, alertsPerOrg: 150, reposPerOrg: 4, now: new Date('2030-01-01T00:00:00Z') });
    expect(big.orgs.map((org) => org.login).slice(0, 2)).toEqual(['org-01', 'org-02']);
    expect(big.orgs.every((org) => org.readable && org.secretScanningEnabled)).toBe(true);
    for (const org of big.orgs) expect(big.alerts.filter((record) => record.org === org.login)).toHaveLength(150);
    expect(big.alerts.some((record) => GENERIC_SECRET_TYPES.includes(record.alert.secret_type))).toBe(false);
    expect(big.tokens.find((token) => token.name === 'admin')?.readableOrgs).toHaveLength(12);
    expect(big.alerts.every((record) => record.alert.created_at < '2030-01-01T00:00:00Z')).toBe(true);
  });
});
