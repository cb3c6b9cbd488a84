// What a return refunds, worked out at the till with the same rules as the server, so the refund tenders
// add up to exactly what the server refunds (it refuses any other amount).
import { priceCart, type StorePricing } from '../../../../shared/pricing/cart';
import { refundForLine } from '../../../../shared/pricing/refunds';
import { roundToMultiple } from '../../../../shared/pricing/rounding';
import type { SaleLine } from '../../../../shared/schemas/sales';
import type { CartProduct } from './cart';

/** How many of a sale line can still come back. */
export function returnableQuantity(line: SaleLine): number {
  return Math.max(line.quantity - line.returnedQuantity, 0);
}

/** The refund for `quantity` more units of a sale line: its share of what was paid (net and tax), pro rata. */
export function receiptLineRefundCents(line: SaleLine, quantity: number, pricesIncludeTax: boolean): number {
  if (quantity <= 0) {
    return 0;
  }
  return refundForLine({ ...line, costCents: 0 }, line.returnedQuantity, quantity, pricesIncludeTax)
    .refundCents;
}

/** Without a receipt: today's price with the store's tax, no discounts. */
export function noReceiptRefundCents(
  items: readonly { product: CartProduct; quantity: number }[],
  store: StorePricing,
): number {
  if (items.length === 0) {
    return 0;
  }
  const catalog = new Map(
    items.map(({ product }) => [
      product.id,
      { unit: product.unit, priceCents: product.priceCents, taxClass: product.taxClass },
    ]),
  );
  return priceCart(
    { lines: items.map(({ product, quantity }) => ({ productId: product.id, quantity })) },
    catalog,
    store,
  ).totalCents;
}

/** A refund paid wholly in cash is rounded like a cash sale in stores that round cash. */
export function cashRefundDueCents(refundCents: number, cashRoundingCents: number): number {
  return cashRoundingCents > 1 ? roundToMultiple(refundCents, cashRoundingCents) : refundCents;
}
