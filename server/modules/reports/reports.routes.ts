import {
  dailySalesQuerySchema,
  dashboardQuerySchema,
  dashboardSchema,
  dailySalesReportSchema,
  discountReportSchema,
  inventoryValuationQuerySchema,
  inventoryValuationReportSchema,
  reportRangeQuerySchema,
  salesReportQuerySchema,
  type ReportRangeQuery,
  salesReportSchema,
  shiftOverShortReportSchema,
  shrinkReportSchema,
  taxReportSchema,
  tenderReportSchema,
  voidsReturnsReportSchema,
} from '../../../shared/schemas/reports';
import { visibleStoreIds } from '../../http/auth';
import type { Response } from 'express';
import { type AnyRoute, defineRoute } from '../../http/route';
import type { ModuleDeps } from '../module-deps';
import { buildDashboard } from './dashboard.service';
import { buildDiscountReport } from './discounts.service';
import { buildInventoryValuation } from './inventory-valuation.service';
import {
  discountReportCsv,
  inventoryValuationCsv,
  inventoryValuationFileName,
  rangeReportFileName,
  salesReportCsv,
  salesReportFileName,
  shiftOverShortCsv,
  shrinkReportCsv,
  taxReportCsv,
  tenderReportCsv,
  voidsReturnsReportCsv,
} from './reports.presenters';
import { buildDailySalesReport, buildSalesReport } from './reports.service';
import { buildShiftOverShortReport } from './shift-over-short.service';
import { buildShrinkReport } from './shrink.service';
import { buildTaxReport } from './tax.service';
import { buildTenderReport } from './tenders.service';
import { buildVoidsReturnsReport } from './voids-returns.service';

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
    ...backOfficeReportRoutes(deps),
  ];
}

/** Answers a report as a CSV attachment (the handler then returns undefined). */
function sendCsv(res: Response, fileName: string, csv: string): undefined {
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(csv);
  return undefined;
}

/** The back office's range reports: the same roles, scoping, range rules and CSV answer as /sales. */
function backOfficeReportRoutes(deps: ModuleDeps): AnyRoute[] {
  const range = <T extends { from: string; to: string }>(spec: {
    kind: string;
    summary: string;
    response: Parameters<typeof defineRoute>[0]['response'];
    build: (visible: string[] | null, query: ReportRangeQuery) => Promise<T>;
    csv: (report: T) => string;
  }) =>
    defineRoute({
      method: 'get',
      path: `/api/reports/${spec.kind}`,
      summary: `${spec.summary} (?format=csv for text/csv)`,
      tags: ['reports'],
      access: MANAGERS,
      query: reportRangeQuerySchema,
      response: spec.response,
      rawResponse: ['text/csv'],
      handler: async ({ query, principal, res }) => {
        const report = await spec.build(visibleStoreIds(principal), query);
        return query.format === 'csv'
          ? sendCsv(res, rangeReportFileName(spec.kind, report), spec.csv(report))
          : report;
      },
    });
  return [
    range({
      kind: 'tax',
      summary:
        'Tax collected by rate between two business dates: taxable sales, tax on sales, tax refunded by returns, net (voids excluded, returns on their own date)',
      response: taxReportSchema,
      build: (visible, query) => buildTaxReport(deps, visible, query),
      csv: taxReportCsv,
    }),
    range({
      kind: 'tenders',
      summary:
        'Money taken and refunded per tender method between two business dates (cash taken less change; voids excluded, returns on their own date)',
      response: tenderReportSchema,
      build: (visible, query) => buildTenderReport(deps, visible, query),
      csv: tenderReportCsv,
    }),
    range({
      kind: 'discounts',
      summary:
        'Discounts by kind (line and sale discounts, rewards, price overrides) and every manager approval between two business dates',
      response: discountReportSchema,
      build: (visible, query) => buildDiscountReport(deps, visible, query),
      csv: discountReportCsv,
    }),
    range({
      kind: 'voids-returns',
      summary: 'Every void and return between two business dates with cashier, approver, amount and reason',
      response: voidsReturnsReportSchema,
      build: (visible, query) => buildVoidsReturnsReport(deps, visible, query),
      csv: voidsReturnsReportCsv,
    }),
    range({
      kind: 'shrink',
      summary:
        'Stock adjustments by reason between two business dates: movements, units lost and gained, cost',
      response: shrinkReportSchema,
      build: (visible, query) => buildShrinkReport(deps, visible, query),
      csv: shrinkReportCsv,
    }),
    range({
      kind: 'shift-over-short',
      summary: 'Shifts closed between two business dates with expected and counted cash and over/short',
      response: shiftOverShortReportSchema,
      build: (visible, query) => buildShiftOverShortReport(deps, visible, query),
      csv: shiftOverShortCsv,
    }),
    defineRoute({
      method: 'get',
      path: '/api/reports/inventory-valuation',
      summary:
        'Stock on hand now by category (full path), valued at current cost and price; negative stock counted, not valued (?format=csv for text/csv)',
      tags: ['reports'],
      access: MANAGERS,
      query: inventoryValuationQuerySchema,
      response: inventoryValuationReportSchema,
      rawResponse: ['text/csv'],
      handler: async ({ query, principal, res }) => {
        const report = await buildInventoryValuation(deps, visibleStoreIds(principal), query, new Date());
        return query.format === 'csv'
          ? sendCsv(res, inventoryValuationFileName(report), inventoryValuationCsv(report))
          : report;
      },
    }),
  ];
}
