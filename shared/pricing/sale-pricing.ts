// The sale arithmetic of the API contract (Sales, steps 1–6), as pure functions over whole cents. The server
// prices every sale with it from the catalog; the register computes the same totals with it, offline too.
import { BASIS_POINTS_WHOLE, divideRoundHalfUp, PPM_WHOLE, roundToMultiple } from './rounding';

export type Discount = { type: 'percent'; basisPoints: number } | { type: 'amount'; cents: number };

export type PricingLine = {
  /** `each`: quantity is pieces and the price is per piece; `weight`: grams, priced per kilogram. */
  unit: 'each' | 'weight';
  /** The catalog price, or the approved override, which replaces it. */
  unitPriceCents: number;
  quantity: number;
  /** The tax rate in parts per million (8.875 % → 88 750): rates have up to four decimals. */
  taxRatePpm: number;
  discount?: Discount;
};

export type PricingInput = {
  lines: readonly PricingLine[];
  cartDiscount?: Discount;
  pricesIncludeTax: boolean;
};

export type PricedLine = {
  grossCents: number;
  /** The line's own discount. */
  lineDiscountCents: number;
  /** The line's share of the cart discount. */
  cartDiscountCents: number;
  /** Both together: what the contract reports as the line's `discountCents`. */
  discountCents: number;
  /** Gross less both discounts. */
  netCents: number;
  taxCents: number;
  /** What the customer pays for the line: net plus tax, or the net itself when prices include tax. */
  totalCents: number;
};

export type PricedSale = {
  lines: PricedLine[];
  /** Σ gross. */
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  totalCents: number;
};

/** Input the arithmetic cannot accept, with the path of the field at fault (as in the API's error details). */
export class PricingError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'PricingError';
  }
}

/** The tenders do not cover what is due (the API's 422 TENDER_SHORT, with the amount due). */
export class TenderShortError extends PricingError {
  constructor(
    readonly dueCents: number,
    readonly tenderedCents: number,
  ) {
    super('tenders', `cover ${tenderedCents} of the ${dueCents} cents due`);
    this.name = 'TenderShortError';
  }
}

function requireWhole(value: number, path: string, minimum: number): void {
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new PricingError(path, `must be a whole number of at least ${minimum}`);
  }
}

/** Step 1: unit price × quantity, or the price per kilogram for the grams weighed. */
export function lineGrossCents(line: Pick<PricingLine, 'unit' | 'unitPriceCents' | 'quantity'>): number {
  return line.unit === 'weight'
    ? divideRoundHalfUp(line.unitPriceCents * line.quantity, 1000)
    : line.unitPriceCents * line.quantity;
}

/** A discount on `baseCents`: a rounded percentage, or an amount that may not exceed the base. */
function discountCents(discount: Discount | undefined, baseCents: number, path: string): number {
  if (!discount) {
    return 0;
  }
  if (discount.type === 'percent') {
    requireWhole(discount.basisPoints, `${path}.value`, 0);
    if (discount.basisPoints > BASIS_POINTS_WHOLE) {
      throw new PricingError(`${path}.value`, 'may not be more than 100 %');
    }
    return divideRoundHalfUp(baseCents * discount.basisPoints, BASIS_POINTS_WHOLE);
  }
  requireWhole(discount.cents, `${path}.value`, 0);
  if (discount.cents > baseCents) {
    throw new PricingError(`${path}.value`, `may not be more than ${baseCents} cents`);
  }
  return discount.cents;
}

/**
 * Step 3: spreads `totalCents` over the lines in proportion to their nets. Each line takes the floor of its
 * exact share; the cents left go one each to the largest fractional parts (ties: larger net, then the
 * earlier line), so the parts add up to the total exactly.
 */
export function spreadByLargestRemainder(totalCents: number, netsCents: readonly number[]): number[] {
  const sum = netsCents.reduce((a, b) => a + b, 0);
  if (totalCents === 0 || sum === 0) {
    return netsCents.map(() => 0);
  }
  // total × net can pass 2^53 on a big sale: the products are exact in BigInt, the shares fit a number.
  const shares = netsCents.map((net, index) => {
    const exact = BigInt(totalCents) * BigInt(net);
    const remainder = exact % BigInt(sum);
    return { index, net, share: Number((exact - remainder) / BigInt(sum)), remainder };
  });
  let left = totalCents - shares.reduce((a, s) => a + s.share, 0);
  const byRemainder = [...shares].sort(
    (a, b) =>
      (a.remainder === b.remainder ? 0 : a.remainder > b.remainder ? -1 : 1) ||
      b.net - a.net ||
      a.index - b.index,
  );
  for (const entry of byRemainder) {
    if (left === 0) {
      break;
    }
    entry.share += 1;
    left -= 1;
  }
  return shares.map((s) => s.share);
}

