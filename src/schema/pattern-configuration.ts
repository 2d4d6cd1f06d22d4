import type { RestPatternConfiguration, RestPatternOverride } from '../github/types.ts';
import { builder } from './builder.ts';
import { EnterprisePatternConfigurationRef, EnterpriseRef, OrganizationRef, PatternConfigurationRef } from './refs.ts';

const overrideFields = {
  slug: ['slug', 'The pattern slug.'],
  displayName: ['display_name', 'The pattern name as GitHub shows it.'],
  defaultSetting: ['default_setting', 'The push-protection setting GitHub applies by default (disabled, enabled).'],
  setting: ['setting', "The organization's push-protection setting (not-set, disabled, enabled)."],
} as const;

const overrideCounts = {
  alertTotal: ['alert_total', 'How many alerts this pattern raised.'],
  alertTotalPercentage: ['alert_total_percentage', 'Share of all alerts raised by this pattern, in percent.'],
  falsePositives: ['false_positives', 'How many of them were closed as false positives.'],
  falsePositiveRate: ['false_positive_rate', 'False positives, in percent.'],
  bypassRate: ['bypass_rate', 'How often push protection was bypassed for it, in percent.'],
} as const;

function overrideType(name: string, description: string, extra: 'enterpriseSetting' | 'customPatternVersion') {
  return builder.objectRef<RestPatternOverride>(name).implement({
    description,
    fields: (t) => ({
      tokenType: t.string({ description: 'The secret type this setting is for.', resolve: (o) => o.token_type ?? '' }),
      ...Object.fromEntries(
        Object.entries(overrideFields).map(([field, [key, text]]) => [
          field,
          t.string({ nullable: true, description: text, resolve: (o) => (o[key] as string | null | undefined) ?? null }),
        ]),
      ),
      ...Object.fromEntries(
        Object.entries(overrideCounts).map(([field, [key, text]]) => [
          field,
          t.int({ nullable: true, description: text, resolve: (o) => (o[key] as number | undefined) ?? null }),
        ]),
      ),
      ...(extra === 'enterpriseSetting'
        ? {
            enterpriseSetting: t.string({
              nullable: true,
              description: "The enterprise's setting, when an enterprise set one.",
              resolve: (o) => o.enterprise_setting ?? null,
            }),
          }
        : {
            customPatternVersion: t.string({
              nullable: true,
              description: 'custom_pattern_version: pass it back when updating this pattern.',
              resolve: (o) => o.custom_pattern_version ?? null,
            }),
          }),
    }),
  });
}

const ProviderPatternOverride = overrideType('ProviderPatternOverride', "Push-protection setting of one of GitHub's partner patterns.", 'enterpriseSetting');
const CustomPatternOverride = overrideType('CustomPatternOverride', "Push-protection setting of one of the organization's custom patterns.", 'customPatternVersion');

/** What the organization and enterprise configurations share: GitHub returns one shape for both. */
const PatternSettingsInterface = builder.interfaceRef<{ configuration: RestPatternConfiguration }>('SecretScanningPatternSettings').implement({
  description: 'Push-protection settings per secret pattern, with the version to pass back when changing them.',
  fields: (t) => ({
    version: t.string({
      nullable: true,
      description: 'pattern_config_version: pass it back when updating.',
      resolve: (c) => c.configuration.pattern_config_version ?? null,
    }),
    providerPatternOverrides: t.field({
      type: [ProviderPatternOverride],
      description: 'Settings of partner (provider) patterns.',
      resolve: (c) => c.configuration.provider_pattern_overrides ?? [],
    }),
    customPatternOverrides: t.field({
      type: [CustomPatternOverride],
      description: 'Settings of custom patterns.',
      resolve: (c) => c.configuration.custom_pattern_overrides ?? [],
    }),
  }),
});

builder.objectType(PatternConfigurationRef, {
  description: "An organization's push-protection settings per secret pattern (GET /orgs/{org}/secret-scanning/pattern-configurations).",
  interfaces: [PatternSettingsInterface],
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'org' in value,
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, description: 'The organization.', resolve: (c) => ({ login: c.org }) }),
  }),
});

builder.objectType(EnterprisePatternConfigurationRef, {
  description:
    "An enterprise's push-protection settings per secret pattern (GET /enterprises/{enterprise}/secret-scanning/pattern-configurations; GHEC and GHES 3.19).",
  interfaces: [PatternSettingsInterface],
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'enterprise' in value,
  fields: (t) => ({
    enterprise: t.field({ type: EnterpriseRef, description: 'The enterprise.', resolve: (c) => ({ slug: c.enterprise }) }),
  }),
});
