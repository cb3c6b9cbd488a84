import { describe, expect, it } from 'vitest';
import { approvalsNeeded, priceCart } from '../../../../../shared/pricing/cart';
import {
  addScannedProduct,
  type CartProduct,
  cartCatalog,
  EMPTY_CART,
  pricingCartOf,
  saleLinesOf,
  setCartDiscount,
  setLineDiscount,
  setPriceOverride,
} from '../../../../../client/src/features/register/cart';

const kibble: CartProduct = {
  id: 'p-kibble',
  sku: 'DOG-1',
  name: 'Kibble',
  unit: 'each',
  priceCents: 2000,
  taxClass: 'standard',
};
const treats: CartProduct = {
  id: 'p-treats',
  sku: 'DOG-2',
  name: 'Treats',
  unit: 'each',
  priceCents: 1000,
  taxClass: 'standard',
};
const store = {
  taxRates: { standard: '0', reduced: '0', exempt: '0' },
  pricesIncludeTax: false,
  cashierDiscountLimitPercent: 10,
};

function twoLines() {
  return addScannedProduct(addScannedProduct(EMPTY_CART, kibble), treats);
}

describe('discounts and price overrides on the register cart', () => {
  it('prices a line discount, an override and a cart discount through the shared engine', () => {
    let cart = setLineDiscount(twoLines(), 'p-kibble', { type: 'percent', value: 25, reason: 'damaged bag' });
    cart = setPriceOverride(cart, 'p-treats', { unitPriceCents: 800, reason: 'price match' });
    cart = setCartDiscount(cart, { type: 'amount', value: 200, reason: 'loyal customer' });
    const priced = priceCart(pricingCartOf(cart), cartCatalog(cart), store);
    // 2000 − 25 % = 1500; treats at 800; 2300 − 200 = 2100.
    expect(priced.subtotalCents).toBe(2800);
    expect(priced.totalCents).toBe(2100);
    expect(saleLinesOf(cart)).toEqual({
      lines: [
        {
          productId: 'p-kibble',
          quantity: 1,
          discount: { type: 'percent', value: 25, reason: 'damaged bag' },
        },
        { productId: 'p-treats', quantity: 1, unitPriceOverrideCents: 800, overrideReason: 'price match' },
      ],
      cartDiscount: { type: 'amount', value: 200, reason: 'loyal customer' },
    });
  });

  it('knows before sending which lines need a manager', () => {
    let cart = setLineDiscount(twoLines(), 'p-kibble', {
      type: 'percent',
      value: 10,
      reason: 'at the limit',
    });
    let priced = priceCart(pricingCartOf(cart), cartCatalog(cart), store);
    expect(approvalsNeeded(pricingCartOf(cart), priced, store)).toEqual([]);
    cart = setLineDiscount(cart, 'p-treats', { type: 'percent', value: 15, reason: 'over the limit' });
    priced = priceCart(pricingCartOf(cart), cartCatalog(cart), store);
    expect(approvalsNeeded(pricingCartOf(cart), priced, store)).toEqual([
      { path: 'lines.1.discount', reason: 'discount_over_limit' },
    ]);
  });

  it('takes a discount, an override or the cart discount off again with null', () => {
    let cart = setLineDiscount(twoLines(), 'p-kibble', { type: 'amount', value: 100, reason: 'dent' });
    cart = setPriceOverride(cart, 'p-kibble', { unitPriceCents: 1, reason: 'x' });
    cart = setCartDiscount(cart, { type: 'percent', value: 5, reason: 'y' });
    cart = setCartDiscount(setPriceOverride(setLineDiscount(cart, 'p-kibble', null), 'p-kibble', null), null);
    expect(cart).toEqual(twoLines());
    expect(saleLinesOf(cart)).toEqual({
      lines: [
        { productId: 'p-kibble', quantity: 1 },
        { productId: 'p-treats', quantity: 1 },
      ],
    });
  });
});
