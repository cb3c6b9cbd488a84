import { dailySalesQuerySchema, dailySalesReportSchema } from '../../../shared/schemas/reports';
import { visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import type { ModuleDeps } from '../module-deps';
import { buildDailySalesReport } from './reports.service';

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
  ];
}
