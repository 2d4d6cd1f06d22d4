import {
  DomainError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UpstreamError,
  ValidationError,
  VersionConflictError,
} from '../errors.ts';
import { REFUSED_REDIRECT_HEADER } from './redirects.ts';
import { UpstreamTimeoutError } from './upstream-timeout.ts';

interface UpstreamFailure {
  status: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined> };
}

function isUpstreamFailure(error: unknown): error is UpstreamFailure {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number';
}

/**
 * Maps whatever a GitHub call threw to a domain error about `subject` (e.g. `organization "acme"`).
 * The message is the gateway's own: GitHub's body, the request URL and its headers (with the
 * token) are deliberately dropped.
 */
export function toDomainError(error: unknown, subject: string): DomainError {
  if (error instanceof DomainError) return error;
  // Aborted because the request's deadline passed: the deadline's own error (see domain/deadline.ts).
  if (error instanceof Error && error.cause instanceof DomainError) return error.cause;
  if (error instanceof UpstreamTimeoutError) {
    const outcome = error.method === 'GET' ? '' : ' The change may or may not have been applied: read it back before retrying.';
    return new UpstreamError(`GitHub did not answer within ${error.timeoutMs} ms for ${subject}.${outcome}`);
  }
  if (!isUpstreamFailure(error)) {
    return new UpstreamError(`GitHub could not be reached for ${subject}.`);
  }
  const { status } = error;
  const headers = error.response?.headers ?? {};
  if (status === 429 || (status === 403 && isRateLimit(error.message ?? '', headers))) {
    return new RateLimitedError(`GitHub's rate limit was reached while reading ${subject}; retry later.`, status);
  }
  switch (status) {
    case 401:
      return new ForbiddenError(`GitHub rejected the credential used for ${subject} (401).`);
    case 403:
      return new ForbiddenError(`The credential may not access ${subject} (GitHub answered 403).`);
    case 404:
      if (headers[REFUSED_REDIRECT_HEADER] !== undefined) {
        return new NotFoundError(
          `${capitalize(subject)} has moved (renamed or transferred): GitHub redirects it elsewhere. Look the repository up again (repository(owner, name) follows renames) and use its new name.`,
        );
      }
      return new NotFoundError(`${capitalize(subject)} was not found, or secret scanning is not enabled for it (GitHub answered 404).`);
    case 409:
    case 412:
      // 409 (pattern configurations) and 412 (custom patterns) both mean a stale version was sent.
      return new VersionConflictError(`${capitalize(subject)} was changed by someone else (GitHub answered ${status}).`);
    case 400:
    case 422:
      return new ValidationError(`GitHub rejected the request for ${subject} as invalid (${status}).`);
    default:
      return new UpstreamError(
        status >= 500 ? `GitHub failed while serving ${subject} (${status}).` : `GitHub answered ${status} for ${subject}.`,
        status,
      );
  }
}

function isRateLimit(message: string, headers: Record<string, string | number | undefined>): boolean {
  return String(headers['x-ratelimit-remaining']) === '0' || /rate limit/i.test(message) || headers['retry-after'] !== undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Runs one GitHub call and turns whatever it throws into a domain error about `subject`. */
export async function callGitHub<T>(subject: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toDomainError(error, subject);
  }
}
