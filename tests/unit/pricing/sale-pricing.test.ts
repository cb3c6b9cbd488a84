import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divideRoundHalfUp,
  percentToBasisPoints,
  roundToMultiple,
  percentToPpm,
} from '../../../shared/pricing/rounding';
import {
  type Discount,
  type PricingLine,
  PricingError,
  priceSale,
  settleTenders,
  spreadByLargestRemainder,
} from '../../../shared/pricing/sale-pricing';

const STANDARD = percentToPpm('8.25');
const REDUCED = percentToPpm('2.5');
const each = (unitPriceCents: number, quantity: number, taxRatePpm: number, discount?: Discount) =>
  ({ unit: 'each', unitPriceCents, quantity, taxRatePpm, discount }) satisfies PricingLine;

describe('the API contract’s worked examples, to the cent', () => {
  const caseA = priceSale({
    lines: [
      each(5499, 2, STANDARD),
      each(899, 1, STANDARD, { type: 'percent', basisPoints: percentToBasisPoints(10) }),
      each(349, 3, REDUCED),
    ],
    cartDiscount: { type: 'amount', cents: 500 },
    pricesIncludeTax: false,
  });

  it('A: tax-exclusive, 8.25 % and 2.5 %, a line discount and a cart discount', () => {
    expect(caseA.lines.map((l) => l.grossCents)).toEqual([10998, 899, 1047]);
    expect(caseA.lines.map((l) => l.lineDiscountCents)).toEqual([0, 90, 0]);
    expect(caseA.lines.map((l) => l.grossCents - l.lineDiscountCents)).toEqual([10998, 809, 1047]);
    expect(caseA.lines.map((l) => l.cartDiscountCents)).toEqual([428, 31, 41]);
    expect(caseA.lines.map((l) => l.netCents)).toEqual([10570, 778, 1006]);
    expect(caseA.lines.map((l) => l.taxCents)).toEqual([872, 64, 25]);
    expect(caseA).toMatchObject({
      subtotalCents: 12944,
      discountCents: 590,
      taxCents: 961,
      totalCents: 13315,
    });
  });

  it('A paid by card 10000 and cash 5000 → change 1685', () => {
    const settled = settleTenders({
      totalCents: caseA.totalCents,
      tenders: [
        { method: 'card', amountCents: 10000 },
        { method: 'cash', amountCents: 5000 },
      ],
      cashRoundingCents: 1,
    });
    expect(settled).toEqual({ dueCents: 13315, roundingCents: 0, changeDueCents: 1685 });
  });

  it('B: prices include 20 % → tax inside 200 and 166, total 2199', () => {
    const twenty = percentToPpm('20');
    const sale = priceSale({ lines: [each(1200, 1, twenty), each(999, 1, twenty)], pricesIncludeTax: true });
    expect(sale.lines.map((l) => l.taxCents)).toEqual([200, 166]);
    expect(sale).toMatchObject({ taxCents: 366, totalCents: 2199 });
  });

  it('C: 750 g at 1299 per kg → gross 974', () => {
    const sale = priceSale({
      lines: [{ unit: 'weight', unitPriceCents: 1299, quantity: 750, taxRatePpm: 0 }],
      pricesIncludeTax: false,
    });
    expect(sale.lines[0]?.grossCents).toBe(974);
  });

  it('D: cash rounding to 5 → 1033 cash due 1035 (+2), 1032 cash due 1030 (−2), 1033 by card unchanged', () => {
    const cash = (totalCents: number, method: 'cash' | 'card') =>
      settleTenders({ totalCents, tenders: [{ method, amountCents: 2000 }], cashRoundingCents: 5 });
    expect(cash(1033, 'cash')).toMatchObject({ dueCents: 1035, roundingCents: 2, changeDueCents: 965 });
    expect(cash(1032, 'cash')).toMatchObject({ dueCents: 1030, roundingCents: -2 });
    expect(() => cash(1033, 'card')).toThrow(PricingError);
    expect(
      settleTenders({
        totalCents: 1033,
        tenders: [{ method: 'card', amountCents: 1033 }],
        cashRoundingCents: 5,
      }),
    ).toEqual({ dueCents: 1033, roundingCents: 0, changeDueCents: 0 });
  });
});

