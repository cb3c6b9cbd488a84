import { and, asc, desc, eq, ilike, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import {
  products,
  purchaseOrderLines,
  purchaseOrders,
  stores,
  supplierProducts,
  suppliers,
} from '../../db/schema';

// ---------------------------------------------------------------------------------------------------------
// Suppliers

export type SupplierRow = typeof suppliers.$inferSelect;

/** Ordered by lower(name), id; `after` is the last row of the previous page. */
export async function findSuppliers(
  ex: Executor,
  filter: { q?: string; active?: boolean; after?: { name: string; id: string }; limit: number },
): Promise<SupplierRow[]> {
  const conditions: SQL[] = [];
  if (filter.q) {
    conditions.push(ilike(suppliers.name, `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  }
  if (filter.active !== undefined) {
    conditions.push(eq(suppliers.active, filter.active));
  }
  if (filter.after) {
    conditions.push(
      sql`(lower(${suppliers.name}), ${suppliers.id}) > (${filter.after.name}, ${filter.after.id}::uuid)`,
    );
  }
  return ex
    .select()
    .from(suppliers)
    .where(and(...conditions))
    .orderBy(sql`lower(${suppliers.name})`, asc(suppliers.id))
    .limit(filter.limit);
}

export async function findSupplierById(ex: Executor, id: string): Promise<SupplierRow | undefined> {
  const [row] = await ex.select().from(suppliers).where(eq(suppliers.id, id)).limit(1);
  return row;
}

export async function insertSupplier(
  ex: Executor,
  supplier: typeof suppliers.$inferInsert,
): Promise<SupplierRow> {
  const [row] = await ex.insert(suppliers).values(supplier).returning();
  return row!;
}

export async function updateSupplierColumns(
  ex: Executor,
  id: string,
  changes: Partial<Omit<typeof suppliers.$inferInsert, 'id'>>,
): Promise<SupplierRow | undefined> {
  const [row] = await ex
    .update(suppliers)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(suppliers.id, id))
    .returning();
  return row;
}

export type SupplierProductRow = typeof supplierProducts.$inferSelect;

/** Unsets the preferred flag of every other supplier of the product. */
export async function clearOtherPreferredSuppliers(
  ex: Executor,
  productId: string,
  keepSupplierId: string,
): Promise<void> {
  await ex
    .update(supplierProducts)
    .set({ isPreferred: false })
    .where(
      and(
        eq(supplierProducts.productId, productId),
        ne(supplierProducts.supplierId, keepSupplierId),
        eq(supplierProducts.isPreferred, true),
      ),
    );
}

export async function upsertSupplierProduct(
  ex: Executor,
  row: {
    supplierId: string;
    productId: string;
    supplierSku?: string | null;
    unitCostCents?: number | null;
    isPreferred: boolean;
  },
): Promise<SupplierProductRow> {
  const changes: Partial<typeof supplierProducts.$inferInsert> = { isPreferred: row.isPreferred };
  if (row.supplierSku !== undefined) {
    changes.supplierSku = row.supplierSku;
  }
  if (row.unitCostCents !== undefined) {
    changes.unitCostCents = row.unitCostCents;
  }
  const [saved] = await ex
    .insert(supplierProducts)
    .values(row)
    .onConflictDoUpdate({ target: [supplierProducts.supplierId, supplierProducts.productId], set: changes })
    .returning();
  return saved!;
}

// ---------------------------------------------------------------------------------------------------------
// Products (read for receiving; cost_cents is the one column receiving writes)

export type ReceivingProductRow = {
  id: string;
  sku: string;
  name: string;
  isLotTracked: boolean;
  costCents: number;
};

export async function findProductsForReceiving(ex: Executor, ids: string[]): Promise<ReceivingProductRow[]> {
  if (ids.length === 0) {
    return [];
  }
  return ex
    .select({
      id: products.id,
      sku: products.sku,
      name: products.name,
      isLotTracked: products.isLotTracked,
      costCents: products.costCents,
    })
    .from(products)
    .where(inArray(products.id, ids));
}

/**
 * Locks product rows (id order) against other writers without blocking foreign-key checks, and returns their
 * current cost. Used for the weighted-average cost update and to serialise preferred-supplier changes.
 */
export async function lockProductsForCostUpdate(ex: Executor, ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) {
    return new Map();
  }
  const sorted = [...ids].sort();
  const rows = await queryRows<{ id: string; cost_cents: string | number }>(
    ex,
    sql`select ${products.id} as id, ${products.costCents} as cost_cents from ${products}
        where ${products.id} in (${sql.join(
          sorted.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        order by ${products.id}
        for no key update`,
  );
  return new Map(rows.map((row) => [row.id, Number(row.cost_cents)]));
}

export async function updateProductCost(ex: Executor, productId: string, costCents: number): Promise<void> {
  await ex.update(products).set({ costCents, updatedAt: sql`now()` }).where(eq(products.id, productId));
}

// ---------------------------------------------------------------------------------------------------------
// Purchase orders

/**
 * Locks the store row (FOR NO KEY UPDATE: foreign-key checks from sales and movements still pass) so two
 * orders created at once do not take the same number, and returns the store code and the last sequence used.
 */
export async function lockStoreForOrderNumber(
  ex: Executor,
  storeId: string,
): Promise<{ code: string; lastSequence: number } | undefined> {
  const [store] = await queryRows<{ code: string }>(
    ex,
    sql`select ${stores.code} as code from ${stores} where ${stores.id} = ${storeId} for no key update`,
  );
  if (!store) {
    return undefined;
  }
  const [last] = await queryRows<{ last: number | null }>(
    ex,
    sql`select max(substring(${purchaseOrders.number} from '-([0-9]+)$')::int) as last
        from ${purchaseOrders} where ${purchaseOrders.storeId} = ${storeId}`,
  );
  return { code: store.code, lastSequence: Number(last?.last ?? 0) };
}

export type PurchaseOrderRow = typeof purchaseOrders.$inferSelect & { supplierName: string };

const purchaseOrderColumns = {
  id: purchaseOrders.id,
  storeId: purchaseOrders.storeId,
  supplierId: purchaseOrders.supplierId,
  number: purchaseOrders.number,
  status: purchaseOrders.status,
  note: purchaseOrders.note,
  expectedDate: purchaseOrders.expectedDate,
  createdBy: purchaseOrders.createdBy,
  orderedAt: purchaseOrders.orderedAt,
  receivedAt: purchaseOrders.receivedAt,
  createdAt: purchaseOrders.createdAt,
  updatedAt: purchaseOrders.updatedAt,
  supplierName: suppliers.name,
};

export async function insertPurchaseOrder(
  ex: Executor,
  order: typeof purchaseOrders.$inferInsert,
): Promise<string> {
  const [row] = await ex.insert(purchaseOrders).values(order).returning({ id: purchaseOrders.id });
  return row!.id;
}

export async function insertPurchaseOrderLines(
  ex: Executor,
  purchaseOrderId: string,
  lines: { productId: string; quantityOrdered: number; unitCostCents: number }[],
): Promise<void> {
  if (lines.length > 0) {
    await ex.insert(purchaseOrderLines).values(lines.map((line) => ({ ...line, purchaseOrderId })));
  }
}

export async function deletePurchaseOrderLines(ex: Executor, purchaseOrderId: string): Promise<void> {
  await ex.delete(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, purchaseOrderId));
}

/** The order if it belongs to the store (scope is part of the query); optionally locked FOR UPDATE. */
export async function findPurchaseOrderInStore(
  ex: Executor,
  storeId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<PurchaseOrderRow | undefined> {
  if (options.forUpdate) {
    const [locked] = await queryRows<{ id: string }>(
      ex,
      sql`select ${purchaseOrders.id} as id from ${purchaseOrders}
          where ${purchaseOrders.id} = ${id} and ${purchaseOrders.storeId} = ${storeId} for update`,
    );
    if (!locked) {
      return undefined;
    }
  }
  const [row] = await ex
    .select(purchaseOrderColumns)
    .from(purchaseOrders)
    .innerJoin(suppliers, eq(suppliers.id, purchaseOrders.supplierId))
    .where(and(eq(purchaseOrders.id, id), eq(purchaseOrders.storeId, storeId)))
    .limit(1);
  return row;
}

/** Newest first; `after` is the last row of the previous page. */
export async function findPurchaseOrders(
  ex: Executor,
  filter: {
    storeId: string;
    status?: string;
    supplierId?: string;
    /** The id of the last order on the previous page. */
    afterId?: string;
    limit: number;
  },
): Promise<PurchaseOrderRow[]> {
  const conditions: SQL[] = [eq(purchaseOrders.storeId, filter.storeId)];
  if (filter.status) {
    conditions.push(sql`${purchaseOrders.status} = ${filter.status}`);
  }
  if (filter.supplierId) {
    conditions.push(eq(purchaseOrders.supplierId, filter.supplierId));
  }
  if (filter.afterId) {
    // Compared in the database, so the cursor keeps the timestamp's full microsecond precision.
    conditions.push(
      sql`(${purchaseOrders.createdAt}, ${purchaseOrders.id}) < (select c.created_at, c.id from ${purchaseOrders} c where c.id = ${filter.afterId}::uuid)`,
    );
  }
  return ex
    .select(purchaseOrderColumns)
    .from(purchaseOrders)
    .innerJoin(suppliers, eq(suppliers.id, purchaseOrders.supplierId))
    .where(and(...conditions))
    .orderBy(desc(purchaseOrders.createdAt), desc(purchaseOrders.id))
    .limit(filter.limit);
}

export type PurchaseOrderLineRow = {
  id: string;
  purchaseOrderId: string;
  productId: string;
  sku: string;
  name: string;
  quantityOrdered: number;
  quantityReceived: number;
  unitCostCents: number;
};

export async function findPurchaseOrderLines(
  ex: Executor,
  purchaseOrderIds: string[],
): Promise<PurchaseOrderLineRow[]> {
  if (purchaseOrderIds.length === 0) {
    return [];
  }
  return ex
    .select({
      id: purchaseOrderLines.id,
      purchaseOrderId: purchaseOrderLines.purchaseOrderId,
      productId: purchaseOrderLines.productId,
      sku: products.sku,
      name: products.name,
      quantityOrdered: purchaseOrderLines.quantityOrdered,
      quantityReceived: purchaseOrderLines.quantityReceived,
      unitCostCents: purchaseOrderLines.unitCostCents,
    })
    .from(purchaseOrderLines)
    .innerJoin(products, eq(products.id, purchaseOrderLines.productId))
    .where(inArray(purchaseOrderLines.purchaseOrderId, purchaseOrderIds))
    .orderBy(asc(products.sku), asc(purchaseOrderLines.id));
}

export async function updatePurchaseOrderColumns(
  ex: Executor,
  id: string,
  changes: Partial<
    Pick<
      typeof purchaseOrders.$inferInsert,
      'status' | 'note' | 'expectedDate' | 'supplierId' | 'orderedAt' | 'receivedAt'
    >
  >,
): Promise<void> {
  await ex
    .update(purchaseOrders)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(purchaseOrders.id, id));
}

export async function addToQuantityReceived(ex: Executor, lineId: string, quantity: number): Promise<void> {
  await ex
    .update(purchaseOrderLines)
    .set({ quantityReceived: sql`${purchaseOrderLines.quantityReceived} + ${quantity}` })
    .where(eq(purchaseOrderLines.id, lineId));
}
