// A cart put aside (F5) and brought back: what the parked-cart API keeps is the sale's own line input
// (product ids, quantities, discounts, overrides), so names and prices are looked up again on recall.
import type { CartDraft } from '../../../../shared/schemas/sales';
import { type Cart, type CartLine, type CartProduct, EMPTY_CART, saleLinesOf } from './cart';

/** The cart as the parked-cart API keeps it, with the customer on the sale so a recall brings them back. */
export function cartDraftOf(cart: Cart, customerId: string | null): CartDraft {
  return customerId === null ? saleLinesOf(cart) : { customerId, ...saleLinesOf(cart) };
}

/** A recalled cart at today's prices; lines whose product is gone or no longer sold are left out and named. */
export function cartFromDraft(
  draft: CartDraft,
  products: ReadonlyMap<string, (CartProduct & { active: boolean }) | null>,
): { cart: Cart; dropped: string[] } {
  const lines: CartLine[] = [];
  const dropped: string[] = [];
  let nextWeighing = 1;
  for (const line of draft.lines) {
    const found = products.get(line.productId) ?? null;
    if (found === null || !found.active) {
      dropped.push(found?.name ?? 'an item no longer in the catalog');
      continue;
    }
    const { active: _active, ...product } = found;
    // Keys as the scan gives them: the product id for pieces, one key per weighing otherwise.
    const taken = lines.some((existing) => existing.key === product.id);
    const key = product.unit === 'each' && !taken ? product.id : `${product.id}#${nextWeighing++}`;
    lines.push({
      key,
      product,
      quantity: line.quantity,
      ...(line.discount ? { discount: { ...line.discount } } : {}),
      ...(line.unitPriceOverrideCents !== undefined && line.overrideReason !== undefined
        ? { override: { unitPriceCents: line.unitPriceOverrideCents, reason: line.overrideReason } }
        : {}),
    });
  }
  const cart: Cart = {
    ...EMPTY_CART,
    lines,
    selectedKey: lines.at(-1)?.key ?? null,
    nextWeighing,
  };
  return {
    cart:
      draft.cartDiscount && lines.length > 0 ? { ...cart, cartDiscount: { ...draft.cartDiscount } } : cart,
    dropped,
  };
}
