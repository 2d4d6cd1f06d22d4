/**
 * Domain errors: the only errors whose messages reach clients. Every message is written by
 * the gateway itself; upstream bodies, tokens and secrets never go into one.
 */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'VALIDATION'
  | 'VERSION_CONFLICT'
  | 'UPSTREAM'
  | 'RATE_LIMITED'
  | 'UNAUTHENTICATED'
  | 'TIMEOUT'
  | 'BUDGET_EXCEEDED'
  | 'UNAVAILABLE';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION';
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

/** What was asked needs something this gateway does not run (the alert index), or has not finished yet (a first sync). */
export class UnavailableError extends DomainError {
  readonly code = 'UNAVAILABLE';
}

export class VersionConflictError extends DomainError {
  readonly code = 'VERSION_CONFLICT';
}

export class UpstreamError extends DomainError {
  readonly code: 'UPSTREAM' | 'RATE_LIMITED';
  constructor(
    message: string,
    readonly status: number | null = null,
    code: 'UPSTREAM' | 'RATE_LIMITED' = 'UPSTREAM',
  ) {
    super(message);
    this.code = code;
  }
}

export class RateLimitedError extends UpstreamError {
  constructor(message: string, status: number | null = null) {
    super(message, status, 'RATE_LIMITED');
  }
}

/**
 * The request's deadline passed (GATEWAY_REQUEST_TIMEOUT_MS). For a write, `applied` says what is
 * known: false when it was never sent, null when it was under way and may or may not have landed.
 * Named AbortError because it is the reason the request's work was aborted with: Octokit passes
 * aborts through as they are, so nothing retries it.
 */
export class TimeoutError extends DomainError {
  readonly code = 'TIMEOUT';
  override readonly name = 'AbortError';
  constructor(
    message: string,
    readonly applied: boolean | null = null,
  ) {
    super(message);
  }
}

/** A missing object is a null answer; every other failure stays an error. */
export function nullIfNotFound(error: unknown): null {
  if (error instanceof NotFoundError) return null;
  throw error;
}
