import { formatMoney } from '../../../../shared/format-money';

/** Money in the report's currency; with mixed currencies the plain amount (the screen says they are mixed). */
export function money(cents: number, currency: string | null): string {
  if (currency === null) {
    return (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  return formatMoney(cents, currency);
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** "1 void", "3 voids". */
export function plural(value: number, noun: string): string {
  return `${count(value)} ${noun}${value === 1 ? '' : 's'}`;
}

/** Grams as kilograms, "1.250 kg" (weighed stock is kept in grams); none as a dash, so real weights stand out. */
export function kilograms(grams: number): string {
  if (grams === 0) {
    return '—';
  }
  return `${(grams / 1000).toLocaleString('en-US', { minimumFractionDigits: 3, maximumFractionDigits: 3 })} kg`;
}

/** A store-local "YYYY-MM-DD HH:MM:SS" without its seconds. */
export function localMinute(localTime: string): string {
  return localTime.slice(0, 16);
}

const LABELS: Record<string, string> = {
  price_override: 'Price override',
  discount_over_limit: 'Discount over limit',
  reward: 'Reward',
  void: 'Void',
  no_receipt_return: 'Return without receipt',
  return: 'Return',
  sale: 'Sale',
};

/** An API enum value as words: "no_receipt_return" → "Return without receipt". */
export function humanize(value: string): string {
  const known = LABELS[value];
  if (known !== undefined) {
    return known;
  }
  const words = value.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
