import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/query-rows';
import { salesPayments, salesTransactionItems, salesTransactions, stores, users } from '../../db/schema';
import type { SaleStatus } from '../../db/schema/sales';

export type SaleRow = typeof salesTransactions.$inferSelect;
export type SaleLineRow = typeof salesTransactionItems.$inferSelect;
export type SaleTenderRow = typeof salesPayments.$inferSelect;

/** A sale (kind 'sale'; returns live in the same table and are not sales). */
export async function findSaleRow(ex: Executor, saleId: string): Promise<SaleRow | undefined> {
  const [row] = await ex
    .select()
    .from(salesTransactions)
    .where(and(eq(salesTransactions.id, saleId), eq(salesTransactions.kind, 'sale')))
    .limit(1);
  return row;
}

/**
 * A store's sale by its receipt number, exactly as stored (the unique (store_id, receipt_number) index
 * answers it); the caller normalizes what was typed or scanned.
 */
export async function findSaleRowByReceipt(
  ex: Executor,
  storeId: string,
  receiptNumber: string,
): Promise<SaleRow | undefined> {
  const [row] = await ex
    .select()
    .from(salesTransactions)
    .where(
      and(
        eq(salesTransactions.storeId, storeId),
        eq(salesTransactions.receiptNumber, receiptNumber),
        eq(salesTransactions.kind, 'sale'),
      ),
    )
    .limit(1);
  return row;
}

export async function findSaleRowsByIds(ex: Executor, saleIds: string[]): Promise<SaleRow[]> {
  if (saleIds.length === 0) {
    return [];
  }
  return ex.select().from(salesTransactions).where(inArray(salesTransactions.id, saleIds));
}

/** Lines of the given sales, each sale's in line-number order. */
export async function findSaleLineRows(ex: Executor, saleIds: string[]): Promise<SaleLineRow[]> {
  if (saleIds.length === 0) {
    return [];
  }
  return ex
    .select()
    .from(salesTransactionItems)
    .where(inArray(salesTransactionItems.transactionId, saleIds))
    .orderBy(asc(salesTransactionItems.transactionId), asc(salesTransactionItems.lineNumber));
}

/** Tenders of the given sales, each sale's in the order they were given. */
export async function findSaleTenderRows(ex: Executor, saleIds: string[]): Promise<SaleTenderRow[]> {
  if (saleIds.length === 0) {
    return [];
  }
  return ex
    .select()
    .from(salesPayments)
    .where(inArray(salesPayments.transactionId, saleIds))
    .orderBy(asc(salesPayments.transactionId), asc(salesPayments.position));
}

export type SaleFilter = {
  /** Where to look: these stores, or every store when null. */
  storeIds: string[] | null;
  /** Business dates, inclusive. */
  from?: string;
  to?: string;
  cashierId?: string;
  customerId?: string;
  status?: SaleStatus;
  registerId?: string;
  /** The last sale of the previous page: its transaction_date with microseconds (ISO, UTC) and id. */
  after?: { transactionKey: string; id: string };
  limit: number;
};

/**
 * One page of sale ids, newest first, keyset-paginated on (transaction_date, id). Each store is read on its
 * own (store_id, transaction_date) index, at most `limit` rows each, and the per-store pages are merged: so
 * a page costs the same with one month of history or ten years, for one store or all of them.
 */
export async function findSalePageKeys(
  ex: Executor,
  filter: SaleFilter,
): Promise<{ id: string; transaction_key: string }[]> {
  if (filter.storeIds && filter.storeIds.length === 0) {
    return [];
  }
  const storeSource = filter.storeIds
    ? sql`(values ${sql.join(
        filter.storeIds.map((id) => sql`(${id}::uuid)`),
        sql`, `,
      )}) as st(id)`
    : sql`(select ${stores.id} as id from ${stores}) as st`;
  const conditions: SQL[] = [sql`t.store_id = st.id`, sql`t.kind = 'sale'`];
  if (filter.from) {
    conditions.push(sql`t.business_date >= ${filter.from}::date`);
    // Not needed for correctness: a business date falls within UTC−12…UTC+14 of its UTC day, and this
    // bound lets the (store_id, transaction_date) index serve the date range as well as the order.
    conditions.push(
      sql`t.transaction_date >= ${filter.from}::date::timestamp at time zone 'UTC' - interval '14 hours'`,
    );
  }
  if (filter.to) {
    conditions.push(sql`t.business_date <= ${filter.to}::date`);
    conditions.push(
      sql`t.transaction_date < (${filter.to}::date + 1)::timestamp at time zone 'UTC' + interval '12 hours'`,
    );
  }
  if (filter.cashierId) {
    conditions.push(sql`t.cashier_id = ${filter.cashierId}`);
  }
  if (filter.customerId) {
    conditions.push(sql`t.customer_id = ${filter.customerId}`);
  }
  if (filter.status) {
    conditions.push(sql`t.status = ${filter.status}`);
  }
  if (filter.registerId) {
    conditions.push(sql`t.register_id = ${filter.registerId}`);
  }
  if (filter.after) {
    const { transactionKey, id } = filter.after;
    // Written as a range on transaction_date plus a tie-break, so the index bounds the scan.
    conditions.push(
      sql`t.transaction_date <= ${transactionKey}::timestamptz
          and (t.transaction_date < ${transactionKey}::timestamptz or t.id < ${id}::uuid)`,
    );
  }
  return queryRows<{ id: string; transaction_key: string }>(
    ex,
    sql`select page.id,
          to_char(page.transaction_date at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as transaction_key
        from ${storeSource}
        cross join lateral (
          select t.id, t.transaction_date
          from ${salesTransactions} t
          where ${sql.join(conditions, sql` and `)}
          order by t.transaction_date desc, t.id desc
          limit ${filter.limit}
        ) as page
        order by page.transaction_date desc, page.id desc
        limit ${filter.limit}`,
  );
}

/** The name printed as "Cashier" on a receipt. */
export async function findUserName(ex: Executor, userId: string): Promise<string | undefined> {
  const [row] = await ex.select({ name: users.name }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.name;
}
