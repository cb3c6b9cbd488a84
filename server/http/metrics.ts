import type { NextFunction, Request, Response } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DATABASE_METRICS_TIMEOUT_MS, type StoreFigures } from './database-metrics';

export type Metrics = {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Completed sales and their totals (cents) by store; returns likewise. Counted once, on the 201. */
  sales: Counter<'store'>;
  salesRevenueCents: Counter<'store'>;
  returns: Counter<'store'>;
  refundedCents: Counter<'store'>;
  /** Items on completed sales (pieces; a weighed line counts as one item), by store. */
  itemsSold: Counter<'store'>;
  /** Voided sales and what they had taken (cents, tax included), by store. */
  voids: Counter<'store'>;
  voidedCents: Counter<'store'>;
  /**
   * Figures read from the database at scrape time (low stock, open shifts, today's sales by store). They are
   * the same whichever worker reads them, so they live apart from `registry`: a cluster-wide /metrics sums
   * `registry` over the workers and appends this registry once.
   */
  databaseRegistry: Registry;
};

export type MetricsOptions = {
  /** Reads the per-store figures; without it the database gauges stay empty and pos_metrics_database_up is 0. */
  readStoreFigures?: () => Promise<StoreFigures[]>;
  /** Told when the figures could not be read (the scrape still answers, with pos_metrics_database_up 0). */
  onDatabaseError?: (error: unknown) => void;
};

type Snapshot = { up: boolean; seconds: number; stores: StoreFigures[] };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database metrics took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The database gauges. prom-client collects a registry's metrics concurrently, so every gauge of one scrape
 * awaits the same in-flight read: one query per scrape, whatever the number of gauges.
 */
function createDatabaseRegistry(options: MetricsOptions): Registry {
  const registry = new Registry();
  let inFlight: Promise<Snapshot> | null = null;
  const snapshot = (): Promise<Snapshot> => {
    inFlight ??= (async () => {
      const started = performance.now();
      try {
        if (!options.readStoreFigures) {
          throw new Error('no database reader configured');
        }
        // The statement timeout bounds the query; this also bounds waiting for a pool connection.
        const stores = await withTimeout(options.readStoreFigures(), DATABASE_METRICS_TIMEOUT_MS + 1_000);
        return { up: true, seconds: (performance.now() - started) / 1000, stores };
      } catch (error) {
        options.onDatabaseError?.(error);
        return { up: false, seconds: (performance.now() - started) / 1000, stores: [] };
      }
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
  new Gauge({
    name: 'pos_metrics_database_up',
    help: '1 when this scrape could read the business figures from the database, 0 when not (then the pos_store_* gauges are absent)',
    registers: [registry],
    async collect() {
      this.set((await snapshot()).up ? 1 : 0);
    },
  });
  new Gauge({
    name: 'pos_metrics_database_duration_seconds',
    help: 'How long reading the business figures took in this scrape',
    registers: [registry],
    async collect() {
      this.set((await snapshot()).seconds);
    },
  });
  const perStore = (
    name: string,
    help: string,
    value: (figures: StoreFigures) => number,
    labelNames: readonly ('store' | 'code')[] = ['store'],
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        const { stores } = await snapshot();
        // Reset first: a store that was deactivated (or a failed read) leaves no stale series behind.
        this.reset();
        for (const figures of stores) {
          this.set(
            labelNames.includes('code')
              ? { store: figures.store, code: figures.code }
              : { store: figures.store },
            value(figures),
          );
        }
      },
    });
  perStore(
    'pos_store_info',
    'Always 1 per active store: joins the store id label of every pos_* metric to the store code',
    () => 1,
    ['store', 'code'],
  );
  perStore(
    'pos_store_low_stock_products',
    'Active products at or below their reorder point (where one is set), by store',
    (f) => f.lowStockProducts,
  );
  perStore(
    'pos_store_out_of_stock_products',
    'Active products with a stock row at zero or below, by store',
    (f) => f.outOfStockProducts,
  );
  perStore(
    'pos_store_inventory_value_cents',
    'Stock on hand at cost, in cents (negative stock counts as none), by store',
    (f) => f.inventoryValueCents,
  );
  perStore('pos_store_open_shifts', 'Shifts (registers) open now, by store', (f) => f.openShifts);
  perStore(
    'pos_store_today_sales',
    "Completed sales of the store's business day (its own time zone), voids excluded",
    (f) => f.todaySales,
  );
  perStore(
    'pos_store_today_revenue_cents',
    "Revenue without tax of the store's business day, in cents (as the sales report counts it)",
    (f) => f.todayRevenueCents,
  );
  perStore(
    'pos_store_today_items',
    "Items sold less returned on the store's business day (a weighed line counts as one item)",
    (f) => f.todayItems,
  );
  perStore('pos_store_today_returns', "Completed returns of the store's business day", (f) => f.todayReturns);
  return registry;
}

/** One registry per app instance (no globals), so tests can build many apps. */
export function createMetrics(
  poolStats: () => { total: number; idle: number; waiting: number },
  options: MetricsOptions = {},
): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route template, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = poolStats();
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  const counter = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['store'] as const, registers: [registry] });
  return {
    registry,
    httpDuration,
    sales: counter('pos_sales_total', 'Sales recorded, by store id'),
    salesRevenueCents: counter(
      'pos_sales_revenue_cents_total',
      'Σ sale totals (tax included) in cents, by store id',
    ),
    returns: counter('pos_returns_total', 'Returns recorded, by store id'),
    refundedCents: counter('pos_refunded_cents_total', 'Σ refunds in cents, by store id'),
    itemsSold: counter(
      'pos_sale_items_total',
      'Items on completed sales (pieces; a weighed line counts as one item), by store id',
    ),
    voids: counter('pos_sale_voids_total', 'Sales voided, by store id'),
    voidedCents: counter(
      'pos_sale_voided_cents_total',
      'Σ totals (tax included) of voided sales in cents, by store id',
    ),
    databaseRegistry: createDatabaseRegistry(options),
  };
}

/** Items of a sale as the counters and the sales_daily rollup count them: pieces, a weighed line as one. */
export function itemCount(lines: readonly { unit: 'each' | 'weight'; quantity: number }[]): number {
  return lines.reduce((sum, line) => sum + (line.unit === 'weight' ? 1 : line.quantity), 0);
}

/** The route template (not the raw path) keeps label cardinality bounded. */
function routeLabel(req: Request, res: Response): string {
  if (typeof res.locals.routeTemplate === 'string') {
    return res.locals.routeTemplate;
  }
  const route = req.route as { path?: unknown } | undefined;
  if (route && typeof route.path === 'string') {
    return `${req.baseUrl}${route.path}`;
  }
  return req.path.startsWith('/api/') ? 'unmatched' : 'static';
}

export function metricsMiddleware(
  metrics: Metrics,
  onFinish?: (entry: { method: string; route: string; status: number; ms: number }) => void,
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeLabel(req, res);
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      onFinish?.({ method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) });
    });
    next();
  };
}
