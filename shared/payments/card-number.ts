// A till never stores a card number: the card terminal keeps it, and the sale keeps only the terminal's
// reference. This guard finds text that could be a primary account number (PAN) so it can be refused.

/** The Luhn checksum every payment card number satisfies. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) {
        digit -= 9;
      }
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Whether the text holds something that looks like a card number: a run of 13–19 digits (spaces or single
 * dashes allowed between them, as printed on a card), not part of a longer run, that passes the Luhn check.
 * A numeric reference of that length passes by chance one time in ten; terminals' references are shorter
 * or carry letters, and refusing one is safer than storing a card number.
 */
export function containsCardNumber(text: string): boolean {
  for (const match of text.matchAll(/(?<![\d])\d(?:[ -]?\d)*(?![\d])/g)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)) {
      return true;
    }
  }
  return false;
}
