import { z } from 'zod';
import { businessDate, cents, uuid } from './common';

export const dailySalesQuerySchema = z
  .object({
    storeId: uuid(),
    /** The store's business date; today there when absent. */
    date: businessDate().optional(),
  })
  .strict();
export type DailySalesQuery = z.infer<typeof dailySalesQuerySchema>;

const count = () => z.number().int();

/**
 * One store-day. Money excludes tax: gross and discounts as rung up (less the tax inside prices in stores whose
 * prices include it), returns at what they refunded, net = gross − discounts − returns. Voided sales count
 * nowhere; a return counts on the business date it happened, not the date of the sale it returns.
 */
export const dailySalesReportSchema = z.object({
  storeId: uuid(),
  date: z.string(),
  currency: z.string(),
  grossSalesCents: cents(),
  discountCents: cents(),
  returnsCents: cents(),
  netSalesCents: cents(),
  taxCents: cents(),
  /** Completed sales (returns are not transactions here). */
  transactions: count(),
  returns: count(),
  averageBasketCents: cents(),
  /** Pieces sold, a weighed line counting as one item; less the items returned. */
  itemsSold: count(),
  grossMarginCents: cents(),
  byHour: z.array(z.object({ hour: count(), netSalesCents: cents(), transactions: count() })),
  byCategory: z.array(
    z.object({ categoryId: uuid().nullable(), name: z.string(), netSalesCents: cents(), itemsSold: count() }),
  ),
  byTender: z.array(
    z.object({
      method: z.string(),
      /** Taken in (for cash: tendered less change). */
      salesCents: cents(),
      refundsCents: cents(),
      netCents: cents(),
    }),
  ),
  byCashier: z.array(
    z.object({ cashierId: uuid(), name: z.string(), transactions: count(), netSalesCents: cents() }),
  ),
  topProducts: z.array(
    z.object({
      productId: uuid(),
      sku: z.string(),
      name: z.string(),
      quantity: count(),
      netSalesCents: cents(),
    }),
  ),
});
export type DailySalesReport = z.infer<typeof dailySalesReportSchema>;

export const SALES_REPORT_GROUPS = ['day', 'category', 'product', 'cashier', 'store'] as const;
export type SalesReportGroup = (typeof SALES_REPORT_GROUPS)[number];

/** The longest range one request may cover: a year, leap day included. */
export const MAX_SALES_REPORT_DAYS = 366;

export const salesReportQuerySchema = z
  .object({
    /** One store; absent: every store the caller may see. */
    storeId: uuid().optional(),
    /** First business date, inclusive. */
    from: businessDate(),
    /** Last business date, inclusive. */
    to: businessDate(),
    groupBy: z
      .enum(SALES_REPORT_GROUPS, { error: `must be one of ${SALES_REPORT_GROUPS.join(', ')}` })
      .default('day'),
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.to < value.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
      return;
    }
    const days = (Date.parse(`${value.to}T00:00:00Z`) - Date.parse(`${value.from}T00:00:00Z`)) / 86_400_000;
    if (days + 1 > MAX_SALES_REPORT_DAYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `the range may cover at most ${MAX_SALES_REPORT_DAYS} days`,
      });
    }
  });
export type SalesReportQuery = z.infer<typeof salesReportQuerySchema>;

/**
 * The daily report's figures over a range, for one group or all of them. Money excludes tax, as in the daily
 * report; net = gross − discounts − returns; margin = net − cost of goods (returns give their cost back).
 */
export const salesFiguresSchema = z.object({
  grossSalesCents: cents(),
  discountCents: cents(),
  returnsCents: cents(),
  netSalesCents: cents(),
  taxCents: cents(),
  /** Completed sales with at least one line in the group (a sale spanning two categories counts in both). */
  transactions: count(),
  /** Returns with at least one line in the group. */
  returns: count(),
  /** Pieces sold less pieces returned; a weighed line counts as one item, whatever it weighs. */
  itemsSold: count(),
  grossMarginCents: cents(),
});
export type SalesFigures = z.infer<typeof salesFiguresSchema>;

export const salesReportRowSchema = salesFiguresSchema.extend({
  /** day: the business date; category: its id (null for products without one); product, cashier, store: the id. */
  key: z.string().nullable(),
  /** day: the date; category, product, cashier, store: the name ("Uncategorised" for no category). */
  label: z.string(),
  /** product rows only. */
  sku: z.string().optional(),
  /** store rows only: the store's code. */
  code: z.string().optional(),
});
export type SalesReportRow = z.infer<typeof salesReportRowSchema>;

/**
 * Sales between two business dates (each store's own calendar), grouped. Voided sales count nowhere; a return
 * counts on its own business date, in the group of the line it returns (the category the line was sold
 * under, the product), at the cashier who refunded it and the store where it happened. Rows: day ascending;
 * the other groups by net sales descending, then label. `totals` covers every row (a sale counts once).
 */
