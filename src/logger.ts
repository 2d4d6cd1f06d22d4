import type { LogLevel } from './config.ts';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

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

/** JSON lines on stdout; every line passes through `redact`. */
export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const line = (lineLevel: LogLevel | 'audit', message: string, fields: Record<string, unknown>) =>
    write(redact(JSON.stringify({ time: new Date().toISOString(), level: lineLevel, message, ...fields })));
  const log = (lineLevel: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => {
    if (LEVELS[lineLevel] >= LEVELS[level]) line(lineLevel, message, fields);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), audit: (fields) => line('audit', 'audit', fields) };
}
