import { mkdirSync } from 'node:fs';
import path from 'node:path';
import winston from 'winston';
import { currentRequestContext } from '../http/request-context';

export type LogCategory = 'http' | 'auth' | 'sales' | 'inventory' | 'db' | 'jobs' | 'lifecycle';
export type Logger = winston.Logger;

const REDACTED = '[redacted]';
const SECRET_KEY =
  /^(password|passwordhash|pin|pinhash|token|authorization|cookie|set-cookie|csrftoken|secret|card.*|.*secret)$/i;

/** Replaces secret-looking keys at any depth; never mutates the caller's object. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') {
    return value;
  }
  if (value instanceof Error) {
    return value;
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
    } else if (key !== 'level' && key !== 'message') {
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