export const salesReportSchema = z.object({
  groupBy: z.enum(SALES_REPORT_GROUPS),
  from: z.string(),
  to: z.string(),
  /** The store asked for, or null for every store the caller may see. */
  storeId: uuid().nullable(),
  /** The stores' common currency; null when the stores covered use different ones (money is then mixed). */
  currency: z.string().nullable(),
  rows: z.array(salesReportRowSchema),
  totals: salesFiguresSchema,
});
export type SalesReport = z.infer<typeof salesReportSchema>;

/** The most stores one dashboard request may name. */
export const MAX_DASHBOARD_STORES = 100;

export const dashboardQuerySchema = z
  .object({
    /** The business date; absent: today in each store's own time zone (stores in different zones may differ). */
    date: businessDate().optional(),
    /** One or more stores (repeat the parameter); absent: every active store the caller may see. */
    storeId: z
      .union([uuid(), z.array(uuid()).min(1).max(MAX_DASHBOARD_STORES)], {
        error: 'must be a UUID (repeat storeId for several stores)',
      })
      .transform((value) => (Array.isArray(value) ? [...new Set(value)] : [value]))
      .optional(),
  })
  .strict();
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

/**
 * A period's figures, defined as in the daily report: money excludes tax; voided sales count only in `voids`
 * and `voidedCents`; returns count on their own business date (and subtract from net sales and margin).
 */
export const dashboardFiguresSchema = z.object({
  /** Sales less returns, without tax. */
  netSalesCents: cents(),
  /** Completed sales (returns are not transactions). */
  transactions: count(),
  /** What the completed sales brought in (without tax) ÷ transactions, half-up; 0 without sales. */
  averageBasketCents: cents(),
  /** Items in the completed sales (a weighed line counts as one) ÷ transactions, 2 decimals; 0 without sales. */
  itemsPerBasket: z.number(),
  /** Net sales less the cost of goods sold, plus the cost of goods returned. */
  grossMarginCents: cents(),
  /** Refunded by returns, without tax. */
  returnsCents: cents(),
  /** Return transactions. */
  returns: count(),
  /** Sales of the period voided since. */
  voids: count(),
  /** What the voided sales had rung up, without tax. */
  voidedCents: cents(),
});
export type DashboardFigures = z.infer<typeof dashboardFiguresSchema>;

/**
 * The back office's dashboard over one store, a chosen set or every store the caller may see: the day so far
 * against the same weekday a week before. For a store whose date is its today, "last week" stops at the same
 * time of day (store local time) as now: at 10:30 today, last week's sales before 10:30 (`compareUntil`). For a
 * past (or future) date the whole day is compared with the whole day. Each store uses its own calendar and
 * clock; the sums, hours and breakdowns add the stores together (hours in each store's local time).
 * Breakdowns cover `today`; byStore is there only when more than one store is covered.
 */
export const dashboardSchema = z.object({
  /** The date asked for, or each store's today when they agree; null when the stores' todays differ. */
  date: z.string().nullable(),
  /** When the figures were taken (ISO instant). */
  asOf: z.string(),
  /** The stores' common currency; null when they differ. */
  currency: z.string().nullable(),
  stores: z.array(
    z.object({
      id: uuid(),
      code: z.string(),
      name: z.string(),
      /** This store's business date for `today`. */
      date: z.string(),
      /** The same weekday a week before. */
      lastWeekDate: z.string(),
      /** Last week counts sales before this instant; null: the whole day. */
      compareUntil: z.string().nullable(),
    }),
  ),
  today: dashboardFiguresSchema,
  lastWeek: dashboardFiguresSchema,
  /** Hours (store local time) with a sale or a return in either period, ascending. */
  byHour: z.array(
    z.object({
      hour: count(),
      netSalesCents: cents(),
      transactions: count(),
      lastWeekNetSalesCents: cents(),
    }),
  ),
  /** By net sales descending, then name. */
  byCategory: z.array(
    z.object({ categoryId: uuid().nullable(), name: z.string(), netSalesCents: cents(), itemsSold: count() }),
  ),
  /** The ten best by net sales. */
  topProducts: z.array(
    z.object({
      productId: uuid(),
      sku: z.string(),
      name: z.string(),
      quantity: count(),
      netSalesCents: cents(),
    }),
  ),
  /** By net sales descending, then name; a return counts at the cashier who refunded it. */
  byCashier: z.array(
    z.object({ cashierId: uuid(), name: z.string(), transactions: count(), netSalesCents: cents() }),
  ),
  /** Per store, by code; present only when more than one store is covered. */
  byStore: z
    .array(
      z.object({
        storeId: uuid(),
        code: z.string(),
        name: z.string(),
        today: dashboardFiguresSchema,
        lastWeek: dashboardFiguresSchema,
      }),
    )
    .optional(),
  /**
   * Active products at or below their reorder point (where one is set) in these stores, as
   * GET /api/stores/:storeId/inventory?lowStock=true lists them (one row per store and product).
   */
  lowStockCount: count(),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
