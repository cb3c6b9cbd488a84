import type { ErrorDetail } from '../../../shared/errors';
import { lookupFormOf } from '../../../shared/barcode/normalize';
import type { Page } from '../../../shared/schemas/common';
import type {
  CreateStockCountRequest,
  EnterStockCountLinesRequest,
  ListStockCountsQuery,
  StockCount,
  StockCountSubmission,
  StockCountSummary,
} from '../../../shared/schemas/stock-counts';
import type { Db, Executor, Tx } from '../../db/client';
import { withTransaction } from '../../db/transaction';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import { applyStockMovements, type StockMovementInput } from './stock-ledger.service';
import {
  findCategoryIdIfExists,
  findCountLinesByProduct,
  findOverlappingOpenCount,
  findProductIdsByBarcodes,
  findStockCount,
  findStockCountLines,
  findStockCounts,
  findStoreIdIfExists,
  insertLinesForScope,
  insertStockCount,
  lockStockCountStartsInStore,
  markStockCountCancelled,
  markStockCountSubmitted,
  readOnHandForShare,
  type StockCountLineRow,
  type StockCountRow,
  type StockCountSummaryRow,
  updateCountLine,
} from './stock-counts.repo';

export type StockCountsDeps = { db: Db };

/** Who is acting, and which stores they may see (null = every store). */
export type StockCountActor = { userId: string; visibleStoreIds: string[] | null; origin: RequestOrigin };

function presentSummary(row: StockCountSummaryRow): StockCountSummary {
  return {
    id: row.id,
    storeId: row.storeId,
    categoryId: row.categoryId,
    status: row.status,
    note: row.note,
    startedBy: row.startedBy,
    startedAt: row.startedAt.toISOString(),
    submittedBy: row.submittedBy,
    submittedAt: row.submittedAt ? row.submittedAt.toISOString() : null,
    lineCount: row.lineCount,
    countedLineCount: row.countedLineCount,
  };
}

function presentCount(row: StockCountRow, lines: StockCountLineRow[]): StockCount {
  return {
    ...presentSummary({
      ...row,
      lineCount: lines.length,
      countedLineCount: lines.filter((line) => line.countedQuantity !== null).length,
    }),
    lines: lines.map((line) => ({
      productId: line.productId,
      sku: line.sku,
      name: line.name,
      unit: line.unit,
      countedQuantity: line.countedQuantity,
      systemQuantityAtCount: line.systemQuantityAtCount,
      currentOnHand: line.currentOnHand,
      variance:
        line.countedQuantity === null || line.systemQuantityAtCount === null
          ? null
          : line.countedQuantity - line.systemQuantityAtCount,
      countedBy: line.countedBy,
      countedAt: line.countedAt ? new Date(line.countedAt).toISOString() : null,
    })),
  };
}

/** Another store's id answers 404 exactly like a store that does not exist. */
async function requireVisibleStore(ex: Executor, actor: StockCountActor, storeId: string): Promise<void> {
  if (actor.visibleStoreIds && !actor.visibleStoreIds.includes(storeId)) {
    throw new NotFoundError('Store');
  }
  if (!(await findStoreIdIfExists(ex, storeId))) {
    throw new NotFoundError('Store');
  }
}

async function requireCount(
  ex: Executor,
  storeId: string,
  countId: string,
  options: { forUpdate?: boolean } = {},
): Promise<StockCountRow> {
  const row = await findStockCount(ex, storeId, countId, options);
  if (!row) {
    throw new NotFoundError('Stock count');
  }
  return row;
}

function requireOpen(row: StockCountRow): void {
  if (row.status !== 'open') {
    throw new ConflictError(`This stock count is ${row.status}`, 'CONFLICT', [
      { path: 'status', message: `is ${row.status}, not open` },
    ]);
  }
}

async function loadCount(ex: Executor, row: StockCountRow): Promise<StockCount> {
  return presentCount(row, await findStockCountLines(ex, row.storeId, row.id));
}

/**
 * Starts a cycle count of a category (with every category beneath it) or of the whole store: one
 * uncounted line per active product in scope. Only one open count may cover a product at a time, so a
 * count overlapping an open one (whole store, same category, an ancestor or a descendant) → 409.
 */
