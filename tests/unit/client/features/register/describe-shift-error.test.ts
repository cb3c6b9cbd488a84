import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../../client/src/api/http';
import { describeSaleError } from '../../../../../client/src/features/register/describe-register-error';
import {
  describeDrawerError,
  describeUnlockError,
} from '../../../../../client/src/features/register/describe-shift-error';

const apiError = (
  status: number,
  code: string,
  details: { path: string; message: string }[] = [],
  retryAfterSeconds: number | null = null,
) =>
  new ApiError({
    status,
    code,
    message: `server says ${code}`,
    details,
    requestId: 'req-1',
    retryAfterSeconds,
  });

describe('shift and till-lock error words', () => {
  it('drawer: a closed shift, a bad field named, the network', () => {
    expect(describeDrawerError(apiError(409, 'SHIFT_CLOSED'))).toContain('already closed');
    expect(
      describeDrawerError(apiError(400, 'VALIDATION_FAILED', [{ path: 'reason', message: 'must say why' }])),
    ).toBe('Check what you typed: reason must say why.');
    expect(describeDrawerError(apiError(0, 'NETWORK'))).toContain("Can't reach the server");
  });

  it('unlock and sign-in: wrong PIN, wrong password, locked out for a number of minutes', () => {
    expect(describeUnlockError(apiError(401, 'INVALID_CREDENTIALS'), 'PIN')).toBe('Wrong PIN. Try again.');
    expect(describeUnlockError(apiError(401, 'INVALID_CREDENTIALS'), 'sign-in')).toContain(
      'Wrong username or password',
    );
    expect(describeUnlockError(apiError(423, 'ACCOUNT_LOCKED', [], 600), 'PIN')).toContain('for 10 min');
  });

  it('a call refused because the till locked says so, not that the session ended', () => {
    const locked = apiError(401, 'UNAUTHENTICATED', [{ path: 'session', message: 'locked' }]);
    expect(describeSaleError(locked)).toContain('The till locked before this went through');
    expect(describeSaleError(apiError(401, 'UNAUTHENTICATED'))).toContain('Your session has ended');
  });
});
