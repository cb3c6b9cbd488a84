import { ApiError } from '../../api/http';
import { asSentence } from '../../lib/text';
import { MfaRequiredError } from './mfa-required-error';

function pluralize(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

function formatWait(seconds: number): string {
  if (seconds < 60) {
    return pluralize(Math.max(1, seconds), 'second');
  }
  return pluralize(Math.ceil(seconds / 60), 'minute');
}

/** Minutes left on a lockout: from Retry-After when present, else from the server's message ("… 30 minutes"). */
function lockoutMinutes(error: ApiError): number | null {
  if (error.retryAfterSeconds !== null) {
    return Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
  }
  const match = /(\d+)\s*min/i.exec(error.message);
  return match?.[1] ? Number(match[1]) : null;
}

/** The sentence a cashier sees when signing in fails: what happened and what to do next. */
export function describeLoginError(error: unknown): string {
  if (error instanceof MfaRequiredError) {
    return `${error.message}.`;
  }
  if (!(error instanceof ApiError)) {
    return 'Signing in failed unexpectedly. Reload the page and try again.';
  }
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      return 'Wrong username or password.';
    case 'ACCOUNT_DISABLED':
      return 'This account was disabled after 90 days without a sign-in. Ask an administrator to enable it.';
    case 'ACCOUNT_LOCKED': {
      const minutes = lockoutMinutes(error);
      const wait = minutes === null ? 'later' : `in ${pluralize(minutes, 'minute')}`;
      return `This account is locked after too many failed sign-ins. Try again ${wait}, or ask an administrator to unlock it.`;
    }
    case 'RATE_LIMITED': {
      const wait = error.retryAfterSeconds === null ? 'a moment' : formatWait(error.retryAfterSeconds);
      return `Too many sign-in attempts. Wait ${wait} and try again.`;
    }
    case 'NETWORK':
      return "Can't reach the server. Check this till's network connection and try again.";
    case 'UNAVAILABLE':
      return 'The server is not ready to sign you in right now. Try again in a moment.';
    case 'VALIDATION_FAILED': {
      const reasons = error.details.map((detail) => `${detail.path}: ${detail.message}`).join('; ');
      return reasons === '' ? error.message : `Check what you typed (${reasons}).`;
    }
    default: {
      const reference = error.requestId === null ? '' : ` Reference: ${error.requestId}.`;
      return `Signing in failed: ${asSentence(error.message)}${reference}`;
    }
  }
}
