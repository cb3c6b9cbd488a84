import { describe, expect, it } from 'vitest';
import { priceCart } from '../../../../../shared/pricing/cart';
import { layoutReceipt } from '../../../../../shared/receipt/receipt-layout';
import {
  addScannedProduct,
  type CartProduct,
  cartCatalog,
  EMPTY_CART,
  pricingCartOf,
  saleLinesOf,
  setCartDiscount,
  setLineDiscount,
} from '../../../../../client/src/features/register/cart';
import { provisionalSaleOf } from '../../../../../client/src/features/register/provisional-sale';

// The contract's worked example A: tax-exclusive, standard 8.25 %, reduced 2.5 %, 500 off the sale.
const kibble: CartProduct = {
  id: 'p-1',
  sku: 'DOG-1',
  name: 'Kibble',
  unit: 'each',
  priceCents: 5499,
  taxClass: 'standard',
};
const treats: CartProduct = { ...kibble, id: 'p-2', sku: 'DOG-2', name: 'Treats', priceCents: 899 };
const seeds: CartProduct = {
  ...kibble,
  id: 'p-3',
  sku: 'BIRD-1',
  name: 'Seeds',
  priceCents: 349,
  taxClass: 'reduced',
};
const store = {
  id: 's-1',
  timezone: 'America/Chicago',
  taxRates: { standard: '8.25', reduced: '2.5', exempt: '0' },
  pricesIncludeTax: false,
  cashierDiscountLimitPercent: 10,
  cashRoundingCents: 1,
};

describe('a sale completed on the till alone, shaped for the receipt printer', () => {
  it('carries the pricing engine’s figures per line and the till’s receipt number and time', () => {
    let cart = addScannedProduct(EMPTY_CART, kibble);
    cart = addScannedProduct(cart, kibble);
    cart = addScannedProduct(cart, treats);
    cart = setLineDiscount(cart, 'p-2', { type: 'percent', value: 10, reason: 'scuffed' });
    for (let count = 0; count < 3; count += 1) {
      cart = addScannedProduct(cart, seeds);
    }
    cart = setCartDiscount(cart, { type: 'amount', value: 500, reason: 'loyalty' });
    const priced = priceCart(pricingCartOf(cart), cartCatalog(cart), store);
    const body = {
      id: '00000000-0000-4000-8000-00000000000a',
      storeId: store.id,
      registerId: 'till-1',
      shiftId: '00000000-0000-4000-8000-00000000000b',
      ...saleLinesOf(cart),
      tenders: [{ method: 'cash' as const, amountCents: 15000 }],
    };
    const receipt = {
      receiptNumber: 'S001-1-000042',
      // 00:30 UTC is still the evening before in Chicago: the business date follows the store.
      soldAt: '2026-11-25T00:30:00.000Z',
      lines: [],
      subtotalCents: priced.subtotalCents,
      discountCents: priced.discountCents,
      taxCents: priced.taxCents,
      totalCents: priced.totalCents,
      roundingCents: 0,
      changeDueCents: 15000 - priced.totalCents,
      tenders: [{ method: 'cash' as const, amountCents: 15000, reference: null }],
    };

    const sale = provisionalSaleOf({ body, cart, priced, receipt, store, cashierId: 'u-1' });

    expect(
      sale.lines.map((line) => [line.grossCents, line.discountCents, line.taxCents, line.taxRate]),
    ).toEqual([
      [10998, 428, 872, '8.25'],
      [899, 121, 64, '8.25'],
      [1047, 41, 25, '2.5'],
    ]);
    expect(sale.lines[1]?.discountReason).toBe('scuffed');
    expect(sale).toMatchObject({
      id: body.id,
      receiptNumber: 'S001-1-000042',
      businessDate: '2026-11-24',
      subtotalCents: 12944,
      discountCents: 590,
      taxCents: 961,
      totalCents: 13315,
      changeDueCents: 1685,
    });
    const printed = layoutReceipt(
      {
        sale,
        store: {
          code: 'S001',
          name: 'Riverside',
          address: '',
          timezone: store.timezone,
          currency: 'USD',
          receiptHeader: '',
          receiptFooter: '',
        },
        cashierName: null,
        loyalty: [],
      },
      42,
    ).map((line) => ('title' in line ? line.title : line.text));
    expect(printed.some((line) => line.startsWith('TOTAL') && line.endsWith('$133.15'))).toBe(true);
    expect(printed.some((line) => line.startsWith('Receipt') && line.endsWith('S001-1-000042'))).toBe(true);
  });
});
