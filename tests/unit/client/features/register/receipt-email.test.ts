import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../../client/src/api/http';
import {
  describeEmailError,
  isEmailWellFormed,
} from '../../../../../client/src/features/register/receipt-email';

describe('emailing a receipt', () => {
  it('checks the address as the API does', () => {
    expect(isEmailWellFormed('pat@example.com')).toBe(true);
    expect(isEmailWellFormed(' pat@example.com ')).toBe(true);
    expect(isEmailWellFormed('pat@')).toBe(false);
    expect(isEmailWellFormed('')).toBe(false);
  });

  it('says why it was not sent, in words', () => {
    const noSmtp = new ApiError({
      status: 503,
      code: 'UNAVAILABLE',
      message: 'Email is not set up on this server (SMTP is not configured); print the receipt instead',
    });
    expect(describeEmailError(noSmtp)).toBe(
      'Not sent. Email is not set up on this server (SMTP is not configured); print the receipt instead.',
    );
    expect(describeEmailError(new ApiError({ status: 400, code: 'VALIDATION_FAILED', message: 'x' }))).toBe(
      'That is not an email address. Check it and try again.',
    );
    expect(describeEmailError(new ApiError({ status: 0, code: 'NETWORK', message: 'x' }))).toContain(
      "Can't reach the server",
    );
    expect(describeEmailError(new Error('boom'))).toBe(
      'The receipt could not be emailed. Try again or print it.',
    );
  });
});
