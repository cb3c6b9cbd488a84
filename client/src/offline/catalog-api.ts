// The two offline endpoints of docs/offline-interface (catalog delta feed, receipt sequence), as the till calls them.
import { z } from 'zod';
import { http } from '../api/http';

export const registerProductSchema = z.object({
  id: z.string(),
  sku: z.string(),
  name: z.string(),
  brand: z.string(),
  categoryId: z.string().nullable(),
  unit: z.enum(['each', 'weight']),
  priceCents: z.number().int(),
  taxClass: z.enum(['standard', 'reduced', 'exempt']),
  active: z.boolean(),
  barcodes: z.array(z.string()),
  updatedAt: z.string(),
});
export type RegisterProduct = z.infer<typeof registerProductSchema>;

const catalogPageSchema = z.object({
  products: z.array(registerProductSchema),
  cursor: z.string(),
  hasMore: z.boolean(),
});
export type CatalogPage = z.infer<typeof catalogPageSchema>;

export const CATALOG_PAGE_SIZE = 5000;

/** One page of the products changed after `since` (everything when since is empty). */
export function fetchCatalogChanges(
  storeId: string,
  since: string,
  signal?: AbortSignal,
): Promise<CatalogPage> {
  const query = new URLSearchParams({ limit: String(CATALOG_PAGE_SIZE) });
  if (since !== '') {
    query.set('since', since);
  }
  return http.get(`/api/stores/${encodeURIComponent(storeId)}/catalog/changes?${query}`, {
    signal,
    // The page is checked cheaply: 5000 products through zod would cost more than writing them.
    parse: (body) => parseCatalogPage(body),
  });
}

function parseCatalogPage(body: unknown): CatalogPage {
  const shape = z
    .object({ products: z.array(z.unknown()), cursor: z.string(), hasMore: z.boolean() })
    .parse(body);
  const first = shape.products[0];
  if (first !== undefined) {
    registerProductSchema.parse(first);
  }
  return shape as CatalogPage;
}

const receiptSequenceSchema = z.object({ prefix: z.string(), nextNumber: z.number().int().min(1) });
export type ReceiptSequence = z.infer<typeof receiptSequenceSchema>;

/** Registers the register if needed and answers its receipt prefix and the next number to use. */
export function reserveReceiptSequence(storeId: string, registerId: string): Promise<ReceiptSequence> {
  return http.post(
    `/api/stores/${encodeURIComponent(storeId)}/registers/${encodeURIComponent(registerId)}/receipt-sequence`,
    { parse: (body) => receiptSequenceSchema.parse(body) },
  );
}
