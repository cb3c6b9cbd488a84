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
