import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import { products, salesTransactions, stockLots, stockMovements } from '../../db/schema';

export type LotRow = {
  id: string;
  storeId: string;
  productId: string;
  lotNumber: string;
  expiryDate: string | null;
  onHand: number;
};

const lotColumns = {
  id: stockLots.id,
  storeId: stockLots.storeId,
  productId: stockLots.productId,
  lotNumber: stockLots.lotNumber,
  expiryDate: stockLots.expiryDate,
  onHand: stockLots.onHand,
};

export async function findLotByNumber(
  ex: Executor,
  key: { storeId: string; productId: string; lotNumber: string },
): Promise<LotRow | undefined> {
  const [row] = await ex
    .select(lotColumns)
    .from(stockLots)
    .where(
      and(
        eq(stockLots.storeId, key.storeId),
        eq(stockLots.productId, key.productId),
        eq(stockLots.lotNumber, key.lotNumber),
      ),
    )
    .limit(1);
  return row;
}

/** Creates the lot with on_hand 0 unless (store, product, lot number) exists; concurrent creators both succeed. */
export async function insertLotIfMissing(
  ex: Executor,
  lot: { storeId: string; productId: string; lotNumber: string; expiryDate: string | null },
): Promise<void> {
  await ex.insert(stockLots).values(lot).onConflictDoNothing();
}

/**
 * Locks the product's lots that still hold stock in first-expiry-first-out order (no expiry last, then id)
 * and returns them in that order.
 */
export async function lockStockedLotsForUpdate(
  ex: Executor,
  key: { storeId: string; productId: string },
): Promise<{ id: string; onHand: number }[]> {
  const rows = await queryRows<{ id: string; on_hand: number }>(
    ex,
    sql`select ${stockLots.id} as id, ${stockLots.onHand} as on_hand
        from ${stockLots}
        where ${stockLots.storeId} = ${key.storeId} and ${stockLots.productId} = ${key.productId}
          and ${stockLots.onHand} > 0
        order by ${stockLots.expiryDate} asc nulls last, ${stockLots.id}
        for update`,
  );
  return rows.map((row) => ({ id: row.id, onHand: Number(row.on_hand) }));
}

export type ExpiringLotRow = {
  lotId: string;
  productId: string;
  sku: string;
  name: string;
  lotNumber: string;
  expiryDate: string;
  daysUntilExpiry: number;
  onHand: number;
};

/** The store's business date in its own time zone, computed by the database clock. */
export async function findStoreToday(ex: Executor, timezone: string): Promise<string> {
  const [row] = await queryRows<{ today: string }>(
    ex,
    sql`select to_char((now() at time zone ${timezone})::date, 'YYYY-MM-DD') as today`,
  );
  return row!.today;
}

/** Lots with stock whose expiry date is on or before today + days (already expired ones included), soonest first. */
export async function findExpiringLots(
  ex: Executor,
  filter: {
    storeId: string;
    today: string;
    days: number;
    after?: { expiryDate: string; lotId: string };
    limit: number;
  },
): Promise<ExpiringLotRow[]> {
  const conditions: SQL[] = [
    sql`l.store_id = ${filter.storeId}`,
    sql`l.on_hand > 0`,
    sql`l.expiry_date is not null`,
    sql`l.expiry_date <= ${filter.today}::date + ${filter.days}::int`,
  ];
  if (filter.after) {
    conditions.push(
      sql`(l.expiry_date, l.id) > (${filter.after.expiryDate}::date, ${filter.after.lotId}::uuid)`,
    );
  }
  const rows = await queryRows<{
    lot_id: string;
    product_id: string;
    sku: string;
    name: string;
    lot_number: string;
    expiry_date: string;
    days_until_expiry: number;
    on_hand: number;
  }>(
    ex,
    sql`select l.id as lot_id, l.product_id, p.sku, p.name, l.lot_number,
               to_char(l.expiry_date, 'YYYY-MM-DD') as expiry_date,
               (l.expiry_date - ${filter.today}::date) as days_until_expiry,
               l.on_hand
        from ${stockLots} l
        join ${products} p on p.id = l.product_id
        where ${sql.join(conditions, sql` and `)}
        order by l.expiry_date, l.id
        limit ${filter.limit}`,
  );
  return rows.map((row) => ({
    lotId: row.lot_id,
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    lotNumber: row.lot_number,
    expiryDate: row.expiry_date,
    daysUntilExpiry: Number(row.days_until_expiry),
    onHand: Number(row.on_hand),
  }));
}

/** Every store's lot of this product and number; null storeIds = all stores. */
export async function findLotsByProductAndNumber(
  ex: Executor,
  filter: { productId: string; lotNumber: string; storeIds: string[] | null },
): Promise<LotRow[]> {
  if (filter.storeIds && filter.storeIds.length === 0) {
    return [];
  }
  const conditions: SQL[] = [
    eq(stockLots.productId, filter.productId),
    eq(stockLots.lotNumber, filter.lotNumber),
  ];
  if (filter.storeIds) {
    conditions.push(inArray(stockLots.storeId, filter.storeIds));
  }
  return ex
    .select(lotColumns)
    .from(stockLots)
    .where(and(...conditions))
    .orderBy(stockLots.storeId);
}

export type LotSaleRow = {
  saleId: string;
  storeId: string;
  receiptNumber: string;
  businessDate: string;
  quantity: number;
  customerId: string | null;
};

/**
 * Sales whose stock movements name one of these lots (ref_type 'sale', ref_id = the sale), with the net
 * quantity they took (voids give units back); sales that net to nothing are left out. Reads the sales
 * table only to name the sale: recall is a question about the lot's ledger.
 */
export async function findSalesOfLots(ex: Executor, lotIds: string[]): Promise<LotSaleRow[]> {
  if (lotIds.length === 0) {
    return [];
  }
  const rows = await queryRows<{
    sale_id: string;
    store_id: string;
    receipt_number: string;
    business_date: string;
    quantity: number;
    customer_id: string | null;
  }>(
    ex,
    sql`select s.id as sale_id, s.store_id, s.receipt_number,
               to_char(s.business_date, 'YYYY-MM-DD') as business_date,
               (-sum(m.delta))::int as quantity, s.customer_id
        from ${stockMovements} m
        join ${salesTransactions} s on s.id = m.ref_id
        where m.ref_type = 'sale'
          and m.lot_id in (${sql.join(
            lotIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
        group by s.id, s.store_id, s.receipt_number, s.business_date, s.customer_id
        having -sum(m.delta) > 0
        order by s.business_date, s.receipt_number, s.id`,
  );
  return rows.map((row) => ({
    saleId: row.sale_id,
    storeId: row.store_id,
    receiptNumber: row.receipt_number,
    businessDate: row.business_date,
    quantity: Number(row.quantity),
    customerId: row.customer_id,
  }));
}
