import { requireEnterpriseAccess, requireOrgAccess, requireRepoAccess } from './auth.ts';
import { newPattern, problemsOf, REGEX_FIELDS, validRegexValue, type PatternProblem } from './custom-pattern-rules.ts';
import { DOCS_URL, GitHubError } from './github-error.ts';
import { isoSeconds } from './github-objects.ts';
import type { CustomPattern } from './github-surface-types.ts';
import type { PatternConfiguration } from './github-types.ts';
import { keyComparator, paginateByCursor, paginateByPage, wantsCursor, type CursorKey } from './pagination.ts';
import { oneOf, optionalOneOf } from './query-params.ts';
import { freshRowVersion } from './row-version.ts';
import { ok, okWithLink, param, parseJsonObject, type HandlerResult, type RequestContext } from './request-context.ts';
import { customPatternIdOf, customPatternScopeKey } from './surface-dataset.ts';

const RESOURCE = 'CustomPattern';
const CUSTOM_PATTERN_DOCS = 'https://docs.github.com/rest/secret-scanning/custom-patterns';

/** The custom patterns of the route's org, repository or enterprise, and the pattern configuration listing them (none for repositories). */
interface PatternScope {
  patterns: CustomPattern[];
  configuration: PatternConfiguration | undefined;
}

function scopeOf(context: RequestContext, write: boolean): PatternScope {
  const { state, principal, params } = context;
  let key: string;
  let configuration: PatternConfiguration | undefined;
  if (params.enterprise !== undefined) {
    requireEnterpriseAccess(state, principal, params.enterprise, write);
    key = customPatternScopeKey({ kind: 'enterprise', slug: state.dataset.enterprise.slug });
    configuration = state.enterprisePatternConfiguration;
  } else if (params.repo !== undefined) {
    const { repo } = requireRepoAccess(state, principal, param(context, 'owner'), params.repo, write);
    key = customPatternScopeKey({ kind: 'repo', fullName: repo.full_name });
  } else {
    const org = requireOrgAccess(state, principal, param(context, 'org'), write);
    key = customPatternScopeKey({ kind: 'org', org: org.login });
    configuration = state.patternConfigurations.get(org.login.toLowerCase());
  }
  let patterns = state.customPatterns.get(key);
  if (patterns === undefined) {
    patterns = [];
    state.customPatterns.set(key, patterns);
  }
  return { patterns, configuration };
}

/** A pattern as GitHub shows it: push protection is its setting in the pattern configuration. */
function view(pattern: CustomPattern, configuration: PatternConfiguration | undefined): CustomPattern {
  const override = configuration?.custom_pattern_overrides.find((candidate) => customPatternIdOf(candidate.token_type) === pattern.id);
  return override === undefined ? pattern : { ...pattern, push_protection_enabled: override.setting === 'enabled' };
}

/** GET: filters state and push_protection, sorts by created, updated or name, pages by page or cursor. */
export function listCustomPatterns(context: RequestContext): HandlerResult {
  const { patterns, configuration } = scopeOf(context, false);
  const query = context.url.searchParams;
  const state = optionalOneOf(query, 'state', ['published', 'unpublished'], RESOURCE);
  const pushProtection = optionalOneOf(query, 'push_protection', ['enabled', 'disabled'], RESOURCE);
  const sort = oneOf(query, 'sort', ['created', 'updated', 'name'], 'created', RESOURCE);
  const compare = keyComparator(oneOf(query, 'direction', ['asc', 'desc'], 'desc', RESOURCE));
  const keyOf = (pattern: CustomPattern): CursorKey =>
    [sort === 'name' ? pattern.name.toLowerCase() : sort === 'updated' ? pattern.updated_at : pattern.created_at, pattern.id];
  const listed = patterns
    .map((pattern) => view(pattern, configuration))
    .filter((pattern) => (state === undefined || pattern.state === state) && (pushProtection === undefined || pattern.push_protection_enabled === (pushProtection === 'enabled')))
    .sort((a, b) => compare(keyOf(a), keyOf(b)));
  const page = wantsCursor(query) ? paginateByCursor(listed, context.url, keyOf, compare) : paginateByPage(listed, context.url);
  return okWithLink(page.items, page.link);
}

function patternsOfBody(body: Record<string, unknown>): unknown[] {
  if (!Array.isArray(body.patterns)) throw GitHubError.basic(400, 'patterns is required and must be an array.', CUSTOM_PATTERN_DOCS);
  return body.patterns;
}

