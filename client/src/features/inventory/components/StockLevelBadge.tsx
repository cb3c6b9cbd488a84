import type { InventoryItem } from '../api/list-inventory';
import { stockLevelOf } from '../format';

/** "Out" and "Low" stand out; stock above its reorder point needs no badge. */
export function StockLevelBadge({ item }: { item: Pick<InventoryItem, 'onHand' | 'reorderPoint'> }) {
  const level = stockLevelOf(item);
  if (level === 'out') {
    return <span className="badge badge-danger">Out</span>;
  }
  if (level === 'low') {
    return <span className="badge badge-warning">Low</span>;
  }
  return <span className="inventory-muted">In stock</span>;
}