export async function startStockCount(
  deps: StockCountsDeps,
  actor: StockCountActor,
  storeId: string,
  request: CreateStockCountRequest,
): Promise<StockCount> {
  return withTransaction(deps.db, async (tx) => {
    await requireVisibleStore(tx, actor, storeId);
    if (request.categoryId && !(await findCategoryIdIfExists(tx, request.categoryId))) {
      throw new ValidationError([{ path: 'categoryId', message: 'no such category' }]);
    }
    await lockStockCountStartsInStore(tx, storeId);
    const overlapping = await findOverlappingOpenCount(tx, storeId, request.categoryId);
    if (overlapping) {
      throw new ConflictError('An open stock count already covers these products', 'CONFLICT', [
        {
          path: 'categoryId',
          message: `overlaps open count ${overlapping.id}; submit or cancel it first`,
        },
      ]);
    }
    const row = await insertStockCount(tx, {
      storeId,
      categoryId: request.categoryId,
      note: request.note?.length ? request.note : null,
      startedBy: actor.userId,
    });
    await insertLinesForScope(tx, row.id, request.categoryId);
    const count = await loadCount(tx, row);
    await recordAudit(tx, {
      action: 'stock_count.started',
      actorUserId: actor.userId,
      storeId,
      entityType: 'stock_count',
      entityId: row.id,
      details: { categoryId: request.categoryId, lineCount: count.lineCount },
      origin: actor.origin,
    });
    return count;
  });
}

