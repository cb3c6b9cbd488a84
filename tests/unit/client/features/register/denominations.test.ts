import { describe, expect, it } from 'vitest';
import { countedCents, denominationsOf } from '../../../../../client/src/features/register/denominations';

describe('denominations', () => {
  it('USD: bills then coins, largest first, with labels a cashier reads', () => {
    const usd = denominationsOf('USD');
    expect(usd.map((d) => d.label)).toEqual([
      '$100',
      '$50',
      '$20',
      '$10',
      '$5',
      '$2',
      '$1',
      '$1 coin',
      '50¢',
      '25¢',
      '10¢',
      '5¢',
      '1¢',
    ]);
    expect(usd.every((d, i) => i === 0 || d.kind === 'coin' || d.cents < (usd[i - 1]?.cents ?? 0))).toBe(
      true,
    );
  });

  it('a currency without a drawer layout is counted as a total', () => {
    expect(denominationsOf('JPY')).toEqual([]);
  });

  it('adds the counts to cents exactly; empty counts are none; anything but a whole number → null', () => {
    const usd = denominationsOf('USD');
    const counts = usd.map(() => '');
    counts[2] = '3'; // 3 × $20
    counts[10] = '7'; // 7 × 10¢
    counts[12] = '4'; // 4 × 1¢
    expect(countedCents(usd, counts)).toBe(6074);
    expect(countedCents(usd, [])).toBe(0);
    counts[0] = '1.5';
    expect(countedCents(usd, counts)).toBeNull();
    counts[0] = '-1';
    expect(countedCents(usd, counts)).toBeNull();
  });
});
