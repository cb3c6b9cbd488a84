import { page } from '../../../../../shared/schemas/common';
import { type StockMovement, stockMovementSchema } from '../../../../../shared/schemas/inventory';
import { http } from '../../../api/http';

export type { StockMovement };

const movementPageSchema = page(stockMovementSchema);

/** A product's ledger in one store, newest first. */
export function listMovements(
  storeId: string,
  productId: string,
  cursor: string | null,
  signal?: AbortSignal,
) {
  const query = new URLSearchParams({ productId, limit: '50' });
  if (cursor) {
    query.set('cursor', cursor);
  }
  return http.get(`/api/stores/${storeId}/inventory/movements?${query.toString()}`, {
    signal,
    parse: (body) => movementPageSchema.parse(body),
  });
}
