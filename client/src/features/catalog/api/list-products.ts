import { type Product, productSchema, type SPECIES } from '../../../../../shared/schemas/catalog';
import { http } from '../../../api/http';
import { z } from 'zod';

export type { Product };

export type ProductFilters = {
  q: string;
  categoryId: string;
  species: '' | (typeof SPECIES)[number];
  /** '' = active and inactive alike. */
  active: '' | 'true' | 'false';
};

const productPageSchema = z.object({ items: z.array(productSchema), nextCursor: z.string().nullable() });
export type ProductPage = z.infer<typeof productPageSchema>;

export const PRODUCT_PAGE_SIZE = 100;

/** One page of the catalog: ranked search with `q`, otherwise by name; empty filters are left out. */
export function listProducts(
  filters: ProductFilters,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<ProductPage> {
  const query = new URLSearchParams({ limit: String(PRODUCT_PAGE_SIZE) });
  const q = filters.q.trim();
  if (q !== '') {
    query.set('q', q);
  }
  if (filters.categoryId !== '') {
    query.set('categoryId', filters.categoryId);
  }
  if (filters.species !== '') {
    query.set('species', filters.species);
  }
  if (filters.active !== '') {
    query.set('active', filters.active);
  }
  if (cursor !== null) {
    query.set('cursor', cursor);
  }
  return http.get(`/api/products?${query.toString()}`, {
    signal,
    parse: (body) => productPageSchema.parse(body),
  });
}
