import { randomUUID } from 'node:crypto';
import type { ErrorDetail } from '../../../shared/errors';
import type { Page } from '../../../shared/schemas/common';
import type {
  CreatePurchaseOrderRequest,
  CreateReceiptRequest,
  CreateSupplierRequest,
  ListPurchaseOrdersQuery,
  ListSuppliersQuery,
  PurchaseOrder,
  PurchaseOrderReceipt,
  PutSupplierProductRequest,
  ReceivedLine,
  Receipt,
  ReceivePurchaseOrderRequest,
  Supplier,
  SupplierProduct,
  UpdatePurchaseOrderRequest,
  UpdateSupplierRequest,
} from '../../../shared/schemas/purchasing';
import type { Db, Executor, Tx } from '../../db/client';
import type { StockMovementRefType } from '../../db/schema/inventory';
import type { PurchaseOrderStatus } from '../../db/schema/purchasing';
import { sqlStateOf, UNIQUE_VIOLATION, withTransaction } from '../../db/transaction';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import { findOrCreateLot, type LotRow } from '../inventory/lots.service';
import { applyStockMovements, type StockMovementInput } from '../inventory/stock-ledger.service';
import { getStore } from '../stores/stores.service';
import {
  overReceivedOf,
  presentPurchaseOrder,
  presentSupplier,
  presentSupplierProduct,
} from './purchasing.presenters';
import {
  addToQuantityReceived,
  clearOtherPreferredSuppliers,
  deletePurchaseOrderLines,
  findProductsForReceiving,
  findPurchaseOrderInStore,
  findPurchaseOrderLines,
  findPurchaseOrders,
  findSupplierById,
  findSuppliers,
  insertPurchaseOrder,
  insertPurchaseOrderLines,
  insertSupplier,
  lockProductsForCostUpdate,
  lockStoreForOrderNumber,
  type PurchaseOrderLineRow,
  type ReceivingProductRow,
  updateProductCost,
  updatePurchaseOrderColumns,
  updateSupplierColumns,
  upsertSupplierProduct,
} from './purchasing.repo';

export type PurchasingDeps = { db: Db };

/** Who is acting: their user id, the stores they may see (null = all) and where the request came from. */
export type Actor = { userId: string; visible: string[] | null; origin: RequestOrigin };

// ---------------------------------------------------------------------------------------------------------
// Suppliers (global: shared by every store)

