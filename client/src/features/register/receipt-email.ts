// Emailing a receipt from the sale-complete panel: what the cashier typed, and the server's answer in words.
import { emailReceiptRequestSchema } from '../../../../shared/schemas/sales';
import { ApiError } from '../../api/http';
import { asSentence } from '../../lib/text';

/** Whether the API will take this address (the same schema it checks with). */
export function isEmailWellFormed(email: string): boolean {
  return emailReceiptRequestSchema.safeParse({ email }).success;
}

/** Why the receipt was not emailed, and what to do instead. */
export function describeEmailError(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return 'The receipt could not be emailed. Try again or print it.';
  }
  switch (error.code) {
    case 'NETWORK':
      return "Can't reach the server. Check this till's network cable or Wi-Fi, or print the receipt.";
    case 'VALIDATION_FAILED':
      return 'That is not an email address. Check it and try again.';
    case 'UNAVAILABLE':
      // The server says which: mail not set up here, or the mail server refused it.
      return `Not sent. ${asSentence(error.message)}`;
    case 'RATE_LIMITED':
      return 'Too many emails from this till. Wait a few seconds and try again.';
    default:
      return `Not sent: ${asSentence(error.message)}`;
  }
}
