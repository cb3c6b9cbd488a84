// What a cashier types for a weight at the till, and how a weight reads back on screen.

/** The API's bounds on a line's quantity: 1 g to 1000 kg. */
const MAX_GRAMS = 1_000_000;

/**
 * "750", "750 g" → 750 grams; "0.75 kg", "0,75", "1.5" → 750 / 750 / 1500 grams (a number with decimals is
 * kilograms: nobody weighs in fractions of a gram). Kilograms take at most three decimals, so the grams are
 * exact. Null when it is not a weight from 1 g to 1000 kg.
 */
export function parseWeightInput(text: string): number | null {
  const match = /^(\d{1,7})(?:[.,](\d{1,3}))?\s*(kg|g)?$/i.exec(text.trim());
  if (!match) {
    return null;
  }
  const [, whole = '', fraction, unitText] = match;
  const unit = unitText?.toLowerCase() ?? (fraction === undefined ? 'g' : 'kg');
  if (unit === 'g' && fraction !== undefined) {
    return null;
  }
  const grams =
    unit === 'g' ? Number(whole) : Number(whole) * 1000 + Number((fraction ?? '').padEnd(3, '0') || '0');
  return grams >= 1 && grams <= MAX_GRAMS ? grams : null;
}

/** 750 → "0.750 kg", as the cart shows a weighed line. */
export function formatKilograms(grams: number): string {
  return `${(grams / 1000).toFixed(3)} kg`;
}