/** POST: all or nothing; 422 lists the problems per zero-based index; 201 with the created patterns. */
export function bulkCreateCustomPatterns(context: RequestContext): HandlerResult {
  const { patterns, configuration } = scopeOf(context, true);
  const entries = patternsOfBody(parseJsonObject(context.body));
  const names = new Set(patterns.map((pattern) => pattern.name.toLowerCase()));
  const validationErrors: Record<string, { errors: PatternProblem[] }> = {};
  entries.forEach((entry, index) => {
    const problems = problemsOf(entry, names);
    if (problems.length > 0) validationErrors[String(index)] = { errors: problems };
    const name = (entry as { name?: unknown } | null)?.name;
    if (typeof name === 'string') names.add(name.trim().toLowerCase());
  });
  if (Object.keys(validationErrors).length > 0) {
    throw new GitHubError(422, { message: 'Validation failed for one or more patterns.', validation_errors: validationErrors, documentation_url: CUSTOM_PATTERN_DOCS });
  }
  const now = isoSeconds(context.nowMs);
  const created = entries.map((entry) => newPattern(context.state.newId(), entry as Record<string, unknown>, freshRowVersion(), now));
  patterns.push(...created);
  configuration?.custom_pattern_overrides.push(
    ...created.map((pattern) => ({
      token_type: `cp_${pattern.id}`,
      custom_pattern_version: pattern.custom_pattern_version,
      slug: pattern.slug,
      display_name: pattern.name,
      alert_total: 0,
      alert_total_percentage: 0,
      false_positives: 0,
      false_positive_rate: 0,
      bypass_rate: 0,
      default_setting: 'disabled' as const,
      setting: 'disabled' as const,
    })),
  );
  return { status: 201, body: { created_patterns: created.map((pattern) => view(pattern, configuration)) } };
}

function patternById(patterns: readonly CustomPattern[], id: unknown): CustomPattern {
  const pattern = typeof id === 'number' || typeof id === 'string' ? patterns.find((candidate) => candidate.id === Number(id)) : undefined;
  if (pattern === undefined) throw GitHubError.notFound();
  return pattern;
}

function staleVersion(pattern: CustomPattern): GitHubError {
  return GitHubError.basic(412, `The custom pattern ${pattern.id} has changed since it was read (custom_pattern_version is stale).`, CUSTOM_PATTERN_DOCS);
}

/** PATCH: custom_pattern_version is required and must be current (412); at least one regex field; 422 for invalid ones. */
export function updateCustomPattern(context: RequestContext): HandlerResult {
  const { patterns, configuration } = scopeOf(context, true);
  const pattern = patternById(patterns, param(context, 'pattern_id'));
  const body = parseJsonObject(context.body);
  if (typeof body.custom_pattern_version !== 'string') {
    throw GitHubError.validation([{ resource: RESOURCE, field: 'custom_pattern_version', code: 'missing_field', message: 'custom_pattern_version is required' }]);
  }
  const changed = REGEX_FIELDS.filter(([field]) => field in body);
  if (changed.length === 0) {
    throw GitHubError.validation([{ resource: RESOURCE, field: 'pattern', code: 'missing_field', message: 'one of pattern, start_delimiter, end_delimiter, must_match or must_not_match is required' }]);
  }
  if (body.custom_pattern_version !== pattern.custom_pattern_version) throw staleVersion(pattern);
  const invalid = changed.filter(([field]) => !validRegexValue(field, body[field]));
  if (invalid.length > 0) {
    throw GitHubError.validation(invalid.map(([field]) => ({ resource: RESOURCE, field, code: 'invalid', message: `${field} is not a valid regular expression` })));
  }
  for (const [field] of changed) Object.assign(pattern, { [field]: body[field] });
  pattern.custom_pattern_version = freshRowVersion();
  pattern.updated_at = isoSeconds(context.nowMs);
  const override = configuration?.custom_pattern_overrides.find((candidate) => customPatternIdOf(candidate.token_type) === pattern.id);
  if (override !== undefined) override.custom_pattern_version = pattern.custom_pattern_version;
  return ok(view(pattern, configuration));
}

const POST_DELETE_ACTIONS = ['delete_alerts', 'resolve_alerts'];

/**
 * DELETE with a JSON body: at most 500 patterns, all or nothing; an unknown id is 404, a stale
 * version 412; 204 without a body. No demo alert comes from a custom pattern, so either
 * post_delete_action leaves the alerts as they are.
 */
export function bulkDeleteCustomPatterns(context: RequestContext): HandlerResult {
  const { patterns, configuration } = scopeOf(context, true);
  const body = parseJsonObject(context.body);
  const entries = patternsOfBody(body);
  if (entries.length === 0 || entries.length > 500) throw GitHubError.basic(400, 'patterns must list 1 to 500 patterns.', CUSTOM_PATTERN_DOCS);
  if (body.post_delete_action !== undefined && !POST_DELETE_ACTIONS.includes(String(body.post_delete_action))) {
    throw GitHubError.basic(400, 'post_delete_action must be delete_alerts or resolve_alerts.', CUSTOM_PATTERN_DOCS);
  }
  const targets = entries.map((entry) => {
    const { pattern_id: id, custom_pattern_version: version } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (!Number.isInteger(id)) throw GitHubError.basic(400, 'Each pattern needs an integer pattern_id.', DOCS_URL);
    const pattern = patternById(patterns, id);
    if (version !== undefined && version !== null && version !== pattern.custom_pattern_version) throw staleVersion(pattern);
    return pattern;
  });
  const ids = new Set(targets.map((pattern) => pattern.id));
  patterns.splice(0, patterns.length, ...patterns.filter((pattern) => !ids.has(pattern.id)));
  if (configuration !== undefined) {
    configuration.custom_pattern_overrides = configuration.custom_pattern_overrides.filter((override) => !ids.has(customPatternIdOf(override.token_type) ?? -1));
  }
  return { status: 204, body: undefined };
}
