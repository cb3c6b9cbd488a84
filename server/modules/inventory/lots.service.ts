import type {
  ExpiringLotsQuery,
  ExpiringLotsResponse,
  RecallQuery,
  RecallResponse,
} from '../../../shared/schemas/lots';
import type { Db, Tx } from '../../db/client';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { NotFoundError, ValidationError } from '../../lib/errors';
import { getStore } from '../stores/stores.service';
import {
  findExpiringLots,
  findLotByNumber,
  findLotsByProductAndNumber,
  findSalesOfLots,
  findStoreToday,
  insertLotIfMissing,
  type LotRow,
  lockStockedLotsForUpdate,
} from './lots.repo';
import { lockInventoryRowsForUpdate } from './stock-ledger.repo';

export type { LotRow };

export type LotsDeps = { db: Db };

/**
 * The stock_lots row for (store, product, lot number), created with on_hand 0 if new. A lot number names one
 * batch, so a second delivery of it must carry the same expiry date: a different one is a 400 on
 * `<path>.expiryDate`. The lot's on_hand moves only through applyStockMovements with its lotId.
 */
export async function findOrCreateLot(
  tx: Tx,
  lot: { storeId: string; productId: string; lotNumber: string; expiryDate: string | null; path: string },
): Promise<LotRow> {
  const key = { storeId: lot.storeId, productId: lot.productId, lotNumber: lot.lotNumber };
  let row = await findLotByNumber(tx, key);
  if (!row) {
    await insertLotIfMissing(tx, { ...key, expiryDate: lot.expiryDate });
    row = await findLotByNumber(tx, key);
  }
  if (!row) {
    throw new Error(`lot ${lot.lotNumber} vanished right after it was written`);
  }
  if (lot.expiryDate !== null && row.expiryDate !== null && row.expiryDate !== lot.expiryDate) {
    throw new ValidationError([
      {
        path: `${lot.path}.expiryDate`,
        message: `lot ${lot.lotNumber} is already recorded with expiry ${row.expiryDate}`,
      },
    ]);
  }
  return row;
}

export type LotAllocation = { lotId: string | null; quantity: number };

/**
 * Splits `quantity` units of a product leaving a store over its lots, first-expiry-first-out: the lots with
 * stock are locked FOR UPDATE in (expiry_date, id) order and drained one after the other; whatever the lots do
 * not cover comes back as one part with lotId null. Pass each part to applyStockMovements (with its lotId) in
 * the same transaction. The product's inventory row is locked first, as applyStockMovements does, so
 * receipts and sales of the product take their locks in one order (inventory, then lots); a caller
 * allocating several products should do so in product-id order.
 */
export async function allocateFromLots(
  tx: Tx,
  request: { storeId: string; productId: string; quantity: number },
): Promise<LotAllocation[]> {
  if (!Number.isInteger(request.quantity) || request.quantity <= 0) {
    throw new Error('allocateFromLots needs a positive integer quantity');
  }
  await lockInventoryRowsForUpdate(tx, [{ storeId: request.storeId, productId: request.productId }]);
  const lots = await lockStockedLotsForUpdate(tx, request);
  const parts: LotAllocation[] = [];
  let remaining = request.quantity;
  for (const lot of lots) {
    if (remaining === 0) {
      break;
    }
    const take = Math.min(lot.onHand, remaining);
    parts.push({ lotId: lot.id, quantity: take });
    remaining -= take;
  }
  if (remaining > 0) {
    parts.push({ lotId: null, quantity: remaining });
  }
  return parts;
}

/**
 * Lots with stock in the store expiring within `days` of the store's today (its time zone), soonest first.
 * Lots already past their date are included (negative daysUntilExpiry): they are the most urgent.
 */
export async function listExpiringLots(
  deps: LotsDeps,
  visible: string[] | null,
  storeId: string,
  query: ExpiringLotsQuery,
): Promise<ExpiringLotsResponse> {
  const store = await getStore(deps, visible, storeId);
  const today = await findStoreToday(deps.db, store.timezone);
  const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
  const rows = await findExpiringLots(deps.db, {
    storeId,
    today,
    days: query.days,
    after: after ? { expiryDate: String(after[0]), lotId: String(after[1]) } : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    storeId,
    today,
    days: query.days,
    items,
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.expiryDate, last.lotId]) : null,
  };
}

/**
 * Where a lot is (on hand per store) and who bought from it (sales whose movements name the lot). Managers see
 * only their stores; a lot they cannot see anywhere answers 404 like one that does not exist.
 */
export async function recallLot(
  deps: LotsDeps,
  visible: string[] | null,
  query: RecallQuery,
): Promise<RecallResponse> {
  const lots = await findLotsByProductAndNumber(deps.db, {
    productId: query.productId,
    lotNumber: query.lotNumber,
    storeIds: visible,
  });
  if (lots.length === 0) {
    throw new NotFoundError('Lot');
  }
  const sales = await findSalesOfLots(
    deps.db,
    lots.map((lot) => lot.id),
  );
  return {
    productId: query.productId,
    lotNumber: query.lotNumber,
    stores: lots.map((lot) => ({
      storeId: lot.storeId,
      lotId: lot.id,
      expiryDate: lot.expiryDate,
      onHand: lot.onHand,
    })),
    sales,
  };
}
