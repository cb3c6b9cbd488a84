import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoneyInput } from '../../../../../client/src/features/register/money';

describe('parseMoneyInput', () => {
  it.each([
    ['20', 2000],
    ['20.5', 2050],
    ['20.50', 2050],
    ['0.29', 29],
    ['.5', 50],
    ['$1,020.00', 102_000],
    [' 150 ', 15_000],
    ['20.', 2000],
  ])('reads %j as %i cents', (text, cents) => {
    expect(parseMoneyInput(text)).toBe(cents);
  });

  it.each(['', 'abc', '1.234', '-5', '1e3', '12.3.4'])('refuses %j', (text) => {
    expect(parseMoneyInput(text)).toBeNull();
  });
});

describe('formatMoney', () => {
  it('formats cents in the store currency', () => {
    expect(formatMoney(123_456, 'USD')).toBe('$1,234.56');
    expect(formatMoney(-0, 'USD')).toBe('$0.00');
    expect(formatMoney(-590, 'USD')).toBe('-$5.90');
  });
});
