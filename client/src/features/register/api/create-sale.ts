import { type CreateSaleInput, type Sale, saleSchema } from '../../../../../shared/schemas/sales';
import { http } from '../../../api/http';

export type { CreateSaleInput, Sale };

/**
 * Records the sale. The body's `id` is the idempotency key: resending the very same body after a dropped
 * connection answers the sale already recorded (200) instead of ringing it up twice.
 */
export function createSale(input: CreateSaleInput): Promise<Sale> {
  return http.post('/api/sales', { body: input, parse: (body) => saleSchema.parse(body) });
}

/** The printable 80 mm receipt page; the API lets the app itself frame it. */
export function receiptUrl(saleId: string): string {
  return `/api/sales/${encodeURIComponent(saleId)}/receipt`;
}
