import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import {
  categories,
  inventory,
  productBarcodes,
  products,
  stockCountLines,
  stockCounts,
  stores,
} from '../../db/schema';
import type { StockCountStatus } from '../../db/schema/inventory';

export type StockCountRow = typeof stockCounts.$inferSelect;

export type StockCountSummaryRow = StockCountRow & { lineCount: number; countedLineCount: number };

export type StockCountLineRow = {
  productId: string;
  sku: string;
  name: string;
  unit: 'each' | 'weight';
  countedQuantity: number | null;
  systemQuantityAtCount: number | null;
  currentOnHand: number;
  countedBy: string | null;
  countedAt: Date | null;
};

export async function findStoreIdIfExists(ex: Executor, storeId: string): Promise<string | undefined> {
  const [row] = await ex.select({ id: stores.id }).from(stores).where(eq(stores.id, storeId)).limit(1);
  return row?.id;
}

export async function findCategoryIdIfExists(ex: Executor, categoryId: string): Promise<string | undefined> {
  const [row] = await ex
    .select({ id: categories.id })
    .from(categories)
    .where(eq(categories.id, categoryId))
    .limit(1);
  return row?.id;
}

/**
 * Serialises starting counts in one store for the rest of the transaction, so two managers starting
 * overlapping counts at once cannot both pass the overlap check. An advisory lock, not a lock on the
 * store row, so sales (which reference the store) are never blocked by it.
 */
