/**
 * Receipt numbers: a register's prefix (`<store code>-<register number>-`, e.g. S001-1-) and its sequence
 * zero-padded to 6 digits, wider when larger (S001-1-000123). The server and an offline register both
 * number receipts with these.
 */
export const RECEIPT_SEQUENCE_DIGITS = 6;

/** The largest sequence number a register can reach (the counter is a PostgreSQL integer). */
export const MAX_RECEIPT_SEQUENCE = 2_147_483_646;

export function receiptPrefix(storeCode: string, registerNumber: number): string {
  return `${storeCode}-${registerNumber}-`;
}

export function formatReceiptNumber(prefix: string, sequence: number): string {
  return `${prefix}${String(sequence).padStart(RECEIPT_SEQUENCE_DIGITS, '0')}`;
}

/**
 * A receipt number split into its prefix and sequence, or null when it is not in the canonical form
 * (so one sequence number has exactly one spelling: S001-1-000123, never S001-1-123).
 */
export function parseReceiptNumber(receiptNumber: string): { prefix: string; sequence: number } | null {
  const match = /^(.+-)(\d+)$/.exec(receiptNumber);
  if (!match) {
    return null;
  }
  const sequence = Number(match[2]);
  if (
    !Number.isSafeInteger(sequence) ||
    sequence < 1 ||
    sequence > MAX_RECEIPT_SEQUENCE ||
    formatReceiptNumber(match[1]!, sequence) !== receiptNumber
  ) {
    return null;
  }
  return { prefix: match[1]!, sequence };
}
