import { formatMoney } from './money';

/** One kind of bill or coin in the drawer, in cents. */
export type Denomination = { cents: number; label: string; kind: 'bill' | 'coin' };

const bills = (...cents: number[]) => cents.map((value) => ({ cents: value, kind: 'bill' as const }));
const coins = (...cents: number[]) => cents.map((value) => ({ cents: value, kind: 'coin' as const }));

// What a drawer of each currency holds, largest first. A currency not listed is counted as one total.
const DRAWERS: Record<string, { cents: number; kind: 'bill' | 'coin' }[]> = {
  USD: [...bills(10000, 5000, 2000, 1000, 500, 200, 100), ...coins(100, 50, 25, 10, 5, 1)],
  CAD: [...bills(10000, 5000, 2000, 1000, 500), ...coins(200, 100, 25, 10, 5)],
  EUR: [...bills(50000, 20000, 10000, 5000, 2000, 1000, 500), ...coins(200, 100, 50, 20, 10, 5, 2, 1)],
  GBP: [...bills(5000, 2000, 1000, 500), ...coins(200, 100, 50, 20, 10, 5, 2, 1)],
};

function labelOf(cents: number, kind: 'bill' | 'coin', currency: string): string {
  if (cents < 100) {
    return `${cents}${currency === 'GBP' ? 'p' : '¢'}`;
  }
  const amount = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    minimumFractionDigits: 0,
  }).format(cents / 100);
  return kind === 'coin' ? `${amount} coin` : amount;
}

/** The bills and coins to count for the store's currency; empty when the till only takes a total. */
export function denominationsOf(currency: string): Denomination[] {
  return (DRAWERS[currency] ?? []).map(({ cents, kind }) => ({
    cents,
    kind,
    label: labelOf(cents, kind, currency),
  }));
}

/** How many of each denomination the cashier typed ("" counts as none), or null when a count is not a whole number. */
export function countedCents(
  denominations: readonly Denomination[],
  counts: readonly string[],
): number | null {
  let total = 0;
  for (const [index, denomination] of denominations.entries()) {
    const text = (counts[index] ?? '').trim();
    if (text === '') {
      continue;
    }
    if (!/^\d{1,6}$/.test(text)) {
      return null;
    }
    total += Number(text) * denomination.cents;
  }
  return total;
}

/** "Over $1.00", "Short $0.34" or "Even": counted − expected as the manager reads it. */
export function describeOverShort(cents: number, currency: string): string {
  if (cents === 0) {
    return 'Even';
  }
  return `${cents > 0 ? 'Over' : 'Short'} ${formatMoney(Math.abs(cents), currency)}`;
}
