import { describe, expect, it } from 'vitest';
import { quickCashAmounts } from '../../../../../client/src/features/register/quick-cash';

const amounts = (due: number) => quickCashAmounts(due).map((amount) => amount.amountCents);

describe('quickCashAmounts', () => {
  it('offers exact, the next $5, $10 and $20, then $50 and $100', () => {
    expect(quickCashAmounts(1234)).toEqual([
      { label: 'Exact', amountCents: 1234 },
      { label: 'Next $5', amountCents: 1500 },
      { label: 'Next $10', amountCents: 2000 },
      { label: '$50', amountCents: 5000 },
      { label: '$100', amountCents: 10_000 },
    ]);
  });

  it('lists each amount once when the due is already a round amount', () => {
    expect(amounts(2000)).toEqual([2000, 5000, 10_000]);
    expect(amounts(500)).toEqual([500, 1000, 2000, 5000, 10_000]);
  });

  it('above a note, offers its next multiple instead', () => {
    expect(amounts(7321)).toEqual([7321, 7500, 8000, 10_000]);
    expect(quickCashAmounts(13_217)).toEqual([
      { label: 'Exact', amountCents: 13_217 },
      { label: 'Next $5', amountCents: 13_500 },
      { label: 'Next $10', amountCents: 14_000 },
      { label: 'Next $50', amountCents: 15_000 },
      { label: 'Next $100', amountCents: 20_000 },
    ]);
    expect(amounts(12_345)).toEqual([12_345, 12_500, 13_000, 14_000, 15_000, 20_000]);
  });

  it('offers nothing for a total of zero or less', () => {
    expect(quickCashAmounts(0)).toEqual([]);
    expect(quickCashAmounts(-5)).toEqual([]);
  });
});
