import {
  dailySalesQuerySchema,
  dashboardQuerySchema,
  dashboardSchema,
  dailySalesReportSchema,
  salesReportQuerySchema,
  salesReportSchema,
} from '../../../shared/schemas/reports';
import { visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import type { ModuleDeps } from '../module-deps';
import { buildDashboard } from './dashboard.service';
import { salesReportCsv, salesReportFileName } from './reports.presenters';
import { buildDailySalesReport, buildSalesReport } from './reports.service';

const MANAGERS = { kind: 'roles', roles: ['manager', 'admin'] } as const;

export function reportsRoutes(deps: ModuleDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/reports/daily-sales',
      summary:
        'One store-day of sales: totals, by hour, category, tender and cashier, top products (voids excluded, returns on the day they happened)',
      tags: ['reports'],
      access: MANAGERS,
      query: dailySalesQuerySchema,
      response: dailySalesReportSchema,
      handler: ({ query, principal }) => buildDailySalesReport(deps, visibleStoreIds(principal), query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/reports/dashboard',
      summary:
        "The back office's dashboard: today so far against the same weekday last week up to the same local time, by hour, category, product, cashier and store, low-stock count (storeId repeatable; none: every store the caller may see)",
      tags: ['reports'],
      access: MANAGERS,
      query: dashboardQuerySchema,
      response: dashboardSchema,
      handler: ({ query, principal }) => buildDashboard(deps, visibleStoreIds(principal), query, new Date()),
    }),
    defineRoute({
      method: 'get',
      path: '/api/reports/sales',
      summary:
        'Sales between two business dates grouped by day, category, product, cashier or store, with totals (voids excluded, returns on their own date; ?format=csv for text/csv)',
      tags: ['reports'],
      access: MANAGERS,
      query: salesReportQuerySchema,
      response: salesReportSchema,
      rawResponse: ['text/csv'],
      handler: async ({ query, principal, res }) => {
        const report = await buildSalesReport(deps, visibleStoreIds(principal), query);
        if (query.format !== 'csv') {
          return report;
        }
        res.status(200);
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${salesReportFileName(report)}"`);
        res.setHeader('Cache-Control', 'no-store');
        res.send(salesReportCsv(report));
        return undefined;
      },
    }),
  ];
}
