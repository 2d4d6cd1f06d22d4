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
  | 'UNAUTHENTICATED';

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
