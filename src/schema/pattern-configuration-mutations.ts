import { audit, outcomeOf, type AuditTarget } from '../audit.ts';
import type { GatewayContext } from '../context.ts';
import { ValidationError, VersionConflictError } from '../errors.ts';
import { updatePatternConfiguration, type PatternConfigurationScope, type PatternConfigurationUpdate } from '../github/pattern-configurations.ts';
import { authorizeEnterprise, authorizeWrite } from './access.ts';
import { builder } from './builder.ts';
import { PATTERN_CONFIGURATION_MUTATION_ERRORS } from './errors.ts';

type Setting = 'NOT_SET' | 'DISABLED' | 'ENABLED';

const PushProtectionSettingEnum = builder.enumType('PushProtectionSetting', {
  description: "An organization's push-protection setting for one pattern.",
  values: {
    NOT_SET: { description: 'Follow the default (provider patterns only): not-set.' },
    DISABLED: { description: 'Push protection off for this pattern: disabled.' },
    ENABLED: { description: 'Push protection on for this pattern: enabled.' },
  } as const,
});

const REST_SETTING = { NOT_SET: 'not-set', DISABLED: 'disabled', ENABLED: 'enabled' } as const;

const ProviderPatternSettingInput = builder.inputType('ProviderPatternSettingInput', {
  description: "The push-protection setting for one of GitHub's partner patterns.",
  fields: (t) => ({
    tokenType: t.string({ required: true, description: 'The secret type (ProviderPatternOverride.tokenType).' }),
    pushProtectionSetting: t.field({ type: PushProtectionSettingEnum, required: true, description: 'The setting to apply.' }),
  }),
});

const CustomPatternSettingInput = builder.inputType('CustomPatternSettingInput', {
  description: "The push-protection setting for one of the organization's custom patterns.",
  fields: (t) => ({
    tokenType: t.string({ required: true, description: 'The custom pattern (CustomPatternOverride.tokenType).' }),
    customPatternVersion: t.string({
      description: 'CustomPatternOverride.customPatternVersion as read; passed through as custom_pattern_version.',
    }),
    pushProtectionSetting: t.field({ type: PushProtectionSettingEnum, required: true, description: 'DISABLED or ENABLED.' }),
  }),
});

const UpdatePatternConfigurationInput = builder.inputType('UpdateSecretScanningPatternConfigurationInput', {
  description: 'Changes push-protection settings per pattern for one organization.',
  fields: (t) => ({
    org: t.string({ required: true, description: 'The organization login.' }),
    patternConfigVersion: t.string({
      description: 'Passed through as pattern_config_version: SecretScanningPatternConfiguration.version as read. GitHub answers 409 if it is stale.',
    }),
    providerPatternSettings: t.field({ type: [ProviderPatternSettingInput], description: 'Settings of partner patterns.' }),
    customPatternSettings: t.field({ type: [CustomPatternSettingInput], description: 'Settings of custom patterns.' }),
  }),
});

const UpdateEnterprisePatternConfigurationInput = builder.inputType('UpdateSecretScanningEnterprisePatternConfigurationInput', {
  description: 'Changes push-protection settings per pattern for one enterprise (all its organizations).',
  fields: (t) => ({
    enterprise: t.string({ required: true, description: 'The enterprise slug.' }),
    patternConfigVersion: t.string({
      description:
        'Passed through as pattern_config_version: SecretScanningEnterprisePatternConfiguration.version as read. GitHub answers 409 if it is stale.',
    }),
    providerPatternSettings: t.field({ type: [ProviderPatternSettingInput], description: 'Settings of partner patterns.' }),
    customPatternSettings: t.field({ type: [CustomPatternSettingInput], description: 'Settings of the enterprise custom patterns.' }),
  }),
});

interface UpdateSuccessShape {
  patternConfigVersion: string | null;
}

const UpdatePatternConfigurationSuccess = builder
  .objectRef<UpdateSuccessShape>('UpdateSecretScanningPatternConfigurationSuccess')
  .implement({
    description: 'The settings were changed.',
    fields: (t) => ({
      patternConfigVersion: t.string({
        nullable: true,
        description: 'The new pattern_config_version; pass it with the next update.',
        resolve: (success) => success.patternConfigVersion,
      }),
    }),
  });

interface SettingsInput {
  patternConfigVersion?: string | null;
  providerPatternSettings?: readonly { tokenType: string; pushProtectionSetting: string }[] | null;
  customPatternSettings?: readonly { tokenType: string; customPatternVersion?: string | null; pushProtectionSetting: string }[] | null;
}

/** How the organization and enterprise mutations differ; everything else is shared. */
interface PatternConfigurationTarget {
  action: 'secret_scanning_pattern_configuration.update' | 'secret_scanning_enterprise_pattern_configuration.update';
  /** The raw name, for the audit line of a refused call (cut short). */
  name: string;
  /** Validates and authorizes the name (before any upstream call) and returns the scope. */
  authorize: () => PatternConfigurationScope;
  /** The query that reads the configuration again, for the conflict message. */
  rereadHint: string;
}

function auditTarget(target: PatternConfigurationTarget, name: string): AuditTarget {
  return target.action === 'secret_scanning_pattern_configuration.update'
    ? { kind: 'pattern-configuration', org: name }
    : { kind: 'enterprise-pattern-configuration', enterprise: name };
}

/**
 * PATCHes a pattern configuration with the versions passed through (never retried), maps a
 * stale version to VersionConflictError, drops the request's cached copy and audits the outcome.
 */
