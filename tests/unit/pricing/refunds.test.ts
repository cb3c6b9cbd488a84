import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proRataShare, refundForLine } from '../../../shared/pricing/refunds';

describe('refunds', () => {
  it('the contract’s example A line 2 (899, 10 % off, share of the cart discount) comes back whole', () => {
    const line = { quantity: 1, grossCents: 899, discountCents: 121, taxCents: 64, costCents: 400 };
    expect(refundForLine(line, 0, 1, false)).toEqual({
      grossCents: 899,
      discountCents: 121,
      netCents: 778,
      taxCents: 64,
      refundCents: 842,
      costCents: 400,
    });
  });

  it('three units of 1047 (cart share 41, tax 25) returned one by one: nets 335 + 336 + 335, taxes 8 + 9 + 8', () => {
    const line = { quantity: 3, grossCents: 1047, discountCents: 41, taxCents: 25, costCents: 450 };
    const refunds = [0, 1, 2].map((before) => refundForLine(line, before, 1, false).refundCents);
    expect(refunds).toEqual([343, 345, 343]);
    expect(refunds.reduce((a, b) => a + b, 0)).toBe(1031);
  });

  it('returning more than is left is refused', () => {
    expect(() => proRataShare(100, 2, 1, 2)).toThrow(RangeError);
  });

  it('any way a line comes back, the parts add up exactly and no part is negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }).chain((quantity) =>
          fc.record({
            quantity: fc.constant(quantity),
            grossCents: fc.integer({ min: 0, max: 5_000_000 }),
            discountShare: fc.double({ min: 0, max: 1, noNaN: true }),
            taxCents: fc.integer({ min: 0, max: 500_000 }),
            costCents: fc.integer({ min: 0, max: 5_000_000 }),
            cuts: fc.array(fc.integer({ min: 1, max: quantity }), { maxLength: 10 }),
            inclusive: fc.boolean(),
          }),
        ),
        ({ quantity, grossCents, discountShare, taxCents, costCents, cuts, inclusive }) => {
          const line = {
            quantity,
            grossCents,
            discountCents: Math.floor(grossCents * discountShare),
            taxCents,
            costCents,
          };
          // Split the quantity into consecutive returns at the cut points.
          const points = [...new Set([0, ...cuts, quantity])].sort((a, b) => a - b);
          const parts = points
            .slice(1)
            .map((end, i) => refundForLine(line, points[i]!, end - points[i]!, inclusive));
          const sum = (pick: (p: (typeof parts)[number]) => number) => parts.reduce((t, p) => t + pick(p), 0);
          const net = line.grossCents - line.discountCents;
          expect(sum((p) => p.netCents)).toBe(net);
          expect(sum((p) => p.taxCents)).toBe(taxCents);
          expect(sum((p) => p.costCents)).toBe(costCents);
          expect(sum((p) => p.refundCents)).toBe(inclusive ? net : net + taxCents);
          for (const part of parts) {
            expect(part.netCents).toBeGreaterThanOrEqual(0);
            expect(part.discountCents).toBeGreaterThanOrEqual(0);
            expect(part.discountCents).toBeLessThanOrEqual(part.grossCents);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
