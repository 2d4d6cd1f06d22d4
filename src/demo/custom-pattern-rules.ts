import type { CustomPattern } from './github-surface-types.ts';

/** A per-pattern validation error of the bulk-create 422 (secret-scanning-custom-pattern-validation-error). */
export interface PatternProblem {
  code: 'invalid' | 'unprocessable' | 'start_delimiter' | 'end_delimiter' | 'name' | 'must_match' | 'must_not_match' | 'custom_pattern_version_mismatch';
  message: string;
}

/** The regex fields of a custom pattern and the error code GitHub gives each. */
export const REGEX_FIELDS = [
  ['pattern', 'invalid'],
  ['start_delimiter', 'start_delimiter'],
  ['end_delimiter', 'end_delimiter'],
  ['must_match', 'must_match'],
  ['must_not_match', 'must_not_match'],
] as const;

export type RegexField = (typeof REGEX_FIELDS)[number][0];

/** GitHub's defaults when a pattern is created without delimiters. */
export const DEFAULT_START_DELIMITER = '\\A|[^0-9A-Za-z]';
export const DEFAULT_END_DELIMITER = '\\z|[^0-9A-Za-z]';

const MAX_REGEX_LENGTH = 1000;
const MAX_NAME_LENGTH = 100;

/** GitHub compiles patterns with Hyperscan; JavaScript's parser is a close enough check for the demo. */
function compiles(source: string): boolean {
  if (source.length === 0 || source.length > MAX_REGEX_LENGTH) return false;
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** Whether a value is acceptable for a regex field: a string, or for the lists an array of strings. */
export function validRegexValue(field: RegexField, value: unknown): boolean {
  if (field === 'must_match' || field === 'must_not_match') {
    return Array.isArray(value) && value.length <= 10 && value.every((item) => typeof item === 'string' && compiles(item));
  }
  return typeof value === 'string' && compiles(value);
}

/** The problems of one pattern of a bulk create; `names` are the names already taken in the scope (lowercase). */
export function problemsOf(entry: unknown, names: ReadonlySet<string>): PatternProblem[] {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return [{ code: 'unprocessable', message: 'Each pattern must be an object.' }];
  const fields = entry as Record<string, unknown>;
  const problems: PatternProblem[] = [];
  const { name } = fields;
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH) {
    problems.push({ code: 'name', message: `name is required and at most ${MAX_NAME_LENGTH} characters.` });
  } else if (names.has(name.trim().toLowerCase())) {
    problems.push({ code: 'name', message: 'A custom pattern with this name already exists.' });
  }
  for (const [field, code] of REGEX_FIELDS) {
    const required = field === 'pattern';
    if (!(field in fields) && !required) continue;
    if (!validRegexValue(field, fields[field])) problems.push({ code, message: `${field} is not a valid regular expression.` });
  }
  return problems;
}

export function slugOf(name: string): string {
  return name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** A new pattern from a validated bulk-create entry, with GitHub's default delimiters. */
export function newPattern(id: number, fields: Record<string, unknown>, version: string, now: string): CustomPattern {
  const name = String(fields.name).trim();
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : null);
  return {
    id,
    name,
    pattern: String(fields.pattern),
    slug: slugOf(name),
    state: 'published',
    push_protection_enabled: false,
    start_delimiter: typeof fields.start_delimiter === 'string' ? fields.start_delimiter : DEFAULT_START_DELIMITER,
    end_delimiter: typeof fields.end_delimiter === 'string' ? fields.end_delimiter : DEFAULT_END_DELIMITER,
    must_match: list(fields.must_match),
    must_not_match: list(fields.must_not_match),
    custom_pattern_version: version,
    created_at: now,
    updated_at: now,
  };
}
