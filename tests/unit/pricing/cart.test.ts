import { describe, expect, it } from 'vitest';
import {
  approvalsNeeded,
  type CatalogPrice,
  priceCart,
  type StorePricing,
} from '../../../shared/pricing/cart';
import { PricingError } from '../../../shared/pricing/sale-pricing';

const catalog = new Map<string, CatalogPrice>([
  ['kibble', { unit: 'each', priceCents: 5499, taxClass: 'standard' }],
  ['collar', { unit: 'each', priceCents: 899, taxClass: 'standard' }],
  ['treats', { unit: 'each', priceCents: 349, taxClass: 'reduced' }],
  ['seed', { unit: 'weight', priceCents: 1299, taxClass: 'exempt' }],
]);
const store: StorePricing = {
  taxRates: { standard: '8.25', reduced: '2.5', exempt: '0' },
  pricesIncludeTax: false,
  cashierDiscountLimitPercent: 10,
};

describe('priceCart', () => {
  it('prices the contract’s case A from the catalog and the store’s rates', () => {
    const sale = priceCart(
      {
        lines: [
          { productId: 'kibble', quantity: 2 },
          { productId: 'collar', quantity: 1, discount: { type: 'percent', value: 10 } },
          { productId: 'treats', quantity: 3 },
        ],
        cartDiscount: { type: 'amount', value: 500 },
      },
      catalog,
      store,
    );
    expect(sale).toMatchObject({
      subtotalCents: 12944,
      discountCents: 590,
      taxCents: 961,
      totalCents: 13315,
    });
  });

  it('an override replaces the catalog price; weighed lines are priced per kg', () => {
    const sale = priceCart(
      {
        lines: [
          { productId: 'kibble', quantity: 1, unitPriceOverrideCents: 4999 },
          { productId: 'seed', quantity: 750 },
        ],
      },
      catalog,
      store,
    );
    expect(sale.lines.map((l) => l.grossCents)).toEqual([4999, 974]);
    expect(sale.lines[1]?.taxCents).toBe(0);
  });

  it('an unknown product or a bad percentage is a PricingError naming the line', () => {
    expect(() => priceCart({ lines: [{ productId: 'ghost', quantity: 1 }] }, catalog, store)).toThrow(
      expect.objectContaining({ path: 'lines.0.productId' }),
    );
    expect(() =>
      priceCart(
        { lines: [{ productId: 'kibble', quantity: 1, discount: { type: 'percent', value: 12.345 } }] },
        catalog,
        store,
      ),
    ).toThrow(PricingError);
  });
});

describe('approvalsNeeded', () => {
  const reasonsFor = (cart: Parameters<typeof priceCart>[0]) =>
    approvalsNeeded(cart, priceCart(cart, catalog, store), store);

  it('within the limit (10 % as asked, however it rounds) → none', () => {
    expect(
      reasonsFor({
        lines: [{ productId: 'collar', quantity: 1, discount: { type: 'percent', value: 10 } }],
        cartDiscount: { type: 'amount', value: 80 },
      }),
    ).toEqual([]);
  });

  it('every override, and each discount over the limit, by percent or by amount', () => {
    expect(
      reasonsFor({
        lines: [
          { productId: 'kibble', quantity: 1, unitPriceOverrideCents: 5000 },
          { productId: 'collar', quantity: 1, discount: { type: 'percent', value: 10.01 } },
          { productId: 'treats', quantity: 1, discount: { type: 'amount', value: 35 } },
          { productId: 'treats', quantity: 10, discount: { type: 'amount', value: 349 } },
        ],
        cartDiscount: { type: 'percent', value: 15 },
      }),
    ).toEqual([
      { path: 'lines.0.unitPriceOverrideCents', reason: 'price_override' },
      { path: 'lines.1.discount', reason: 'discount_over_limit' },
      { path: 'lines.2.discount', reason: 'discount_over_limit' },
      { path: 'cartDiscount', reason: 'discount_over_limit' },
    ]);
  });
});