/** Suppliers by name (case-insensitive), keyset-paginated. */
export async function listSuppliers(
  deps: PurchasingDeps,
  query: ListSuppliersQuery,
): Promise<Page<Supplier>> {
  const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
  const rows = await findSuppliers(deps.db, {
    q: query.q,
    active: query.active,
    after: after ? { name: String(after[0]), id: String(after[1]) } : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(presentSupplier),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null,
  };
}

function duplicateSupplierName(name: string) {
  return (error: unknown): never => {
    throw sqlStateOf(error) === UNIQUE_VIOLATION
      ? new ConflictError(`A supplier named ${name} already exists`, 'CONFLICT', [
          { path: 'name', message: 'is already used by another supplier' },
        ])
      : error;
  };
}

/** Supplier names are unique regardless of case (409 naming `name`). */
export async function createSupplier(
  deps: PurchasingDeps,
  request: CreateSupplierRequest,
  actor: Actor,
): Promise<Supplier> {
  return withTransaction(deps.db, async (tx) => {
    const row = await insertSupplier(tx, request).catch(duplicateSupplierName(request.name));
    await recordAudit(tx, {
      action: 'supplier.created',
      actorUserId: actor.userId,
      entityType: 'supplier',
      entityId: row.id,
      details: { name: row.name },
      origin: actor.origin,
    });
    return presentSupplier(row);
  });
}

export async function updateSupplier(
  deps: PurchasingDeps,
  id: string,
  request: UpdateSupplierRequest,
  actor: Actor,
): Promise<Supplier> {
  return withTransaction(deps.db, async (tx) => {
    const row = await updateSupplierColumns(tx, id, request).catch(duplicateSupplierName(request.name ?? ''));
    if (!row) {
      throw new NotFoundError('Supplier');
    }
    await recordAudit(tx, {
      action: 'supplier.updated',
      actorUserId: actor.userId,
      entityType: 'supplier',
      entityId: id,
      details: { changed: Object.keys(request).sort(), values: request },
      origin: actor.origin,
    });
    return presentSupplier(row);
  });
}

/**
 * Records what a supplier charges for a product. A product has at most one preferred supplier: making this one
 * preferred unsets the previous one in the same transaction, with the product row locked so two managers
 * choosing different suppliers at once queue instead of colliding.
 */
export async function putSupplierProduct(
  deps: PurchasingDeps,
  supplierId: string,
  productId: string,
  request: PutSupplierProductRequest,
  actor: Actor,
): Promise<SupplierProduct> {
  return withTransaction(deps.db, async (tx) => {
    const supplier = await findSupplierById(tx, supplierId);
    if (!supplier) {
      throw new NotFoundError('Supplier');
    }
    const locked = await lockProductsForCostUpdate(tx, [productId]);
    if (!locked.has(productId)) {
      throw new NotFoundError('Product');
    }
    if (request.isPreferred) {
      await clearOtherPreferredSuppliers(tx, productId, supplierId);
    }
    const row = await upsertSupplierProduct(tx, { supplierId, productId, ...request });
    await recordAudit(tx, {
      action: 'supplier.updated',
      actorUserId: actor.userId,
      entityType: 'supplier',
      entityId: supplierId,
      details: { productId, ...request },
      origin: actor.origin,
    });
    return presentSupplierProduct(row);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Shared checks

/**
 * 404 unless the caller may see the store. Routes call it before validating a body, so a request for another
 * store answers 404 whatever it carries (scope first, like every store-scoped route).
 */
export async function assertStoreVisible(
  deps: PurchasingDeps,
  visible: string[] | null,
  storeId: string,
): Promise<void> {
  await getStore(deps, visible, storeId);
}

async function assertSupplierUsable(ex: Executor, supplierId: string, path: string): Promise<void> {
  const supplier = await findSupplierById(ex, supplierId);
  if (!supplier) {
    throw new ValidationError([{ path, message: 'no such supplier' }]);
  }
  if (!supplier.active) {
    throw new ValidationError([{ path, message: 'the supplier is inactive' }]);
  }
}

async function loadProducts(
  ex: Executor,
  lines: { productId: string }[],
): Promise<{ products: Map<string, ReceivingProductRow>; details: ErrorDetail[] }> {
  const rows = await findProductsForReceiving(ex, [...new Set(lines.map((line) => line.productId))]);
  const products = new Map(rows.map((row) => [row.id, row]));
  const details: ErrorDetail[] = [];
  lines.forEach((line, index) => {
    if (!products.has(line.productId)) {
      details.push({ path: `lines.${index}.productId`, message: 'no such product' });
    }
  });
  return { products, details };
}

/** Lot-tracked products need a lot number and an expiry date; other products take neither. */
function checkLotFields(
  lines: { productId: string; lotNumber?: string; expiryDate?: string }[],
  products: Map<string, ReceivingProductRow>,
): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  lines.forEach((line, index) => {
    const product = products.get(line.productId);
    if (!product) {
      return;
    }
    if (product.isLotTracked) {
      if (!line.lotNumber) {
        details.push({ path: `lines.${index}.lotNumber`, message: 'is required for a lot-tracked product' });
      }
      if (!line.expiryDate) {
        details.push({ path: `lines.${index}.expiryDate`, message: 'is required for a lot-tracked product' });
      }
    } else {
      if (line.lotNumber !== undefined) {
        details.push({ path: `lines.${index}.lotNumber`, message: 'the product is not lot-tracked' });
      }
      if (line.expiryDate !== undefined) {
        details.push({ path: `lines.${index}.expiryDate`, message: 'the product is not lot-tracked' });
      }
    }
  });
  return details;
}

function throwIfAny(details: ErrorDetail[]): void {
  if (details.length > 0) {
    throw new ValidationError(details);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Receiving and the weighted-average cost

type ReceivingLine = {
  productId: string;
  quantity: number;
  unitCostCents: number;
  lotNumber?: string;
  expiryDate?: string;
};

type ReceivingContext = {
  storeId: string;
  userId: string;
  refType: StockMovementRefType;
  refId: string;
  note: string | null;
};

/** round((onHand × oldCost + Σ qty × unitCost) / (onHand + Σ qty)), half up, in exact integer arithmetic. */
export function weightedAverageCostCents(
  onHandBefore: number,
  oldCostCents: number,
  receivedQuantity: number,
  receivedValueCents: number,
): number {
  const base = BigInt(Math.max(onHandBefore, 0));
  const numerator = base * BigInt(oldCostCents) + BigInt(receivedValueCents);
  const denominator = base + BigInt(receivedQuantity);
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/**
 * Puts received stock on the shelf inside the caller's transaction: finds or creates each line's lot, writes
 * `received` movements through applyStockMovements, and moves each product's cost_cents to the weighted
 * average of what the store had and what arrived.
 *
 * products.cost_cents is one figure for the whole chain while on-hand is per store; we weight by the
 * receiving store's on-hand (negative counts as zero), the stock whose cost the receipt actually blends with.
 * Concurrency: applyStockMovements locks the (store, product) inventory row and returns the on-hand after
 * the change, so before = after − received is read under that lock; the product row is then locked before
 * its cost is read, so two receipts of one product (in one store or several) never blend from a stale cost.
 */
async function receiveStock(
  tx: Tx,
  context: ReceivingContext,
  lines: ReceivingLine[],
): Promise<ReceivedLine[]> {
  const lots: (LotRow | null)[] = [];
  for (const [index, line] of lines.entries()) {
    lots.push(
      line.lotNumber
        ? await findOrCreateLot(tx, {
            storeId: context.storeId,
            productId: line.productId,
            lotNumber: line.lotNumber,
            expiryDate: line.expiryDate ?? null,
            path: `lines.${index}`,
          })
        : null,
    );
  }
  const movements: StockMovementInput[] = lines.map((line, index) => ({
    storeId: context.storeId,
    productId: line.productId,
    delta: line.quantity,
    reason: 'received',
    refType: context.refType,
    refId: context.refId,
    userId: context.userId,
    ...(lots[index] ? { lotId: lots[index]!.id } : {}),
    ...(context.note ? { note: context.note } : {}),
  }));
  const onHandAfter = await applyStockMovements(tx, movements, { allowNegative: true });

  const totals = new Map<string, { quantity: number; valueCents: number }>();
  for (const line of lines) {
    const total = totals.get(line.productId) ?? { quantity: 0, valueCents: 0 };
    total.quantity += line.quantity;
    total.valueCents += line.quantity * line.unitCostCents;
    totals.set(line.productId, total);
  }
  const oldCosts = await lockProductsForCostUpdate(tx, [...totals.keys()]);
  const newCosts = new Map<string, number>();
  for (const [productId, total] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
    const after = onHandAfter.get(`${context.storeId}:${productId}`) ?? total.quantity;
    const oldCost = oldCosts.get(productId) ?? 0;
    const newCost = weightedAverageCostCents(
      after - total.quantity,
      oldCost,
      total.quantity,
      total.valueCents,
    );
    if (newCost !== oldCost) {
      await updateProductCost(tx, productId, newCost);
    }
    newCosts.set(productId, newCost);
  }

  return lines.map((line, index) => ({
    productId: line.productId,
    quantity: line.quantity,
    unitCostCents: line.unitCostCents,
    lotId: lots[index]?.id ?? null,
    lotNumber: lots[index]?.lotNumber ?? null,
    expiryDate: lots[index]?.expiryDate ?? null,
    onHand: onHandAfter.get(`${context.storeId}:${line.productId}`) ?? 0,
    costCents: newCosts.get(line.productId) ?? 0,
    overReceived: 0,
  }));
}

/**
 * Ad hoc receiving without a purchase order (refType 'receipt'; the returned id is the movements' refId):
 * stock, lots and the weighted-average cost move exactly as for a purchase order, in one transaction.
 */
export async function createReceipt(
  deps: PurchasingDeps,
  storeId: string,
  request: CreateReceiptRequest,
  actor: Actor,
): Promise<Receipt> {
  await getStore(deps, actor.visible, storeId);
  return withTransaction(deps.db, async (tx) => {
    if (request.supplierId) {
      await assertSupplierUsable(tx, request.supplierId, 'supplierId');
    }
    const { products, details } = await loadProducts(tx, request.lines);
    throwIfAny([...details, ...checkLotFields(request.lines, products)]);
    const id = randomUUID();
    const lines = await receiveStock(
      tx,
      { storeId, userId: actor.userId, refType: 'receipt', refId: id, note: request.note ?? null },
      request.lines,
    );
    await recordAudit(tx, {
      action: 'stock.received',
      actorUserId: actor.userId,
      storeId,
      entityType: 'receipt',
      entityId: id,
      details: {
        supplierId: request.supplierId ?? null,
        lines: lines.map((line) => ({
          productId: line.productId,
          quantity: line.quantity,
          unitCostCents: line.unitCostCents,
          lotNumber: line.lotNumber,
          costCents: line.costCents,
        })),
      },
      origin: actor.origin,
    });
    return { id, storeId, supplierId: request.supplierId ?? null, note: request.note ?? null, lines };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Purchase orders

async function loadPurchaseOrder(ex: Executor, storeId: string, id: string): Promise<PurchaseOrder> {
  const row = await findPurchaseOrderInStore(ex, storeId, id);
  if (!row) {
    throw new NotFoundError('Purchase order');
  }
  return presentPurchaseOrder(row, await findPurchaseOrderLines(ex, [id]));
}

/** The order, locked, if it belongs to the store (another store's order is simply not found). */
/** One audit entry about a purchase order of the store, by the actor, in the caller's transaction. */
function auditPurchaseOrder(
  tx: Tx,
  actor: Actor,
  order: { storeId: string; id: string },
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  return recordAudit(tx, {
    action,
    actorUserId: actor.userId,
    storeId: order.storeId,
    entityType: 'purchase_order',
    entityId: order.id,
    details,
    origin: actor.origin,
  });
}

async function lockPurchaseOrder(tx: Tx, storeId: string, id: string) {
  const row = await findPurchaseOrderInStore(tx, storeId, id, { forUpdate: true });
  if (!row) {
    throw new NotFoundError('Purchase order');
  }
  return row;
}

function formatOrderNumber(storeCode: string, sequence: number): string {
  return `PO-${storeCode}-${String(sequence).padStart(6, '0')}`;
}

/** A new draft numbered PO-<store code>-<6 digits>, one sequence per store (the store row is locked to number it). */
export async function createPurchaseOrder(
  deps: PurchasingDeps,
  storeId: string,
  request: CreatePurchaseOrderRequest,
  actor: Actor,
): Promise<PurchaseOrder> {
  await getStore(deps, actor.visible, storeId);
  return withTransaction(deps.db, async (tx) => {
    await assertSupplierUsable(tx, request.supplierId, 'supplierId');
    throwIfAny((await loadProducts(tx, request.lines)).details);
    const numbering = await lockStoreForOrderNumber(tx, storeId);
    if (!numbering) {
      throw new NotFoundError('Store');
    }
    const number = formatOrderNumber(numbering.code, numbering.lastSequence + 1);
    const id = await insertPurchaseOrder(tx, {
      storeId,
      supplierId: request.supplierId,
      number,
      status: 'draft',
      note: request.note ?? null,
      expectedDate: request.expectedDate ?? null,
      createdBy: actor.userId,
    });
    await insertPurchaseOrderLines(tx, id, request.lines);
    await auditPurchaseOrder(tx, actor, { storeId, id }, 'purchase_order.created', {
      number,
      supplierId: request.supplierId,
      lines: request.lines,
    });
    return loadPurchaseOrder(tx, storeId, id);
  });
}

export async function getPurchaseOrder(
  deps: PurchasingDeps,
  visible: string[] | null,
  storeId: string,
  id: string,
): Promise<PurchaseOrder> {
  await getStore(deps, visible, storeId);
  return loadPurchaseOrder(deps.db, storeId, id);
}

/** The store's orders, newest first, optionally by status or supplier; each with its lines. */
export async function listPurchaseOrders(
  deps: PurchasingDeps,
  visible: string[] | null,
  storeId: string,
  query: ListPurchaseOrdersQuery,
): Promise<Page<PurchaseOrder>> {
  await getStore(deps, visible, storeId);
  const after = query.cursor ? decodeCursor(query.cursor, 1) : undefined;
  const rows = await findPurchaseOrders(deps.db, {
    storeId,
    status: query.status,
    supplierId: query.supplierId,
    afterId: after ? String(after[0]) : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const lines = await findPurchaseOrderLines(
    deps.db,
    items.map((row) => row.id),
  );
  const linesByOrder = new Map<string, PurchaseOrderLineRow[]>();
  for (const line of lines) {
    linesByOrder.set(line.purchaseOrderId, [...(linesByOrder.get(line.purchaseOrderId) ?? []), line]);
  }
  const last = items.at(-1);
  return {
    items: items.map((row) => presentPurchaseOrder(row, linesByOrder.get(row.id) ?? [])),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}

function conflictUnlessStatus(
  status: PurchaseOrderStatus,
  allowed: readonly PurchaseOrderStatus[],
  action: string,
): void {
  if (!allowed.includes(status)) {
    throw new ConflictError(`A ${status} purchase order cannot be ${action}`, 'CONFLICT', [
      { path: 'status', message: `is ${status}; must be ${allowed.join(' or ')}` },
    ]);
  }
}

/** Only a draft can be edited; `lines` replaces all of its lines. */
export async function updatePurchaseOrder(
  deps: PurchasingDeps,
  storeId: string,
  id: string,
  request: UpdatePurchaseOrderRequest,
  actor: Actor,
): Promise<PurchaseOrder> {
  await getStore(deps, actor.visible, storeId);
  return withTransaction(deps.db, async (tx) => {
    const order = await lockPurchaseOrder(tx, storeId, id);
    conflictUnlessStatus(order.status, ['draft'], 'changed');
    if (request.supplierId) {
      await assertSupplierUsable(tx, request.supplierId, 'supplierId');
    }
    if (request.lines) {
      throwIfAny((await loadProducts(tx, request.lines)).details);
      await deletePurchaseOrderLines(tx, id);
      await insertPurchaseOrderLines(tx, id, request.lines);
    }
    await updatePurchaseOrderColumns(tx, id, {
      ...(request.supplierId ? { supplierId: request.supplierId } : {}),
      ...(request.note !== undefined ? { note: request.note } : {}),
      ...(request.expectedDate !== undefined ? { expectedDate: request.expectedDate } : {}),
    });
    await auditPurchaseOrder(tx, actor, { storeId, id }, 'purchase_order.updated', {
      number: order.number,
      changed: Object.keys(request).sort(),
      values: request,
    });
    return loadPurchaseOrder(tx, storeId, id);
  });
}

/** draft → ordered (sent to the supplier); any other status → 409. */
export async function orderPurchaseOrder(
  deps: PurchasingDeps,
  storeId: string,
  id: string,
  actor: Actor,
): Promise<PurchaseOrder> {
  await getStore(deps, actor.visible, storeId);
  return withTransaction(deps.db, async (tx) => {
    const order = await lockPurchaseOrder(tx, storeId, id);
    conflictUnlessStatus(order.status, ['draft'], 'ordered');
    await updatePurchaseOrderColumns(tx, id, { status: 'ordered', orderedAt: new Date() });
    await auditPurchaseOrder(tx, actor, { storeId, id }, 'purchase_order.ordered', {
      number: order.number,
      supplierId: order.supplierId,
    });
    return loadPurchaseOrder(tx, storeId, id);
  });
}

/** A draft or ordered purchase order with nothing received yet can be cancelled; otherwise 409. */
export async function cancelPurchaseOrder(
  deps: PurchasingDeps,
  storeId: string,
  id: string,
  actor: Actor,
): Promise<PurchaseOrder> {
  await getStore(deps, actor.visible, storeId);
  return withTransaction(deps.db, async (tx) => {
    const order = await lockPurchaseOrder(tx, storeId, id);
    conflictUnlessStatus(order.status, ['draft', 'ordered'], 'cancelled');
    const lines = await findPurchaseOrderLines(tx, [id]);
    if (lines.some((line) => line.quantityReceived > 0)) {
      throw new ConflictError('Stock was already received against this purchase order');
    }
    await updatePurchaseOrderColumns(tx, id, { status: 'cancelled' });
    await auditPurchaseOrder(tx, actor, { storeId, id }, 'purchase_order.cancelled', {
      number: order.number,
      previousStatus: order.status,
    });
    return loadPurchaseOrder(tx, storeId, id);
  });
}

/**
 * Receives a delivery against an ordered purchase order in one transaction: `received` movements (refType
 * 'purchase_order', refId the order), lots, weighted-average cost at the order line's unit cost, the lines'
 * running quantity_received, and the status (received once every line has at least what was ordered,
 * partially_received before). Over-delivery is accepted and recorded: overReceived on the line and the
 * response, and an audit entry. Products not on the order → 400 naming lines.N.productId.
 */
export async function receivePurchaseOrder(
  deps: PurchasingDeps,
  storeId: string,
  id: string,
  request: ReceivePurchaseOrderRequest,
  actor: Actor,
): Promise<PurchaseOrderReceipt> {
  await getStore(deps, actor.visible, storeId);
  return withTransaction(deps.db, async (tx) => {
    const order = await lockPurchaseOrder(tx, storeId, id);
    conflictUnlessStatus(order.status, ['ordered', 'partially_received'], 'received against');
    const orderLines = new Map(
      (await findPurchaseOrderLines(tx, [id])).map((line) => [line.productId, line]),
    );
    const details: ErrorDetail[] = [];
    request.lines.forEach((line, index) => {
      if (!orderLines.has(line.productId)) {
        details.push({ path: `lines.${index}.productId`, message: 'is not on this purchase order' });
      }
    });
    throwIfAny(details);
    const { products } = await loadProducts(tx, request.lines);
    throwIfAny(checkLotFields(request.lines, products));

    const received = await receiveStock(
      tx,
      { storeId, userId: actor.userId, refType: 'purchase_order', refId: id, note: request.note ?? null },
      request.lines.map((line) => ({
        ...line,
        unitCostCents: Number(orderLines.get(line.productId)!.unitCostCents),
      })),
    );
    const quantities = new Map<string, number>();
    for (const line of request.lines) {
      quantities.set(line.productId, (quantities.get(line.productId) ?? 0) + line.quantity);
    }
    for (const [productId, quantity] of quantities) {
      await addToQuantityReceived(tx, orderLines.get(productId)!.id, quantity);
    }
    const linesAfter = await findPurchaseOrderLines(tx, [id]);
    const isComplete = linesAfter.every((line) => line.quantityReceived >= line.quantityOrdered);
    await updatePurchaseOrderColumns(tx, id, {
      status: isComplete ? 'received' : 'partially_received',
      ...(isComplete ? { receivedAt: new Date() } : {}),
    });
    const overByProduct = new Map(linesAfter.map((line) => [line.productId, overReceivedOf(line)]));
    const overReceived = linesAfter
      .filter((line) => quantities.has(line.productId) && overReceivedOf(line) > 0)
      .map((line) => ({
        productId: line.productId,
        quantityOrdered: line.quantityOrdered,
        quantityReceived: line.quantityReceived,
        overReceived: overReceivedOf(line),
      }));
    await auditPurchaseOrder(tx, actor, { storeId, id }, 'purchase_order.received', {
      number: order.number,
      status: isComplete ? 'received' : 'partially_received',
      lines: received.map((line) => ({
        productId: line.productId,
        quantity: line.quantity,
        lotNumber: line.lotNumber,
        costCents: line.costCents,
      })),
      overReceived,
    });
    if (overReceived.length > 0) {
      await auditPurchaseOrder(tx, actor, { storeId, id }, 'purchase_order.over_received', {
        number: order.number,
        lines: overReceived,
      });
    }
    return {
      purchaseOrder: await loadPurchaseOrder(tx, storeId, id),
      lines: received.map((line) => ({ ...line, overReceived: overByProduct.get(line.productId) ?? 0 })),
    };
  });
}
