import { z } from 'zod';
import { businessDate, cents, uuid } from './common';
import { PRODUCT_UNITS } from './catalog';

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
      unit: z.enum(PRODUCT_UNITS),
      /** Pieces, or grams for a product sold by weight. */
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

/** Every range report's checks: `to` not before `from`, at most MAX_SALES_REPORT_DAYS days. */
function checkReportRange(value: { from: string; to: string }, ctx: z.RefinementCtx): void {
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
}

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
  .superRefine(checkReportRange);
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
      unit: z.enum(PRODUCT_UNITS),
      /** Pieces, or grams for a product sold by weight. */
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

// ---------------------------------------------------------------------------------------------------------
// Back-office reports over a range of business dates: tax, tenders, discounts and approvals, voids and
// returns, shrink, shift over/short; and inventory valuation as of now. Each answers
// `{ from, to, storeId, currency, rows, totals }` (valuation: `asOf` instead of from/to), JSON or CSV.

const { groupBy: _salesGroupBy, ...reportRangeShape } = salesReportQuerySchema.shape;

/** storeId (optional: every store the caller may see), from, to (business dates, inclusive), format. */
export const reportRangeQuerySchema = z.object(reportRangeShape).strict().superRefine(checkReportRange);
export type ReportRangeQuery = z.infer<typeof reportRangeQuerySchema>;

/** The header every range report carries. */
const rangeReportHeader = {
  from: z.string(),
  to: z.string(),
  /** The store asked for, or null for every store the caller may see. */
  storeId: uuid().nullable(),
  /** The stores' common currency; null when the stores covered use different ones (money is then mixed). */
  currency: z.string().nullable(),
};

/** A store-local wall-clock time, "YYYY-MM-DD HH:MM:SS" in the store's own time zone. */
const localTime = () => z.string();

// Tax ------------------------------------------------------------------------------------------------------

export const taxReportFiguresSchema = z.object({
  /** Sales lines' net (without tax) at this rate. */
  taxableSalesCents: cents(),
  taxOnSalesCents: cents(),
  /** Return lines' net (without tax) at this rate: refunded on the return's own business date. */
  taxableReturnsCents: cents(),
  /** Tax given back by those returns. */
  taxRefundedCents: cents(),
  /** taxableSales − taxableReturns. */
  netTaxableCents: cents(),
  /** taxOnSales − taxRefunded. */
  netTaxCents: cents(),
});
export type TaxReportFigures = z.infer<typeof taxReportFiguresSchema>;

export const taxReportRowSchema = taxReportFiguresSchema.extend({
  /** `<taxClass>:<rate>`, e.g. "standard:8.875". */
  key: z.string(),
  /** Class and rate, e.g. "Standard 8.875%". */
  label: z.string(),
  taxClass: z.string(),
  /** Percent as the lines recorded it, trailing zeros dropped ("8.875", "0"). */
  ratePercent: z.string(),
});
export type TaxReportRow = z.infer<typeof taxReportRowSchema>;

/**
 * Tax by the rate each line was charged at (stores with the same class and rate share a row). Voided sales
 * count nowhere; a return counts on its own business date at the rate of the line it returns. Rows by class
 * (standard, reduced, exempt) then rate descending.
 */
export const taxReportSchema = z.object({
  ...rangeReportHeader,
  rows: z.array(taxReportRowSchema),
  totals: taxReportFiguresSchema,
});
export type TaxReport = z.infer<typeof taxReportSchema>;

// Tenders --------------------------------------------------------------------------------------------------

export const tenderReportFiguresSchema = z.object({
  /** Completed sales paid (partly) with this tender. */
  sales: count(),
  /** What the customers handed over. */
  tenderedCents: cents(),
  /** Change handed back (cash only: change always leaves the drawer as cash). */
  changeCents: cents(),
  /** tendered − change: what the store kept. */
  takenCents: cents(),
  /** Returns refunded (partly) with this tender. */
  refunds: count(),
  refundedCents: cents(),
  /** taken − refunded. */
  netCents: cents(),
});
export type TenderReportFigures = z.infer<typeof tenderReportFiguresSchema>;

export const tenderReportRowSchema = tenderReportFiguresSchema.extend({
  /** The tender method: cash, card, store_credit. */
  key: z.string(),
  /** "Cash", "Card", "Store credit". */
  label: z.string(),
});
export type TenderReportRow = z.infer<typeof tenderReportRowSchema>;

/**
 * Money taken and paid out per tender method. Voided sales count nowhere; a return counts on its own business
 * date. Rows: methods with a sale or a refund in the range, in the order cash, card, store credit. Totals
 * count a sale paid with two tenders once.
 */
export const tenderReportSchema = z.object({
  ...rangeReportHeader,
  rows: z.array(tenderReportRowSchema),
  totals: tenderReportFiguresSchema,
});
export type TenderReport = z.infer<typeof tenderReportSchema>;

