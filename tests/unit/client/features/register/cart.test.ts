import { describe, expect, it } from 'vitest';
import { priceCart } from '../../../../../shared/pricing/cart';
import {
  addScannedProduct,
  type CartProduct,
  cartCatalog,
  changeQuantity,
  EMPTY_CART,
  moveSelection,
  removeLine,
} from '../../../../../client/src/features/register/cart';

const kibble: CartProduct = {
  id: 'p-kibble',
  sku: 'DOG-1',
  name: 'Kibble',
  unit: 'each',
  priceCents: 5499,
  taxClass: 'standard',
};
const treats: CartProduct = {
  id: 'p-treats',
  sku: 'DOG-2',
  name: 'Treats',
  unit: 'each',
  priceCents: 899,
  taxClass: 'standard',
};
const seeds: CartProduct = {
  id: 'p-seeds',
  sku: 'BRD-1',
  name: 'Seeds',
  unit: 'weight',
  priceCents: 1299,
  taxClass: 'reduced',
};

describe('the register cart', () => {
  it('adds a line per product and a second scan of the same product adds quantity', () => {
    let cart = addScannedProduct(EMPTY_CART, kibble);
    cart = addScannedProduct(cart, treats);
    cart = addScannedProduct(cart, kibble);
    expect(cart.lines.map((line) => [line.product.id, line.quantity])).toEqual([
      ['p-kibble', 2],
      ['p-treats', 1],
    ]);
    expect(cart.selectedKey).toBe('p-kibble');
  });

  it('gives each weighing its own line with its grams, and refuses a weighed product without a weight', () => {
    let cart = addScannedProduct(EMPTY_CART, seeds, 750);
    cart = addScannedProduct(cart, seeds, 250);
    expect(cart.lines.map((line) => line.quantity)).toEqual([750, 250]);
    expect(new Set(cart.lines.map((line) => line.key)).size).toBe(2);
    expect(() => addScannedProduct(cart, seeds)).toThrow(RangeError);
  });

  it('changes quantity by one, never below one, and leaves weights alone', () => {
    let cart = addScannedProduct(addScannedProduct(EMPTY_CART, kibble), seeds, 500);
    cart = changeQuantity(cart, 'p-kibble', 1);
    cart = changeQuantity(cart, 'p-kibble', 1);
    expect(cart.lines[0]?.quantity).toBe(3);
    cart = changeQuantity(cart, 'p-kibble', -1);
    cart = changeQuantity(cart, 'p-kibble', -1);
    cart = changeQuantity(cart, 'p-kibble', -1);
    expect(cart.lines[0]?.quantity).toBe(1);
    const weighedKey = cart.lines[1]?.key ?? '';
    expect(changeQuantity(cart, weighedKey, 1).lines[1]?.quantity).toBe(500);
  });

  it('removes a line and selects the one that took its place, else the one above', () => {
    let cart = [kibble, treats].reduce((current, product) => addScannedProduct(current, product), EMPTY_CART);
    cart = addScannedProduct(cart, seeds, 100);
    const removedMiddle = removeLine(cart, 'p-treats');
    expect(removedMiddle.lines.map((line) => line.product.id)).toEqual(['p-kibble', 'p-seeds']);
    expect(removedMiddle.selectedKey).toBe(removedMiddle.lines[1]?.key);
    const removedLast = removeLine(removedMiddle, removedMiddle.lines[1]?.key ?? '');
    expect(removedLast.selectedKey).toBe('p-kibble');
    expect(removeLine(removedLast, 'p-kibble')).toMatchObject({ lines: [], selectedKey: null });
  });

  it('moves the selection within the cart', () => {
    const cart = [kibble, treats].reduce(
      (current, product) => addScannedProduct(current, product),
      EMPTY_CART,
    );
    expect(moveSelection(cart, -1).selectedKey).toBe('p-kibble');
    expect(moveSelection(moveSelection(cart, -1), -1).selectedKey).toBe('p-kibble');
    expect(moveSelection(cart, 1).selectedKey).toBe('p-treats');
  });

  it('prices through the shared engine like the contract’s worked example A (without discounts)', () => {
    let cart = addScannedProduct(addScannedProduct(EMPTY_CART, kibble), kibble);
    cart = addScannedProduct(cart, treats);
    const priced = priceCart(
      { lines: cart.lines.map((line) => ({ productId: line.product.id, quantity: line.quantity })) },
      cartCatalog(cart),
      {
        taxRates: { standard: '8.25', reduced: '2.5', exempt: '0' },
        pricesIncludeTax: false,
        cashierDiscountLimitPercent: 10,
      },
    );
    // 10998 × 8.25 % = 907.335 → 907; 899 × 8.25 % = 74.1675 → 74.
    expect(priced).toMatchObject({
      subtotalCents: 11_897,
      discountCents: 0,
      taxCents: 981,
      totalCents: 12_878,
    });
  });
});