/** The store's counts, newest first. */
export async function listStockCounts(
  deps: StockCountsDeps,
  actor: StockCountActor,
  storeId: string,
  query: ListStockCountsQuery,
): Promise<Page<StockCountSummary>> {
  await requireVisibleStore(deps.db, actor, storeId);
  const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
  const startedAt = after ? new Date(String(after[0])) : undefined;
  if (startedAt && Number.isNaN(startedAt.getTime())) {
    throw new ValidationError([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
  }
  const rows = await findStockCounts(deps.db, {
    storeId,
    status: query.status,
    after: after && startedAt ? { startedAt, id: String(after[1]) } : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(presentSummary),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.startedAt.toISOString(), last.id]) : null,
  };
}

export async function getStockCount(
  deps: StockCountsDeps,
  actor: StockCountActor,
  storeId: string,
  countId: string,
): Promise<StockCount> {
  await requireVisibleStore(deps.db, actor, storeId);
  return loadCount(deps.db, await requireCount(deps.db, storeId, countId));
}

/** Resolves each line to a product of the count, or collects a 400 detail naming lines.N. */
async function resolveLineProducts(
  tx: Tx,
  countId: string,
  request: EnterStockCountLinesRequest,
): Promise<string[]> {
  const codes = request.lines.flatMap((line) => (line.barcode ? [lookupFormOf(line.barcode)] : []));
  const byBarcode = await findProductIdsByBarcodes(tx, [...new Set(codes)]);
  const details: ErrorDetail[] = [];
  const productIds = request.lines.map((line, index) => {
    if (line.productId) {
      return line.productId;
    }
    const productId = byBarcode.get(lookupFormOf(line.barcode ?? ''));
    if (!productId) {
      details.push({ path: `lines.${index}.barcode`, message: 'no product has this barcode' });
    }
    return productId ?? '';
  });
  const inCount = await findCountLinesByProduct(tx, countId, [...new Set(productIds.filter(Boolean))]);
  productIds.forEach((productId, index) => {
    if (productId && !inCount.has(productId)) {
      details.push({ path: `lines.${index}`, message: 'this product is not part of this count' });
    }
  });
  if (details.length > 0) {
    throw new ValidationError(details);
  }
  return productIds;
}

/**
 * Records counted quantities (staff, managers and admins). With each one the system's on-hand at that
 * moment is kept, so the correction on submit is counted − that figure and sales made after counting
 * are not undone. `set` replaces a line (counted again now); `add` adds to it and keeps the figure from
 * the line's first count, since the shelf was being counted from then on.
 */
export async function enterStockCountLines(
  deps: StockCountsDeps,
  actor: StockCountActor,
  storeId: string,
  countId: string,
  request: EnterStockCountLinesRequest,
): Promise<StockCount> {
  return withTransaction(deps.db, async (tx) => {
    await requireVisibleStore(tx, actor, storeId);
    const row = await requireCount(tx, storeId, countId, { forUpdate: true });
    requireOpen(row);
    const productIds = await resolveLineProducts(tx, countId, request);
    const uniqueIds = [...new Set(productIds)];
    const current = await findCountLinesByProduct(tx, countId, uniqueIds);
    const onHand = await readOnHandForShare(tx, storeId, [...uniqueIds].sort());
    const next = new Map<string, { countedQuantity: number; systemQuantityAtCount: number }>();
    request.lines.forEach((line, index) => {
      const productId = productIds[index]!;
      const before = next.get(productId) ?? current.get(productId);
      const systemNow = onHand.get(productId) ?? 0;
      if (line.mode === 'add' && before && before.countedQuantity !== null) {
        next.set(productId, {
          countedQuantity: before.countedQuantity + line.countedQuantity,
          systemQuantityAtCount: before.systemQuantityAtCount ?? systemNow,
        });
      } else {
        next.set(productId, { countedQuantity: line.countedQuantity, systemQuantityAtCount: systemNow });
      }
    });
    for (const [productId, line] of next) {
      await updateCountLine(tx, { countId, productId, ...line, countedBy: actor.userId });
    }
    return loadCount(tx, row);
  });
}

/**
 * Applies the count in one transaction: each counted line whose counted quantity differs from the
 * system's figure at counting time becomes one count_correction movement (negative stock allowed: the
 * count is the truth). Uncounted lines are left alone and reported. A second submit → 409.
 */
export async function submitStockCount(
  deps: StockCountsDeps,
  actor: StockCountActor,
  storeId: string,
  countId: string,
): Promise<StockCountSubmission> {
  return withTransaction(deps.db, async (tx) => {
    await requireVisibleStore(tx, actor, storeId);
    const row = await requireCount(tx, storeId, countId, { forUpdate: true });
    requireOpen(row);
    const lines = await findStockCountLines(tx, storeId, countId);
    const corrections: StockCountSubmission['corrections'] = [];
    const uncounted: StockCountSubmission['uncounted'] = [];
    const movements: StockMovementInput[] = [];
    for (const line of lines) {
      if (line.countedQuantity === null || line.systemQuantityAtCount === null) {
        uncounted.push({ productId: line.productId, sku: line.sku, name: line.name });
        continue;
      }
      const delta = line.countedQuantity - line.systemQuantityAtCount;
      if (delta !== 0) {
        corrections.push({ productId: line.productId, sku: line.sku, delta });
        movements.push({
          storeId,
          productId: line.productId,
          delta,
          reason: 'count_correction',
          refType: 'stock_count',
          refId: countId,
          userId: actor.userId,
        });
      }
    }
    if (movements.length > 0) {
      await applyStockMovements(tx, movements, { allowNegative: true });
    }
    await markStockCountSubmitted(tx, countId, actor.userId);
    await recordAudit(tx, {
      action: 'stock_count.submitted',
      actorUserId: actor.userId,
      storeId,
      entityType: 'stock_count',
      entityId: countId,
      details: {
        lineCount: lines.length,
        countedLineCount: lines.length - uncounted.length,
        uncountedLineCount: uncounted.length,
        correctionCount: corrections.length,
        unitsAdded: corrections.reduce((sum, c) => sum + Math.max(c.delta, 0), 0),
        unitsRemoved: corrections.reduce((sum, c) => sum + Math.max(-c.delta, 0), 0),
      },
      origin: actor.origin,
    });
    const submitted = await requireCount(tx, storeId, countId);
    return { count: await loadCount(tx, submitted), corrections, uncounted };
  });
}

/** Abandons an open count; stock is untouched. Cancelling a submitted or cancelled count → 409. */
export async function cancelStockCount(
  deps: StockCountsDeps,
  actor: StockCountActor,
  storeId: string,
  countId: string,
): Promise<StockCount> {
  return withTransaction(deps.db, async (tx) => {
    await requireVisibleStore(tx, actor, storeId);
    const row = await requireCount(tx, storeId, countId, { forUpdate: true });
    requireOpen(row);
    await markStockCountCancelled(tx, countId);
    await recordAudit(tx, {
      action: 'stock_count.cancelled',
      actorUserId: actor.userId,
      storeId,
      entityType: 'stock_count',
      entityId: countId,
      details: { categoryId: row.categoryId },
      origin: actor.origin,
    });
    return loadCount(tx, await requireCount(tx, storeId, countId));
  });
}
