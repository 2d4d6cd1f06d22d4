import { ValidationError } from '../errors.ts';
import type { CustomPatternField, CustomPatternRejectedError } from '../github/custom-patterns.ts';
import type { RestCustomPatternToCreate, RestCustomPatternToUpdate } from '../github/types.ts';

/** Most patterns per create call: one request, all or nothing, so kept to a size GitHub answers quickly. */
export const MAX_PATTERNS_PER_CREATE = 100;
/** GitHub's bound for one bulk delete. */
export const MAX_PATTERNS_PER_DELETE = 500;

const MAX_NAME = 100;
const MAX_REGEX = 1000;
const MAX_LIST = 10;

/** The GraphQL input field of each REST custom-pattern field. */
const INPUT_FIELD: Record<CustomPatternField, string> = {
  name: 'name',
  pattern: 'pattern',
  start_delimiter: 'startDelimiter',
  end_delimiter: 'endDelimiter',
  must_match: 'mustMatch',
  must_not_match: 'mustNotMatch',
  custom_pattern_version: 'version',
};

export interface RegexFieldsInput {
  pattern?: string | null;
  startDelimiter?: string | null;
  endDelimiter?: string | null;
  mustMatch?: readonly string[] | null;
  mustNotMatch?: readonly string[] | null;
}

/**
 * Bounds checked before GitHub is called. Values are never quoted in messages: patterns are the
 * caller's regexes and may be sensitive.
 */
function checkRegex(value: string | null | undefined, field: string): string | undefined {
  if (value == null) return undefined;
  if (value === '' || value.length > MAX_REGEX) throw new ValidationError(`${field} must be a regular expression of 1 to ${MAX_REGEX} characters.`, field);
  return value;
}

function checkList(values: readonly string[] | null | undefined, field: string): string[] | undefined {
  if (values == null) return undefined;
  if (values.length > MAX_LIST) throw new ValidationError(`${field} takes at most ${MAX_LIST} regular expressions.`, field);
  return values.map((value, index) => checkRegex(value, `${field}[${index}]`)!);
}

/** The regex fields in GitHub's names, checked; absent ones are left out. */
function restRegexFields(input: RegexFieldsInput, base: string): Omit<RestCustomPatternToUpdate, 'custom_pattern_version'> {
  const fields = {
    pattern: checkRegex(input.pattern, `${base}.pattern`),
    start_delimiter: checkRegex(input.startDelimiter, `${base}.startDelimiter`),
    end_delimiter: checkRegex(input.endDelimiter, `${base}.endDelimiter`),
    must_match: checkList(input.mustMatch, `${base}.mustMatch`),
    must_not_match: checkList(input.mustNotMatch, `${base}.mustNotMatch`),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Omit<RestCustomPatternToUpdate, 'custom_pattern_version'>;
}

export function restPatternsToCreate(patterns: readonly (RegexFieldsInput & { name: string; pattern: string })[]): RestCustomPatternToCreate[] {
  if (patterns.length === 0 || patterns.length > MAX_PATTERNS_PER_CREATE) {
    throw new ValidationError(`Create 1 to ${MAX_PATTERNS_PER_CREATE} patterns per call (got ${patterns.length}).`, 'input.patterns');
  }
  return patterns.map((input, index) => {
    const base = `input.patterns[${index}]`;
    const name = input.name.trim();
    if (name === '' || name.length > MAX_NAME) throw new ValidationError(`${base}.name must be 1 to ${MAX_NAME} characters.`, `${base}.name`);
    return { name, pattern: input.pattern, ...restRegexFields(input, base) } as RestCustomPatternToCreate;
  });
}

export function restPatternUpdate(input: RegexFieldsInput & { version: string }): RestCustomPatternToUpdate {
  if (input.version.trim() === '') throw new ValidationError('version must be the pattern version as read (SecretScanningCustomPattern.version).', 'input.version');
  const fields = restRegexFields(input, 'input');
  if (Object.keys(fields).length === 0) {
    throw new ValidationError('Change at least one of pattern, startDelimiter, endDelimiter, mustMatch and mustNotMatch.', 'input');
  }
  return { custom_pattern_version: input.version, ...fields } as RestCustomPatternToUpdate;
}

/** GitHub's 422 as a ValidationError naming the input fields GitHub found at fault (the first one in `field`). */
export function rejectionToValidation(error: CustomPatternRejectedError, base: (index: number | null) => string): ValidationError {
  const fields = [...new Set(error.problems.map(({ index, field }) => (field === null ? base(index) : `${base(index)}.${INPUT_FIELD[field]}`)))];
  const listed = fields.length > 0 ? `: ${fields.slice(0, 10).join(', ')}${fields.length > 10 ? ', …' : ''}` : '';
  return new ValidationError(`GitHub rejected the custom pattern input as invalid (422)${listed}. Nothing was changed.`, fields[0] ?? base(null));
}
