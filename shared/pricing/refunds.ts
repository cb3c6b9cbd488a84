// What a return refunds for part of a sale line: its share of what was actually paid (the net after every
// discount, and the tax), pro rata to the quantity. Shares are taken of cumulative quantities and rounded
// half-up, so however a line comes back (all at once, or one unit at a time) the refunds add up to exactly
// what the line cost, never a cent more or less.
import { divideRoundHalfUp } from './rounding';

/** The cents that units [returnedBefore, returnedBefore + returningNow) of `quantity` carry of `amountCents`. */
export function proRataShare(
  amountCents: number,
  quantity: number,
  returnedBefore: number,
  returningNow: number,
): number {
  if (returningNow < 0 || returnedBefore < 0 || returnedBefore + returningNow > quantity) {
    throw new RangeError(`cannot return ${returningNow} more of ${quantity} after ${returnedBefore}`);
  }
  const upTo = (units: number) => divideRoundHalfUp(amountCents * units, quantity);
  return upTo(returnedBefore + returningNow) - upTo(returnedBefore);
}

export type SoldLine = {
  quantity: number;
  grossCents: number;
  discountCents: number;
  taxCents: number;
  costCents: number;
};

export type LineRefund = {
  grossCents: number;
  discountCents: number;
  netCents: number;
  taxCents: number;
  /** What the customer gets back: net plus tax, or the net alone when prices include tax. */
  refundCents: number;
  costCents: number;
};

/** The refund for `returningNow` units of a sold line of which `returnedBefore` already came back. */
export function refundForLine(
  line: SoldLine,
  returnedBefore: number,
  returningNow: number,
  pricesIncludeTax: boolean,
): LineRefund {
  const share = (amount: number) => proRataShare(amount, line.quantity, returnedBefore, returningNow);
  const netCents = share(line.grossCents - line.discountCents);
  const taxCents = share(line.taxCents);
  // Gross and net round separately; a returned part never shows a negative discount.
  const grossCents = Math.max(share(line.grossCents), netCents);
  return {
    grossCents,
    discountCents: grossCents - netCents,
    netCents,
    taxCents,
    refundCents: pricesIncludeTax ? netCents : netCents + taxCents,
    costCents: share(line.costCents),
  };
}
