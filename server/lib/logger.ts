import { mkdirSync } from 'node:fs';
import path from 'node:path';
import winston from 'winston';
import { currentRequestContext } from '../http/request-context';

export type LogCategory = 'http' | 'auth' | 'sales' | 'inventory' | 'db' | 'jobs' | 'lifecycle';
export type Logger = winston.Logger;

const REDACTED = '[redacted]';
const SECRET_KEY =
  /^(password|passwordhash|pin|pinhash|token|authorization|cookie|set-cookie|csrftoken|secret|card.*|.*secret)$/i;

// Drizzle's failed-query errors carry the bound values in their message ("params: …") and in a `params`
// field: for a password or PIN change, the new bcrypt hashes. The SQL may be logged; the values never are.
const QUERY_PARAMS = /\nparams: [^\n]*/g;
const ERROR_FIELDS = ['code', 'severity', 'routine', 'constraint', 'table', 'column', 'query'] as const;

function stripQueryParams(text: string): string {
  return text.includes('\nparams: ') ? text.replace(QUERY_PARAMS, '\nparams: [redacted]') : text;
}

/** An error as a log line may show it: name, message, a few diagnostic fields, stack and cause; no values. */
function loggableError(error: Error, depth: number): Record<string, unknown> {
  const fields = error as Error & Record<string, unknown>;
  const shown: Record<string, unknown> = { name: error.name, message: stripQueryParams(error.message) };
  for (const key of ERROR_FIELDS) {
    const field = fields[key];
    if (typeof field === 'string' || typeof field === 'number') {
      shown[key] = field;
    }
  }
  if (error.stack) {
    shown.stack = stripQueryParams(error.stack);
  }
  if (error.cause !== undefined) {
    shown.cause = redactSecrets(error.cause, depth + 1);
  }
  return shown;
}

/** Replaces secret-looking keys at any depth; never mutates the caller's object. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') {
    return stripQueryParams(value);
  }
  if (depth > 6 || value === null || typeof value !== 'object') {
    return value;
  }
  if (value instanceof Error) {
    return loggableError(value, depth);
  }
  if (Array.isArray(value)) {
    return value.map((item) => redactSecrets(item, depth + 1));
  }
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? REDACTED : redactSecrets(inner, depth + 1);
  }
  return copy;
}

const redactFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (SECRET_KEY.test(key)) {
      info[key] = REDACTED;
    } else if (key === 'message' && typeof info.message === 'string') {
      info.message = stripQueryParams(info.message);
    } else if (key !== 'level') {
      info[key] = redactSecrets(info[key]);
    }
  }
  return info;
});

const contextFormat = winston.format((info) => {
  const context = currentRequestContext();
  if (context) {
    info.requestId ??= context.requestId;
    if (context.userId) {
      info.userId ??= context.userId;
    }
    if (context.storeId) {
      info.storeId ??= context.storeId;
    }
  }
  return info;
});

export type LoggerOptions = {
  level: string;
  dir?: string | null;
  pretty?: boolean;
  /** Extra transports, e.g. an in-memory one for tests that assert on log lines. */
  transports?: winston.transport[];
  silent?: boolean;
};

/** JSON logs with request id, user and store, secrets redacted, to the console and LOG_DIR files. */
export function createLogger(options: LoggerOptions): Logger {
  const base = winston.format.combine(
    contextFormat(),
    redactFormat(),
    winston.format.timestamp(),
    winston.format.errors({ stack: true }),
  );
  const transports: winston.transport[] = [
    new winston.transports.Console({
      silent: options.silent ?? false,
      format: options.pretty
        ? winston.format.combine(winston.format.colorize(), winston.format.simple())
        : winston.format.json(),
    }),
    ...(options.transports ?? []),
  ];
  if (options.dir) {
    mkdirSync(options.dir, { recursive: true });
    transports.push(
      new winston.transports.File({
        filename: path.join(options.dir, 'error.log'),
        level: 'error',
        format: winston.format.json(),
      }),
      new winston.transports.File({
        filename: path.join(options.dir, 'combined.log'),
        format: winston.format.json(),
      }),
    );
  }
  return winston.createLogger({
    level: options.level,
    format: base,
    defaultMeta: { service: 'pet-products-pos' },
    transports,
  });
}
