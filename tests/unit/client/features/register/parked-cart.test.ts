import { describe, expect, it } from 'vitest';
import {
  addScannedProduct,
  type CartProduct,
  EMPTY_CART,
  saleLinesOf,
  setCartDiscount,
  setLineDiscount,
  setPriceOverride,
} from '../../../../../client/src/features/register/cart';
import { cartDraftOf, cartFromDraft } from '../../../../../client/src/features/register/parked-cart';

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
  sku: 'BIRD-1',
  name: 'Seeds',
  unit: 'weight',
  priceCents: 1299,
  taxClass: 'reduced',
};

const active = (product: CartProduct) => ({ ...product, active: true });

describe('parking and recalling a cart', () => {
  it('keeps the customer on the sale, and leaves the field out without one', () => {
    const cart = addScannedProduct(EMPTY_CART, kibble);
    expect(cartDraftOf(cart, 'c-1').customerId).toBe('c-1');
    expect('customerId' in cartDraftOf(cart, null)).toBe(false);
  });

  it('comes back with its lines, quantities, discounts, overrides and the cart discount', () => {
    let cart = addScannedProduct(EMPTY_CART, kibble);
    cart = addScannedProduct(cart, kibble);
    cart = addScannedProduct(cart, treats);
    cart = addScannedProduct(cart, seeds, 750);
    cart = addScannedProduct(cart, seeds, 320);
    cart = setLineDiscount(cart, 'p-kibble', { type: 'percent', value: 10, reason: 'scuffed' });
    cart = setPriceOverride(cart, 'p-treats', { unitPriceCents: 799, reason: 'price match' });
    cart = setCartDiscount(cart, { type: 'amount', value: 500, reason: 'loyalty' });

    const products = new Map([kibble, treats, seeds].map((product) => [product.id, active(product)]));
    const { cart: recalled, dropped } = cartFromDraft(cartDraftOf(cart, null), products);

    expect(dropped).toEqual([]);
    expect(saleLinesOf(recalled)).toEqual(saleLinesOf(cart));
    expect(recalled.lines.map((line) => line.key)).toEqual([
      'p-kibble',
      'p-treats',
      'p-seeds#1',
      'p-seeds#2',
    ]);
    // The next weighing gets a key of its own, and a scan of a piece adds to its recalled line.
    const more = addScannedProduct(addScannedProduct(recalled, seeds, 100), kibble);
    expect(more.lines.map((line) => [line.key, line.quantity])).toEqual([
      ['p-kibble', 3],
      ['p-treats', 1],
      ['p-seeds#1', 750],
      ['p-seeds#2', 320],
      ['p-seeds#3', 100],
    ]);
  });

  it('takes today’s price, and leaves off (and names) products gone or no longer sold', () => {
    let cart = addScannedProduct(EMPTY_CART, kibble);
    cart = addScannedProduct(cart, treats);
    cart = addScannedProduct(cart, seeds, 500);
    const products = new Map<string, (CartProduct & { active: boolean }) | null>([
      [kibble.id, { ...active(kibble), priceCents: 5999 }],
      [treats.id, { ...treats, active: false }],
      [seeds.id, null],
    ]);
    const { cart: recalled, dropped } = cartFromDraft(cartDraftOf(cart, null), products);
    expect(recalled.lines.map((line) => [line.product.id, line.product.priceCents])).toEqual([
      ['p-kibble', 5999],
    ]);
    expect(dropped).toEqual(['Treats', 'an item no longer in the catalog']);
    expect(recalled.selectedKey).toBe('p-kibble');
  });

  it('an empty recall drops the cart discount too', () => {
    const cart = setCartDiscount(addScannedProduct(EMPTY_CART, treats), {
      type: 'percent',
      value: 5,
      reason: 'x',
    });
    const { cart: recalled } = cartFromDraft(cartDraftOf(cart, null), new Map([[treats.id, null]]));
    expect(recalled.lines).toEqual([]);
    expect(recalled.cartDiscount).toBeUndefined();
  });
});
