import { page } from '../../../../../shared/schemas/common';
import { type InventoryItem, inventoryItemSchema } from '../../../../../shared/schemas/inventory';
import { http } from '../../../api/http';

export type { InventoryItem };

const inventoryPageSchema = page(inventoryItemSchema);

export type InventoryFilters = { q: string; categoryId: string; lowStock: boolean };

/** One page of the store's stock, by name; `cursor` continues where the last page stopped. */
export function listInventory(
  storeId: string,
  filters: InventoryFilters,
  cursor: string | null,
  signal?: AbortSignal,
  limit = 50,
) {
  const query = new URLSearchParams({ limit: String(limit) });
  if (filters.q.trim() !== '') {
    query.set('q', filters.q.trim());
  }
  if (filters.categoryId !== '') {
    query.set('categoryId', filters.categoryId);
  }
  if (filters.lowStock) {
    query.set('lowStock', 'true');
  }
  if (cursor) {
    query.set('cursor', cursor);
  }
  return http.get(`/api/stores/${storeId}/inventory?${query.toString()}`, {
    signal,
    parse: (body) => inventoryPageSchema.parse(body),
  });
}

/**
 * One product's stock row. The API has no single-item read, so this searches by the SKU (unique) and picks
 * the row with this id; null when the product is not active in the list.
 */
export async function getInventoryItem(
  storeId: string,
  sku: string,
  productId: string,
  signal?: AbortSignal,
): Promise<InventoryItem | null> {
  const result = await listInventory(storeId, { q: sku, categoryId: '', lowStock: false }, null, signal, 500);
  return result.items.find((item) => item.productId === productId) ?? null;
}
