import { pino } from 'pino';
import type { LogLevel } from './config.ts';
import { currentRequestId } from './ops/request-id.ts';

// Anything shaped like a GitHub credential or an Authorization value is masked before a line
// is written, wherever it came from.
const SECRET_SHAPES = [
  /\b(gh[pousr]_[A-Za-z0-9_]{16,})\b/g,
  /\b(github_pat_[A-Za-z0-9_]{20,})\b/g,
  /\b(v1\.[0-9a-f]{40})\b/g,
  /\b((?:authorization|bearer|token)["']?(?:\s*[:=]\s*|\s+)["']?(?:bearer\s+|token\s+)?)[^\s"',}]{8,}/gi,
  /(-----BEGIN [A-Z ]*PRIVATE KEY-----)[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----)/g,
];

export function redact(text: string): string {
  return SECRET_SHAPES.reduce(
    (current, shape) =>
      current.replace(shape, (match, prefix: string | undefined) =>
        prefix !== undefined && match.startsWith(prefix) && match !== prefix ? `${prefix}[REDACTED]` : '[REDACTED]',
      ),
    text,
  );
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** An audit line (level "audit"): written whatever the configured level. */
  audit(fields: Record<string, unknown>): void;
}

/** Above pino's highest level (fatal, 60), so that no configured level filters audit lines out. */
const AUDIT_LEVEL = 100;

/**
 * JSON lines through pino: `time` (ISO 8601), `level` as a string, `message`, the fields, and the
 * `requestId` of the request being served (ops/request-id.ts). Every line passes through `redact`
 * as text, just before it is written: pino's path-based redaction cannot see a token inside a
 * message or an error's text.
 */
export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const logger = pino(
    {
      level,
      customLevels: { audit: AUDIT_LEVEL },
      base: null,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId === undefined ? {} : { requestId };
      },
      hooks: { streamWrite: redact },
    },
    { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) },
  );
  const log = (lineLevel: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => logger[lineLevel](fields, message);
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), audit: (fields) => logger.audit(fields, 'audit') };
}