describe('rounding', () => {
  it('halves go away from zero; everything else to the nearest', () => {
    expect([5, 15, 25, -5, -15, 14, 16].map((n) => divideRoundHalfUp(n, 10))).toEqual([
      1, 2, 3, -1, -2, 1, 2,
    ]);
    expect(divideRoundHalfUp(8325, 10000)).toBe(1);
    expect(() => divideRoundHalfUp(1, 0)).toThrow(RangeError);
    expect(() => divideRoundHalfUp(2 ** 60, 3)).toThrow(RangeError);
  });

  it('percentages become whole basis points; more than two decimals or 100 % is refused', () => {
    expect(['8.25', '2.5', '0', '100', ' 7 '].map(percentToBasisPoints)).toEqual([825, 250, 0, 10000, 700]);
    expect(['8.875', '8.25', '0.0001', '100'].map(percentToPpm)).toEqual([88_750, 82_500, 1, 1_000_000]);
    expect(() => percentToPpm('8.12345')).toThrow(RangeError);
    expect(() => percentToPpm('100.0001')).toThrow(RangeError);
    expect(percentToBasisPoints(12.5)).toBe(1250);
    for (const bad of ['8.255', '-1', '100.01', 'abc', '', '1e2']) {
      expect(() => percentToBasisPoints(bad), bad).toThrow(RangeError);
    }
  });

  it('rounds to a multiple with halves up', () => {
    expect([1032, 1033, 1035, 1037, 1038].map((n) => roundToMultiple(n, 5))).toEqual([
      1030, 1035, 1035, 1035, 1040,
    ]);
  });
});

describe('bad input names the field', () => {
  it.each([
    [{ lines: [each(-1, 1, 0)] }, 'lines.0.unitPriceCents'],
    [{ lines: [each(100, 0, 0)] }, 'lines.0.quantity'],
    [{ lines: [each(100, 1.5, 0)] }, 'lines.0.quantity'],
    [{ lines: [each(100, 1, 0, { type: 'amount', cents: 101 })] }, 'lines.0.discount.value'],
    [{ lines: [each(100, 1, 0, { type: 'percent', basisPoints: 10001 })] }, 'lines.0.discount.value'],
    [{ lines: [each(100, 1, 0)], cartDiscount: { type: 'amount', cents: 101 } }, 'cartDiscount.value'],
  ] as const)('%j → %s', (input, path) => {
    try {
      priceSale({ pricesIncludeTax: false, ...input } as Parameters<typeof priceSale>[0]);
      expect.unreachable('priced bad input');
    } catch (error) {
      expect(error).toBeInstanceOf(PricingError);
      expect((error as PricingError).path).toBe(path);
    }
  });

  it('tenders that do not cover the total, or card above it', () => {
    const settle = (tenders: { method: 'cash' | 'card'; amountCents: number }[]) =>
      settleTenders({ totalCents: 1000, tenders, cashRoundingCents: 1 });
    expect(() => settle([{ method: 'cash', amountCents: 999 }])).toThrow(/cover 999 of the 1000/);
    expect(() => settle([{ method: 'card', amountCents: 1200 }])).toThrow(/only cash/);
    expect(() => settle([])).toThrow(PricingError);
    expect(settle([{ method: 'cash', amountCents: 1200 }]).changeDueCents).toBe(200);
  });
});

