import {
  DomainError,
  ForbiddenError,
  NotFoundError,
  TimeoutError,
  UpstreamError,
  ValidationError,
  VersionConflictError,
} from '../errors.ts';
import { builder } from './builder.ts';

/**
 * The contract's `Error` interface and its domain error types. Each GraphQL type is bound to one
 * domain error class from src/errors.ts (never the base Error), so the errors plugin turns only
 * the gateway's own errors, with the gateway's own messages, into union members.
 * RateLimitedError extends UpstreamError and so appears as UpstreamError (code RATE_LIMITED).
 */
export const ErrorInterface = builder.interfaceRef<ErrorShape>('Error').implement({
  description: 'A failure the client can act on; `code` is stable, `message` is meant for people.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, written by the gateway (never an upstream body).' }),
    code: t.string({
      description: 'Stable machine-readable code, e.g. NOT_FOUND, FORBIDDEN, VALIDATION, VERSION_CONFLICT, UPSTREAM, RATE_LIMITED.',
      resolve: (error) => error.code,
    }),
  }),
  resolveType: (error) => errorTypename(error),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'The alert, repository or organization does not exist, or the credential cannot see it.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => errorTypename(value) === 'NotFoundError',
  fields: () => ({}),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'The caller, or the credential serving it, may not do this.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => errorTypename(value) === 'ForbiddenError',
  fields: () => ({}),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input was rejected; nothing was changed.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => errorTypename(value) === 'ValidationError',
  fields: (t) => ({
    field: t.string({ nullable: true, description: 'The input field at fault, when one is.', resolve: (error) => error.field }),
  }),
});

builder.objectType(UpstreamError, {
  name: 'UpstreamError',
  description: 'GitHub failed, could not be reached, or rate-limited the request (code RATE_LIMITED).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => errorTypename(value) === 'UpstreamError',
  fields: (t) => ({
    status: t.int({ nullable: true, description: "GitHub's HTTP status, when it answered.", resolve: (error) => error.status }),
  }),
});

builder.objectType(VersionConflictError, {
  name: 'VersionConflictError',
  description:
    'GitHub answered 409 or 412: someone changed the pattern configuration or custom pattern since its version (`patternConfigVersion`, `version`) was read.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => errorTypename(value) === 'VersionConflictError',
  fields: () => ({}),
});

builder.objectType(TimeoutError, {
  name: 'TimeoutError',
  description: "The request's deadline (GATEWAY_REQUEST_TIMEOUT_MS) passed before this was done.",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => errorTypename(value) === 'TimeoutError',
  fields: (t) => ({
    applied: t.boolean({
      nullable: true,
      description: 'For a write: false when it was never sent to GitHub, null when it was under way and may or may not have been applied.',
      resolve: (error) => error.applied,
    }),
  }),
});

/** The error types every alert mutation may answer with. */
export const ALERT_MUTATION_ERRORS = [NotFoundError, ForbiddenError, ValidationError, UpstreamError, TimeoutError];

/** The pattern configuration mutation adds the version conflict. */
export const PATTERN_CONFIGURATION_MUTATION_ERRORS = [VersionConflictError, ...ALERT_MUTATION_ERRORS];

/** Every mutation guarded by a version GitHub checks (pattern configurations, custom patterns). */
export const VERSIONED_MUTATION_ERRORS = PATTERN_CONFIGURATION_MUTATION_ERRORS;

/** What the `Error` interface needs: a domain error, or a snapshot of one (see errorValue). */
export interface ErrorShape {
  message: string;
  code: string;
}

const TYPENAME = Symbol('graphqlErrorTypename');

/**
 * A value for a field of type `Error` (outside the errors plugin's unions). graphql-js treats a
 * returned Error instance as a field failure, so the field gets a plain snapshot instead:
 * domain errors with a GraphQL type keep their message, code, field and status; anything else
 * becomes a generic UpstreamError (the original is for the server log only).
 */
export function errorValue(error: unknown): ErrorShape {
  const domain = error instanceof DomainError ? error : new UpstreamError('The change failed for an unexpected reason.');
  const typename = graphQLErrorTypeName(domain) ?? 'ForbiddenError';
  return {
    [TYPENAME]: typename,
    message: domain.message,
    code: typename === 'ForbiddenError' ? 'FORBIDDEN' : domain.code,
    field: domain instanceof ValidationError ? domain.field : null,
    status: domain instanceof UpstreamError ? domain.status : null,
    applied: domain instanceof TimeoutError ? domain.applied : null,
  } as ErrorShape;
}

function errorTypename(value: unknown): string {
  if (typeof value === 'object' && value !== null && TYPENAME in value) return String((value as Record<symbol, unknown>)[TYPENAME]);
  return (value instanceof DomainError ? graphQLErrorTypeName(value) : null) ?? 'UpstreamError';
}

function graphQLErrorTypeName(error: DomainError): string | null {
  if (error instanceof NotFoundError) return 'NotFoundError';
  if (error instanceof ForbiddenError) return 'ForbiddenError';
  if (error instanceof ValidationError) return 'ValidationError';
  if (error instanceof VersionConflictError) return 'VersionConflictError';
  if (error instanceof UpstreamError) return 'UpstreamError';
  if (error instanceof TimeoutError) return 'TimeoutError';
  return null;
}
