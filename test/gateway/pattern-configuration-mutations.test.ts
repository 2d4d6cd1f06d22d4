import { beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.ts';
import { GLOBEX_WRITER, PATCH_CONFIG, READER, READ_CONFIG, UPDATE_CONFIG, useMutationHarnesses } from '../support/mutations.ts';

const mutations = useMutationHarnesses();
/** `h`: the local caller (may write anything). `k`: callers identified by API keys, with their own demo GitHub. */
let h: Harness;
let k: Harness;
beforeEach(() => {
  h = mutations.h;
  k = mutations.k;
});

describe('updateSecretScanningPatternConfiguration', () => {
  async function readConfig(org: string) {
    const result = await h.query(READ_CONFIG, { org });
    expect(result.errors).toBeUndefined();
    return result.data!.organization.secretScanningPatternConfiguration as {
      version: string;
      providerPatternOverrides: { tokenType: string; setting: string }[];
      customPatternOverrides: { tokenType: string; customPatternVersion: string; setting: string }[];
    };
  }

  it('passes the versions through, maps settings, returns the new version and the next read shows it', async () => {
    const before = await readConfig('acme-labs');
    const provider = before.providerPatternOverrides[0]!;
    const custom = before.customPatternOverrides[0]!;
    const providerTarget = provider.setting === 'not-set' ? 'ENABLED' : 'NOT_SET';
    const customTarget = custom.setting === 'enabled' ? 'DISABLED' : 'ENABLED';
    const result = await h.query(UPDATE_CONFIG, {
      input: {
        org: 'acme-labs',
        patternConfigVersion: before.version,
        providerPatternSettings: [{ tokenType: provider.tokenType, pushProtectionSetting: providerTarget }],
        customPatternSettings: [{ tokenType: custom.tokenType, customPatternVersion: custom.customPatternVersion, pushProtectionSetting: customTarget }],
      },
    });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.updateSecretScanningPatternConfiguration;
    expect(payload.__typename).toBe('UpdateSecretScanningPatternConfigurationSuccess');
    expect(payload.patternConfigVersion).toBeTruthy();
    expect(payload.patternConfigVersion).not.toBe(before.version);
    expect(h.demo.requestCount(PATCH_CONFIG)).toBe(1);

    const after = await readConfig('acme-labs');
    expect(after.version).toBe(payload.patternConfigVersion);
    expect(after.providerPatternOverrides.find((o) => o.tokenType === provider.tokenType)!.setting).toBe(
      providerTarget === 'ENABLED' ? 'enabled' : 'not-set',
    );
    expect(after.customPatternOverrides.find((o) => o.tokenType === custom.tokenType)!.setting).toBe(customTarget.toLowerCase());
  });

  it('lets exactly one of two clients updating from the same version win; the other gets VersionConflictError', async () => {
    const before = await readConfig('initech');
    const [a, b] = before.providerPatternOverrides.filter((o) => o.setting !== 'enabled');
    const send = (tokenType: string) =>
      h.query(UPDATE_CONFIG, {
        input: {
          org: 'initech',
          patternConfigVersion: before.version,
          providerPatternSettings: [{ tokenType, pushProtectionSetting: 'ENABLED' }],
        },
      });
    const results = await Promise.all([send(a!.tokenType), send(b!.tokenType)]);
    const payloads = results.map((r) => r.data!.updateSecretScanningPatternConfiguration);
    const winners = payloads.filter((p) => p.__typename === 'UpdateSecretScanningPatternConfigurationSuccess');
    const losers = payloads.filter((p) => p.__typename === 'VersionConflictError');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]).toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(losers[0].message).toMatch(/re-read/i);
    expect(losers[0].message).toContain('secretScanningPatternConfiguration');
    // Never retried: one PATCH each.
    expect(h.demo.requestCount(PATCH_CONFIG)).toBe(2);

    const winnerToken = payloads[0] === winners[0] ? a!.tokenType : b!.tokenType;
    const loserToken = winnerToken === a!.tokenType ? b!.tokenType : a!.tokenType;
    const after = await readConfig('initech');
    expect(after.version).toBe(winners[0].patternConfigVersion);
    expect(after.providerPatternOverrides.find((o) => o.tokenType === winnerToken)!.setting).toBe('enabled');
    expect(after.providerPatternOverrides.find((o) => o.tokenType === loserToken)!.setting).toBe(
      before.providerPatternOverrides.find((o) => o.tokenType === loserToken)!.setting,
    );
  });

  it('answers VersionConflictError for a stale customPatternVersion', async () => {
    const before = await readConfig('globex');
    const custom = before.customPatternOverrides[0]!;
    const result = await h.query(UPDATE_CONFIG, {
      input: {
        org: 'globex',
        patternConfigVersion: before.version,
        customPatternSettings: [{ tokenType: custom.tokenType, customPatternVersion: 'stale-version', pushProtectionSetting: 'ENABLED' }],
      },
    });
    expect(result.data!.updateSecretScanningPatternConfiguration).toMatchObject({ __typename: 'VersionConflictError' });
    expect((await readConfig('globex')).version).toBe(before.version);
  });

  it('rejects NOT_SET for a custom pattern before calling GitHub', async () => {
    const result = await h.query(UPDATE_CONFIG, {
      input: { org: 'globex', customPatternSettings: [{ tokenType: 'cp_1', pushProtectionSetting: 'NOT_SET' }] },
    });
    expect(result.data!.updateSecretScanningPatternConfiguration).toMatchObject({
      __typename: 'ValidationError',
      field: 'input.customPatternSettings[0].pushProtectionSetting',
    });
    expect(h.demo.requestCount()).toBe(0);
  });

  it("maps GitHub's 422 to ValidationError, 404 to NotFoundError and 5xx to UpstreamError (not retried)", async () => {
    const unknownToken = await h.query(UPDATE_CONFIG, {
      input: { org: 'globex', providerPatternSettings: [{ tokenType: 'NO_SUCH_TOKEN', pushProtectionSetting: 'ENABLED' }] },
    });
    expect(unknownToken.data!.updateSecretScanningPatternConfiguration).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
    for (const org of ['umbrella', 'no-such-org']) {
      const result = await h.query(UPDATE_CONFIG, { input: { org, providerPatternSettings: [] } });
      expect(result.data!.updateSecretScanningPatternConfiguration).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
    }
    h.demo.resetCounts();
    h.demo.failNext(PATCH_CONFIG, 503);
    const failing = await h.query(UPDATE_CONFIG, { input: { org: 'globex', providerPatternSettings: [] } });
    expect(failing.data!.updateSecretScanningPatternConfiguration).toMatchObject({ __typename: 'UpstreamError', status: 503 });
    expect(h.demo.requestCount(PATCH_CONFIG)).toBe(1);
    const badLogin = await h.query(UPDATE_CONFIG, { input: { org: '../x', providerPatternSettings: [] } });
    expect(badLogin.data!.updateSecretScanningPatternConfiguration).toMatchObject({ __typename: 'ValidationError' });
  });

  it('answers ForbiddenError without a PATCH for a read-only caller, and for an organization outside its allowlist', async () => {
    for (const [org, headers] of [['globex', READER], ['acme-corp', GLOBEX_WRITER]] as const) {
      const result = await k.query(UPDATE_CONFIG, { input: { org, providerPatternSettings: [] } }, headers);
      expect(result.data!.updateSecretScanningPatternConfiguration).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    }
    expect(k.demo.requestCount()).toBe(0);
  });
});