async function applyPatternConfigurationUpdate(
  context: GatewayContext,
  target: PatternConfigurationTarget,
  input: SettingsInput,
): Promise<UpdateSuccessShape> {
  const settings = [...(input.providerPatternSettings ?? []), ...(input.customPatternSettings ?? [])].map((s) => ({
    tokenType: s.tokenType,
    setting: REST_SETTING[s.pushProtectionSetting as Setting],
  }));
  const before = { patternConfigVersion: input.patternConfigVersion ?? null };
  try {
    const scope = target.authorize();
    const name = scope.kind === 'org' ? scope.org : scope.enterprise;
    const update = toRestUpdate(input);
    const result = await updatePatternConfiguration(await context.github.clientFor(name), scope, update).catch((error: unknown) => {
      if (error instanceof VersionConflictError) {
        throw new VersionConflictError(
          `The pattern configuration of "${name}" was changed since patternConfigVersion was read. ` +
            `Re-read ${target.rereadHint} and retry with the new versions.`,
        );
      }
      throw error;
    });
    // The caching transport dropped the cached configuration with the write; this drops the request's copy.
    (scope.kind === 'org' ? context.loaders.patternConfiguration : context.loaders.enterprisePatternConfiguration).clear(name);
    const patternConfigVersion = result.pattern_config_version ?? null;
    await audit(context, { action: target.action, target: auditTarget(target, name), before, after: { patternConfigVersion, settings }, outcome: 'success' });
    return { patternConfigVersion };
  } catch (error) {
    await audit(context, { action: target.action, target: auditTarget(target, target.name.slice(0, 100)), before, requested: { settings }, outcome: outcomeOf(error) });
    throw error;
  }
}

const REREAD = '{ secretScanningPatternConfiguration { version customPatternOverrides { customPatternVersion } } }';

builder.mutationFields((t) => ({
  updateSecretScanningPatternConfiguration: t.field({
    type: UpdatePatternConfigurationSuccess,
    description:
      'PATCH /orgs/{org}/secret-scanning/pattern-configurations, with the versions passed through for optimistic concurrency. Never retried.',
    args: { input: t.arg({ type: UpdatePatternConfigurationInput, required: true, description: 'The organization, the version read, and the settings to change.' }) },
    errors: {
      types: PATTERN_CONFIGURATION_MUTATION_ERRORS,
      directResult: true,
      union: {
        name: 'UpdateSecretScanningPatternConfigurationResult',
        description: 'The new configuration version, or why nothing was changed.',
      },
    },
    resolve: (_root, { input }, context) =>
      applyPatternConfigurationUpdate(context, {
        action: 'secret_scanning_pattern_configuration.update',
        name: input.org,
        authorize: () => ({ kind: 'org', org: authorizeWrite(context, input.org, 'input.org') }),
        rereadHint: `organization ${REREAD}`,
      }, input),
  }),

  updateSecretScanningEnterprisePatternConfiguration: t.field({
    type: UpdatePatternConfigurationSuccess,
    description:
      'PATCH /enterprises/{enterprise}/secret-scanning/pattern-configurations (GHEC, GHES 3.19), with the versions passed through ' +
      'for optimistic concurrency. Never retried. FORBIDDEN for callers limited to some organizations.',
    args: {
      input: t.arg({ type: UpdateEnterprisePatternConfigurationInput, required: true, description: 'The enterprise, the version read, and the settings to change.' }),
    },
    errors: {
      types: PATTERN_CONFIGURATION_MUTATION_ERRORS,
      directResult: true,
      union: {
        name: 'UpdateSecretScanningEnterprisePatternConfigurationResult',
        description: 'The new configuration version, or why nothing was changed.',
      },
    },
    resolve: (_root, { input }, context) =>
      applyPatternConfigurationUpdate(context, {
        action: 'secret_scanning_enterprise_pattern_configuration.update',
        name: input.enterprise,
        authorize: () => ({ kind: 'enterprise', enterprise: authorizeEnterprise(context, input.enterprise, 'input.enterprise', { write: true }) }),
        rereadHint: `enterprise ${REREAD}`,
      }, input),
  }),
}));

function toRestUpdate(input: SettingsInput): PatternConfigurationUpdate {
  const update: PatternConfigurationUpdate = {};
  if (input.patternConfigVersion != null) update.pattern_config_version = input.patternConfigVersion;
  if (input.providerPatternSettings != null) {
    update.provider_pattern_settings = input.providerPatternSettings.map((setting, index) => ({
      token_type: tokenTypeOf(setting.tokenType, `input.providerPatternSettings[${index}].tokenType`),
      push_protection_setting: REST_SETTING[setting.pushProtectionSetting as Setting],
    }));
  }
  if (input.customPatternSettings != null) {
    update.custom_pattern_settings = input.customPatternSettings.map((setting, index) => {
      if (setting.pushProtectionSetting === 'NOT_SET') {
        throw new ValidationError(
          'Custom patterns accept only DISABLED or ENABLED as their push-protection setting.',
          `input.customPatternSettings[${index}].pushProtectionSetting`,
        );
      }
      return {
        token_type: tokenTypeOf(setting.tokenType, `input.customPatternSettings[${index}].tokenType`),
        ...(setting.customPatternVersion != null ? { custom_pattern_version: setting.customPatternVersion } : {}),
        push_protection_setting: REST_SETTING[setting.pushProtectionSetting as 'DISABLED' | 'ENABLED'],
      };
    });
  }
  return update;
}

function tokenTypeOf(tokenType: string, field: string): string {
  if (tokenType.trim() === '' || tokenType.length > 200) throw new ValidationError('tokenType must name a pattern.', field);
  return tokenType;
}
