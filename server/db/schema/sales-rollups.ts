import { bigint, date, integer, pgTable, primaryKey, unique, uuid } from 'drizzle-orm/pg-core';
import { centsColumn } from './columns';
import { stores } from './stores';

// Daily sales rollups, so reports over weeks of every store read a few rows per store-day instead of every
// sale line. Kept exact by triggers on sales_transactions (migrations/0008): a completed sale or return adds
// its lines when its transaction commits, a void (or a deleted sale) takes them out again, so every code path
// that writes sales keeps them; sales_rollups_rebuild() recomputes both from the raw sales and can be re-run
// at any time. Figures are signed as the reports read them: returns subtract (tax, items, cost) or are
// summed apart (returns_cents, returns_count).

/** Shared columns: the sales report's figures of one store-day (and category). */
function figures() {
  return {
    /** Completed sales: Σ line total − line tax (revenue excludes tax). */
    salesRevenueCents: centsColumn('sales_revenue_cents').notNull().default(0),
    /** Completed sales: Σ line discount. */
    discountCents: centsColumn('discount_cents').notNull().default(0),
    /** Completed returns: Σ line total − line tax, as a magnitude. */
    returnsCents: centsColumn('returns_cents').notNull().default(0),
    /** Sales' tax less returns' tax. */
    taxCents: centsColumn('tax_cents').notNull().default(0),
    /** Completed sales with at least one line here. */
    transactions: integer('transactions').notNull().default(0),
    /** Completed returns with at least one line here. */
    returnsCount: integer('returns_count').notNull().default(0),
    /** Items sold less returned (a weighed line counts as one item). */
    items: bigint('items', { mode: 'number' }).notNull().default(0),
    /** Cost of goods sold less returned. */
    costCents: centsColumn('cost_cents').notNull().default(0),
  };
}

/** One row per store and business date that has completed sales or returns. */
export const salesDaily = pgTable(
  'sales_daily',
  {
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'restrict' }),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    ...figures(),
  },
  (t) => [primaryKey({ name: 'sales_daily_pkey', columns: [t.storeId, t.businessDate] })],
);

/**
 * One row per store, business date and the category the lines were sold under (null: uncategorised lines,
 * one row: NULLS NOT DISTINCT). A sale with lines in two categories counts once in each.
 */
export const salesDailyCategory = pgTable(
  'sales_daily_category',
  {
    storeId: uuid('store_id')
      .notNull()
      .references(() => stores.id, { onDelete: 'restrict' }),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    categoryId: uuid('category_id'),
    ...figures(),
  },
  (t) => [unique('sales_daily_category_key').on(t.storeId, t.businessDate, t.categoryId).nullsNotDistinct()],
);
