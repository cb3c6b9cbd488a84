// The register's cart as pure functions, so every change a key or a scan makes can be unit-tested.
import type { Cart as PricingCart, CatalogPrice } from '../../../../shared/pricing/cart';
import type { CreateSaleInput } from '../../../../shared/schemas/sales';

export type CartProduct = CatalogPrice & { id: string; sku: string; name: string };

export type CartLine = {
  /** Stable React key: the product id for pieces; weighed items get one line per weighing. */
  key: string;
  product: CartProduct;
  /** Pieces, or grams for a weighed product. */
  quantity: number;
  discount?: Adjustment;
  /** A new unit price (per piece or per kg) with the cashier's reason; always needs a manager. */
  override?: { unitPriceCents: number; reason: string };
};

/** A percentage (12.5 = 12.5 %) or an amount in cents, with the reason the audit log keeps. */
export type Adjustment = { type: 'percent' | 'amount'; value: number; reason: string };

export type Cart = {
  lines: CartLine[];
  selectedKey: string | null;
  nextWeighing: number;
  cartDiscount?: Adjustment;
};

export const EMPTY_CART: Cart = { lines: [], selectedKey: null, nextWeighing: 1 };

const MAX_QUANTITY = 1_000_000;

/**
 * A scanned product: a second scan of a piece product adds one to its line (and selects it); a weighed
 * product always gets its own line with the grams from the scale label.
 */
export function addScannedProduct(cart: Cart, product: CartProduct, grams: number | null = null): Cart {
  if (product.unit === 'weight') {
    if (grams === null || grams < 1) {
      throw new RangeError('a weighed product needs its weight in grams');
    }
    const key = `${product.id}#${cart.nextWeighing}`;
    return {
      lines: [...cart.lines, { key, product, quantity: grams }],
      selectedKey: key,
      nextWeighing: cart.nextWeighing + 1,
    };
  }
  const existing = cart.lines.find((line) => line.key === product.id);
  if (existing) {
    return {
      ...cart,
      lines: cart.lines.map((line) =>
        line === existing ? { ...line, quantity: Math.min(MAX_QUANTITY, line.quantity + 1) } : line,
      ),
      selectedKey: existing.key,
    };
  }
  return {
    ...cart,
    lines: [...cart.lines, { key: product.id, product, quantity: 1 }],
    selectedKey: product.id,
  };
}

/** +1 / −1 on a piece line; never below 1 (removing is its own action). Weighed lines keep their weight. */
export function changeQuantity(cart: Cart, key: string, delta: number): Cart {
  return {
    ...cart,
    selectedKey: key,
    lines: cart.lines.map((line) =>
      line.key === key && line.product.unit === 'each'
        ? { ...line, quantity: Math.min(MAX_QUANTITY, Math.max(1, line.quantity + delta)) }
        : line,
    ),
  };
}

/** Removes the line; the selection moves to the line that took its place, else the one above. */
export function removeLine(cart: Cart, key: string): Cart {
  const index = cart.lines.findIndex((line) => line.key === key);
  if (index === -1) {
    return cart;
  }
  const lines = cart.lines.filter((line) => line.key !== key);
  const next = lines[index] ?? lines[index - 1] ?? null;
  return { ...cart, lines, selectedKey: next?.key ?? null };
}

/** Moves the selection up (−1) or down (+1), staying within the cart. */
export function moveSelection(cart: Cart, step: number): Cart {
  if (cart.lines.length === 0) {
    return cart;
  }
  const current = cart.lines.findIndex((line) => line.key === cart.selectedKey);
  const from = current === -1 ? cart.lines.length - 1 : current;
  const index = Math.min(cart.lines.length - 1, Math.max(0, from + step));
  return { ...cart, selectedKey: cart.lines[index]?.key ?? null };
}

/** The catalog prices the shared pricing engine needs, from the products in the cart. */
export function cartCatalog(cart: Cart): Map<string, CatalogPrice> {
  return new Map(
    cart.lines.map((line) => [
      line.product.id,
      { unit: line.product.unit, priceCents: line.product.priceCents, taxClass: line.product.taxClass },
    ]),
  );
}

/** Sets (or, with null, takes off) the discount of one line. */
export function setLineDiscount(cart: Cart, key: string, discount: Adjustment | null): Cart {
  return {
    ...cart,
    lines: cart.lines.map((line) => {
      if (line.key !== key) {
        return line;
      }
      const { discount: _old, ...rest } = line;
      return discount === null ? rest : { ...rest, discount };
    }),
  };
}

/** Sets (or, with null, takes off) a line's price override. */
export function setPriceOverride(
  cart: Cart,
  key: string,
  override: { unitPriceCents: number; reason: string } | null,
): Cart {
  return {
    ...cart,
    lines: cart.lines.map((line) => {
      if (line.key !== key) {
        return line;
      }
      const { override: _old, ...rest } = line;
      return override === null ? rest : { ...rest, override };
    }),
  };
}

/** Sets (or, with null, takes off) the discount on the whole cart. */
export function setCartDiscount(cart: Cart, discount: Adjustment | null): Cart {
  const { cartDiscount: _old, ...rest } = cart;
  return discount === null ? rest : { ...rest, cartDiscount: discount };
}

/** The sale's lines and cart discount as the API takes them (`POST /api/sales`). */
export function saleLinesOf(cart: Cart): Pick<CreateSaleInput, 'lines' | 'cartDiscount'> {
  const lines = cart.lines.map((line) => ({
    productId: line.product.id,
    quantity: line.quantity,
    ...(line.discount ? { discount: { ...line.discount } } : {}),
    ...(line.override
      ? { unitPriceOverrideCents: line.override.unitPriceCents, overrideReason: line.override.reason }
      : {}),
  }));
  return cart.cartDiscount ? { lines, cartDiscount: { ...cart.cartDiscount } } : { lines };
}

/** The cart as the shared pricing engine reads it, so the till's totals are the server's to the cent. */
export function pricingCartOf(cart: Cart): PricingCart {
  const lines = cart.lines.map((line) => ({
    productId: line.product.id,
    quantity: line.quantity,
    ...(line.discount ? { discount: { type: line.discount.type, value: line.discount.value } } : {}),
    ...(line.override ? { unitPriceOverrideCents: line.override.unitPriceCents } : {}),
  }));
  return cart.cartDiscount
    ? { lines, cartDiscount: { type: cart.cartDiscount.type, value: cart.cartDiscount.value } }
    : { lines };
}
