import { ApiError } from '../../api/http';
import { asSentence } from '../../lib/text';
import { describeSetupError } from './describe-register-error';

/** Why a paid in / paid out / no sale / close was refused, in the words a cashier needs. */
export function describeDrawerError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'SHIFT_CLOSED') {
    return 'This shift is already closed. Reload the till to open a new one.';
  }
  if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
    const reasons = error.details.map((detail) => `${detail.path} ${detail.message}`).join('; ');
    return reasons === '' ? asSentence(error.message) : `Check what you typed: ${reasons}.`;
  }
  return describeSetupError(error);
}

/** Why the PIN did not unlock the till, or why signing in as another cashier failed. */
export function describeUnlockError(error: unknown, what: 'PIN' | 'sign-in'): string {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'INVALID_CREDENTIALS':
        return what === 'PIN' ? 'Wrong PIN. Try again.' : 'Wrong username or password. Try again.';
      case 'ACCOUNT_LOCKED': {
        const minutes = error.retryAfterSeconds === null ? null : Math.ceil(error.retryAfterSeconds / 60);
        return `Locked after too many wrong tries${minutes === null ? '' : ` for ${minutes} min`}. Ask a manager, or sign in as another cashier.`;
      }
      case 'RATE_LIMITED':
        return 'Too many tries from this till. Wait a minute and try again.';
    }
  }
  return describeSetupError(error);
}
