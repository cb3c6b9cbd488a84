import { describe, expect, it } from 'vitest';
import type { SaleLine } from '../../../../../shared/schemas/sales';
import {
  cashRefundDueCents,
  noReceiptRefundCents,
  receiptLineRefundCents,
  returnableQuantity,
} from '../../../../../client/src/features/register/return-refunds';

// Case A's first line: 5499 × 2, a cart share of 428 off, tax 872 (contract worked example).
const line: SaleLine = {
  id: '00000000-0000-4000-8000-000000000001',
  productId: '00000000-0000-4000-8000-000000000002',
  sku: 'DOG-1',
  name: 'Kibble',
  unit: 'each',
  quantity: 2,
  unitPriceCents: 5499,
  grossCents: 10998,
  discountCents: 428,
  discountReason: null,
  taxClass: 'standard',
  taxRate: '8.25',
  taxCents: 872,
  totalCents: 11442,
  returnedQuantity: 0,
  rewardProgramId: null,
};

describe('return refunds at the till', () => {
  it('refunds what was paid pro rata, half-up, and the parts add up to the line', () => {
    expect(receiptLineRefundCents(line, 1, false)).toBe(5285 + 436);
    const second = receiptLineRefundCents({ ...line, returnedQuantity: 1 }, 1, false);
    expect(receiptLineRefundCents(line, 1, false) + second).toBe(line.totalCents);
    expect(receiptLineRefundCents(line, 2, false)).toBe(line.totalCents);
    expect(receiptLineRefundCents(line, 0, false)).toBe(0);
    // Prices including tax: the net alone.
    expect(receiptLineRefundCents(line, 2, true)).toBe(10570);
  });

  it('knows what is left to return', () => {
    expect(returnableQuantity(line)).toBe(2);
    expect(returnableQuantity({ ...line, returnedQuantity: 2 })).toBe(0);
  });

  it('prices a return without a receipt at today’s price with tax, no discounts', () => {
    const store = {
      taxRates: { standard: '8.25', reduced: '2.5', exempt: '0' },
      pricesIncludeTax: false,
      cashierDiscountLimitPercent: 10,
    };
    const product = {
      id: 'p',
      sku: 'S',
      name: 'N',
      unit: 'each' as const,
      priceCents: 899,
      taxClass: 'standard' as const,
    };
    expect(noReceiptRefundCents([{ product, quantity: 2 }], store)).toBe(1798 + 148);
    expect(noReceiptRefundCents([], store)).toBe(0);
  });

  it('rounds a cash refund like a cash sale where the store rounds cash', () => {
    expect(cashRefundDueCents(1033, 5)).toBe(1035);
    expect(cashRefundDueCents(1032, 5)).toBe(1030);
    expect(cashRefundDueCents(1033, 1)).toBe(1033);
  });
});
