import { z } from 'zod';
import { type Product, productSchema } from '../../../../../shared/schemas/catalog';
import { http } from '../../../api/http';

export type { Product };

const productPageSchema = z.object({ items: z.array(productSchema), nextCursor: z.string().nullable() });

/** Search as you type: name, brand, SKU or barcode, typo-tolerant, best match first; only products on sale. */
export async function searchProducts(query: string, signal?: AbortSignal): Promise<Product[]> {
  const params = new URLSearchParams({ q: query, active: 'true', limit: '8' });
  const page = await http.get(`/api/products?${params}`, {
    signal,
    parse: (body) => productPageSchema.parse(body),
  });
  return page.items;
}
