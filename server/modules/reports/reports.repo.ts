import { type SQL, sql } from 'drizzle-orm';
import type { PRODUCT_UNITS } from '../../../shared/schemas/catalog';
import type { SalesReportGroup } from '../../../shared/schemas/reports';
import type { Executor } from '../../db/client';
import { queryRows } from '../../db/query-rows';

// The whole store-day is one statement: one round trip and one plan (the seven separate queries this replaced
// spent 1–2.5 ms each on planning alone). `day` reads the day's transactions through sales_transactions
// (store_id, business_date) and `by_product` their lines by transaction_id, grouped per product with the
// category each line was sold under: the cost follows the day's sales, never the history or the catalog.
// Categories and users are read once per category and cashier of the day. Each section is a json value;
// money leaves as text (bigint and numeric sums stay exact) and the service turns it into numbers.
// Revenue excludes tax: total − tax is the net for tax-exclusive prices and the net less the tax inside it
// for tax-inclusive ones, for a sale, a line or a return alike. Returns subtract (sign −1).

export type DaySummary = {
  sales_revenue: string;
  discount: string;
  returns: string;
  tax: string;
  change: string;
  transactions: number;
  returns_count: number;
  /** Items sold less returned (a weighed line counts as one item). */
  items: string;
  /** Cost of goods sold less returned. */
  cost: string;
};

export type DailySalesRow = {
  summary: DaySummary;
  by_hour: { hour: number; revenue: string; transactions: number }[];
  by_category: { category_id: string | null; name: string | null; revenue: string; items: string }[];
  by_tender: { method: 'cash' | 'card' | 'store_credit'; sales: string; refunds: string }[];
  by_cashier: { cashier_id: string; name: string; transactions: number; revenue: string }[];
  top_products: {
    product_id: string;
    sku: string;
    name: string;
    unit: (typeof PRODUCT_UNITS)[number];
    quantity: string;
    revenue: string;
  }[];
};

export async function findDailySales(
  ex: Executor,
  storeId: string,
  date: string,
  timezone: string,
  topProducts: number,
): Promise<DailySalesRow> {
  const [row] = await queryRows<DailySalesRow>(
    ex,
    sql`with day as materialized (
        select t.id, t.kind, t.cashier_id, t.transaction_date, t.discount_cents, t.tax_cents, t.change_due_cents,
          t.total_cents - t.tax_cents as revenue,
          case when t.kind = 'sale' then 1 else -1 end as sign
        from sales_transactions t
        where t.store_id = ${storeId} and t.business_date = ${date}::date and t.status = 'completed'
      ),
      by_product as materialized (
        select i.product_id, i.category_id, min(i.sku) as sku, min(i.name) as name, min(i.unit) as unit,
          sum(d.sign * i.quantity) as quantity,
          sum(d.sign * case when i.unit = 'weight' then 1 else i.quantity end) as items,
          sum(d.sign * (i.total_cents - i.tax_cents)) as revenue,
          sum(d.sign * i.cost_cents) as cost
        from day d
        join sales_transaction_items i on i.transaction_id = d.id
        group by i.product_id, i.category_id
      )
      select
        (select json_build_object(
            'sales_revenue', coalesce(sum(d.revenue) filter (where d.kind = 'sale'), 0)::text,
            'discount', coalesce(sum(d.discount_cents) filter (where d.kind = 'sale'), 0)::text,
            'returns', coalesce(sum(d.revenue) filter (where d.kind = 'return'), 0)::text,
            'tax', coalesce(sum(d.sign * d.tax_cents), 0)::text,
            'change', coalesce(sum(d.change_due_cents) filter (where d.kind = 'sale'), 0)::text,
            'transactions', (count(*) filter (where d.kind = 'sale'))::int,
            'returns_count', (count(*) filter (where d.kind = 'return'))::int,
            'items', (select coalesce(sum(bp.items), 0)::text from by_product bp),
            'cost', (select coalesce(sum(bp.cost), 0)::text from by_product bp))
          from day d) as summary,
        (select coalesce(json_agg(json_build_object(
              'hour', h.hour, 'revenue', h.revenue::text, 'transactions', h.transactions) order by h.hour), '[]')
          from (select extract(hour from d.transaction_date at time zone ${timezone})::int as hour,
                  sum(d.sign * d.revenue) as revenue,
                  (count(*) filter (where d.kind = 'sale'))::int as transactions
                from day d group by 1) h) as by_hour,
        (select coalesce(json_agg(json_build_object(
              'category_id', c.category_id, 'name', c.name, 'revenue', c.revenue::text, 'items', c.items::text)
              order by c.revenue desc, c.name), '[]')
          from (select bp.category_id, cat.name, sum(bp.revenue) as revenue, sum(bp.items) as items
                from by_product bp
                left join categories cat on cat.id = bp.category_id
                group by bp.category_id, cat.name) c) as by_category,
        (select coalesce(json_agg(json_build_object(
              'method', m.method, 'sales', m.sales::text, 'refunds', m.refunds::text) order by m.method), '[]')
          from (select p.method,
                  coalesce(sum(p.amount_cents) filter (where d.kind = 'sale'), 0) as sales,
                  coalesce(sum(p.amount_cents) filter (where d.kind = 'return'), 0) as refunds
                from day d join sales_payments p on p.transaction_id = d.id
                group by p.method) m) as by_tender,
        (select coalesce(json_agg(json_build_object(
              'cashier_id', k.cashier_id, 'name', u.name, 'transactions', k.transactions, 'revenue', k.revenue::text)
              order by k.revenue desc, u.name), '[]')
          from (select d.cashier_id,
                  (count(*) filter (where d.kind = 'sale'))::int as transactions,
                  sum(d.sign * d.revenue) as revenue
                from day d group by d.cashier_id) k
          join users u on u.id = k.cashier_id) as by_cashier,
        (select coalesce(json_agg(json_build_object(
              'product_id', tp.product_id, 'sku', tp.sku, 'name', tp.name, 'unit', tp.unit,
              'quantity', tp.quantity::text, 'revenue', tp.revenue::text)
              order by tp.revenue desc, tp.product_id), '[]')
          from (select bp.product_id, bp.sku, bp.name, bp.unit, bp.quantity, bp.revenue
                from by_product bp order by bp.revenue desc, bp.product_id limit ${topProducts}) tp) as top_products`,
  );
  return row!;
}

