import type { NextFunction, Request, Response } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type Metrics = {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Completed sales and their totals (cents) by store; returns likewise. Counted once, on the 201. */
  sales: Counter<'store'>;
  salesRevenueCents: Counter<'store'>;
  returns: Counter<'store'>;
  refundedCents: Counter<'store'>;
};

/** One registry per app instance (no globals), so tests can build many apps. */
export function createMetrics(poolStats: () => { total: number; idle: number; waiting: number }): Metrics {
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
  };
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
