// Cashier words for what goes wrong while parking a cart, taking a return or voiding the last sale.
import { ApiError } from '../../api/http';
import { asSentence } from '../../lib/text';
import { describeCommon, withReference } from './describe-register-error';

function fallback(error: unknown, what: string): string {
  if (!(error instanceof ApiError)) {
    return `${what} Try again.`;
  }
  return describeCommon(error) ?? withReference(`${what} ${asSentence(error.message)}`, error);
}

function detailList(error: ApiError): string {
  return error.details.map((detail) => detail.message).join('; ');
}

/** Looking up a receipt for a return. */
export function describeReceiptLookupError(error: unknown, receiptNumber: string): string {
  if (error instanceof ApiError && error.code === 'NOT_FOUND') {
    return `No sale of this store has the receipt number “${receiptNumber}”. Check the number or scan the receipt's barcode.`;
  }
  if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
    return `“${receiptNumber}” is not a receipt number.`;
  }
  return fallback(error, 'Could not look up the receipt.');
}

/** Recording a return. */
export function describeReturnError(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return fallback(error, 'The return was not recorded.');
  }
  switch (error.code) {
    case 'RETURN_EXCEEDS_SOLD':
      return `That is more than is left to return (${detailList(error)}). Look the receipt up again.`;
    case 'ALREADY_VOIDED':
      return 'That sale was voided: there is nothing to return.';
    case 'SHIFT_CLOSED':
      return 'No shift is open on this register, so no cash can be paid out. Refund to card or store credit, or open a shift.';
    case 'APPROVAL_REQUIRED':
      return 'A manager must approve a return without a receipt.';
    case 'TENDER_SHORT':
    case 'VALIDATION_FAILED':
      return `The refund was refused: ${detailList(error) || asSentence(error.message)}.`;
    case 'IDEMPOTENCY_MISMATCH':
      return 'This return was already recorded with different items. Close and start the return again.';
    case 'NOT_FOUND':
      return 'The sale or customer of this return was not found. Look the receipt up again.';
    default:
      return fallback(error, 'The return was not recorded.');
  }
}

/** Voiding the last sale. */
export function describeVoidError(error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'ALREADY_VOIDED':
        return 'That sale is already voided.';
      case 'CONFLICT':
        return `This sale cannot be voided: ${asSentence(error.message)} Take it back as a return instead.`;
      case 'NOT_FOUND':
        return 'That sale was not found at this store.';
    }
  }
  return fallback(error, 'The sale was not voided.');
}

/** Parking or recalling a cart. */
export function describeParkError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'NOT_FOUND') {
    return 'That cart is gone: another register took it, or it was parked before today.';
  }
  if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
    return `The cart could not be parked: ${detailList(error) || asSentence(error.message)}.`;
  }
  return fallback(error, 'The parked carts could not be reached.');
}