export type SalesGroupFigures = {
  is_total: boolean;
  key: string | null;
  label: string | null;
  sku: string | null;
  code: string | null;
  sales_revenue: string;
  discount: string;
  returns: string;
  tax: string;
  transactions: number;
  returns_count: number;
  items: string;
  cost: string;
  /** Stores the caller asked for and may see (0: the store asked for is not theirs or does not exist). */
  store_count: number;
  /** Their common currency, null when they differ. */
  currency: string | null;
};

type SalesGroupSql = {
  key: SQL;
  label: SQL;
  sku: SQL;
  code: SQL;
  join: SQL;
  order: SQL;
  /** Groups the daily rollups can answer: the rollup table and its grouping column (alias r). */
  rollup?: { table: SQL; key: SQL };
};

// Per group: the grouping column, then how its rows are named (looked up once per group, after grouping).
const BY_NET_THEN_LABEL = sql`g.revenue - g.returns desc, label, g.key`;
const SALES_GROUPS: Record<SalesReportGroup, SalesGroupSql> = {
  day: {
    key: sql`t.business_date`,
    label: sql`to_char(g.key, 'YYYY-MM-DD')`,
    sku: sql`null`,
    code: sql`null`,
    join: sql``,
    order: sql`g.key`,
    rollup: { table: sql`sales_daily`, key: sql`r.business_date` },
  },
  category: {
    key: sql`i.category_id`,
    label: sql`coalesce(c.name, 'Uncategorised')`,
    sku: sql`null`,
    code: sql`null`,
    join: sql`left join categories c on c.id = g.key`,
    order: BY_NET_THEN_LABEL,
    rollup: { table: sql`sales_daily_category`, key: sql`r.category_id` },
  },
  product: {
    key: sql`i.product_id`,
    label: sql`p.name`,
    sku: sql`p.sku`,
    code: sql`null`,
    join: sql`left join products p on p.id = g.key`,
    order: BY_NET_THEN_LABEL,
  },
  cashier: {
    key: sql`t.cashier_id`,
    label: sql`u.name`,
    sku: sql`null`,
    code: sql`null`,
    join: sql`left join users u on u.id = g.key`,
    order: BY_NET_THEN_LABEL,
  },
  store: {
    key: sql`t.store_id`,
    label: sql`s.name`,
    sku: sql`null`,
    code: sql`s.code`,
    join: sql`left join scope s on s.id = g.key`,
    order: BY_NET_THEN_LABEL,
    rollup: { table: sql`sales_daily`, key: sql`r.store_id` },
  },
};