export async function lockStockCountStartsInStore(ex: Executor, storeId: string): Promise<void> {
  await ex.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`stock_counts:${storeId}`}, 0))`);
}

/**
 * An open count in the store whose scope overlaps the given one: a whole-store count overlaps every
 * count; two category counts overlap when one category is the other or lies beneath it.
 */
export async function findOverlappingOpenCount(
  ex: Executor,
  storeId: string,
  categoryId: string | null,
): Promise<{ id: string; categoryId: string | null } | undefined> {
  const rows = await queryRows<{ id: string; category_id: string | null }>(
    ex,
    sql`with recursive
          down(id) as (
            select c.id from categories c where c.id = ${categoryId}::uuid
            union
            select c.id from categories c join down d on c.parent_id = d.id
          ),
          up(id, parent_id) as (
            select c.id, c.parent_id from categories c where c.id = ${categoryId}::uuid
            union
            select c.id, c.parent_id from categories c join up u on c.id = u.parent_id
          )
        select sc.id, sc.category_id
        from stock_counts sc
        where sc.store_id = ${storeId}::uuid
          and sc.status = 'open'
          and (
            ${categoryId}::uuid is null
            or sc.category_id is null
            or sc.category_id in (select id from down)
            or sc.category_id in (select id from up)
          )
        order by sc.started_at
        limit 1`,
  );
  const row = rows[0];
  return row ? { id: row.id, categoryId: row.category_id } : undefined;
}

export async function insertStockCount(
  ex: Executor,
  count: { storeId: string; categoryId: string | null; note: string | null; startedBy: string },
): Promise<StockCountRow> {
  const [row] = await ex.insert(stockCounts).values(count).returning();
  return row!;
}

/** One uncounted line per active product in scope: the category and all categories beneath it, or every product. */
export async function insertLinesForScope(
  ex: Executor,
  countId: string,
  categoryId: string | null,
): Promise<void> {
  await ex.execute(
    sql`with recursive scope(id) as (
          select c.id from categories c where c.id = ${categoryId}::uuid
          union
          select c.id from categories c join scope s on c.parent_id = s.id
        )
        insert into stock_count_lines (count_id, product_id)
        select ${countId}::uuid, p.id
        from products p
        where p.active
          and (${categoryId}::uuid is null or p.category_id in (select id from scope))`,
  );
}

/** The count if it belongs to the store (another store's count is simply not found). */
export async function findStockCount(
  ex: Executor,
  storeId: string,
  countId: string,
  options: { forUpdate?: boolean } = {},
): Promise<StockCountRow | undefined> {
  const query = ex
    .select()
    .from(stockCounts)
    .where(and(eq(stockCounts.id, countId), eq(stockCounts.storeId, storeId)))
    .limit(1);
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** Newest first, keyset-paginated on (started_at, id). */
export async function findStockCounts(
  ex: Executor,
  filter: {
    storeId: string;
    status?: StockCountStatus;
    after?: { startedAt: Date; id: string };
    limit: number;
  },
): Promise<StockCountSummaryRow[]> {
  const rows = await queryRows<{
    id: string;
    store_id: string;
    category_id: string | null;
    status: StockCountStatus;
    note: string | null;
    started_by: string;
    started_at: Date | string;
    submitted_by: string | null;
    submitted_at: Date | string | null;
    line_count: number;
    counted_line_count: number;
  }>(
    ex,
    sql`select sc.id, sc.store_id, sc.category_id, sc.status, sc.note, sc.started_by, sc.started_at,
               sc.submitted_by, sc.submitted_at,
               (select count(*)::int from stock_count_lines l where l.count_id = sc.id) as line_count,
               (select count(*)::int from stock_count_lines l
                 where l.count_id = sc.id and l.counted_quantity is not null) as counted_line_count
        from stock_counts sc
        where sc.store_id = ${filter.storeId}::uuid
          ${filter.status ? sql`and sc.status = ${filter.status}` : sql``}
          ${
            filter.after
              ? sql`and (sc.started_at, sc.id) < (${filter.after.startedAt.toISOString()}::timestamptz, ${filter.after.id}::uuid)`
              : sql``
          }
        order by sc.started_at desc, sc.id desc
        limit ${filter.limit}`,
  );
  return rows.map((row) => ({
    id: row.id,
    storeId: row.store_id,
    categoryId: row.category_id,
    status: row.status,
    note: row.note,
    startedBy: row.started_by,
    startedAt: new Date(row.started_at),
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at === null ? null : new Date(row.submitted_at),
    lineCount: Number(row.line_count),
    countedLineCount: Number(row.counted_line_count),
  }));
}

/** The count's lines by SKU, with the product and the store's on-hand now. */
export async function findStockCountLines(
  ex: Executor,
  storeId: string,
  countId: string,
): Promise<StockCountLineRow[]> {
  const rows = await ex
    .select({
      productId: stockCountLines.productId,
      sku: products.sku,
      name: products.name,
      unit: products.unit,
      countedQuantity: stockCountLines.countedQuantity,
      systemQuantityAtCount: stockCountLines.systemQuantityAtCount,
      currentOnHand: sql<number>`coalesce(${inventory.onHand}, 0)::int`,
      countedBy: stockCountLines.countedBy,
      countedAt: stockCountLines.countedAt,
    })
    .from(stockCountLines)
    .innerJoin(products, eq(products.id, stockCountLines.productId))
    .leftJoin(
      inventory,
      and(eq(inventory.storeId, storeId), eq(inventory.productId, stockCountLines.productId)),
    )
    .where(eq(stockCountLines.countId, countId))
    .orderBy(products.sku);
  return rows.map((row) => ({ ...row, currentOnHand: Number(row.currentOnHand) }));
}

/** Product ids by barcode, for the codes (already in lookup form) that exist. */
export async function findProductIdsByBarcodes(ex: Executor, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) {
    return new Map();
  }
  const rows = await queryRows<{ barcode: string; product_id: string }>(
    ex,
    sql`select ${productBarcodes.barcode} as barcode, ${productBarcodes.productId} as product_id
        from ${productBarcodes}
        where ${productBarcodes.barcode} in (${sql.join(
          codes.map((code) => sql`${code}`),
          sql`, `,
        )})`,
  );
  return new Map(rows.map((row) => [row.barcode, row.product_id]));
}

/** The count's current lines for these products (those outside the count are absent from the map). */
export async function findCountLinesByProduct(
  ex: Executor,
  countId: string,
  productIds: string[],
): Promise<Map<string, { countedQuantity: number | null; systemQuantityAtCount: number | null }>> {
  if (productIds.length === 0) {
    return new Map();
  }
  const rows = await queryRows<{
    product_id: string;
    counted_quantity: number | null;
    system_quantity_at_count: number | null;
  }>(
    ex,
    sql`select product_id, counted_quantity, system_quantity_at_count
        from stock_count_lines
        where count_id = ${countId}::uuid
          and product_id in (${sql.join(
            productIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})`,
  );
  return new Map(
    rows.map((row) => [
      row.product_id,
      {
        countedQuantity: row.counted_quantity === null ? null : Number(row.counted_quantity),
        systemQuantityAtCount:
          row.system_quantity_at_count === null ? null : Number(row.system_quantity_at_count),
      },
    ]),
  );
}

/**
 * The store's on-hand of these products, read under FOR SHARE in product order: a sale that is
 * committing on one of them is waited for, so the figure kept with a count includes it. Products
 * without an inventory row have 0.
 */
export async function readOnHandForShare(
  ex: Executor,
  storeId: string,
  productIds: string[],
): Promise<Map<string, number>> {
  if (productIds.length === 0) {
    return new Map();
  }
  const rows = await queryRows<{ product_id: string; on_hand: number }>(
    ex,
    sql`select product_id, on_hand
        from inventory
        where store_id = ${storeId}::uuid
          and product_id in (${sql.join(
            productIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
        order by product_id
        for share`,
  );
  return new Map(rows.map((row) => [row.product_id, Number(row.on_hand)]));
}

export async function updateCountLine(
  ex: Executor,
  line: {
    countId: string;
    productId: string;
    countedQuantity: number;
    systemQuantityAtCount: number;
    countedBy: string;
  },
): Promise<void> {
  await ex
    .update(stockCountLines)
    .set({
      countedQuantity: line.countedQuantity,
      systemQuantityAtCount: line.systemQuantityAtCount,
      countedBy: line.countedBy,
      countedAt: sql`now()`,
    })
    .where(and(eq(stockCountLines.countId, line.countId), eq(stockCountLines.productId, line.productId)));
}

export async function markStockCountSubmitted(ex: Executor, countId: string, userId: string): Promise<void> {
  await ex
    .update(stockCounts)
    .set({ status: 'submitted', submittedBy: userId, submittedAt: sql`now()` })
    .where(eq(stockCounts.id, countId));
}

export async function markStockCountCancelled(ex: Executor, countId: string): Promise<void> {
  await ex.update(stockCounts).set({ status: 'cancelled' }).where(eq(stockCounts.id, countId));
}
