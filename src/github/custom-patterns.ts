import { NotFoundError, ValidationError } from '../errors.ts';
import type { GitHubClient } from './client.ts';
import { callGitHub } from './errors.ts';
import { scopeRoute, scopeSubject, type OwnerScope } from './owner-scope.ts';
import { FIRST_PAGE, toListPage, UPSTREAM_PAGE_SIZE, type ListPage, type ListResponse } from './paging.ts';
import type { RestCustomPattern, RestCustomPatternToCreate, RestCustomPatternToDelete, RestCustomPatternToUpdate } from './types.ts';

/** The list filters and order of GET …/secret-scanning/custom-patterns. */
export interface CustomPatternListParams {
  state?: 'published' | 'unpublished';
  push_protection?: 'enabled' | 'disabled';
  sort: 'created' | 'updated' | 'name';
  direction: 'asc' | 'desc';
}

/** The REST fields GitHub may name in a custom-pattern validation failure. */
export type CustomPatternField = 'name' | 'pattern' | 'start_delimiter' | 'end_delimiter' | 'must_match' | 'must_not_match' | 'custom_pattern_version';

/** One problem GitHub reported: which pattern of the request (bulk create) and which field, when it said. */
export interface CustomPatternProblem {
  index: number | null;
  field: CustomPatternField | null;
}

/**
 * GitHub's 422 for custom patterns, reduced to positions and field names taken from a closed
 * list (never GitHub's message text, which may quote the regex).
 */
export class CustomPatternRejectedError extends ValidationError {
  constructor(
    message: string,
    readonly problems: CustomPatternProblem[],
  ) {
    super(message, null);
  }
}

const FIELDS: readonly CustomPatternField[] = ['name', 'pattern', 'start_delimiter', 'end_delimiter', 'must_match', 'must_not_match', 'custom_pattern_version'];
/** Bulk-create error codes and the field each one is about ('invalid' is the pattern itself). */
const FIELD_OF_CODE: Record<string, CustomPatternField | null> = {
  invalid: 'pattern',
  unprocessable: null,
  name: 'name',
  start_delimiter: 'start_delimiter',
  end_delimiter: 'end_delimiter',
  must_match: 'must_match',
  must_not_match: 'must_not_match',
  custom_pattern_version_mismatch: 'custom_pattern_version',
};

function subjectOf(scope: OwnerScope): string {
  return `the custom patterns of ${scopeSubject(scope)}`;
}

/**
 * Runs a custom-pattern call: a 404 says what it may mean (GitHub Enterprise Server has no
 * custom-pattern API at all), a 422 keeps only where GitHub found the problems.
 */
async function callCustomPatterns<T>(scope: OwnerScope, call: () => Promise<T>): Promise<T> {
  try {
    return await callGitHub(subjectOf(scope), async () => {
      try {
        return await call();
      } catch (error) {
        throw rejection(error) ?? error;
      }
    });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new NotFoundError(
      `GitHub answered 404 for the custom patterns of ${scopeSubject(scope)}: it does not exist or is not visible, secret scanning is ` +
        'not enabled for it, the pattern is gone, or this GitHub has no custom-pattern API (GitHub Enterprise Server has none).',
    );
  }
}

function rejection(error: unknown): CustomPatternRejectedError | null {
  const { status, response } = (error ?? {}) as { status?: unknown; response?: { data?: unknown } };
  if (status !== 422) return null;
  const data = (response?.data ?? {}) as { validation_errors?: unknown; errors?: unknown };
  const problems: CustomPatternProblem[] = [];
  if (typeof data.validation_errors === 'object' && data.validation_errors !== null) {
    for (const [index, entry] of Object.entries(data.validation_errors as Record<string, { errors?: unknown }>)) {
      if (!/^\d{1,4}$/.test(index)) continue;
      for (const item of Array.isArray(entry?.errors) ? entry.errors : [{}]) {
        const code = String((item as { code?: unknown }).code ?? '');
        problems.push({ index: Number(index), field: FIELD_OF_CODE[code] ?? null });
      }
    }
  }
  for (const item of Array.isArray(data.errors) ? data.errors : []) {
    const field = String((item as { field?: unknown }).field ?? '');
    problems.push({ index: null, field: FIELDS.find((candidate) => candidate === field) ?? null });
  }
  return new CustomPatternRejectedError('GitHub rejected the custom patterns as invalid (422).', problems);
}

export async function listCustomPatterns(
  client: GitHubClient,
  scope: OwnerScope,
  params: CustomPatternListParams,
  page: number,
): Promise<ListPage<RestCustomPattern>> {
  const { prefix, params: path } = scopeRoute(scope);
  return callCustomPatterns(scope, async () => {
    const response = (await client.request(`GET ${prefix}/secret-scanning/custom-patterns` as string, {
      ...path,
      ...params,
      page,
      per_page: UPSTREAM_PAGE_SIZE,
    })) as ListResponse<RestCustomPattern>;
    return toListPage(response, page > 1 ? { kind: 'page', page } : FIRST_PAGE);
  });
}

/** POST: all patterns or none; 201 with the created ones. Never retried. */
export async function createCustomPatterns(client: GitHubClient, scope: OwnerScope, patterns: RestCustomPatternToCreate[]): Promise<RestCustomPattern[]> {
  const { prefix, params } = scopeRoute(scope);
  return callCustomPatterns(scope, async () => {
    const response = await client.request(`POST ${prefix}/secret-scanning/custom-patterns` as string, { ...params, patterns, request: { retries: 0 } });
    return ((response.data as { created_patterns?: RestCustomPattern[] }).created_patterns ?? []);
  });
}

/** PATCH …/{pattern_id} with custom_pattern_version: GitHub answers 412 (VersionConflictError) when it is stale. Never retried. */
export async function updateCustomPattern(
  client: GitHubClient,
  scope: OwnerScope,
  patternId: number,
  update: RestCustomPatternToUpdate,
): Promise<RestCustomPattern> {
  const { prefix, params } = scopeRoute(scope);
  return callCustomPatterns(scope, async () => {
    const response = await client.request(`PATCH ${prefix}/secret-scanning/custom-patterns/{pattern_id}` as string, {
      ...params,
      pattern_id: patternId,
      ...update,
      request: { retries: 0 },
    });
    return response.data as RestCustomPattern;
  });
}

/** DELETE with a JSON body (up to 500 patterns); 412 on a stale version. Never retried. */
export async function deleteCustomPatterns(
  client: GitHubClient,
  scope: OwnerScope,
  patterns: RestCustomPatternToDelete[],
  postDeleteAction: 'delete_alerts' | 'resolve_alerts',
): Promise<void> {
  const { prefix, params } = scopeRoute(scope);
  await callCustomPatterns(scope, async () => {
    await client.request(`DELETE ${prefix}/secret-scanning/custom-patterns` as string, {
      ...params,
      patterns,
      post_delete_action: postDeleteAction,
      request: { retries: 0 },
    });
  });
}
