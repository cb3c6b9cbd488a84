import { divideRoundHalfUp } from '../../../shared/pricing/rounding';
import type {
  DailySalesQuery,
  DailySalesReport,
  SalesFigures,
  SalesReport,
  SalesReportQuery,
  SalesReportRow,
} from '../../../shared/schemas/reports';
import { businessDateAt } from '../../../shared/time';
import type { Db } from '../../db/client';
import { NotFoundError } from '../../lib/errors';
import { getStore } from '../stores/stores.service';
import { findDailySales, findSalesReport, type SalesGroupFigures } from './reports.repo';

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
      unit: row.unit,
      quantity: Number(row.quantity),
      netSalesCents: Number(row.revenue),
    })),
  };
}

function salesFiguresOf(row: SalesGroupFigures): SalesFigures {
  const salesRevenue = Number(row.sales_revenue);
  const discount = Number(row.discount);
  const returns = Number(row.returns);
  const net = salesRevenue - returns;
  return {
    grossSalesCents: salesRevenue + discount,
    discountCents: discount,
    returnsCents: returns,
    netSalesCents: net,
    taxCents: Number(row.tax),
    transactions: row.transactions,
    returns: row.returns_count,
    itemsSold: Number(row.items),
    grossMarginCents: net - Number(row.cost),
  };
}

/**
 * Sales between two business dates grouped by day, category, product, cashier or store, with the daily
 * report's figures (see salesReportSchema), over one store or every store the caller may see. A store the
 * caller may not see, or that does not exist, is not found (404).
 */
export async function buildSalesReport(
  deps: ReportsDeps,
  visible: string[] | null,
  query: SalesReportQuery,
): Promise<SalesReport> {
  if (query.storeId && visible && !visible.includes(query.storeId)) {
    throw new NotFoundError('Store');
  }
  const storeIds = query.storeId ? [query.storeId] : visible;
  const found = await findSalesReport(deps.db, {
    storeIds,
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
  });
  // The totals row is always there (the empty grouping set), with the scope's store count.
  const totals = found.find((row) => row.is_total)!;
  if (query.storeId && totals.store_count === 0) {
    throw new NotFoundError('Store');
  }
  const rows = found
    .filter((row) => !row.is_total)
    .map((row): SalesReportRow => {
      const identity: Pick<SalesReportRow, 'key' | 'label' | 'sku' | 'code'> = {
        key: row.key,
        label: row.label ?? '',
      };
      if (query.groupBy === 'product') {
        identity.sku = row.sku ?? '';
      }
      if (query.groupBy === 'store') {
        identity.code = row.code ?? '';
      }
      return { ...identity, ...salesFiguresOf(row) };
    });
  return {
    groupBy: query.groupBy,
    from: query.from,
    to: query.to,
    storeId: query.storeId ?? null,
    currency: totals.currency,
    rows,
    totals: salesFiguresOf(totals),
  };
}
