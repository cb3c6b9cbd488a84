/**
 * A typed amount ("20", "20.5", ".5", "$1,020.00") → cents, or null when it is not an amount (negative, more
 * than 2 decimals, letters). Parsed from the digits, never through a float, so "0.29" is exactly 29.
 */
export function parseMoneyInput(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, '').replace(/,/g, '');
  const match = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(cleaned) ?? /^()\.(\d{1,2})$/.exec(cleaned);
  if (!match) {
    return null;
  }
  const whole = match[1] === '' || match[1] === undefined ? 0 : Number(match[1]);
  const fraction = (match[2] ?? '').padEnd(2, '0');
  return whole * 100 + Number(fraction);
}
