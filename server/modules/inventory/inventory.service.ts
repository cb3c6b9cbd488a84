import { randomUUID } from 'node:crypto';
import { lookupFormOf } from '../../../shared/barcode/normalize';
import type { Page } from '../../../shared/schemas/common';
import type {
  Adjustment,
  CreateAdjustmentRequest,
  InventoryItem,
  ListInventoryQuery,
  ListMovementsQuery,
  StockMovement,
  UpdateReorderLevelsRequest,
} from '../../../shared/schemas/inventory';
import type { Store } from '../../../shared/schemas/stores';
import type { Db } from '../../db/client';
import { withTransaction } from '../../db/transaction';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { NotFoundError, ValidationError } from '../../lib/errors';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import { getStore } from '../stores/stores.service';
import { presentInventoryItem, presentMovement } from './inventory.presenters';
import {
  findExistingProductIds,
  findInventoryItem,
  findInventoryItems,
  findMovements,
  type TimeBound,
  upsertReorderLevels,
} from './inventory.repo';
import { applyStockMovements } from './stock-ledger.service';
import { stockKeyOf } from './stock-ledger.repo';

export type InventoryDeps = { db: Db };

/** The store, if the caller may see it (null = every store); another store answers 404 like a missing one. */
export function visibleStore(deps: InventoryDeps, visible: string[] | null, storeId: string): Promise<Store> {
  return getStore(deps, visible, storeId);
}

/** Every active product with its on-hand in the store (0 without an inventory row), by name; low stock = at or below a set reorder point. */
export async function listInventory(
  deps: InventoryDeps,
  visible: string[] | null,
  storeId: string,
  query: ListInventoryQuery,
): Promise<Page<InventoryItem>> {
  await visibleStore(deps, visible, storeId);
  const after = decodeKeysetCursor(query.cursor);
  const rows = await findInventoryItems(deps.db, {
    storeId,
    q: query.q || undefined,
    barcode: query.q ? lookupFormOf(query.q) : undefined,
    lowStock: query.lowStock,
    categoryId: query.categoryId,
    after: after ? { name: after.key, id: after.id } : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(presentInventoryItem),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.productId]) : null,
  };
}

/** Sets a product's reorder point and/or quantity in one store (audited); stock itself does not change. */
export async function updateReorderLevels(
  deps: InventoryDeps,
  visible: string[] | null,
  storeId: string,
  productId: string,
  request: UpdateReorderLevelsRequest,
  actorUserId: string,
  origin: RequestOrigin,
): Promise<InventoryItem> {
  await visibleStore(deps, visible, storeId);
  return withTransaction(deps.db, async (tx) => {
    if (!(await findInventoryItem(tx, storeId, productId))) {
      throw new NotFoundError('Product');
    }
    const { before } = await upsertReorderLevels(tx, storeId, productId, request);
    const item = await findInventoryItem(tx, storeId, productId);
    await recordAudit(tx, {
      action: 'inventory.reorder_changed',
      actorUserId,
      storeId,
      entityType: 'product',
      entityId: productId,
      details: {
        productId,
        before,
        after: { reorderPoint: item!.reorderPoint, reorderQuantity: item!.reorderQuantity },
      },
      origin,
    });
    return presentInventoryItem(item!);
  });
}

/**
 * Adjusts stock by hand: one transaction, one ledger row per line (ref 'adjustment' with a new id shared by
 * the lines), the store's negative-stock policy enforced (409 INSUFFICIENT_STOCK), audited with the lines.
 * An unknown product is a 400 naming lines.N.productId. Each line's onHand is the on-hand after the whole
 * adjustment.
 */
export async function adjustStock(
  deps: InventoryDeps,
  visible: string[] | null,
  storeId: string,
  request: CreateAdjustmentRequest,
  actorUserId: string,
  origin: RequestOrigin,
): Promise<Adjustment> {
  const store = await visibleStore(deps, visible, storeId);
  const adjustmentId = randomUUID();
  return withTransaction(deps.db, async (tx) => {
    const known = await findExistingProductIds(tx, [...new Set(request.lines.map((line) => line.productId))]);
    const unknown = request.lines.flatMap((line, index) =>
      known.has(line.productId) ? [] : [{ path: `lines.${index}.productId`, message: 'no such product' }],
    );
    if (unknown.length > 0) {
      throw new ValidationError(unknown);
    }
    const onHand = await applyStockMovements(
      tx,
      request.lines.map((line) => ({
        storeId,
        productId: line.productId,
        delta: line.delta,
        reason: line.reason,
        refType: 'adjustment' as const,
        refId: adjustmentId,
        userId: actorUserId,
        note: request.note ?? undefined,
      })),
      { allowNegative: store.allowNegativeStock },
    );
    const lines = request.lines.map((line) => ({
      productId: line.productId,
      delta: line.delta,
      reason: line.reason,
      onHand: onHand.get(stockKeyOf(storeId, line.productId)) ?? 0,
    }));
    await recordAudit(tx, {
      action: 'inventory.adjusted',
      actorUserId,
      storeId,
      entityType: 'adjustment',
      entityId: adjustmentId,
      details: { lines, note: request.note },
      origin,
    });
    return { id: adjustmentId, storeId, note: request.note, lines };
  });
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A keyset cursor of (sort key, id); a tampered one is a 400, never a failed cast in SQL. */
export function decodeKeysetCursor(
  cursor: string | undefined,
  isValidKey: (key: string) => boolean = () => true,
): { key: string; id: string } | undefined {
  if (!cursor) {
    return undefined;
  }
  const [key, id] = decodeCursor(cursor, 2).map(String) as [string, string];
  if (!UUID_PATTERN.test(id) || !isValidKey(key)) {
    throw new ValidationError([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
  }
  return { key, id };
}

function timeBoundOf(value: string | undefined): TimeBound | undefined {
  if (!value) {
    return undefined;
  }
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? { kind: 'date', value } : { kind: 'instant', value };
}

/** The store's ledger, newest first; dates in from/to are business dates in the store's time zone (to inclusive). */
export async function listMovements(
  deps: InventoryDeps,
  visible: string[] | null,
  storeId: string,
  query: ListMovementsQuery,
): Promise<Page<StockMovement>> {
  const store = await visibleStore(deps, visible, storeId);
  const after = decodeKeysetCursor(query.cursor, (key) => !Number.isNaN(Date.parse(key)));
  const rows = await findMovements(deps.db, {
    storeId,
    timezone: store.timezone,
    productId: query.productId,
    from: timeBoundOf(query.from),
    to: timeBoundOf(query.to),
    after: after ? { createdKey: after.key, id: after.id } : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(presentMovement),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdKey, last.id]) : null,
  };
}
