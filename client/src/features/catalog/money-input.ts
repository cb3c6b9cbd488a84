// Prices are typed in dollars and cents ("12.99") and sent as integer cents: no float arithmetic on the way.

import { parseMoneyInput as parseAmount } from '../../lib/money-input';

export type MoneyInputResult = { ok: true; cents: number } | { ok: false; message: string };

/** The till's parser, with a message for the form: "is required" or how an amount is written. */
export function parseMoneyInput(text: string): MoneyInputResult {
  if (text.trim() === '') {
    return { ok: false, message: 'is required' };
  }
  const cents = parseAmount(text);
  return cents === null
    ? { ok: false, message: 'must be an amount like 12.99 (at most 2 decimals, not negative)' }
    : { ok: true, cents };
}

/** Cents as the form shows them for editing: 1299 → "12.99". */
export function formatMoneyInput(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const fraction = String(Math.abs(cents % 100)).padStart(2, '0');
  return `${whole}.${fraction}`;
}
