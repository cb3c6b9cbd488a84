import {
  type CreateProductRequest,
  type Product,
  productSchema,
} from '../../../../../shared/schemas/catalog';
import { http } from '../../../api/http';

/** The request before the schema's defaults are applied: what the form sends. */
export type CreateProductInput = Partial<CreateProductRequest> &
  Pick<CreateProductRequest, 'sku' | 'name' | 'priceCents'>;

export function createProduct(request: CreateProductInput): Promise<Product> {
  return http.post('/api/products', { body: request, parse: (body) => productSchema.parse(body) });
}
