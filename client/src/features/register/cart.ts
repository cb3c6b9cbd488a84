// The register's cart as pure functions, so every change a key or a scan makes can be unit-tested.
import type { Cart as PricingCart, CatalogPrice } from '../../../../shared/pricing/cart';
import type { CreateSaleInput } from '../../../../shared/schemas/sales';

export type CartProduct = CatalogPrice & {
  id: string;
  sku: string;
  name: string;
  /** What a frequent-buyer program may qualify by (absent when the till does not know them). */
  brand?: string;
  categoryId?: string | null;
};

export type CartLine = {
  /** Stable React key: the product id for pieces; weighed items get one line per weighing. */
  key: string;
  product: CartProduct;
  /** Pieces, or grams for a weighed product. */
  quantity: number;
  discount?: Adjustment;
  /** A new unit price (per piece or per kg) with the cashier's reason; always needs a manager. */
  override?: { unitPriceCents: number; reason: string };
  /** A frequent-buyer reward: every unit of the line is free (the server checks it was earned). */
  rewardProgramId?: string;
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
      ...cart,
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
    ...(line.rewardProgramId ? { rewardProgramId: line.rewardProgramId } : {}),
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
    ...(line.rewardProgramId ? { rewardProgramId: line.rewardProgramId } : {}),
  }));
  return cart.cartDiscount
    ? { lines, cartDiscount: { type: cart.cartDiscount.type, value: cart.cartDiscount.value } }
    : { lines };
}

/** Sets the grams of a weighed line (a new weighing of the same item). */
export function setWeighedQuantity(cart: Cart, key: string, grams: number): Cart {
  if (!Number.isInteger(grams) || grams < 1 || grams > MAX_QUANTITY) {
    throw new RangeError('a weight is 1 to 1000000 grams');
  }
  return {
    ...cart,
    selectedKey: key,
    lines: cart.lines.map((line) =>
      line.key === key && line.product.unit === 'weight' ? { ...line, quantity: grams } : line,
    ),
  };
}

/** The key of a product's free line in a program: one per product and program, apart from its paid line. */
export function rewardLineKey(productId: string, programId: string): string {
  return `${productId}#reward:${programId}`;
}

/**
 * Makes `units` of a paid piece line free under a program: they move to the product's reward line (created
 * or added to), and the paid line keeps the rest (gone when none is left). A reward line takes no discount or
 * price change, so those stay on the paid line.
 */
export function redeemReward(cart: Cart, key: string, programId: string, units: number): Cart {
  const source = cart.lines.find((line) => line.key === key);
  if (source?.product.unit !== 'each' || source.rewardProgramId !== undefined) {
    return cart;
  }
  const moved = Math.min(units, source.quantity);
  if (moved < 1) {
    return cart;
  }
  const freeKey = rewardLineKey(source.product.id, programId);
  const existing = cart.lines.find((line) => line.key === freeKey);
  let lines = cart.lines.flatMap((line) => {
    if (line === source) {
      return line.quantity > moved ? [{ ...line, quantity: line.quantity - moved }] : [];
    }
    return line === existing ? [{ ...line, quantity: line.quantity + moved }] : [line];
  });
  if (!existing) {
    // Right below the paid line, or in its place when all of it became free.
    const free: CartLine = {
      key: freeKey,
      product: source.product,
      quantity: moved,
      rewardProgramId: programId,
    };
    const at = cart.lines.indexOf(source) + (source.quantity > moved ? 1 : 0);
    lines = [...lines.slice(0, at), free, ...lines.slice(at)];
  }
  return { ...cart, lines, selectedKey: freeKey };
}

/** Gives a reward line back: its units are paid again, on the product's paid line. */
export function undoReward(cart: Cart, key: string): Cart {
  const free = cart.lines.find((line) => line.key === key);
  if (!free || free.rewardProgramId === undefined) {
    return cart;
  }
  const paid = cart.lines.find((line) => line.key === free.product.id);
  const lines = paid
    ? cart.lines
        .filter((line) => line !== free)
        .map((line) => (line === paid ? { ...line, quantity: line.quantity + free.quantity } : line))
    : cart.lines.map((line) =>
        line === free ? { key: free.product.id, product: free.product, quantity: free.quantity } : line,
      );
  return { ...cart, lines, selectedKey: free.product.id };
}

/** Every free line paid again: the customer they were earned by is no longer on the sale. */
export function undoAllRewards(cart: Cart): Cart {
  return cart.lines
    .filter((line) => line.rewardProgramId !== undefined)
    .reduce((current, line) => undoReward(current, line.key), cart);
}
