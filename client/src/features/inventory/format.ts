import type { InventoryItem } from '../../../../shared/schemas/inventory';

const REASON_LABELS: Record<string, string> = {
  sale: 'Sale',
  return: 'Return',
  void: 'Voided sale',
  adjustment: 'Adjustment',
  damaged: 'Damaged',
  expired: 'Expired',
  shrink: 'Shrink (loss or theft)',
  count_correction: 'Count correction',
  found: 'Found',
  received: 'Received',
  transfer_out: 'Transfer out',
  transfer_in: 'Transfer in',
  count: 'Count',
  other: 'Other',
};

/** A ledger or adjustment reason as people say it. */
export function reasonLabel(reason: string): string {
  return REASON_LABELS[reason] ?? reason.replaceAll('_', ' ');
}

/** Stock of a weighed product is in grams; of anything else, in pieces. */
export function formatQuantity(quantity: number, unit: 'each' | 'weight' = 'each'): string {
  const text = quantity.toLocaleString('en-US');
  return unit === 'weight' ? `${text} g` : text;
}

/** A change with its sign, e.g. "+3", "−2" (a real minus, so the column reads well). */
export function formatDelta(delta: number, unit: 'each' | 'weight' = 'each'): string {
  const magnitude = formatQuantity(Math.abs(delta), unit);
  return delta > 0 ? `+${magnitude}` : delta < 0 ? `\u2212${magnitude}` : magnitude;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as the store's wall clock, e.g. "Nov 24, 2026, 4:05 PM". */
export function formatStoreTime(iso: string, timeZone: string): string {
  let format = timeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone });
    timeFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

export type StockLevel = 'out' | 'low' | 'ok';

/** Low = at or below a reorder point that is set (> 0), as the API's lowStock filter; out = nothing left. */
export function stockLevelOf(item: Pick<InventoryItem, 'onHand' | 'reorderPoint'>): StockLevel {
  if (item.onHand <= 0) {
    return 'out';
  }
  return item.reorderPoint > 0 && item.onHand <= item.reorderPoint ? 'low' : 'ok';
}
