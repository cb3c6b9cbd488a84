import type { NextFunction, Request, Response } from 'express';
import { ZodError } from 'zod';
import type { ErrorResponse } from '../../shared/errors';
import { sqlStateOf, UNIQUE_VIOLATION } from '../db/transaction';
import { AppError, ValidationError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { currentRequestContext } from './request-context';
import { zodIssuesToDetails } from './validation';

// Connection refused/reset, DNS, pool timeouts and PostgreSQL's own "cannot connect now" / admin shutdown classes.
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
const UNAVAILABLE_SQLSTATE = /^(08|57P0|53)/;

function isUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_NODE_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) {
      return true;
    }
    if (
      typeof message === 'string' &&
      /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|Connection is closed|PGlite is closed/i.test(
        message,
      )
    ) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Translates any error into the contract's shape; the one place that decides a status code. */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) {
    return error;
  }
  if (error instanceof ZodError) {
    return new ValidationError(zodIssuesToDetails(error.issues));
  }
  const bodyParserType = (error as { type?: unknown } | null)?.type;
  if (bodyParserType === 'entity.parse.failed') {
    return new AppError(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
  }
  if (bodyParserType === 'entity.too.large') {
    return new AppError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large');
  }
  if (bodyParserType === 'encoding.unsupported' || bodyParserType === 'charset.unsupported') {
    return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding or charset');
  }
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof bodyParserType === 'string' && typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(400, 'VALIDATION_FAILED', 'The request body could not be read');
  }
  if (error instanceof URIError && status === 400) {
    // The router could not percent-decode a path segment (a lone `%`, `%uD800`): the client's URL is broken.
    return new ValidationError([{ path: '(path)', message: 'is not valid percent-encoding' }]);
  }
  if (status === 404) {
    // serve-static for a missing hashed asset
    return new AppError(404, 'NOT_FOUND', 'Not found');
  }
  const state = sqlStateOf(error);
  if (state === UNIQUE_VIOLATION) {
    return new AppError(409, 'CONFLICT', 'That conflicts with an existing record');
  }
  if (state === '23514' || state === '23503') {
    // A CHECK or foreign key refused the write: the last line of defence, reached only by a rule the service missed.
    return new AppError(409, 'CONFLICT', 'The change would break a data rule and was not made');
  }
  if (state === '22003') {
    // Integer overflow of a stored total (stock on hand past 2^31 after several large adjustments): the request
    // clashes with the current figure, it is not a server fault.
    return new AppError(
      409,
      'CONFLICT',
      'The change would take a quantity or amount out of range and was not made',
    );
  }
  if (state === '57014') {
    return new AppError(503, 'UNAVAILABLE', 'The database took too long to answer; try again', undefined, {
      'Retry-After': '5',
    });
  }
  if (isUnavailable(error)) {
    return new AppError(503, 'UNAVAILABLE', 'The database is unavailable; try again shortly', undefined, {
      'Retry-After': '5',
    });
  }
  return undefined;
}

export function createErrorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const requestId = currentRequestContext()?.requestId ?? String(res.getHeader('x-request-id') ?? '');
    const appError = toAppError(error);
    if (!appError) {
      logger.error('unhandled error', { category: 'http', method: req.method, path: req.path, err: error });
    } else if (appError.status >= 500) {
      logger.warn(appError.message, {
        category: 'http',
        method: req.method,
        path: req.path,
        cause: String(error),
      });
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    const status = appError?.status ?? 500;
    const body: ErrorResponse = {
      error: {
        code: appError?.code ?? 'INTERNAL',
        message: appError?.message ?? 'Something went wrong on our side; the request id helps us find it',
        ...(appError?.details ? { details: appError.details } : {}),
        requestId,
      },
    };
    for (const [name, value] of Object.entries(appError?.headers ?? {})) {
      res.setHeader(name, value);
    }
    res.status(status).json(body);
  };
}
