import { divideRoundHalfUp } from '../../../shared/pricing/rounding';
import type { DailySalesQuery, DailySalesReport } from '../../../shared/schemas/reports';
import { businessDateAt } from '../../../shared/time';
import type { Db } from '../../db/client';
import { getStore } from '../stores/stores.service';
import { findDailySales } from './reports.repo';

export type ReportsDeps = { db: Db };

const TOP_PRODUCTS = 10;

/**
 * One store-day of sales as the register and the dashboard show it, computed from the day's transactions
 * (voided sales excluded, returns on the day they happened). See dailySalesReportSchema for each figure.
 */
export async function buildDailySalesReport(
  deps: ReportsDeps,
  visible: string[] | null,
  query: DailySalesQuery,
): Promise<DailySalesReport> {
  const store = await getStore(deps, visible, query.storeId);
  const date = query.date ?? businessDateAt(new Date(), store.timezone);
  const {
    summary,
    by_hour: byHour,
    by_category: byCategory,
    by_tender: byTender,
    by_cashier: byCashier,
    top_products: topProducts,
  } = await findDailySales(deps.db, store.id, date, store.timezone, TOP_PRODUCTS);

  const salesRevenue = Number(summary.sales_revenue);
  const discount = Number(summary.discount);
  const returns = Number(summary.returns);
  const net = salesRevenue - returns;
  const change = Number(summary.change);
  return {
    storeId: store.id,
    date,
    currency: store.currency,
    grossSalesCents: salesRevenue + discount,
    discountCents: discount,
    returnsCents: returns,
    netSalesCents: net,
    taxCents: Number(summary.tax),
    transactions: summary.transactions,
    returns: summary.returns_count,
    averageBasketCents: summary.transactions > 0 ? divideRoundHalfUp(salesRevenue, summary.transactions) : 0,
    itemsSold: Number(summary.items),
    grossMarginCents: net - Number(summary.cost),
    byHour: byHour.map((row) => ({
      hour: row.hour,
      netSalesCents: Number(row.revenue),
      transactions: row.transactions,
    })),
    byCategory: byCategory.map((row) => ({
      categoryId: row.category_id,
      name: row.name ?? 'Uncategorised',
      netSalesCents: Number(row.revenue),
      itemsSold: Number(row.items),
    })),
    byTender: byTender.map((row) => {
      // Cash taken is what was tendered less the change handed back.
      const sales = Number(row.sales) - (row.method === 'cash' ? change : 0);
      const refunds = Number(row.refunds);
      return { method: row.method, salesCents: sales, refundsCents: refunds, netCents: sales - refunds };
    }),
    byCashier: byCashier.map((row) => ({
      cashierId: row.cashier_id,
      name: row.name,
      transactions: row.transactions,
      netSalesCents: Number(row.revenue),
    })),
    topProducts: topProducts.map((row) => ({
      productId: row.product_id,
      sku: row.sku,
      name: row.name,
      quantity: Number(row.quantity),
      netSalesCents: Number(row.revenue),
    })),
  };
}
