import { describe, expect, it } from 'vitest';
import {
  describeApprovals,
  isPinWellFormed,
  parseAdjustmentValue,
} from '../../../../../client/src/features/register/adjustments';
import { addScannedProduct, EMPTY_CART } from '../../../../../client/src/features/register/cart';

const kibble = {
  id: '00000000-0000-4000-8000-000000000001',
  sku: 'KIB-1',
  name: 'Kibble',
  unit: 'each' as const,
  priceCents: 1000,
  taxClass: 'standard' as const,
};

describe('discount, price and approval input', () => {
  it('reads percentages as the API accepts them', () => {
    expect(parseAdjustmentValue('percent', '12.5')).toBe(12.5);
    expect(parseAdjustmentValue('percent', ' 15 % ')).toBe(15);
    expect(parseAdjustmentValue('percent', '100')).toBe(100);
    expect(parseAdjustmentValue('percent', '100.01')).toBeNull();
    expect(parseAdjustmentValue('percent', '1.234')).toBeNull();
    expect(parseAdjustmentValue('percent', '-5')).toBeNull();
    expect(parseAdjustmentValue('percent', '')).toBeNull();
  });

  it('reads amounts as cents', () => {
    expect(parseAdjustmentValue('amount', '2.50')).toBe(250);
    expect(parseAdjustmentValue('amount', '$0.29')).toBe(29);
    expect(parseAdjustmentValue('amount', 'two')).toBeNull();
  });

  it('accepts a PIN of 4 to 8 digits only', () => {
    expect(isPinWellFormed('1234')).toBe(true);
    expect(isPinWellFormed('12345678')).toBe(true);
    expect(isPinWellFormed('123')).toBe(false);
    expect(isPinWellFormed('12a4')).toBe(false);
  });

  it('names the item each approval is for', () => {
    const cart = addScannedProduct(EMPTY_CART, kibble);
    expect(
      describeApprovals(
        [
          { path: 'lines.0.unitPriceOverrideCents', reason: 'price_override' },
          { path: 'lines.0.discount', reason: 'discount_over_limit' },
          { path: 'cartDiscount', reason: 'discount_over_limit' },
        ],
        cart,
      ),
    ).toEqual([
      'Price change on Kibble',
      'Discount on Kibble above the cashier limit',
      'Discount on the whole sale above the cashier limit',
    ]);
  });
});
