import { page } from '../../../../../shared/schemas/common';
import { type Sale, saleSchema } from '../../../../../shared/schemas/sales';
import { http } from '../../../api/http';

export type { Sale };

const salePageSchema = page(saleSchema);

export const SALES_PAGE_SIZE = 20;

/** The customer's purchases in the user's stores, newest first. */
export function listCustomerSales(customerId: string, cursor: string | null, signal?: AbortSignal) {
  const query = new URLSearchParams({ customerId, limit: String(SALES_PAGE_SIZE) });
  if (cursor) {
    query.set('cursor', cursor);
  }
  return http.get(`/api/sales?${query.toString()}`, { signal, parse: (body) => salePageSchema.parse(body) });
}
