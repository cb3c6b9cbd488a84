import { z } from 'zod';
import { type Product, productSchema } from '../../../../../shared/schemas/catalog';
import { type CartDraft, type ParkedCart, parkedCartSchema } from '../../../../../shared/schemas/sales';
import { expectNoContent, http } from '../../../api/http';

export type { CartDraft, ParkedCart };

const parkedPageSchema = z.object({ items: z.array(parkedCartSchema), nextCursor: z.string().nullable() });

/** Puts the cart aside so the till can serve the next customer; any register of the store can recall it today. */
export function parkCart(input: {
  storeId: string;
  registerId: string;
  label: string;
  cart: CartDraft;
}): Promise<ParkedCart> {
  return http.post('/api/parked-carts', { body: input, parse: (body) => parkedCartSchema.parse(body) });
}

/** Today's parked carts of the store, newest first. */
export async function listParkedCarts(storeId: string): Promise<ParkedCart[]> {
  const page = await http.get(`/api/parked-carts?${new URLSearchParams({ storeId })}`, {
    parse: (body) => parkedPageSchema.parse(body),
  });
  return page.items;
}

/** Takes the parked cart back (it leaves the list: a second recall is 404). */
export function recallParkedCart(id: string): Promise<ParkedCart> {
  return http.post(`/api/parked-carts/${encodeURIComponent(id)}/recall`, {
    parse: (body) => parkedCartSchema.parse(body),
  });
}

/** Throws a parked cart away (404 when another register took it first). */
export function discardParkedCart(id: string): Promise<undefined> {
  return http.delete(`/api/parked-carts/${encodeURIComponent(id)}`, { parse: expectNoContent });
}

/** A product by id, for the names and today's prices of a recalled cart's lines. */
export function getProduct(id: string): Promise<Product> {
  return http.get(`/api/products/${encodeURIComponent(id)}`, { parse: (body) => productSchema.parse(body) });
}
