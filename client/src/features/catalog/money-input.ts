// Prices are typed in dollars and cents ("12.99") and sent as integer cents: no float arithmetic on the way.

export type MoneyInputResult = { ok: true; cents: number } | { ok: false; message: string };

const MONEY_TEXT = /^(\d{1,9})(?:\.(\d{0,2}))?$/;

/** "12.99", "12.9", "12", ".5" or "$1,299.00" → cents; anything negative or with more than 2 decimals is refused. */
export function parseMoneyInput(text: string): MoneyInputResult {
  const cleaned = text.trim().replace(/^\$/, '').replaceAll(',', '');
  if (cleaned === '') {
    return { ok: false, message: 'is required' };
  }
  const match = MONEY_TEXT.exec(cleaned.startsWith('.') ? `0${cleaned}` : cleaned);
  if (!match) {
    return { ok: false, message: 'must be an amount like 12.99 (at most 2 decimals, not negative)' };
  }
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  return { ok: true, cents: whole * 100 + fraction };
}

/** Cents as the form shows them for editing: 1299 → "12.99". */
export function formatMoneyInput(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const fraction = String(Math.abs(cents % 100)).padStart(2, '0');
  return `${whole}.${fraction}`;
}
