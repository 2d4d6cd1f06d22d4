import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../errors.ts';

/**
 * Opaque, versioned cursors: base64url JSON plus an HMAC-SHA256 tag under the installation's
 * cursor key (GATEWAY_CURSOR_SECRET, or a key file under GATEWAY_DATA_DIR, see src/cursor-key.ts), so
 * that a cursor edited or forged by a client is rejected with a clear error rather than pointing
 * somewhere else. Cursors hold positions in lists, never anything secret; the tag makes them
 * tamper-evident, not confidential.
 */
const VERSION = 1;

/** Signs and checks the cursors of one installation. */
export class CursorCodec {
  private readonly key: Buffer;

  /** A random key when none is given: cursors then last as long as the process. */
  constructor(key: Buffer = randomBytes(32)) {
    if (key.length < 16) throw new Error('The cursor key must be at least 16 bytes.');
    this.key = key;
  }

  encode(kind: string, payload: unknown): string {
    const body = Buffer.from(JSON.stringify({ v: VERSION, k: kind, p: payload })).toString('base64url');
    return `${body}.${this.tagOf(body)}`;
  }

  decode(cursor: string, kind: string, field = 'after'): unknown {
    const invalid = () =>
      new ValidationError(`The cursor in \`${field}\` is not valid here; use a cursor returned by this same field and query.`, field);
    const [body, tag, extra] = cursor.split('.');
    if (!body || !tag || extra !== undefined || !this.tagMatches(body, tag)) throw invalid();
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

  /** The kind of a cursor this codec signed (to tell which reader issued it); null for anything else. */
  kindOf(cursor: string): string | null {
    const [body, tag, extra] = cursor.split('.');
    if (!body || !tag || extra !== undefined || !this.tagMatches(body, tag)) return null;
    try {
      const { k } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { k?: unknown };
      return typeof k === 'string' ? k : null;
    } catch {
      return null;
    }
  }

  private tagOf(body: string): string {
    return createHmac('sha256', this.key).update(`cursor/${body}`).digest('base64url').slice(0, 22);
  }

  private tagMatches(body: string, tag: string): boolean {
    const expected = Buffer.from(this.tagOf(body));
    const given = Buffer.from(tag);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** A short stable hash of what a cursor was made for, so a cursor of another query is refused. */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 16);
}