describe('properties of random baskets', () => {
  const discount = (max: number): fc.Arbitrary<Discount | undefined> =>
    fc.oneof(
      fc.constant(undefined),
      fc.integer({ min: 0, max: 10000 }).map((basisPoints) => ({ type: 'percent' as const, basisPoints })),
      fc.integer({ min: 0, max }).map((cents) => ({ type: 'amount' as const, cents })),
    );
  const line: fc.Arbitrary<PricingLine> = fc
    .record({
      unit: fc.constantFrom('each' as const, 'weight' as const),
      unitPriceCents: fc.integer({ min: 0, max: 500_000 }),
      quantity: fc.integer({ min: 1, max: 5000 }),
      taxRatePpm: fc.constantFrom(0, 25_000, 70_000, 82_500, 88_750, 200_000, 250_000),
    })
    .chain((l) => {
      const gross =
        l.unit === 'weight'
          ? Math.round((l.unitPriceCents * l.quantity) / 1000)
          : l.unitPriceCents * l.quantity;
      return discount(gross).map((d) => ({ ...l, discount: d }));
    });
  const basket = fc
    .record({ lines: fc.array(line, { minLength: 1, maxLength: 12 }), pricesIncludeTax: fc.boolean() })
    .chain((b) => {
      const nets = priceSale(b).lines.reduce((total, l) => total + l.netCents, 0);
      return discount(nets).map((cartDiscount) => ({ ...b, cartDiscount }));
    });

  it('the parts add up exactly and nothing goes negative', () => {
    fc.assert(
      fc.property(basket, (input) => {
        const sale = priceSale(input);
        const sum = (pick: (l: (typeof sale.lines)[number]) => number) =>
          sale.lines.reduce((total, l) => total + pick(l), 0);
        const cartDiscount = sum((l) => l.cartDiscountCents);
        const netsBeforeCart = sum((l) => l.grossCents - l.lineDiscountCents);
        if (input.cartDiscount?.type === 'amount') {
          expect(cartDiscount).toBe(input.cartDiscount.cents);
        } else if (input.cartDiscount?.type === 'percent') {
          expect(cartDiscount).toBe(
            divideRoundHalfUp(netsBeforeCart * input.cartDiscount.basisPoints, 10000),
          );
        } else {
          expect(cartDiscount).toBe(0);
        }
        expect(sum((l) => l.totalCents)).toBe(sale.totalCents);
        expect(sum((l) => l.discountCents)).toBe(sale.discountCents);
        expect(sale.subtotalCents - sale.discountCents).toBe(sum((l) => l.netCents));
        expect(sale.totalCents).toBe(
          input.pricesIncludeTax
            ? sale.subtotalCents - sale.discountCents
            : sale.subtotalCents - sale.discountCents + sale.taxCents,
        );
        for (const l of sale.lines) {
          expect(l.netCents).toBeGreaterThanOrEqual(0);
          expect(l.taxCents).toBeGreaterThanOrEqual(0);
          expect(l.cartDiscountCents).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('tax is the nearest cent to the exact tax, halves up (inside the price: the nearest pre-tax cent)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.boolean(),
        (net, rate, inclusive) => {
          const [tax] = priceSale({
            lines: [each(net, 1, rate)],
            pricesIncludeTax: inclusive,
          }).lines.map((l) => l.taxCents);
          // Compare scaled integers: |rounded × d − exact × d| ≤ d / 2, and an exact half goes up.
          const [rounded, numerator, denominator] = inclusive
            ? [net - tax!, net * 1_000_000, 1_000_000 + rate]
            : [tax!, net * rate, 1_000_000];
          const error = rounded * denominator - numerator;
          expect(2 * Math.abs(error)).toBeLessThanOrEqual(denominator);
          if (2 * Math.abs(error) === denominator) {
            expect(error).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 1000 },
    );
    expect(priceSale({ lines: [each(1000, 1, STANDARD)], pricesIncludeTax: false }).taxCents).toBe(83);
    // New York City's 8.875 %: four-decimal rates are exact too (1000 × 8.875 % = 88.75 → 89).
    expect(
      priceSale({ lines: [each(1000, 1, percentToPpm('8.875'))], pricesIncludeTax: false }).taxCents,
    ).toBe(89);
  });

  it('a cart share never differs from the exact proportion by a cent or more', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (nets, fraction) => {
          const sum = nets.reduce((a, b) => a + b, 0);
          const total = Math.floor(sum * fraction);
          const shares = spreadByLargestRemainder(total, nets);
          expect(shares.reduce((a, b) => a + b, 0)).toBe(sum === 0 ? 0 : total);
          shares.forEach((share, index) => {
            const exact = sum === 0 ? 0 : (total * nets[index]!) / sum;
            expect(Math.abs(share - exact)).toBeLessThan(1);
            expect(share).toBeLessThanOrEqual(nets[index]!);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
