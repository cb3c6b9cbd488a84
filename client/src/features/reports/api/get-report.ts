import {
  type DiscountReport,
  discountReportSchema,
  type InventoryValuationReport,
  inventoryValuationReportSchema,
  type SalesReport,
  type ShiftOverShortReport,
  type ShrinkReport,
  salesReportSchema,
  shiftOverShortReportSchema,
  shrinkReportSchema,
  type TaxReport,
  type TenderReport,
  taxReportSchema,
  tenderReportSchema,
  type VoidsReturnsReport,
  voidsReturnsReportSchema,
} from '../../../../../shared/schemas/reports';
import { http } from '../../../api/http';
import type { DateRange } from '../report-dates';
import { type ReportKindId, reportApiUrl } from '../report-kinds';

export type SalesKindId =
  | 'daily-sales'
  | 'sales-by-category'
  | 'sales-by-product'
  | 'sales-by-cashier'
  | 'sales-by-store';

/** A report as the API answered it, tagged with its kind so each table gets its own shape. */
export type LoadedReport =
  | { kind: SalesKindId; report: SalesReport }
  | { kind: 'tax'; report: TaxReport }
  | { kind: 'tenders'; report: TenderReport }
  | { kind: 'discounts'; report: DiscountReport }
  | { kind: 'voids-returns'; report: VoidsReturnsReport }
  | { kind: 'inventory-valuation'; report: InventoryValuationReport }
  | { kind: 'shrink'; report: ShrinkReport }
  | { kind: 'shift-over-short'; report: ShiftOverShortReport };

export type ReportQuery = { kind: ReportKindId; storeId: string } & DateRange;

/** One report, checked against its schema. */
export async function getReport(query: ReportQuery, signal?: AbortSignal): Promise<LoadedReport> {
  const url = reportApiUrl(query.kind, query);
  const get = <T>(parse: (body: unknown) => T) => http.get(url, { signal, parse });
  const kind = query.kind;
  switch (kind) {
    case 'daily-sales':
    case 'sales-by-category':
    case 'sales-by-product':
    case 'sales-by-cashier':
    case 'sales-by-store':
      return { kind, report: await get((body) => salesReportSchema.parse(body)) };
    case 'tax':
      return { kind, report: await get((body) => taxReportSchema.parse(body)) };
    case 'tenders':
      return { kind, report: await get((body) => tenderReportSchema.parse(body)) };
    case 'discounts':
      return { kind, report: await get((body) => discountReportSchema.parse(body)) };
    case 'voids-returns':
      return { kind, report: await get((body) => voidsReturnsReportSchema.parse(body)) };
    case 'inventory-valuation':
      return { kind, report: await get((body) => inventoryValuationReportSchema.parse(body)) };
    case 'shrink':
      return { kind, report: await get((body) => shrinkReportSchema.parse(body)) };
    case 'shift-over-short':
      return { kind, report: await get((body) => shiftOverShortReportSchema.parse(body)) };
  }
}
