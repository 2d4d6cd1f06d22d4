import { beforeEach, describe, expect, it } from 'vitest';
import { apiKeysEnv, asKey, KEYS } from '../support/api-keys.ts';
import { useSharedHarness, type Harness } from '../support/harness.ts';

const ENTERPRISE = 'acme-enterprise';
const PATCH_CONFIG = 'PATCH /enterprises/{enterprise}/secret-scanning/pattern-configurations';

const READ = `query($slug: String) {
  enterprise(slug: $slug) {
    slug
    secretScanningPatternConfiguration {
      __typename
      enterprise { slug }
      version
      providerPatternOverrides { tokenType setting }
      customPatternOverrides { tokenType customPatternVersion setting }
    }
  }
}`;

const UPDATE = `mutation($input: UpdateSecretScanningEnterprisePatternConfigurationInput!) {
  updateSecretScanningEnterprisePatternConfiguration(input: $input) {
    __typename
    ... on UpdateSecretScanningPatternConfigurationSuccess { patternConfigVersion }
    ... on Error { code message }
    ... on ValidationError { field }
  }
}`;

interface Configuration {
  version: string;
  providerPatternOverrides: { tokenType: string; setting: string }[];
  customPatternOverrides: { tokenType: string; customPatternVersion: string; setting: string }[];
}

describe('enterprise pattern configuration', () => {
  let h: Harness;
  const harness = useSharedHarness({ env: { ...apiKeysEnv(Object.values(KEYS)), GATEWAY_ENTERPRISE: ENTERPRISE } });
  beforeEach(() => {
    h = harness();
  });
  const admin = asKey(KEYS.admin);

  async function read(): Promise<Configuration> {
    const result = await h.query(READ, {}, admin);
    expect(result.errors).toBeUndefined();
    return result.data!.enterprise.secretScanningPatternConfiguration as Configuration;
  }

  it('reads the configuration of GATEWAY_ENTERPRISE (or the named one) through the shared settings interface', async () => {
    const result = await h.query(READ, { slug: ENTERPRISE }, admin);
    expect(result.errors).toBeUndefined();
    const config = result.data!.enterprise.secretScanningPatternConfiguration;
    expect(config).toMatchObject({ __typename: 'SecretScanningEnterprisePatternConfiguration', enterprise: { slug: ENTERPRISE } });
    expect(config.version).toBe(h.demo.dataset.enterprisePatternConfiguration.pattern_config_version);
    expect(config.customPatternOverrides.length).toBeGreaterThan(0);
    expect((await h.query(READ, {}, admin)).data!.enterprise.slug).toBe(ENTERPRISE);
  });

  it('passes both versions through, returns the new version, and the next read shows the change', async () => {
    const before = await read();
    const provider = before.providerPatternOverrides.find((o) => o.setting !== 'enabled')!;
    const custom = before.customPatternOverrides[0]!;
    const result = await h.query(
      UPDATE,
      {
        input: {
          enterprise: ENTERPRISE,
          patternConfigVersion: before.version,
          providerPatternSettings: [{ tokenType: provider.tokenType, pushProtectionSetting: 'ENABLED' }],
          customPatternSettings: [{ tokenType: custom.tokenType, customPatternVersion: custom.customPatternVersion, pushProtectionSetting: 'ENABLED' }],
        },
      },
      admin,
    );
    const payload = result.data!.updateSecretScanningEnterprisePatternConfiguration;
    expect(payload.__typename).toBe('UpdateSecretScanningPatternConfigurationSuccess');
    expect(payload.patternConfigVersion).not.toBe(before.version);
    expect(h.demo.requests.find((r) => r.route === PATCH_CONFIG)?.status).toBe(200);
    const after = await read();
    expect(after.version).toBe(payload.patternConfigVersion);
    expect(after.providerPatternOverrides.find((o) => o.tokenType === provider.tokenType)!.setting).toBe('enabled');
    const audit = h.logLines.map((line) => JSON.parse(line)).filter((line) => line.action === 'secret_scanning_enterprise_pattern_configuration.update');
    expect(audit.at(-1)).toMatchObject({ actor: 'key:admin', target: { kind: 'enterprise-pattern-configuration', enterprise: ENTERPRISE }, outcome: 'success' });
  });

  it('answers VersionConflictError for a stale pattern_config_version (409), without retrying the PATCH', async () => {
    const result = await h.query(UPDATE, { input: { enterprise: ENTERPRISE, patternConfigVersion: 'stale', providerPatternSettings: [] } }, admin);
    expect(result.data!.updateSecretScanningEnterprisePatternConfiguration).toMatchObject({ __typename: 'VersionConflictError', code: 'VERSION_CONFLICT' });
    expect(result.data!.updateSecretScanningEnterprisePatternConfiguration.message).toContain('enterprise { secretScanningPatternConfiguration');
    expect(h.demo.requestCount(PATCH_CONFIG)).toBe(1);
  });

  it("maps GitHub's 422 to ValidationError and an unknown enterprise to null / NotFoundError", async () => {
    const invalid = await h.query(UPDATE, { input: { enterprise: ENTERPRISE, providerPatternSettings: [{ tokenType: 'NOPE', pushProtectionSetting: 'ENABLED' }] } }, admin);
    expect(invalid.data!.updateSecretScanningEnterprisePatternConfiguration).toMatchObject({ __typename: 'ValidationError' });
    const missing = await h.query(READ, { slug: 'no-such-enterprise' }, admin);
    expect(missing.data!.enterprise).toEqual({ slug: 'no-such-enterprise', secretScanningPatternConfiguration: null });
    const update = await h.query(UPDATE, { input: { enterprise: 'no-such-enterprise', providerPatternSettings: [] } }, admin);
    expect(update.data!.updateSecretScanningEnterprisePatternConfiguration).toMatchObject({ __typename: 'NotFoundError' });
  });

  it('refuses callers limited to some organizations, and read-only callers for changes, before any upstream call', async () => {
    const read = await h.query(READ, { slug: ENTERPRISE }, asKey(KEYS.globex));
    expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const write = await h.query(UPDATE, { input: { enterprise: ENTERPRISE, providerPatternSettings: [] } }, asKey(KEYS.globex));
    expect(write.data!.updateSecretScanningEnterprisePatternConfiguration).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    const readOnly = await h.query(UPDATE, { input: { enterprise: ENTERPRISE, providerPatternSettings: [] } }, asKey(KEYS.reader));
    expect(readOnly.data!.updateSecretScanningEnterprisePatternConfiguration).toMatchObject({ __typename: 'ForbiddenError' });
    const badSlug = await h.query(UPDATE, { input: { enterprise: '../orgs/x', providerPatternSettings: [] } }, admin);
    expect(badSlug.data!.updateSecretScanningEnterprisePatternConfiguration).toMatchObject({ __typename: 'ValidationError', field: 'input.enterprise' });
    expect(h.demo.requestCount()).toBe(0);
    // A caller without an org list may read the enterprise's settings.
    const unrestricted = await h.query(READ, { slug: ENTERPRISE }, asKey(KEYS.reader));
    expect(unrestricted.errors).toBeUndefined();
    expect(unrestricted.data!.enterprise.secretScanningPatternConfiguration.version).toBeTruthy();
  });
});
