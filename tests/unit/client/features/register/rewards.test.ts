import { describe, expect, it } from 'vitest';
import type { LoyaltyProgram } from '../../../../../shared/schemas/loyalty';
import { priceCart } from '../../../../../shared/pricing/cart';
import {
  addScannedProduct,
  type Cart,
  type CartProduct,
  cartCatalog,
  EMPTY_CART,
  pricingCartOf,
  redeemReward,
  rewardLineKey,
  saleLinesOf,
  setWeighedQuantity,
  undoAllRewards,
  undoReward,
} from '../../../../../client/src/features/register/cart';
import {
  describeProgress,
  describeRewardApprovals,
  planRedemption,
  productQualifies,
  rewardApprovalsNeeded,
  rewardsLeft,
} from '../../../../../client/src/features/register/rewards';

const acana: CartProduct = {
  id: 'p-acana',
  sku: 'ACANA-2',
  name: 'Acana 2 kg',
  unit: 'each',
  priceCents: 1999,
  taxClass: 'standard',
  brand: 'Acana',
  categoryId: 'c-food',
};
const toy: CartProduct = {
  id: 'p-toy',
  sku: 'TOY',
  name: 'Rope toy',
  unit: 'each',
  priceCents: 500,
  taxClass: 'standard',
  brand: 'Other',
  categoryId: 'c-toys',
};
const seeds: CartProduct = {
  id: 'p-seeds',
  sku: 'SEED',
  name: 'Bird seed',
  unit: 'weight',
  priceCents: 1299,
  taxClass: 'reduced',
  brand: 'Acana',
  categoryId: 'c-food',
};