function uuidArray(ids: readonly string[]): SQL {
  return sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::uuid[]`;
}

/**
 * Sales and returns of the stores (null: all) between two business dates, summed per group in one statement:
 * the lines are read through sales_transactions (store_id, business_date) and grouped with GROUPING SETS, the
 * empty set giving the totals row (is_total), so a sale spanning groups counts once in the totals. Lines,
 * not transactions, so a category or product gets exactly its share; a transaction's figures are the sums of
 * its lines. Money leaves as text (bigint sums stay exact); the service turns it into numbers.
 */
export async function findSalesReport(
  ex: Executor,
  filter: { storeIds: readonly string[] | null; from: string; to: string; groupBy: SalesReportGroup },
): Promise<SalesGroupFigures[]> {
  const group = SALES_GROUPS[filter.groupBy];
  const storeIds = filter.storeIds ? uuidArray(filter.storeIds) : null;
  // The store ids filter the transactions themselves (not a join with the scope), so the range is read
  // through sales_transactions (store_id, business_date); for admins, the ids of every store, for the same.
  const storeCondition = storeIds ? sql`where s.id = any(${storeIds})` : sql``;
  const transactionStoreCondition = storeIds
    ? sql`t.store_id = any(${storeIds}) and`
    : sql`t.store_id = any(array(select id from scope)) and`;
  const rangeCondition = sql`r.business_date between ${filter.from}::date and ${filter.to}::date`;
  const rollupStoreCondition = storeIds
    ? sql`r.store_id = any(${storeIds})`
    : sql`r.store_id = any(array(select id from scope))`;
  // Day, category and store come from the daily rollups (migrations/0008, kept exact by triggers): a few
  // rows per store-day, read by their (store_id, business_date, …) key, whatever the range. The totals row
  // always comes from sales_daily, whose counts are of distinct sales (a sale in two categories counts once).
  // Rows whose sales were all voided stay in the rollups at zero counts: `having` leaves them out, as the
  // raw query never sees them.
  const g = group.rollup
    ? sql`g as (
        select false as is_total, ${group.rollup.key} as key,
          sum(r.sales_revenue_cents) as revenue, sum(r.discount_cents) as discount,
          sum(r.returns_cents) as returns, sum(r.tax_cents) as tax, sum(r.transactions) as transactions,
          sum(r.returns_count) as returns_count, sum(r.items) as items, sum(r.cost_cents) as cost
        from ${group.rollup.table} r
        where ${rollupStoreCondition} and ${rangeCondition}
        group by ${group.rollup.key}
        having sum(r.transactions) + sum(r.returns_count) > 0
        union all
        select true, null,
          coalesce(sum(r.sales_revenue_cents), 0), coalesce(sum(r.discount_cents), 0),
          coalesce(sum(r.returns_cents), 0), coalesce(sum(r.tax_cents), 0), coalesce(sum(r.transactions), 0),
          coalesce(sum(r.returns_count), 0), coalesce(sum(r.items), 0), coalesce(sum(r.cost_cents), 0)
        from sales_daily r
        where ${rollupStoreCondition} and ${rangeCondition}
      )`
    : sql`g as (
        select grouping(${group.key}) = 1 as is_total, ${group.key} as key,
          coalesce(sum(i.total_cents - i.tax_cents) filter (where t.kind = 'sale'), 0) as revenue,
          coalesce(sum(i.discount_cents) filter (where t.kind = 'sale'), 0) as discount,
          coalesce(sum(i.total_cents - i.tax_cents) filter (where t.kind = 'return'), 0) as returns,
          coalesce(sum(case when t.kind = 'sale' then i.tax_cents else -i.tax_cents end), 0) as tax,
          count(distinct t.id) filter (where t.kind = 'sale') as transactions,
          count(distinct t.id) filter (where t.kind = 'return') as returns_count,
          coalesce(sum((case when t.kind = 'sale' then 1 else -1 end)
            * (case when i.unit = 'weight' then 1 else i.quantity end)), 0) as items,
          coalesce(sum(case when t.kind = 'sale' then i.cost_cents else -i.cost_cents end), 0) as cost
        from sales_transactions t
        join sales_transaction_items i on i.transaction_id = t.id
        where ${transactionStoreCondition} t.business_date between ${filter.from}::date and ${filter.to}::date and t.status = 'completed'
        group by grouping sets ((${group.key}), ())
      )`;
  return queryRows<SalesGroupFigures>(
    ex,
    sql`with scope as materialized (
        select s.id, s.code, s.name, s.currency from stores s ${storeCondition}
      ),
      ${g},
      info as (
        select count(*)::int as store_count,
          case when count(distinct sc.currency) = 1 then min(sc.currency) end as currency
        from scope sc
      )
      select g.is_total, g.key::text as key, ${group.label} as label, ${group.sku} as sku, ${group.code} as code,
        g.revenue::text as sales_revenue, g.discount::text as discount, g.returns::text as returns,
        g.tax::text as tax, g.transactions::int as transactions, g.returns_count::int as returns_count,
        g.items::text as items, g.cost::text as cost, info.store_count, info.currency
      from g cross join info ${group.join}
      order by g.is_total, ${group.order}`,
  );
}

/** One store-period the dashboard reads: a business date, and for "so far" an instant to stop before. */
export type DashboardPeriod = {
  storeId: string;
  period: 'today' | 'last_week';
  date: string;
  timezone: string;
  /** Only transactions before this instant (null: the whole day). */
  until: Date | null;
};

export type DashboardFiguresRow = {
  store_id: string;
  period: 'today' | 'last_week';
  sales_revenue: string;
  returns: string;
  transactions: number;
  returns_count: number;
  voids: number;
  voided: string;
  /** Items in the completed sales (a weighed line counts as one), returns not subtracted. */
  sale_items: string;
  /** Cost of goods sold less returned. */
  cost: string;
};

export type DashboardRow = {
  figures: DashboardFiguresRow[];
  by_hour: { hour: number; revenue: string; transactions: number; last_week_revenue: string }[];
  by_category: { category_id: string | null; name: string | null; revenue: string; items: string }[];
  by_cashier: { cashier_id: string; name: string; transactions: number; revenue: string }[];
  top_products: {
    product_id: string;
    sku: string;
    name: string;
    unit: (typeof PRODUCT_UNITS)[number];
    quantity: string;
    revenue: string;
  }[];
  low_stock: number;
};

/**
 * The dashboard in one statement. `p` lists each store's two periods; `tx` reads their transactions through
 * sales_transactions (store_id, business_date), one index probe per store-period, cut at `until` for "so far";
 * `lines` reads their lines by transaction_id, signed, and each section sums what it needs from them (grouping
 * them per product first cost a sort of every line for groups of about one line: a quarter of the statement's
 * CPU on a store-day of about 270 sales). Voided sales are kept
 * in `tx` only to be counted as voids. The low-stock count reads inventory by store with the rule of
 * findLowStockItems and the inventory list's lowStock filter (active product, reorder point set, on hand ≤ it).
 */
export async function findDashboard(
  ex: Executor,
  periods: readonly DashboardPeriod[],
  storeIds: readonly string[],
  topProducts: number,
): Promise<DashboardRow> {
  const values = sql.join(
    periods.map(
      (p) =>
        sql`(${p.storeId}::uuid, ${p.period}::text, ${p.date}::date, ${p.timezone}::text, ${p.until ? p.until.toISOString() : null}::timestamptz)`,
    ),
    sql`, `,
  );
  const [row] = await queryRows<DashboardRow>(
    ex,
    sql`with p(store_id, period, day, tz, until) as (values ${values}),
      tx as materialized (
        select t.id, t.store_id, p.period, t.kind, t.status, t.cashier_id,
          extract(hour from t.transaction_date at time zone p.tz)::int as hour,
          t.total_cents - t.tax_cents as revenue,
          case when t.kind = 'sale' then 1 else -1 end as sign
        from p
        -- One (store_id, business_date) index probe per store-period: offset 0 keeps the lateral subquery
        -- from being flattened into a join the planner may answer with a scan of the whole table.
        cross join lateral (
          select t.id, t.store_id, t.kind, t.status, t.cashier_id, t.transaction_date, t.total_cents, t.tax_cents
          from sales_transactions t
          where t.store_id = p.store_id and t.business_date = p.day
            and (p.until is null or t.transaction_date < p.until)
          offset 0
        ) t
      ),
      lines as materialized (
        select d.store_id, d.period, i.product_id, i.category_id, i.sku, i.name, i.unit,
          d.sign * i.quantity as quantity,
          d.sign * case when i.unit = 'weight' then 1 else i.quantity end as items,
          case when d.kind = 'sale' then case when i.unit = 'weight' then 1 else i.quantity end else 0 end
            as sale_items,
          d.sign * (i.total_cents - i.tax_cents) as revenue,
          d.sign * i.cost_cents as cost
        from tx d
        join sales_transaction_items i on i.transaction_id = d.id
        where d.status = 'completed'
      )
      select
        (select coalesce(json_agg(json_build_object(
              'store_id', f.store_id, 'period', f.period,
              'sales_revenue', f.sales_revenue::text, 'returns', f.returns::text,
              'transactions', f.transactions, 'returns_count', f.returns_count,
              'voids', f.voids, 'voided', f.voided::text,
              'sale_items', coalesce(l.sale_items, 0)::text, 'cost', coalesce(l.cost, 0)::text)), '[]')
          from (select d.store_id, d.period,
                  coalesce(sum(d.revenue) filter (where d.kind = 'sale' and d.status = 'completed'), 0) as sales_revenue,
                  coalesce(sum(d.revenue) filter (where d.kind = 'return' and d.status = 'completed'), 0) as returns,
                  (count(*) filter (where d.kind = 'sale' and d.status = 'completed'))::int as transactions,
                  (count(*) filter (where d.kind = 'return' and d.status = 'completed'))::int as returns_count,
                  (count(*) filter (where d.kind = 'sale' and d.status = 'voided'))::int as voids,
                  coalesce(sum(d.revenue) filter (where d.kind = 'sale' and d.status = 'voided'), 0) as voided
                from tx d group by d.store_id, d.period) f
          left join (select store_id, period, sum(sale_items) as sale_items, sum(cost) as cost
                from lines group by store_id, period) l
            on l.store_id = f.store_id and l.period = f.period) as figures,
        (select coalesce(json_agg(json_build_object(
              'hour', h.hour, 'revenue', h.revenue::text, 'transactions', h.transactions,
              'last_week_revenue', h.last_week_revenue::text) order by h.hour), '[]')
          from (select d.hour,
                  coalesce(sum(d.sign * d.revenue) filter (where d.period = 'today'), 0) as revenue,
                  (count(*) filter (where d.period = 'today' and d.kind = 'sale'))::int as transactions,
                  coalesce(sum(d.sign * d.revenue) filter (where d.period = 'last_week'), 0) as last_week_revenue
                from tx d where d.status = 'completed' group by d.hour) h) as by_hour,
        (select coalesce(json_agg(json_build_object(
              'category_id', c.category_id, 'name', c.name, 'revenue', c.revenue::text, 'items', c.items::text)
              order by c.revenue desc, c.name), '[]')
          from (select l.category_id, cat.name, sum(l.revenue) as revenue, sum(l.items) as items
                from lines l
                left join categories cat on cat.id = l.category_id
                where l.period = 'today'
                group by l.category_id, cat.name) c) as by_category,
        (select coalesce(json_agg(json_build_object(
              'cashier_id', k.cashier_id, 'name', u.name, 'transactions', k.transactions, 'revenue', k.revenue::text)
              order by k.revenue desc, u.name), '[]')
          from (select d.cashier_id,
                  (count(*) filter (where d.kind = 'sale'))::int as transactions,
                  sum(d.sign * d.revenue) as revenue
                from tx d where d.period = 'today' and d.status = 'completed' group by d.cashier_id) k
          join users u on u.id = k.cashier_id) as by_cashier,
        (select coalesce(json_agg(json_build_object(
              'product_id', tp.product_id, 'sku', tp.sku, 'name', tp.name, 'unit', tp.unit,
              'quantity', tp.quantity::text, 'revenue', tp.revenue::text)
              order by tp.revenue desc, tp.product_id), '[]')
          from (select l.product_id, min(l.sku) as sku, min(l.name) as name, min(l.unit) as unit,
                  sum(l.quantity) as quantity, sum(l.revenue) as revenue
                from lines l where l.period = 'today'
                group by l.product_id
                order by revenue desc, l.product_id limit ${topProducts}) tp) as top_products,
        (select count(*)::int
          from inventory i
          where i.store_id = any(${uuidArray(storeIds)})
            and i.reorder_point > 0
            and i.on_hand <= i.reorder_point
            -- Inactive products are few: an anti-join on their partial index, not a join with the catalog.
            and not exists (select 1 from products pr where pr.id = i.product_id and not pr.active)) as low_stock`,
  );
  return row!;
}

export type DashboardStoreRow = {
  id: string;
  code: string;
  name: string;
  timezone: string;
  currency: string;
};

/** The stores named (any, active or not), or with none named every active one of `visible` (null: all), by code. */
export async function findDashboardStores(
  ex: Executor,
  named: readonly string[] | null,
  visible: readonly string[] | null,
): Promise<DashboardStoreRow[]> {
  const condition = named
    ? sql`s.id = any(${uuidArray(named)})`
    : visible
      ? sql`s.active and s.id = any(${uuidArray(visible)})`
      : sql`s.active`;
  return queryRows<DashboardStoreRow>(
    ex,
    sql`select s.id, s.code, s.name, s.timezone, s.currency from stores s where ${condition} order by s.code`,
  );
}
