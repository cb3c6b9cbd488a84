import {
  type Product,
  productSchema,
  type UpdateProductRequest,
} from '../../../../../shared/schemas/catalog';
import { http } from '../../../api/http';

/** Sends only the fields that changed; barcodes, when sent, replace the product's list. */
export function updateProduct(id: string, changes: UpdateProductRequest): Promise<Product> {
  return http.patch(`/api/products/${encodeURIComponent(id)}`, {
    body: changes,
    parse: (body) => productSchema.parse(body),
  });
}
