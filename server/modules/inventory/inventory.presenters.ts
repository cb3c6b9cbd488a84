import type { InventoryItem, StockMovement } from '../../../shared/schemas/inventory';
import type { InventoryItemRow, MovementRow } from './inventory.repo';

export function presentInventoryItem(row: InventoryItemRow): InventoryItem {
  return {
    productId: row.productId,
    sku: row.sku,
    name: row.name,
    unit: row.unit,
    onHand: row.onHand,
    reorderPoint: row.reorderPoint,
    reorderQuantity: row.reorderQuantity,
  };
}

export function presentMovement(row: MovementRow): StockMovement {
  return {
    id: row.id,
    productId: row.productId,
    delta: row.delta,
    reason: row.reason,
    refType: row.refType,
    refId: row.refId,
    userId: row.userId,
    lotId: row.lotId,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
  };
}
