import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../../client/src/api/http';
import {
  describeApprovalError,
  describeSaleError,
  describeScanError,
  isOutcomeUnknown,
} from '../../../../../client/src/features/register/describe-register-error';

const apiError = (status: number, code: string, details: { path: string; message: string }[] = []) =>
  new ApiError({ status, code, message: `server says ${code}`, details, requestId: 'req-1' });

describe('register error words', () => {
  it('names the missing code on a scan', () => {
    expect(describeScanError(apiError(404, 'NOT_FOUND'), '0123')).toContain('No product has the code “0123”');
    expect(describeScanError(apiError(0, 'NETWORK'), '0123')).toContain("Can't reach the server");
  });

  it('maps the sale API codes to what the cashier should do', () => {
    expect(
      describeSaleError(
        apiError(409, 'INSUFFICIENT_STOCK', [{ path: 'lines.0', message: 'Kibble: 1 available' }]),
      ),
    ).toBe('Not enough stock for this sale (Kibble: 1 available). Take the item off or ask a manager.');
    expect(describeSaleError(apiError(422, 'TENDER_SHORT'))).toContain('does not cover the total');
    expect(describeSaleError(apiError(409, 'SHIFT_CLOSED'))).toContain('Open a shift');
    expect(describeSaleError(apiError(422, 'APPROVAL_REQUIRED'))).toContain('manager must approve');
    expect(describeSaleError(apiError(500, 'INTERNAL'))).toBe(
      'The sale was not completed: server says INTERNAL. (Reference: req-1.)',
    );
  });

  it('treats no answer and server failures as an unknown outcome, refusals as known', () => {
    expect(isOutcomeUnknown(apiError(0, 'NETWORK'))).toBe(true);
    expect(isOutcomeUnknown(apiError(503, 'UNAVAILABLE'))).toBe(true);
    expect(isOutcomeUnknown(apiError(500, 'INTERNAL'))).toBe(true);
    expect(isOutcomeUnknown(apiError(422, 'TENDER_SHORT'))).toBe(false);
    expect(isOutcomeUnknown(new Error('x'))).toBe(false);
  });
});

describe('describeApprovalError', () => {
  it("shows the server's words for a wrong username or PIN and asks again", () => {
    const error = new ApiError({
      status: 422,
      code: 'APPROVAL_REQUIRED',
      message: 'A manager must approve this',
      details: [
        { path: 'approval', message: 'is not a manager of this store with a PIN, or the PIN is wrong' },
      ],
    });
    expect(describeApprovalError(error)).toBe(
      'A manager must approve this: that username is not a manager of this store with a PIN, or the PIN is wrong. Try again.',
    );
  });

  it('says when the manager is locked out', () => {
    const error = new ApiError({
      status: 423,
      code: 'ACCOUNT_LOCKED',
      message: 'locked',
      retryAfterSeconds: 600,
    });
    expect(describeApprovalError(error)).toBe(
      'This manager is locked out after too many wrong PINs for 10 min. Ask another manager.',
    );
  });
});