// Discounts and approvals ----------------------------------------------------------------------------------

export const DISCOUNT_KINDS = ['discount', 'reward', 'price_override'] as const;
export type DiscountKind = (typeof DISCOUNT_KINDS)[number];

export const discountReportRowSchema = z.object({
  /**
   * discount: line and sale (cart) discounts — a sale line records the two summed, so they share a row;
   * reward: units given free by a frequent-buyer program; price_override: lines sold at an approved price.
   * A line counts in one kind only: reward, else price_override, else discount (when it has one).
   */
  key: z.enum(DISCOUNT_KINDS),
  label: z.string(),
  /** Sale lines of this kind. */
  lines: count(),
  /** Completed sales with at least one such line. */
  sales: count(),
  /**
   * The discount those lines carry (price_override: the discount on top of the overridden price, usually 0 —
   * the catalog price at the time of the sale is not recorded, so the override's own reduction is unknown).
   */
  amountCents: cents(),
});
export type DiscountReportRow = z.infer<typeof discountReportRowSchema>;

export const APPROVAL_KINDS = ['sale', 'void', 'return'] as const;
export const APPROVAL_REASONS = [
  'price_override',
  'discount_over_limit',
  'reward',
  'void',
  'no_receipt_return',
  'return',
] as const;

export const reportApprovalSchema = z.object({
  /** The transaction approved (the voided sale, for a void). */
  key: uuid(),
  kind: z.enum(APPROVAL_KINDS),
  /** What needed the manager, from the sale's approval record (a sale may need several). */
  reasons: z.array(z.enum(APPROVAL_REASONS)),
  /** ISO instant (the void's own time, for a void). */
  at: z.string(),
  localTime: localTime(),
  businessDate: z.string(),
  storeId: uuid(),
  storeCode: z.string(),
  receiptNumber: z.string(),
  /** Who rang the sale or the return. */
  cashierId: uuid(),
  cashier: z.string(),
  approverId: uuid(),
  approver: z.string(),
  /** The transaction's total (sale charged, return refunded, sale voided), tax included, before cash rounding. */
  amountCents: cents(),
  /** The sale's discounts (0 for returns). */
  discountCents: cents(),
});
export type ReportApproval = z.infer<typeof reportApprovalSchema>;

/**
 * Discounts given on completed sales by kind, and every manager approval in the range: sales approved for a
 * price override, a discount over the cashier's limit or a reward; returns approved (no receipt); voids (each
 * void is a manager's: approver = who voided or approved it). Voided sales' discounts count nowhere; returns
 * do not take discounts back. Rows in the order discount, reward, price_override (kinds with a line only);
 * approvals by time.
 */
export const discountReportSchema = z.object({
  ...rangeReportHeader,
  rows: z.array(discountReportRowSchema),
  totals: z.object({ lines: count(), sales: count(), amountCents: cents(), approvals: count() }),
  approvals: z.array(reportApprovalSchema),
});
export type DiscountReport = z.infer<typeof discountReportSchema>;

// Voids and returns ----------------------------------------------------------------------------------------

export const voidReturnRowSchema = z.object({
  /** The void: the voided sale's id; the return: its id. */
  key: uuid(),
  kind: z.enum(['void', 'return']),
  /** The receipt number (the voided sale's, or the return's). */
  label: z.string(),
  /** ISO instant: when voided, or when the return was made. */
  at: z.string(),
  localTime: localTime(),
  businessDate: z.string(),
  storeId: uuid(),
  storeCode: z.string(),
  store: z.string(),
  receiptNumber: z.string(),
  /** Return: the sale it returns against (null without a receipt). */
  originalReceiptNumber: z.string().nullable(),
  /** Who rang the voided sale, or the return. */
  cashierId: uuid(),
  cashier: z.string(),
  /** Void: who voided or approved it; return: the approving manager, if any. */
  approverId: uuid().nullable(),
  approver: z.string().nullable(),
  /** Sale voided / refunded, tax included, before cash rounding. */
  amountCents: cents(),
  reason: z.string().nullable(),
});
export type VoidReturnRow = z.infer<typeof voidReturnRowSchema>;

/** Every void and every return of the range (by its own business date), by time. */
export const voidsReturnsReportSchema = z.object({
  ...rangeReportHeader,
  rows: z.array(voidReturnRowSchema),
  totals: z.object({
    voids: count(),
    voidedCents: cents(),
    returns: count(),
    returnedCents: cents(),
  }),
});
export type VoidsReturnsReport = z.infer<typeof voidsReturnsReportSchema>;

// Inventory valuation --------------------------------------------------------------------------------------

export const inventoryValuationQuerySchema = z
  .object({
    /** One store; absent: every store the caller may see. */
    storeId: uuid().optional(),
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
  })
  .strict();
