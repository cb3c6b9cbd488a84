import type { Tx } from '../../db/client';
import type { StockMovementReason, StockMovementRefType } from '../../db/schema/inventory';
import { ConflictError } from '../../lib/errors';
import {
  addToLotOnHand,
  addToOnHand,
  insertMissingInventoryRows,
  insertStockMovements,
  lockInventoryRowsForUpdate,
  lockStockedLotsForUpdate,
  type StockKey,
  stockKeyOf,
} from './stock-ledger.repo';

export type StockMovementInput = {
  storeId: string;
  productId: string;
  /** Non-zero: positive adds stock, negative takes it away (pieces, or grams for weighed products). */
  delta: number;
  reason: StockMovementReason;
  refType?: StockMovementRefType;
  refId?: string;
  userId: string | null;
  lotId?: string;
  note?: string;
};

export type StockShortfall = { storeId: string; productId: string; available: number; requested: number };

/** Thrown when a store that forbids negative stock would go below zero; `shortfalls` names each product. */
export class InsufficientStockError extends ConflictError {
  constructor(readonly shortfalls: StockShortfall[]) {
    super(
      'Not enough stock',
      'INSUFFICIENT_STOCK',
      shortfalls.map((s) => ({
        path: s.productId,
        message: `only ${s.available} available, ${s.requested} requested`,
      })),
    );
  }
}

/**
 * The only way stock changes: writes one ledger row per movement and moves inventory.on_hand by the same
 * amounts, inside the caller's transaction. Rows are locked in (store, product) order so concurrent
 * writers never deadlock and never lose an update. With allowNegative false, a change that would take
 * any product below zero throws InsufficientStockError and the caller's transaction rolls back.
 * A decrement that names no lot, of a lot-tracked product with lots in stock, is taken from those lots
 * first-expiry-first-out (one ledger row per lot, the rest without a lot), so lots never claim more than
 * is on hand. Returns the new on-hand per product key (`storeId:productId`).
 */
export async function applyStockMovements(
  tx: Tx,
  movements: StockMovementInput[],
  options: { allowNegative: boolean },
): Promise<Map<string, number>> {
  if (movements.length === 0) {
    return new Map();
  }
  if (movements.some((m) => !Number.isInteger(m.delta) || m.delta === 0)) {
    throw new Error('stock movements need a non-zero integer delta');
  }
  const totals = new Map<string, { key: StockKey; delta: number; taken: number }>();
  for (const movement of movements) {
    const id = stockKeyOf(movement.storeId, movement.productId);
    const total = totals.get(id) ?? {
      key: { storeId: movement.storeId, productId: movement.productId },
      delta: 0,
      taken: 0,
    };
    total.delta += movement.delta;
    total.taken += movement.delta < 0 ? -movement.delta : 0;
    totals.set(id, total);
  }
  const keys = [...totals.values()]
    .map((total) => total.key)
    .sort((a, b) => a.storeId.localeCompare(b.storeId) || a.productId.localeCompare(b.productId));

  // Rows are created only for products this store has never stocked: the usual case is one statement.
  let { onHand, lotTracked } = await lockInventoryRowsForUpdate(tx, keys);
  if (onHand.size < keys.length) {
    await insertMissingInventoryRows(
      tx,
      keys.filter((key) => !onHand.has(stockKeyOf(key.storeId, key.productId))),
    );
    ({ onHand, lotTracked } = await lockInventoryRowsForUpdate(tx, keys));
  }

  if (!options.allowNegative) {
    const shortfalls: StockShortfall[] = [];
    for (const [id, total] of totals) {
      const available = onHand.get(id) ?? 0;
      if (total.delta < 0 && available + total.delta < 0) {
        shortfalls.push({ ...total.key, available, requested: -total.delta });
      }
    }
    if (shortfalls.length > 0) {
      throw new InsufficientStockError(shortfalls);
    }
  }

  const recorded = await takeFromLotsFirstExpiry(tx, movements, lotTracked);
  await insertStockMovements(
    tx,
    recorded.map((m) => ({
      storeId: m.storeId,
      productId: m.productId,
      delta: m.delta,
      reason: m.reason,
      refType: m.refType ?? null,
      refId: m.refId ?? null,
      userId: m.userId,
      lotId: m.lotId ?? null,
      note: m.note ?? null,
    })),
  );
  const changes = [...totals.values()].filter((total) => total.delta !== 0);
  await addToOnHand(tx, changes);
  const lotDeltas = new Map<string, number>();
  for (const movement of recorded) {
    if (movement.lotId) {
      lotDeltas.set(movement.lotId, (lotDeltas.get(movement.lotId) ?? 0) + movement.delta);
    }
  }
  await addToLotOnHand(
    tx,
    [...lotDeltas].filter(([, delta]) => delta !== 0).map(([lotId, delta]) => ({ lotId, delta })),
  );

  const result = new Map<string, number>();
  for (const [id, total] of totals) {
    result.set(id, (onHand.get(id) ?? 0) + total.delta);
  }
  return result;
}

/**
 * Splits each decrement without a lot over the store's stocked lots of the product, soonest expiry first;
 * what the lots do not cover stays without a lot. Increments without a lot are unlotted stock. Lot locks
 * are taken after the inventory rows, as allocateFromLots takes them.
 */
async function takeFromLotsFirstExpiry(
  tx: Tx,
  movements: StockMovementInput[],
  lotTracked: ReadonlySet<string>,
): Promise<StockMovementInput[]> {
  const unlotted = movements.filter(
    (m) => m.delta < 0 && !m.lotId && lotTracked.has(stockKeyOf(m.storeId, m.productId)),
  );
  if (unlotted.length === 0) {
    return movements;
  }
  const keys = new Map(unlotted.map((m) => [stockKeyOf(m.storeId, m.productId), m]));
  const lots = await lockStockedLotsForUpdate(
    tx,
    [...keys.values()]
      .map((m) => ({ storeId: m.storeId, productId: m.productId }))
      .sort((a, b) => a.storeId.localeCompare(b.storeId) || a.productId.localeCompare(b.productId)),
  );
  if (lots.length === 0) {
    return movements;
  }
  // What each lot can still give in this batch: movements naming the lot count first.
  const available = new Map(lots.map((lot) => [lot.id, lot.onHand]));
  for (const m of movements) {
    if (m.lotId && available.has(m.lotId)) {
      available.set(m.lotId, (available.get(m.lotId) ?? 0) + m.delta);
    }
  }
  const recorded: StockMovementInput[] = [];
  for (const movement of movements) {
    if (movement.delta >= 0 || movement.lotId) {
      recorded.push(movement);
      continue;
    }
    let remaining = -movement.delta;
    for (const lot of lots) {
      if (remaining === 0) {
        break;
      }
      if (lot.storeId !== movement.storeId || lot.productId !== movement.productId) {
        continue;
      }
      const take = Math.min(Math.max(available.get(lot.id) ?? 0, 0), remaining);
      if (take > 0) {
        recorded.push({ ...movement, delta: -take, lotId: lot.id });
        available.set(lot.id, (available.get(lot.id) ?? 0) - take);
        remaining -= take;
      }
    }
    if (remaining > 0) {
      recorded.push({ ...movement, delta: -remaining });
    }
  }
  return recorded;
}
