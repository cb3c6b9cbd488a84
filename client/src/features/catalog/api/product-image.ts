import { type ProductImage, productImageSchema } from '../../../../../shared/schemas/catalog-files';
import { expectNoContent, http } from '../../../api/http';

/** The server takes the raw bytes (not multipart), typed by the file's own media type. */
export function uploadProductImage(productId: string, file: File): Promise<ProductImage> {
  return http.put(`/api/products/${encodeURIComponent(productId)}/image`, {
    rawBody: { contentType: file.type, data: file },
    parse: (body) => productImageSchema.parse(body),
  });
}

export function removeProductImage(productId: string): Promise<undefined> {
  return http.delete(`/api/products/${encodeURIComponent(productId)}/image`, { parse: expectNoContent });
}