export type InventoryValuationQuery = z.infer<typeof inventoryValuationQuerySchema>;

export const inventoryValuationFiguresSchema = z.object({
  /** Store-product rows with stock on hand (> 0). */
  products: count(),
  /** Pieces on hand of products sold by the piece. */
  units: count(),
  /** Grams on hand of weighed products. */
  grams: count(),
  /** On hand × the product's current cost (weighed: cost per kg × grams / 1000, half-up per row). */
  costValueCents: cents(),
  /** On hand × the current catalog price, the same way. */
  retailValueCents: cents(),
  /** Store-product rows below zero: valued at 0, counted here. */
  negativeOnHandProducts: count(),
});
export type InventoryValuationFigures = z.infer<typeof inventoryValuationFiguresSchema>;

export const inventoryValuationRowSchema = inventoryValuationFiguresSchema.extend({
  /** The category id; null for products without one. */
  key: uuid().nullable(),
  /** The full category path, "Dog > Food"; "Uncategorised". */
  label: z.string(),
});
export type InventoryValuationRow = z.infer<typeof inventoryValuationRowSchema>;

/** Stock value now, by the product's own category (not rolled up to parents), by label. */
export const inventoryValuationReportSchema = z.object({
  /** When it was taken (ISO instant). */
  asOf: z.string(),
  storeId: uuid().nullable(),
  currency: z.string().nullable(),
  rows: z.array(inventoryValuationRowSchema),
  totals: inventoryValuationFiguresSchema,
});
export type InventoryValuationReport = z.infer<typeof inventoryValuationReportSchema>;

// Shrink ---------------------------------------------------------------------------------------------------

/** Ledger reasons that are adjustments (sales, returns, voids, receiving, transfers and opening counts are not). */
export const SHRINK_REASONS = [
  'damaged',
  'expired',
  'shrink',
  'count_correction',
  'found',
  'adjustment',
  'other',
] as const;

export const shrinkReportFiguresSchema = z.object({
  movements: count(),
  /** Pieces taken off (products sold by the piece). */
  unitsLost: count(),
  unitsGained: count(),
  /** Grams taken off (weighed products). */
  gramsLost: count(),
  gramsGained: count(),
  /** At the product's current cost (the ledger keeps no cost); weighed: per kg × grams / 1000, half-up. */
  costLostCents: cents(),
  costGainedCents: cents(),
  /** gained − lost: negative is a loss. */
  netCostCents: cents(),
});
export type ShrinkReportFigures = z.infer<typeof shrinkReportFiguresSchema>;

export const shrinkReportRowSchema = shrinkReportFiguresSchema.extend({
  /** The ledger reason, one of SHRINK_REASONS. */
  key: z.string(),
  /** "Damaged", "Theft / shrink", "Count correction"… */
  label: z.string(),
});
export type ShrinkReportRow = z.infer<typeof shrinkReportRowSchema>;

/**
 * Stock adjustments by reason, each on the business date (store time zone) it was recorded; a damaged return
 * (not restocked) counts under damaged. Rows by cost lost descending, then key.
 */
export const shrinkReportSchema = z.object({
  ...rangeReportHeader,
  rows: z.array(shrinkReportRowSchema),
  totals: shrinkReportFiguresSchema,
});
export type ShrinkReport = z.infer<typeof shrinkReportSchema>;

// Shift over/short -----------------------------------------------------------------------------------------

export const shiftOverShortRowSchema = z.object({
  /** The shift's id. */
  key: uuid(),
  /** "<store code> <register> <opened local time>". */
  label: z.string(),
  storeId: uuid(),
  storeCode: z.string(),
  registerId: z.string(),
  /** Who opened the shift. */
  cashierId: uuid(),
  cashier: z.string(),
  closedById: uuid(),
  closedBy: z.string(),
  openedAt: z.string(),
  closedAt: z.string(),
  openedLocal: localTime(),
  closedLocal: localTime(),
  /** The business date it closed on (store time zone). */
  businessDate: z.string(),
  expectedCashCents: cents(),
  countedCashCents: cents(),
  /** counted − expected: positive over, negative short. */
  overShortCents: cents(),
});
export type ShiftOverShortRow = z.infer<typeof shiftOverShortRowSchema>;

/** Shifts closed in the range (by the business date of the close), by close time. */
export const shiftOverShortReportSchema = z.object({
  ...rangeReportHeader,
  rows: z.array(shiftOverShortRowSchema),
  totals: z.object({
    shifts: count(),
    expectedCashCents: cents(),
    countedCashCents: cents(),
    /** Sum of the overs (≥ 0). */
    overCents: cents(),
    /** Sum of the shorts (≤ 0). */
    shortCents: cents(),
    overShortCents: cents(),
  }),
});
export type ShiftOverShortReport = z.infer<typeof shiftOverShortReportSchema>;
