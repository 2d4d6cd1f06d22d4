import { audit, outcomeOf } from '../audit.ts';
import { ValidationError, VersionConflictError } from '../errors.ts';
import { updatePatternConfiguration, type PatternConfigurationUpdate } from '../github/pattern-configurations.ts';
import { authorizeWrite } from './access.ts';
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
    resolve: async (_root, { input }, context) => {
      const settings = [
        ...(input.providerPatternSettings ?? []).map((s) => ({ tokenType: s.tokenType, setting: REST_SETTING[s.pushProtectionSetting as Setting] })),
        ...(input.customPatternSettings ?? []).map((s) => ({ tokenType: s.tokenType, setting: REST_SETTING[s.pushProtectionSetting as Setting] })),
      ];
      const before = { patternConfigVersion: input.patternConfigVersion ?? null };
      try {
        const org = authorizeWrite(context, input.org, 'input.org');
        const update = toRestUpdate(input);
        const result = await updatePatternConfiguration(await context.github.clientFor(org), org, update).catch((error: unknown) => {
          if (error instanceof VersionConflictError) {
            throw new VersionConflictError(
              `The pattern configuration of "${org}" was changed since patternConfigVersion was read. ` +
                'Re-read organization { secretScanningPatternConfiguration { version customPatternOverrides { customPatternVersion } } } and retry with the new versions.',
            );
          }
          throw error;
        });
        // The caching transport dropped the cached configuration with the write; this drops the request's copy.
        context.loaders.patternConfiguration.clear(org);
        const patternConfigVersion = result.pattern_config_version ?? null;
        audit(context, {
          action: 'secret_scanning_pattern_configuration.update',
          target: { kind: 'pattern-configuration', org },
          before,
          after: { patternConfigVersion, settings },
          outcome: 'success',
        });
        return { patternConfigVersion };
      } catch (error) {
        audit(context, {
          action: 'secret_scanning_pattern_configuration.update',
          target: { kind: 'pattern-configuration', org: input.org.slice(0, 100) },
          before,
          requested: { settings },
          outcome: outcomeOf(error),
        });
        throw error;
      }
    },
  }),
}));

function toRestUpdate(input: {
  patternConfigVersion?: string | null;
  providerPatternSettings?: readonly { tokenType: string; pushProtectionSetting: string }[] | null;
  customPatternSettings?: readonly { tokenType: string; customPatternVersion?: string | null; pushProtectionSetting: string }[] | null;
}): PatternConfigurationUpdate {
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