function program(id: string, qualifying: LoyaltyProgram['qualifying']): LoyaltyProgram {
  return {
    id,
    name: `Program ${id}`,
    storeIds: ['s1'],
    qualifying,
    buyQuantity: 3,
    rewardQuantity: 1,
    windowMonths: null,
    active: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

const byBrand = program('prog-brand', { brand: 'ACANA' });
const store = {
  taxRates: { standard: '8.25', reduced: '2.5', exempt: '0' },
  pricesIncludeTax: false,
  cashierDiscountLimitPercent: 10,
} as const;

function cartOf(...items: [CartProduct, number][]) {
  let cart = EMPTY_CART;
  for (const [product, count] of items) {
    for (let i = 0; i < count; i++) {
      cart = addScannedProduct(cart, product);
    }
  }
  return cart;
}

describe('productQualifies', () => {
  it('matches every field the program sets; brands in any case', () => {
    expect(productQualifies({ brand: 'acana' }, acana)).toBe(true);
    expect(productQualifies({ brand: 'acana' }, toy)).toBe(false);
    expect(productQualifies({ productIds: ['p-toy'] }, toy)).toBe(true);
    expect(productQualifies({ brand: 'Acana', categoryId: 'c-toys' }, acana)).toBe(false);
    expect(productQualifies({ categoryId: 'c-food' }, acana)).toBe(true);
    expect(productQualifies({ brand: 'Acana' }, { ...acana, brand: undefined })).toBe(false);
  });
});

describe('redeeming a reward in the cart', () => {
  it('moves earned units to a free line priced at 100 % off, as the server prices it', () => {
    const cart = cartOf([acana, 3], [toy, 1]);
    const plan = planRedemption(
      cart,
      [byBrand],
      [{ programId: byBrand.id, programName: 'x', rewardsAvailable: 1 }],
    );
    expect(plan).toEqual({ ok: true, lineKey: acana.id, programId: byBrand.id, units: 1, earned: true });
    if (!plan.ok) {
      return;
    }
    const redeemed = redeemReward(cart, plan.lineKey, plan.programId, plan.units);
    expect(redeemed.lines.map((line) => [line.key, line.quantity, line.rewardProgramId])).toEqual([
      [acana.id, 2, undefined],
      [rewardLineKey(acana.id, byBrand.id), 1, byBrand.id],
      [toy.id, 1, undefined],
    ]);
    expect(redeemed.selectedKey).toBe(rewardLineKey(acana.id, byBrand.id));
    expect(saleLinesOf(redeemed).lines[1]).toEqual({
      productId: acana.id,
      quantity: 1,
      rewardProgramId: byBrand.id,
    });
    const priced = priceCart(pricingCartOf(redeemed), cartCatalog(redeemed), store);
    expect(priced.lines[1]).toMatchObject({ grossCents: 1999, lineDiscountCents: 1999, taxCents: 0 });
    expect(priced.totalCents).toBe(2 * 1999 + 500 + Math.round(((2 * 1999 + 500) * 8.25) / 100));
    // A second scan of the product adds to the paid line, not the free one.
    const scannedAgain = addScannedProduct(redeemed, acana);
    expect(scannedAgain.lines[0]?.quantity).toBe(3);
    expect(scannedAgain.lines[1]?.quantity).toBe(1);
  });

  it('a single unit line becomes the free line; undoing pays for it again', () => {
    const cart = cartOf([acana, 1]);
    const redeemed = redeemReward(cart, acana.id, byBrand.id, 2);
    expect(redeemed.lines).toHaveLength(1);
    expect(redeemed.lines[0]).toMatchObject({ quantity: 1, rewardProgramId: byBrand.id });
    const undone = undoReward(redeemed, redeemed.lines[0]!.key);
    expect(undone.lines).toEqual([{ key: acana.id, product: acana, quantity: 1 }]);
    const split = undoAllRewards(redeemReward(cartOf([acana, 3]), acana.id, byBrand.id, 1));
    expect(split.lines).toEqual([{ key: acana.id, product: acana, quantity: 3 }]);
    // A whole line made free keeps its place in the cart.
    const inPlace = redeemReward(cartOf([acana, 1], [toy, 1]), acana.id, byBrand.id, 1);
    expect(inPlace.lines.map((line) => line.product.id)).toEqual([acana.id, toy.id]);
  });

  it('picks the selected covered line, counts rewards already used, and asks a manager beyond them', () => {
    const progress = [{ programId: byBrand.id, programName: 'x', rewardsAvailable: 1 }];
    let cart = cartOf([toy, 1], [acana, 2]);
    cart = { ...cart, selectedKey: toy.id };
    const first = planRedemption(cart, [byBrand], progress);
    expect(first).toMatchObject({ ok: true, lineKey: acana.id, units: 1, earned: true });
    cart = redeemReward(cart, acana.id, byBrand.id, 1);
    expect(rewardsLeft(cart, progress).get(byBrand.id)).toBe(0);
    expect(rewardApprovalsNeeded(cart, progress)).toEqual([]);
    cart = { ...cart, selectedKey: acana.id };
    const second = planRedemption(cart, [byBrand], progress);
    expect(second).toMatchObject({ ok: true, lineKey: acana.id, units: 1, earned: false });
    cart = redeemReward(cart, acana.id, byBrand.id, 1);
    expect(cart.lines.map((line) => line.quantity)).toEqual([1, 2]);
    expect(rewardApprovalsNeeded(cart, progress)).toEqual([
      { path: 'lines.1.rewardProgramId', reason: 'reward' },
    ]);
    expect(rewardApprovalsNeeded(cart, [])).toEqual([{ path: 'lines.1.rewardProgramId', reason: 'reward' }]);
    expect(describeRewardApprovals(rewardApprovalsNeeded(cart, progress), cart)).toEqual([
      'Free Acana 2 kg the customer has not earned',
    ]);
    expect(
      describeRewardApprovals(
        [
          {
            path: 'lines.1.rewardProgramId',
            message: 'the customer has earned 1 free unit worth up to 500 cents',
          },
        ],
        cart,
      ),
    ).toEqual(['Free Acana 2 kg: the customer’s reward is worth less than this item']);
  });

  it('explains when nothing on the sale is covered (weighed lines never are)', () => {
    const cart = addScannedProduct(cartOf([toy, 1]), seeds, 500);
    expect(planRedemption(cart, [byBrand], [])).toMatchObject({ ok: false });
    expect(planRedemption(cart, [], [])).toEqual({
      ok: false,
      message: 'This store has no frequent-buyer program.',
    });
  });
});

describe('weighed lines', () => {
  it('a new weight replaces the grams; a weighed scan keeps the sale discount', () => {
    let cart: Cart = {
      ...cartOf([toy, 1]),
      cartDiscount: { type: 'percent' as const, value: 5, reason: 'staff' },
    };
    cart = addScannedProduct(cart, seeds, 750);
    expect(cart.cartDiscount).toEqual({ type: 'percent', value: 5, reason: 'staff' });
    const key = cart.lines[1]!.key;
    cart = setWeighedQuantity(cart, key, 1250);
    expect(cart.lines[1]?.quantity).toBe(1250);
    expect(() => setWeighedQuantity(cart, key, 0)).toThrow(RangeError);
    // Case C of the contract: 1299 per kg, 750 g → 974.
    const priced = priceCart(pricingCartOf(setWeighedQuantity(cart, key, 750)), cartCatalog(cart), store);
    expect(priced.lines[1]?.grossCents).toBe(974);
  });
});

describe('describeProgress', () => {
  it('says what is earned, else how far to the next', () => {
    const base = { buyQuantity: 12, rewardQuantity: 1, unitsTowardNext: 5, rewardsAvailable: 0 };
    expect(describeProgress(base)).toBe('5 of 12 bought toward 1 free');
    expect(describeProgress({ ...base, rewardsAvailable: 1 })).toBe('1 free unit earned');
    expect(describeProgress({ ...base, rewardsAvailable: 2 })).toBe('2 free units earned');
  });
});
