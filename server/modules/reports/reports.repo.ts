import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/query-rows';

// Every query reads one store-day through sales_transactions (store_id, business_date) and the lines and
// payments of those transactions by their keys, so the cost follows the day's sales, never the history.
// Revenue excludes tax: total − tax is the net for tax-exclusive prices and the net less the tax inside it
// for tax-inclusive ones, for a sale, a line or a return alike. Returns subtract (sign −1).

const SIGN = sql`case when t.kind = 'sale' then 1 else -1 end`;

function dayOf(storeId: string, date: string) {
  return sql`t.store_id = ${storeId} and t.business_date = ${date}::date and t.status = 'completed'`;
}

export type DaySummaryRow = {
  sales_revenue: string;
  discount: string;
  returns: string;
  tax: string;
  change: string;
  transactions: number;
  returns_count: number;
};

export async function findDaySummary(ex: Executor, storeId: string, date: string): Promise<DaySummaryRow> {
  const [row] = await queryRows<DaySummaryRow>(
    ex,
    sql`select
        coalesce(sum(t.total_cents - t.tax_cents) filter (where t.kind = 'sale'), 0)::text as sales_revenue,
        coalesce(sum(t.discount_cents) filter (where t.kind = 'sale'), 0)::text as discount,
        coalesce(sum(t.total_cents - t.tax_cents) filter (where t.kind = 'return'), 0)::text as returns,
        coalesce(sum(${SIGN} * t.tax_cents), 0)::text as tax,
        coalesce(sum(t.change_due_cents) filter (where t.kind = 'sale'), 0)::text as change,
        (count(*) filter (where t.kind = 'sale'))::int as transactions,
        (count(*) filter (where t.kind = 'return'))::int as returns_count
      from sales_transactions t
      where ${dayOf(storeId, date)}`,
  );
  return row!;
}

/** Items sold less returned (a weighed line counts as one item) and the cost of goods sold less returned. */
export async function findDayItemTotals(
  ex: Executor,
  storeId: string,
  date: string,
): Promise<{ items: string; cost: string }> {
  const [row] = await queryRows<{ items: string; cost: string }>(
    ex,
    sql`select coalesce(sum(${SIGN} * case when i.unit = 'weight' then 1 else i.quantity end), 0)::text as items,
          coalesce(sum(${SIGN} * i.cost_cents), 0)::text as cost
        from sales_transactions t
        join sales_transaction_items i on i.transaction_id = t.id
        where ${dayOf(storeId, date)}`,
  );
  return row!;
}

export async function findDayByHour(
  ex: Executor,
  storeId: string,
  date: string,
  timezone: string,
): Promise<{ hour: number; revenue: string; transactions: number }[]> {
  return queryRows(
    ex,
    sql`select extract(hour from t.transaction_date at time zone ${timezone})::int as hour,
          sum(${SIGN} * (t.total_cents - t.tax_cents))::text as revenue,
          (count(*) filter (where t.kind = 'sale'))::int as transactions
        from sales_transactions t
        where ${dayOf(storeId, date)}
        group by 1 order by 1`,
  );
}

export async function findDayByCategory(
  ex: Executor,
  storeId: string,
  date: string,
): Promise<{ category_id: string | null; name: string | null; revenue: string; items: string }[]> {
  return queryRows(
    ex,
    sql`select p.category_id, c.name,
          sum(${SIGN} * (i.total_cents - i.tax_cents))::text as revenue,
          sum(${SIGN} * case when i.unit = 'weight' then 1 else i.quantity end)::text as items
        from sales_transactions t
        join sales_transaction_items i on i.transaction_id = t.id
        join products p on p.id = i.product_id
        left join categories c on c.id = p.category_id
        where ${dayOf(storeId, date)}
        group by p.category_id, c.name
        order by sum(${SIGN} * (i.total_cents - i.tax_cents)) desc, c.name`,
  );
}

export async function findDayByTender(
  ex: Executor,
  storeId: string,
  date: string,
): Promise<{ method: 'cash' | 'card' | 'store_credit'; sales: string; refunds: string }[]> {
  return queryRows(
    ex,
    sql`select p.method,
          coalesce(sum(p.amount_cents) filter (where t.kind = 'sale'), 0)::text as sales,
          coalesce(sum(p.amount_cents) filter (where t.kind = 'return'), 0)::text as refunds
        from sales_transactions t join sales_payments p on p.transaction_id = t.id
        where ${dayOf(storeId, date)}
        group by p.method order by p.method`,
  );
}

export async function findDayByCashier(
  ex: Executor,
  storeId: string,
  date: string,
): Promise<{ cashier_id: string; name: string; transactions: number; revenue: string }[]> {
  return queryRows(
    ex,
    sql`select t.cashier_id, u.name,
          (count(*) filter (where t.kind = 'sale'))::int as transactions,
          sum(${SIGN} * (t.total_cents - t.tax_cents))::text as revenue
        from sales_transactions t join users u on u.id = t.cashier_id
        where ${dayOf(storeId, date)}
        group by t.cashier_id, u.name order by 4 desc, u.name`,
  );
}

export async function findDayTopProducts(
  ex: Executor,
  storeId: string,
  date: string,
  limit: number,
): Promise<{ product_id: string; sku: string; name: string; quantity: string; revenue: string }[]> {
  return queryRows(
    ex,
    sql`select i.product_id, min(i.sku) as sku, min(i.name) as name,
          sum(${SIGN} * i.quantity)::text as quantity,
          sum(${SIGN} * (i.total_cents - i.tax_cents))::text as revenue
        from sales_transactions t join sales_transaction_items i on i.transaction_id = t.id
        where ${dayOf(storeId, date)}
        group by i.product_id
        order by sum(${SIGN} * (i.total_cents - i.tax_cents)) desc, i.product_id
        limit ${limit}`,
  );
}
