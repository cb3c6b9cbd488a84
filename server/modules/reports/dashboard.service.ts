import { divideRoundHalfUp } from '../../../shared/pricing/rounding';
import type { Dashboard, DashboardFigures, DashboardQuery } from '../../../shared/schemas/reports';
import { NotFoundError } from '../../lib/errors';
import { dashboardPeriods } from './dashboard-periods';
import {
  type DashboardFiguresRow,
  type DashboardPeriod,
  findDashboard,
  findDashboardStores,
} from './reports.repo';
import type { ReportsDeps } from './reports.service';

const TOP_PRODUCTS = 10;

const NO_FIGURES: DashboardFigures = {
  netSalesCents: 0,
  transactions: 0,
  averageBasketCents: 0,
  itemsPerBasket: 0,
  grossMarginCents: 0,
  returnsCents: 0,
  returns: 0,
  voids: 0,
  voidedCents: 0,
};

/** Sums of store-periods as the dashboard shows them (the ratios from the sums, not averaged). */
function figuresOf(rows: DashboardFiguresRow[]): DashboardFigures {
  if (rows.length === 0) {
    return NO_FIGURES;
  }
  const total = (pick: (row: DashboardFiguresRow) => number | string) =>
    rows.reduce((sum, row) => sum + Number(pick(row)), 0);
  const salesRevenue = total((row) => row.sales_revenue);
  const returns = total((row) => row.returns);
  const transactions = total((row) => row.transactions);
  const net = salesRevenue - returns;
  return {
    netSalesCents: net,
    transactions,
    averageBasketCents: transactions > 0 ? divideRoundHalfUp(salesRevenue, transactions) : 0,
    itemsPerBasket:
      transactions > 0 ? Math.round((total((row) => row.sale_items) * 100) / transactions) / 100 : 0,
    grossMarginCents: net - total((row) => row.cost),
    returnsCents: returns,
    returns: total((row) => row.returns_count),
    voids: total((row) => row.voids),
    voidedCents: total((row) => row.voided),
  };
}

/**
 * The dashboard (see dashboardSchema) for the stores asked for, or every active store the caller may see. A
 * store the caller may not see, or that does not exist, is not found (404). `now` is the request's clock: each
 * store's today and the "so far" cut-off are taken from it in the store's own time zone.
 */
export async function buildDashboard(
  deps: ReportsDeps,
  visible: string[] | null,
  query: DashboardQuery,
  now: Date,
): Promise<Dashboard> {
  const named = query.storeId ?? null;
  if (named && visible && named.some((id) => !visible.includes(id))) {
    throw new NotFoundError('Store');
  }
  const stores = await findDashboardStores(deps.db, named, visible);
  if (named && stores.length !== named.length) {
    throw new NotFoundError('Store');
  }
  const perStore = stores.map((store) => ({ store, ...dashboardPeriods(now, store.timezone, query.date) }));
  const periods: DashboardPeriod[] = perStore.flatMap(({ store, date, lastWeekDate, lastWeekUntil }) => [
    { storeId: store.id, period: 'today', date, timezone: store.timezone, until: null },
    {
      storeId: store.id,
      period: 'last_week',
      date: lastWeekDate,
      timezone: store.timezone,
      until: lastWeekUntil,
    },
  ]);
  const found =
    stores.length > 0
      ? await findDashboard(
          deps.db,
          periods,
          stores.map((store) => store.id),
          TOP_PRODUCTS,
        )
      : { figures: [], by_hour: [], by_category: [], by_cashier: [], top_products: [], low_stock: 0 };

  const figuresWhere = (period: DashboardPeriod['period'], storeId?: string) =>
    figuresOf(found.figures.filter((row) => row.period === period && (!storeId || row.store_id === storeId)));
  const dates = new Set(perStore.map((entry) => entry.date));
  const currencies = new Set(stores.map((store) => store.currency));
  return {
    date: query.date ?? (dates.size === 1 ? [...dates][0]! : null),
    asOf: now.toISOString(),
    currency: currencies.size === 1 ? [...currencies][0]! : null,
    stores: perStore.map(({ store, date, lastWeekDate, lastWeekUntil }) => ({
      id: store.id,
      code: store.code,
      name: store.name,
      date,
      lastWeekDate,
      compareUntil: lastWeekUntil ? lastWeekUntil.toISOString() : null,
    })),
    today: figuresWhere('today'),
    lastWeek: figuresWhere('last_week'),
    byHour: found.by_hour.map((row) => ({
      hour: row.hour,
      netSalesCents: Number(row.revenue),
      transactions: row.transactions,
      lastWeekNetSalesCents: Number(row.last_week_revenue),
    })),
    byCategory: found.by_category.map((row) => ({
      categoryId: row.category_id,
      name: row.name ?? 'Uncategorised',
      netSalesCents: Number(row.revenue),
      itemsSold: Number(row.items),
    })),
    topProducts: found.top_products.map((row) => ({
      productId: row.product_id,
      sku: row.sku,
      name: row.name,
      unit: row.unit,
      quantity: Number(row.quantity),
      netSalesCents: Number(row.revenue),
    })),
    byCashier: found.by_cashier.map((row) => ({
      cashierId: row.cashier_id,
      name: row.name,
      transactions: row.transactions,
      netSalesCents: Number(row.revenue),
    })),
    ...(stores.length > 1
      ? {
          byStore: stores.map((store) => ({
            storeId: store.id,
            code: store.code,
            name: store.name,
            today: figuresWhere('today', store.id),
            lastWeek: figuresWhere('last_week', store.id),
          })),
        }
      : {}),
    lowStockCount: found.low_stock,
  };
}