/** Step 4: the tax on a net, added on top, or contained in it when prices include tax. */
export function taxCents(netCents: number, ratePpm: number, pricesIncludeTax: boolean): number {
  if (pricesIncludeTax) {
    return netCents - divideRoundHalfUp(netCents * PPM_WHOLE, PPM_WHOLE + ratePpm);
  }
  return divideRoundHalfUp(netCents * ratePpm, PPM_WHOLE);
}

/** Steps 1–5: every line's gross, discounts, net, tax and total, and the sale's totals. */
export function priceSale(input: PricingInput): PricedSale {
  const grosses = input.lines.map((line, index) => {
    const path = `lines.${index}`;
    requireWhole(line.unitPriceCents, `${path}.unitPriceCents`, 0);
    requireWhole(line.quantity, `${path}.quantity`, 1);
    requireWhole(line.taxRatePpm, `${path}.taxRate`, 0);
    return lineGrossCents(line);
  });
  const lineDiscounts = input.lines.map((line, index) =>
    discountCents(line.discount, grosses[index]!, `lines.${index}.discount`),
  );
  const nets = grosses.map((gross, index) => gross - lineDiscounts[index]!);
  const netSum = nets.reduce((a, b) => a + b, 0);
  const cartDiscount = discountCents(input.cartDiscount, netSum, 'cartDiscount');
  const cartShares = spreadByLargestRemainder(cartDiscount, nets);

  const lines = input.lines.map((line, index): PricedLine => {
    const netCents = nets[index]! - cartShares[index]!;
    const tax = taxCents(netCents, line.taxRatePpm, input.pricesIncludeTax);
    return {
      grossCents: grosses[index]!,
      lineDiscountCents: lineDiscounts[index]!,
      cartDiscountCents: cartShares[index]!,
      discountCents: lineDiscounts[index]! + cartShares[index]!,
      netCents,
      taxCents: tax,
      totalCents: input.pricesIncludeTax ? netCents : netCents + tax,
    };
  });
  const sum = (pick: (line: PricedLine) => number) => lines.reduce((total, line) => total + pick(line), 0);
  return {
    lines,
    subtotalCents: sum((line) => line.grossCents),
    discountCents: sum((line) => line.discountCents),
    taxCents: sum((line) => line.taxCents),
    totalCents: sum((line) => line.totalCents),
  };
}

export type Tender = { method: 'cash' | 'card' | 'store_credit'; amountCents: number };

export type Settlement = {
  /** The total, or for a sale paid wholly in cash in a store that rounds cash, the rounded total. */
  dueCents: number;
  roundingCents: number;
  changeDueCents: number;
};

/**
 * Steps 5–6: the tenders must cover what is due, and only cash may exceed it (the excess is change). A sale
 * paid wholly in cash in a store with `cashRoundingCents` > 1 is due the total rounded to that step.
 */
export function settleTenders(input: {
  totalCents: number;
  tenders: readonly Tender[];
  cashRoundingCents: number;
}): Settlement {
  if (input.tenders.length === 0) {
    throw new PricingError('tenders', 'at least one tender is needed');
  }
  input.tenders.forEach((tender, index) => {
    requireWhole(tender.amountCents, `tenders.${index}.amountCents`, 1);
  });
  const allCash = input.tenders.every((tender) => tender.method === 'cash');
  const dueCents =
    allCash && input.cashRoundingCents > 1
      ? roundToMultiple(input.totalCents, input.cashRoundingCents)
      : input.totalCents;
  const tendered = input.tenders.reduce((total, tender) => total + tender.amountCents, 0);
  if (tendered < dueCents) {
    throw new TenderShortError(dueCents, tendered);
  }
  const nonCash = input.tenders
    .filter((tender) => tender.method !== 'cash')
    .reduce((total, tender) => total + tender.amountCents, 0);
  if (nonCash > dueCents) {
    throw new PricingError('tenders', 'only cash may exceed what is due');
  }
  return { dueCents, roundingCents: dueCents - input.totalCents, changeDueCents: tendered - dueCents };
}
