// From a cart as the register sends it (shared/schemas/sales.ts) to the priced sale, with the catalog's
// prices and the store's tax rates, and the approvals its discounts and overrides need. Pure: the server
// runs it on the catalog it just read, the register on its cached copy.
import type { TAX_CLASSES } from '../schemas/catalog';
import { BASIS_POINTS_WHOLE, percentToBasisPoints, percentToPpm } from './rounding';
import { type Discount, type PricedSale, PricingError, type PricingLine, priceSale } from './sale-pricing';

type TaxClass = (typeof TAX_CLASSES)[number];

export type CatalogPrice = { unit: 'each' | 'weight'; priceCents: number; taxClass: TaxClass };

export type StorePricing = {
  taxRates: Record<TaxClass, string>;
  pricesIncludeTax: boolean;
  /** Discounts above this percentage of what they apply to need a manager. */
  cashierDiscountLimitPercent: number;
};

export type CartDiscount = { type: 'percent' | 'amount'; value: number };

export type CartLine = {
  productId: string;
  quantity: number;
  discount?: CartDiscount;
  unitPriceOverrideCents?: number;
  /** A frequent-buyer reward: the line is free (a 100 % line discount). Whether it was earned is the server's check. */
  rewardProgramId?: string;
};

export type Cart = { lines: readonly CartLine[]; cartDiscount?: CartDiscount };

function toDiscount(discount: CartDiscount | undefined, path: string): Discount | undefined {
  if (!discount) {
    return undefined;
  }
  if (discount.type === 'amount') {
    return { type: 'amount', cents: discount.value };
  }
  try {
    return { type: 'percent', basisPoints: percentToBasisPoints(discount.value) };
  } catch (error) {
    throw new PricingError(`${path}.value`, (error as Error).message);
  }
}

/**
 * Prices the cart from the catalog: the catalog price (or the override, which replaces it) and the tax
 * rate of the product's class at this store. A product missing from `catalog` is a PricingError on its line.
 */
export function priceCart(
  cart: Cart,
  catalog: ReadonlyMap<string, CatalogPrice>,
  store: StorePricing,
): PricedSale {
  const lines = cart.lines.map((line, index): PricingLine => {
    const product = catalog.get(line.productId);
    if (!product) {
      throw new PricingError(`lines.${index}.productId`, 'is not a product of this catalog');
    }
    return {
      unit: product.unit,
      unitPriceCents: line.unitPriceOverrideCents ?? product.priceCents,
      quantity: line.quantity,
      taxRatePpm: percentToPpm(store.taxRates[product.taxClass]),
      discount: line.rewardProgramId
        ? { type: 'percent', basisPoints: BASIS_POINTS_WHOLE }
        : toDiscount(line.discount, `lines.${index}.discount`),
    };
  });
  return priceSale({
    lines,
    cartDiscount: toDiscount(cart.cartDiscount, 'cartDiscount'),
    pricesIncludeTax: store.pricesIncludeTax,
  });
}

export type ApprovalReason = { path: string; reason: 'price_override' | 'discount_over_limit' };

/**
 * What in a priced cart a cashier may not do alone: every price override, and every discount (a line's own,
 * or the cart's) above the store's limit: a percentage above it, or an amount worth more than that share of
 * what it applies to. (A percentage is judged as asked, so 10 % at a 10 % limit passes however it rounds.)
 * A reward line's 100 % is not a cashier's discount: whether the reward was earned is checked on the server.
 */
export function approvalsNeeded(cart: Cart, priced: PricedSale, store: StorePricing): ApprovalReason[] {
  const limit = store.cashierDiscountLimitPercent;
  const overLimit = (discount: CartDiscount, baseCents: number) =>
    discount.type === 'percent' ? discount.value > limit : discount.value * 100 > limit * baseCents;
  const reasons: ApprovalReason[] = [];
  cart.lines.forEach((line, index) => {
    const pricedLine = priced.lines[index];
    if (line.unitPriceOverrideCents !== undefined) {
      reasons.push({ path: `lines.${index}.unitPriceOverrideCents`, reason: 'price_override' });
    }
    if (line.discount && pricedLine && overLimit(line.discount, pricedLine.grossCents)) {
      reasons.push({ path: `lines.${index}.discount`, reason: 'discount_over_limit' });
    }
  });
  if (cart.cartDiscount) {
    const netsBeforeCart = priced.lines.reduce(
      (total, line) => total + line.grossCents - line.lineDiscountCents,
      0,
    );
    if (overLimit(cart.cartDiscount, netsBeforeCart)) {
      reasons.push({ path: 'cartDiscount', reason: 'discount_over_limit' });
    }
  }
  return reasons;
}
