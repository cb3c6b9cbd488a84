import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../../client/src/api/http';
import { describeLoginError } from '../../../../../client/src/features/auth/describe-login-error';

describe('describeLoginError', () => {
  it('401 INVALID_CREDENTIALS → "Wrong username or password."', () => {
    const error = new ApiError({ status: 401, code: 'INVALID_CREDENTIALS', message: 'Invalid credentials' });
    expect(describeLoginError(error)).toBe('Wrong username or password.');
  });

  it('423 ACCOUNT_LOCKED → minutes from Retry-After, rounded up', () => {
    const error = new ApiError({
      status: 423,
      code: 'ACCOUNT_LOCKED',
      message: 'Account locked',
      retryAfterSeconds: 1750,
    });
    expect(describeLoginError(error)).toContain('Try again in 30 minutes');
  });

  it('423 ACCOUNT_LOCKED without Retry-After → minutes from the message', () => {
    const error = new ApiError({ status: 423, code: 'ACCOUNT_LOCKED', message: 'Locked for 12 minutes' });
    expect(describeLoginError(error)).toContain('Try again in 12 minutes');
  });

  it('429 RATE_LIMITED → how long to wait', () => {
    const error = new ApiError({
      status: 429,
      code: 'RATE_LIMITED',
      message: 'Slow down',
      retryAfterSeconds: 1,
    });
    expect(describeLoginError(error)).toBe('Too many sign-in attempts. Wait 1 second and try again.');
  });

  it('a network failure → says the server cannot be reached', () => {
    const error = new ApiError({ status: 0, code: 'NETWORK', message: 'The server could not be reached.' });
    expect(describeLoginError(error)).toContain("Can't reach the server");
  });

  it('anything else → the server message and the request id to quote', () => {
    const error = new ApiError({
      status: 500,
      code: 'INTERNAL',
      message: 'Internal error',
      requestId: 'req-9',
    });
    expect(describeLoginError(error)).toBe('Signing in failed: Internal error. Reference: req-9.');
  });
});
