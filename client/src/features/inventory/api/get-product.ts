import {
  type Product,
  type ProductLookup,
  productLookupSchema,
  productSchema,
} from '../../../../../shared/schemas/catalog';
import { ApiError, http } from '../../../api/http';

export type { Product, ProductLookup };

export function getProduct(productId: string, signal?: AbortSignal): Promise<Product> {
  return http.get(`/api/products/${productId}`, { signal, parse: (body) => productSchema.parse(body) });
}

/** The product a scanned barcode or SKU names, with its on-hand at the store; null when nothing matches. */
export async function lookupProduct(storeId: string, code: string): Promise<ProductLookup | null> {
  const query = new URLSearchParams({ code, storeId });
  try {
    return await http.get(`/api/products/lookup?${query.toString()}`, {
      parse: (body) => productLookupSchema.parse(body),
    });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.code === 'VALIDATION_FAILED')) {
      return null;
    }
    throw error;
  }
}
