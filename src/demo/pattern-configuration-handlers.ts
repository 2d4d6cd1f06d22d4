import { requireEnterpriseAccess, requireOrgAccess } from './auth.ts';
import { GitHubError, type ValidationErrorItem } from './github-error.ts';
import type { PatternConfiguration, PatternOverride, PushProtectionSetting } from './github-types.ts';
import { freshRowVersion } from './row-version.ts';
import { ok, param, parseJsonObject, type HandlerResult, type RequestContext } from './request-context.ts';

/** The route's org configuration, or the enterprise's (GET/PATCH /enterprises/{enterprise}/secret-scanning/pattern-configurations). */
function configurationOf(context: RequestContext, write: boolean): PatternConfiguration {
  const { enterprise } = context.params;
  if (enterprise !== undefined) {
    requireEnterpriseAccess(context.state, context.principal, enterprise, write);
    return context.state.enterprisePatternConfiguration;
  }
  const org = requireOrgAccess(context.state, context.principal, param(context, 'org'), write);
  const configuration = context.state.patternConfigurations.get(org.login.toLowerCase());
  if (configuration === undefined) throw GitHubError.notFound();
  return configuration;
}

export function getPatternConfiguration(context: RequestContext): HandlerResult {
  return ok(configurationOf(context, false));
}

interface SettingChange {
  override: PatternOverride;
  setting: PushProtectionSetting;
}

const PROVIDER_SETTINGS: readonly string[] = ['not-set', 'disabled', 'enabled'];
const CUSTOM_SETTINGS: readonly string[] = ['disabled', 'enabled'];

/**
 * PATCH: optimistic locking on pattern_config_version (and each custom_pattern_version), 409 when
 * stale; unknown token types or settings are 422. Nothing is applied unless everything validates.
 */
export function updatePatternConfiguration(context: RequestContext): HandlerResult {
  const configuration = configurationOf(context, true);
  const body = parseJsonObject(context.body);
  const version = body.pattern_config_version;
  if (version !== undefined && version !== null && version !== configuration.pattern_config_version) {
    throw GitHubError.basic(409, 'The pattern configuration has changed since it was read (pattern_config_version is stale).');
  }
  const errors: ValidationErrorItem[] = [];
  const changes: SettingChange[] = [];
  const collect = (field: 'provider_pattern_settings' | 'custom_pattern_settings') => {
    const entries = body[field] ?? [];
    if (!Array.isArray(entries)) {
      errors.push({ resource: 'PatternConfiguration', field, code: 'invalid', message: `${field} must be an array` });
      return;
    }
    const overrides = field === 'provider_pattern_settings' ? configuration.provider_pattern_overrides : configuration.custom_pattern_overrides;
    const allowed = field === 'provider_pattern_settings' ? PROVIDER_SETTINGS : CUSTOM_SETTINGS;
    entries.forEach((entry: unknown, index) => {
      const { token_type: tokenType, push_protection_setting: setting, custom_pattern_version: patternVersion } =
        typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
      const override = overrides.find((candidate) => candidate.token_type === tokenType);
      if (override === undefined) {
        errors.push({ resource: 'PatternConfiguration', field: `${field}[${index}].token_type`, code: 'invalid', value: String(tokenType), message: 'unknown token_type' });
        return;
      }
      if (typeof setting !== 'string' || !allowed.includes(setting)) {
        errors.push({ resource: 'PatternConfiguration', field: `${field}[${index}].push_protection_setting`, code: 'invalid', value: String(setting), message: `must be one of ${allowed.join(', ')}` });
        return;
      }
      if (field === 'custom_pattern_settings' && patternVersion !== undefined && patternVersion !== null && patternVersion !== override.custom_pattern_version) {
        throw GitHubError.basic(409, `The custom pattern ${override.token_type} has changed since it was read (custom_pattern_version is stale).`);
      }
      changes.push({ override, setting: setting as PushProtectionSetting });
    });
  };
  collect('provider_pattern_settings');
  collect('custom_pattern_settings');
  if (errors.length > 0) throw GitHubError.validation(errors);
  for (const { override, setting } of changes) override.setting = setting;
  configuration.pattern_config_version = freshRowVersion();
  return ok({ pattern_config_version: configuration.pattern_config_version });
}
