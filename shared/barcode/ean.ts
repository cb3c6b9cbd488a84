// EAN-13 / GTIN-13 check digits. Pure TypeScript: used by the register, the server and the seed scripts.

const DIGITS_12 = /^[0-9]{12}$/;
const DIGITS_13 = /^[0-9]{13}$/;

/**
 * The GS1 check digit for the first 12 digits of an EAN-13: weights 1,3,1,3… from the left,
 * then the amount that brings the weighted sum up to a multiple of ten.
 */
export function ean13CheckDigit(first12: string): number {
  if (!DIGITS_12.test(first12)) {
    throw new RangeError(`EAN-13 check digit needs exactly 12 digits, got "${first12}"`);
  }
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const digit = first12.charCodeAt(i) - 48;
    sum += i % 2 === 0 ? digit : digit * 3;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when `code` is 13 digits whose last digit is the correct check digit. */
export function isValidEan13(code: string): boolean {
  if (!DIGITS_13.test(code)) {
    return false;
  }
  return ean13CheckDigit(code.slice(0, 12)) === code.charCodeAt(12) - 48;
}

/** Appends the check digit to 12 digits: the complete EAN-13. */
export function completeEan13(first12: string): string {
  return `${first12}${ean13CheckDigit(first12)}`;
}
