import { describe, expect, it } from 'vitest';
import {
  planEarning,
  planReturnSettlement,
  productQualifies,
  takeUnits,
  unitValueCents,
  windowStart,
} from '../../../server/modules/loyalty/loyalty-rules';

const product = { productId: 'p1', brand: 'Acana', categoryId: 'c1' };

describe('productQualifies', () => {
  it('matches every field that is set; brands regardless of case; a missing brand never matches one', () => {
    expect(productQualifies({ brand: 'ACANA' }, product)).toBe(true);
    expect(productQualifies({ brand: 'Orijen' }, product)).toBe(false);
    expect(productQualifies({ productIds: ['p1', 'p2'] }, product)).toBe(true);
    expect(productQualifies({ productIds: ['p2'] }, product)).toBe(false);
    expect(productQualifies({ categoryId: 'c1', brand: 'acana' }, product)).toBe(true);
    expect(productQualifies({ categoryId: 'c2', brand: 'acana' }, product)).toBe(false);
    expect(productQualifies({ brand: 'Acana' }, { ...product, brand: null })).toBe(false);
    expect(productQualifies({ brand: 'Acana' }, { ...product, brand: '' })).toBe(false);
  });
});

describe('unitValueCents', () => {
  it('rounds down so a reward is never worth more than what was paid per unit', () => {
    expect(unitValueCents(1000, 3)).toBe(333);
    expect(unitValueCents(0, 2)).toBe(0);
  });
});

describe('windowStart', () => {
  it('goes back whole months, clamping to the month end; null without a window', () => {
    expect(windowStart('2026-06-15', 24)).toBe('2024-06-15');
    expect(windowStart('2026-03-31', 1)).toBe('2026-02-28');
    expect(windowStart('2024-03-31', 1)).toBe('2024-02-29');
    expect(windowStart('2026-01-10', 13)).toBe('2024-12-10');
    expect(windowStart('2026-01-10', null)).toBeNull();
  });
});

describe('planEarning', () => {
  const row = (id: string, free: number, unitValueCents: number) => ({
    id,
    transactionId: `t-${id}`,
    free,
    unitValueCents,
  });

  it('fills cards oldest first; each card is worth its cheapest unit and is completed by its last unit’s sale', () => {
    const plan = planEarning([row('a', 5, 999), row('b', 10, 899), row('c', 12, 1099)], 12);
    expect(plan.consume).toEqual([
      { id: 'a', units: 5 },
      { id: 'b', units: 10 },
      { id: 'c', units: 9 },
    ]);
    expect(plan.cards).toEqual([
      { maxValueCents: 899, completedByTransactionId: 't-b' },
      { maxValueCents: 899, completedByTransactionId: 't-c' },
    ]);
  });

  it('fewer units than a card → nothing consumed', () => {
    expect(planEarning([row('a', 11, 999)], 12)).toEqual({ consume: [], cards: [] });
  });
});

describe('takeUnits', () => {
  it('takes in order up to the count', () => {
    expect(
      takeUnits(
        [
          { id: 'a', available: 2 },
          { id: 'b', available: 0 },
          { id: 'c', available: 5 },
        ],
        4,
      ),
    ).toEqual([
      { id: 'a', units: 2 },
      { id: 'c', units: 2 },
    ]);
  });
});

describe('planReturnSettlement', () => {
  it('one consumed unit back with its reward still available → revoke it, give the other 11 units back', () => {
    expect(
      planReturnSettlement({
        consumedUnitsReturned: 1,
        buyQuantity: 12,
        rewardQuantity: 1,
        availableRewardIds: ['r1', 'r2'],
      }),
    ).toEqual({ revokeRewardIds: ['r1'], unitsToGiveBack: 11, unitsToReplace: 0 });
  });

  it('the reward was already redeemed → the units are replaced from free ones (as far as there are), never owed', () => {
    expect(
      planReturnSettlement({
        consumedUnitsReturned: 2,
        buyQuantity: 12,
        rewardQuantity: 1,
        availableRewardIds: [],
      }),
    ).toEqual({ revokeRewardIds: [], unitsToGiveBack: 0, unitsToReplace: 2 });
  });

  it('two cards hit but one reward left → that card is revoked and the rest replaced', () => {
    expect(
      planReturnSettlement({
        consumedUnitsReturned: 13,
        buyQuantity: 12,
        rewardQuantity: 2,
        availableRewardIds: ['r1', 'r2'],
      }),
    ).toEqual({ revokeRewardIds: ['r1', 'r2'], unitsToGiveBack: 0, unitsToReplace: 1 });
  });

  it('nothing consumed came back → nothing to settle', () => {
    expect(
      planReturnSettlement({
        consumedUnitsReturned: 0,
        buyQuantity: 12,
        rewardQuantity: 1,
        availableRewardIds: ['r'],
      }),
    ).toEqual({ revokeRewardIds: [], unitsToGiveBack: 0, unitsToReplace: 0 });
  });
});
