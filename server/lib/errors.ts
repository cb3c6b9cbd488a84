import type { ErrorCode, ErrorDetail } from '../../shared/errors';

/** A failure the client can act on: carries the HTTP status and the contract's error code. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(details: ErrorDetail[], message = 'The request is not valid') {
    super(400, 'VALIDATION_FAILED', message, details);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in first', details?: ErrorDetail[]) {
    super(401, 'UNAUTHENTICATED', message, details);
  }
}

export class InvalidCredentialsError extends AppError {
  constructor(message = 'Wrong username or password') {
    super(401, 'INVALID_CREDENTIALS', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this') {
    super(403, 'FORBIDDEN', message);
  }
}

/** REQUIRE_MFA: a manager or admin without a second factor may only enrol one (and sign out). */
export class MfaEnrolmentRequiredError extends AppError {
  constructor() {
    super(
      403,
      'MFA_ENROLMENT_REQUIRED',
      'Set up two-factor sign-in (an authenticator app) before doing anything else',
    );
  }
}

/** Right password, but the account was just disabled for 90 days without a sign-in. */
export class AccountDisabledError extends AppError {
  constructor(
    message = 'This account was disabled after 90 days without a sign-in; ask an admin to enable it',
  ) {
    super(403, 'ACCOUNT_DISABLED', message);
  }
}

export class CsrfError extends AppError {
  constructor() {
    super(403, 'CSRF_FAILED', 'Missing or wrong X-CSRF-Token header');
  }
}

export class NotFoundError extends AppError {
  constructor(what = 'Resource') {
    super(404, 'NOT_FOUND', `${what} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code: ErrorCode = 'CONFLICT', details?: ErrorDetail[]) {
    super(409, code, message, details);
  }
}

export class BusinessRuleError extends AppError {
  constructor(code: ErrorCode, message: string, details?: ErrorDetail[]) {
    super(422, code, message, details);
  }
}

export class AccountLockedError extends AppError {
  constructor(retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(
      423,
      'ACCOUNT_LOCKED',
      `Account locked after too many failed attempts; try again in ${minutes} minutes`,
      undefined,
      {
        'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
      },
    );
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number, message = 'Too many attempts; wait and try again') {
    super(429, 'RATE_LIMITED', message, undefined, {
      'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
    });
  }
}

export class UnavailableError extends AppError {
  constructor(message = 'The service is temporarily unavailable') {
    super(503, 'UNAVAILABLE', message, undefined, { 'Retry-After': '5' });
  }
}
