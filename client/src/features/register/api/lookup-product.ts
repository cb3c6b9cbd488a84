import { type ProductLookup, productLookupSchema } from '../../../../../shared/schemas/catalog';
import { http } from '../../../api/http';

export type { ProductLookup };

/** The scan path: a barcode, scale label or SKU → the product; 404 NOT_FOUND when nothing has that code. */
export function lookupProduct(code: string, storeId: string, signal?: AbortSignal): Promise<ProductLookup> {
  const query = new URLSearchParams({ code, storeId });
  return http.get(`/api/products/lookup?${query}`, {
    signal,
    parse: (body) => productLookupSchema.parse(body),
  });
}
