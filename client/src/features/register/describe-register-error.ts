import { ApiError, isSessionLockedError } from '../../api/http';
import { asSentence } from '../../lib/text';

const NETWORK_WORDS = "Can't reach the server. Check this till's network cable or Wi-Fi.";

/** Shared endings for every register call: the network, the session, the server being down. */
export function describeCommon(error: ApiError): string | null {
  switch (error.code) {
    case 'NETWORK':
      return NETWORK_WORDS;
    case 'UNAVAILABLE':
      return 'The server is busy or restarting. Wait a moment and try again.';
    case 'UNAUTHENTICATED':
      // Idle-locked: the lock screen came up, and by the time this shows the PIN has unlocked the till again.
      if (isSessionLockedError(error)) {
        return 'The till locked before this went through, so nothing was done. Try again.';
      }
      return 'Your session has ended. Sign in again.';
    case 'FORBIDDEN':
      return 'You are not allowed to do this at this store. Ask a manager.';
    case 'RATE_LIMITED':
      return 'Too many requests from this till. Wait a few seconds and try again.';
    default:
      return null;
  }
}

export function withReference(text: string, error: ApiError): string {
  return error.requestId === null ? text : `${text} (Reference: ${error.requestId}.)`;
}

/** Why a scanned code did not go on the sale, in the words a cashier needs. */
export function describeScanError(error: unknown, code: string): string {
  if (!(error instanceof ApiError)) {
    return `Could not add “${code}”. Try scanning again.`;
  }
  if (error.code === 'NOT_FOUND') {
    return `No product has the code “${code}”. Scan again or type the SKU.`;
  }
  if (error.code === 'VALIDATION_FAILED') {
    return `“${code}” is not a code this till can look up.`;
  }
  return (
    describeCommon(error) ?? withReference(`Could not look up “${code}”: ${asSentence(error.message)}`, error)
  );
}

/** Why completing the sale failed, and what to do about it. */
export function describeSaleError(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return 'The sale could not be completed. Try again.';
  }
  switch (error.code) {
    case 'INSUFFICIENT_STOCK': {
      const which = error.details.map((detail) => detail.message).join('; ');
      return `Not enough stock for this sale${which === '' ? '' : ` (${which})`}. Take the item off or ask a manager.`;
    }
    case 'TENDER_SHORT': {
      const which = error.details[0]?.message;
      return `The payment does not cover the total${which ? ` (${which})` : ''}. Take more cash or card.`;
    }
    case 'SHIFT_CLOSED':
      return 'The drawer is closed: no shift is open on this register. Open a shift before taking cash.';
    case 'APPROVAL_REQUIRED':
      return 'A manager must approve a discount or price change on this sale.';
    case 'UNKNOWN_PRODUCT':
      return 'An item on the sale is no longer in the catalog. Remove it and scan it again.';
    case 'INACTIVE_PRODUCT':
      return 'An item on the sale is no longer sold. Remove it and ask a manager.';
    case 'IDEMPOTENCY_MISMATCH':
      return 'This sale was already recorded with different items or payments. Start a new sale and check the last receipt.';
    case 'VALIDATION_FAILED': {
      const reasons = error.details.map((detail) => `${detail.path} ${detail.message}`).join('; ');
      return reasons === '' ? asSentence(error.message) : `Check the payment: ${reasons}.`;
    }
    default:
      return (
        describeCommon(error) ??
        withReference(`The sale was not completed: ${asSentence(error.message)}`, error)
      );
  }
}

/** Errors of the till setup: stores, the current shift, opening a shift. */
export function describeSetupError(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return 'Setting up the till failed. Reload the page and try again.';
  }
  if (error.code === 'CONFLICT') {
    return 'A shift is already open on this register. Reload to pick it up.';
  }
  if (error.code === 'VALIDATION_FAILED') {
    const reasons = error.details.map((detail) => `${detail.path} ${detail.message}`).join('; ');
    return reasons === '' ? asSentence(error.message) : `Check what you typed: ${reasons}.`;
  }
  return describeCommon(error) ?? withReference(asSentence(error.message), error);
}

/**
 * Whether the sale may or may not have been recorded: no answer, or a gateway/server failure. Then the till
 * must resend the very same body (same id), never a changed one.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.code === 'NETWORK' || error.code === 'UNAVAILABLE' || error.status === 0 || error.status >= 500)
  );
}

/**
 * Why the manager's approval was refused, from the server's answer: its own words for a wrong username or PIN
 * (the detail naming `approval`), or the manager's lockout after too many wrong PINs.
 */
export function describeApprovalError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'ACCOUNT_LOCKED') {
    const minutes = error.retryAfterSeconds === null ? null : Math.ceil(error.retryAfterSeconds / 60);
    return `This manager is locked out after too many wrong PINs${minutes === null ? '' : ` for ${minutes} min`}. Ask another manager.`;
  }
  if (error instanceof ApiError && error.code === 'APPROVAL_REQUIRED') {
    const detail = error.details.find((item) => item.path === 'approval');
    return detail
      ? `${asSentence(`${error.message}: that username ${detail.message}`)} Try again.`
      : asSentence(error.message);
  }
  return describeSaleError(error);
}
