import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.ts';

/**
 * Opaque, versioned cursors: base64url JSON plus a checksum, so that an edited or truncated
 * cursor is rejected with a clear error rather than silently pointing somewhere else.
 */
const VERSION = 1;

export function encodeCursor(kind: string, payload: unknown): string {
  const body = Buffer.from(JSON.stringify({ v: VERSION, k: kind, p: payload })).toString('base64url');
  return `${body}.${checksum(body)}`;
}

export function decodeCursor(cursor: string, kind: string, field = 'after'): unknown {
  const invalid = () =>
    new ValidationError(`The cursor in \`${field}\` is not valid here; use a cursor returned by this same field and query.`, field);
  const [body, sum, extra] = cursor.split('.');
  if (!body || !sum || extra !== undefined || checksum(body) !== sum) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const envelope = parsed as { v?: unknown; k?: unknown; p?: unknown };
  if (envelope.v !== VERSION || envelope.k !== kind) throw invalid();
  return envelope.p;
}

function checksum(body: string): string {
  return createHash('sha256').update(`secret-scanning-gateway/cursor/${body}`).digest('base64url').slice(0, 12);
}

/** A short stable hash of what a cursor was made for, so a cursor of another query is refused. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 16);
}
