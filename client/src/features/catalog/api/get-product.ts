import { type Product, productSchema } from '../../../../../shared/schemas/catalog';
import { http } from '../../../api/http';

export function getProduct(id: string, signal?: AbortSignal): Promise<Product> {
  return http.get(`/api/products/${encodeURIComponent(id)}`, {
    signal,
    parse: (body) => productSchema.parse(body),
  });
}
