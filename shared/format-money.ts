// One Intl.NumberFormat per currency: building one costs far more than using it.
const formats = new Map<string, { format: Intl.NumberFormat; divisor: number }>();

/**
 * Minor units (cents) as the currency, e.g. 1234 USD → "$12.34", 1234 JPY → "¥1,234"; a negated zero shows
 * as "$0.00". The one money format of receipts, the register and the back office (a module of its own, so a
 * screen that only shows money does not pull the receipt layout into its chunk).
 */
export function formatMoney(minorUnits: number, currency: string): string {
  let entry = formats.get(currency);
  if (entry === undefined) {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    entry = { format, divisor: 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2) };
    formats.set(currency, entry);
  }
  return entry.format.format(minorUnits === 0 ? 0 : minorUnits / entry.divisor);
}
