import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { queryRows } from '../db/query-rows';
import { withTransaction } from '../db/transaction';

/** One active store's figures as the database has them now (the same for every PM2 worker). */
export type StoreFigures = {
  store: string;
  code: string;
  lowStockProducts: number;
  outOfStockProducts: number;
  inventoryValueCents: number;
  openShifts: number;
  todaySales: number;
  todayRevenueCents: number;
  todayItems: number;
  todayReturns: number;
};

/** /metrics is scraped every 15 s: the query must stay far below that, and never hold a connection for long. */
export const DATABASE_METRICS_TIMEOUT_MS = 2_000;

/**
 * Per active store, in one statement:
 * - low stock: active products at or below a reorder point that is set (as GET …/inventory?lowStock and the
 *   low-stock e-mail count them); out of stock: active products with a stock row at zero or below; stock value
 *   at cost (weighed products: grams × cost per kg / 1000; negative stock counts as nothing, as in the inventory
 *   valuation report). One pass over inventory ⋈ products grouped by store (a hash join): its cost grows with
 *   the number of stock rows, not stores × rows (measured on PostgreSQL 15: 40 600 stock rows in 30–80 ms).
 * - open shifts: the few open rows (partial unique index on open shifts).
 * - today (the store's own calendar day in its time zone): the sales_daily rollup row (primary key lookup),
 *   revenue without tax, as the sales report counts it.
 */
export async function readStoreFigures(db: Db): Promise<StoreFigures[]> {
  return withTransaction(db, async (tx) => {
    // Local to this transaction: a slow plan or a lock cannot keep a pool connection past the timeout.
    await tx.execute(sql.raw(`set local statement_timeout = ${DATABASE_METRICS_TIMEOUT_MS}`));
    const rows = await queryRows<Record<string, string | number | null>>(
      tx,
      sql`with stock as (
            select i.store_id,
                   count(*) filter (where i.reorder_point > 0 and i.on_hand <= i.reorder_point) as low_stock,
                   count(*) filter (where i.on_hand <= 0) as out_of_stock,
                   sum(case when p.unit = 'weight' then round(i.on_hand::numeric * p.cost_cents / 1000)
                            else i.on_hand::numeric * p.cost_cents end) filter (where i.on_hand > 0) as value_cents
            from inventory i
            join products p on p.id = i.product_id and p.active
            group by i.store_id
          ), open_shifts as (
            select store_id, count(*) as n from shifts where status = 'open' group by store_id
          )
          select s.id as store, s.code,
                 coalesce(stock.low_stock, 0)::int as low_stock,
                 coalesce(stock.out_of_stock, 0)::int as out_of_stock,
                 coalesce(stock.value_cents, 0)::bigint as value_cents,
                 coalesce(o.n, 0)::int as open_shifts,
                 coalesce(d.transactions, 0)::int as today_sales,
                 coalesce(d.sales_revenue_cents, 0)::bigint as today_revenue_cents,
                 coalesce(d.items, 0)::bigint as today_items,
                 coalesce(d.returns_count, 0)::int as today_returns
          from stores s
          left join stock on stock.store_id = s.id
          left join open_shifts o on o.store_id = s.id
          left join sales_daily d on d.store_id = s.id and d.business_date = (now() at time zone s.timezone)::date
          where s.active
          order by s.code`,
    );
    return rows.map((row) => ({
      store: String(row.store),
      code: String(row.code),
      lowStockProducts: Number(row.low_stock),
      outOfStockProducts: Number(row.out_of_stock),
      inventoryValueCents: Number(row.value_cents),
      openShifts: Number(row.open_shifts),
      todaySales: Number(row.today_sales),
      todayRevenueCents: Number(row.today_revenue_cents),
      todayItems: Number(row.today_items),
      todayReturns: Number(row.today_returns),
    }));
  });
}
