import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import { products, salesPayments, salesTransactionItems, salesTransactions } from '../../db/schema';

export type SaleIdentity = {
  id: string;
  kind: 'sale' | 'return';
  storeId: string;
  requestHash: string;
};

/** Who already holds this client id, and for which request: the idempotency check. */
export async function findTransactionIdentity(ex: Executor, id: string): Promise<SaleIdentity | undefined> {
  const [row] = await ex
    .select({
      id: salesTransactions.id,
      kind: salesTransactions.kind,
      storeId: salesTransactions.storeId,
      requestHash: salesTransactions.requestHash,
    })
    .from(salesTransactions)
    .where(eq(salesTransactions.id, id))
    .limit(1);
  return row;
}

export type ProductForSale = {
  id: string;
  sku: string;
  name: string;
  brand: string | null;
  categoryId: string | null;
  priceCents: number;
  costCents: number;
  taxClass: 'standard' | 'reduced' | 'exempt';
  unit: 'each' | 'weight';
  active: boolean;
};

/** The catalog as a sale prices it: the current price, cost and tax class of each product. */
export async function findProductsForSale(ex: Executor, ids: string[]): Promise<ProductForSale[]> {
  return ex
    .select({
      id: products.id,
      sku: products.sku,
      name: products.name,
      brand: products.brand,
      categoryId: products.categoryId,
      priceCents: products.priceCents,
      costCents: products.costCents,
      taxClass: products.taxClass,
      unit: products.unit,
      active: products.active,
    })
    .from(products)
    .where(inArray(products.id, ids));
}

export type NewTransaction = typeof salesTransactions.$inferInsert;

/**
 * Inserts the transaction unless its id is taken. A concurrent request with the same id waits here for the
 * first one to commit or roll back (the primary key's lock); false means the id is now taken.
 */
export async function insertTransactionIfNew(
  tx: Tx,
  row: NewTransaction,
): Promise<typeof salesTransactions.$inferSelect | undefined> {
  const [inserted] = await tx
    .insert(salesTransactions)
    .values(row)
    .onConflictDoNothing({ target: salesTransactions.id })
    .returning();
  return inserted;
}

export type NewTransactionItem = typeof salesTransactionItems.$inferInsert;

/** The inserted lines, in line-number order. */
export async function insertTransactionItems(
  tx: Tx,
  items: NewTransactionItem[],
): Promise<(typeof salesTransactionItems.$inferSelect)[]> {
  const rows = await tx.insert(salesTransactionItems).values(items).returning();
  return rows.sort((a, b) => a.lineNumber - b.lineNumber);
}

export type NewPayment = typeof salesPayments.$inferInsert;

/** The inserted tenders, in the order given. */
export async function insertPayments(
  tx: Tx,
  payments: NewPayment[],
): Promise<(typeof salesPayments.$inferSelect)[]> {
  const rows = await tx.insert(salesPayments).values(payments).returning();
  return rows.sort((a, b) => a.position - b.position);
}

export type SaleForVoid = {
  id: string;
  kind: 'sale' | 'return';
  storeId: string;
  status: 'completed' | 'voided';
  businessDate: string;
  customerId: string | null;
  shiftId: string | null;
  registerId: string;
  pricesIncludeTax: boolean;
};

/** Locks a sale before voiding it, so a void and a return against it cannot both go through. */
export async function lockTransactionForUpdate(tx: Tx, id: string): Promise<SaleForVoid | undefined> {
  const [row] = await queryRows<{
    id: string;
    kind: 'sale' | 'return';
    store_id: string;
    status: 'completed' | 'voided';
    business_date: string;
    customer_id: string | null;
    shift_id: string | null;
    register_id: string;
    prices_include_tax: boolean;
  }>(
    tx,
    sql`select id, kind, store_id, status, business_date::text as business_date, customer_id, shift_id, register_id,
          prices_include_tax
        from ${salesTransactions} where id = ${id} for update`,
  );
  return row
    ? {
        id: row.id,
        kind: row.kind,
        storeId: row.store_id,
        status: row.status,
        businessDate: row.business_date,
        customerId: row.customer_id,
        shiftId: row.shift_id,
        registerId: row.register_id,
        pricesIncludeTax: row.prices_include_tax,
      }
    : undefined;
}

/** Returns recorded against a sale (any status): a sale that has them can no longer be voided. */
export async function countReturnsAgainst(ex: Executor, saleId: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    ex,
    sql`select count(*)::int as count from ${salesTransactions}
        where original_transaction_id = ${saleId} and kind = 'return'`,
  );
  return row?.count ?? 0;
}

export async function findItemsOf(
  ex: Executor,
  transactionId: string,
): Promise<{ id: string; productId: string; quantity: number }[]> {
  return ex
    .select({
      id: salesTransactionItems.id,
      productId: salesTransactionItems.productId,
      quantity: salesTransactionItems.quantity,
    })
    .from(salesTransactionItems)
    .where(eq(salesTransactionItems.transactionId, transactionId))
    .orderBy(salesTransactionItems.lineNumber);
}

export async function findPaymentsOf(
  ex: Executor,
  transactionId: string,
): Promise<{ method: 'cash' | 'card' | 'store_credit'; amountCents: number }[]> {
  return ex
    .select({ method: salesPayments.method, amountCents: salesPayments.amountCents })
    .from(salesPayments)
    .where(eq(salesPayments.transactionId, transactionId))
    .orderBy(salesPayments.position);
}

export async function markTransactionVoided(
  tx: Tx,
  id: string,
  voided: { by: string; reason: string; at: Date },
): Promise<void> {
  await tx
    .update(salesTransactions)
    .set({ status: 'voided', voidedBy: voided.by, voidReason: voided.reason, voidedAt: voided.at })
    .where(eq(salesTransactions.id, id));
}
