import { describe, expect, it } from 'vitest';
import { containsCardNumber, passesLuhn } from '../../../shared/payments/card-number';
import { createSaleSchema } from '../../../shared/schemas/sales';

describe('card numbers are recognised so they are never stored', () => {
  it('the Luhn check', () => {
    expect(['4111111111111111', '5555555555554444', '378282246310005', '0'].map(passesLuhn)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(passesLuhn('4111111111111112')).toBe(false);
  });

  it.each([
    ['4111111111111111', true],
    ['4111 1111 1111 1111', true],
    ['4111-1111-1111-1111', true],
    ['card 378282246310005 ok', true],
    ['AUTH123', false],
    ['4111111111111112', false],
    ['123456', false],
    // 20 digits: not a card number even though a 16-digit part would pass.
    ['41111111111111110000', false],
    ['TXN-000123-4411', false],
  ])('%s → %s', (text, expected) => {
    expect(containsCardNumber(text)).toBe(expected);
  });
});

const validSale = {
  id: '0b9f3c1e-7d2a-4a51-9c3e-5d7f1a2b3c4d',
  storeId: '1c0e4d2f-8e3b-4b62-8d4f-6e8a2b3c4d5e',
  registerId: 'till-1',
  shiftId: '2d1f5e3a-9f4c-4c73-9e5a-7f9b3c4d5e6f',
  customerId: null,
  lines: [
    { productId: '3e2a6f4b-0a5d-4d84-8f6b-8a0c4d5e6f70', quantity: 2 },
    {
      productId: '4f3b7a5c-1b6e-4e95-9a7c-9b1d5e6f7081',
      quantity: 1,
      discount: { type: 'percent', value: 10, reason: 'damaged box' },
    },
    {
      productId: '5a4c8b6d-2c7f-4fa6-8b8d-0c2e6f708192',
      quantity: 1,
      unitPriceOverrideCents: 1299,
      overrideReason: 'price match',
    },
  ],
  cartDiscount: { type: 'amount', value: 500, reason: 'loyalty' },
  tenders: [
    { method: 'cash', amountCents: 5000 },
    { method: 'card', amountCents: 1234, reference: 'AUTH123' },
  ],
  approval: { username: 'manager1', pin: '1234' },
};

function pathsOf(input: unknown): string[] {
  const result = createSaleSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.')).sort();
}

describe('POST /api/sales body', () => {
  it('the contract’s example is accepted', () => {
    expect(pathsOf(validSale)).toEqual([]);
  });

  it('a card number as the reference is refused, naming the field', () => {
    const sale = {
      ...validSale,
      tenders: [{ method: 'card', amountCents: 6234, reference: '4111 1111 1111 1111' }],
    };
    expect(pathsOf(sale)).toEqual(['tenders.0.reference']);
    const result = createSaleSchema.safeParse(sale);
    expect(JSON.stringify(result.error?.issues)).not.toContain('4111');
  });

  it('each bad field is named', () => {
    expect(
      pathsOf({
        ...validSale,
        registerId: 'till 1',
        lines: [
          { productId: 'x', quantity: 0 },
          {
            productId: validSale.lines[0]!.productId,
            quantity: 1.5,
            discount: { type: 'percent', value: 12.345, reason: 'x' },
          },
          { productId: validSale.lines[0]!.productId, quantity: 1, unitPriceOverrideCents: 100 },
          {
            productId: validSale.lines[0]!.productId,
            quantity: 1,
            discount: { type: 'amount', value: 1.5, reason: ' ' },
          },
        ],
        tenders: [
          { method: 'card', amountCents: 0 },
          { method: 'cheque', amountCents: 5 },
        ],
        extra: true,
      }),
    ).toEqual(
      [
        '',
        'registerId',
        'lines.0.productId',
        'lines.0.quantity',
        'lines.1.quantity',
        'lines.1.discount.value',
        'lines.2.overrideReason',
        'lines.3.discount.value',
        'lines.3.discount.reason',
        'tenders.0.amountCents',
        'tenders.0.reference',
        'tenders.1.method',
      ].sort(),
    );
  });

  it('no lines or no tenders → named', () => {
    expect(pathsOf({ ...validSale, lines: [], tenders: [] })).toEqual(['lines', 'tenders']);
  });
});
