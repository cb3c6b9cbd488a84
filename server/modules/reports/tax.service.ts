import type {
  ReportRangeQuery,
  TaxReport,
  TaxReportFigures,
  TaxReportRow,
} from '../../../shared/schemas/reports';
import { reportStoreIds, requireStoreFound, sumOf } from './range-report.service';
import type { ReportsDeps } from './reports.service';
import { findTaxByRate } from './tax.repo';

/** "8.8750" → "8.875", "0.00" → "0": rates are at most 3 + 4 digits, exact as a double. */
function ratePercentOf(rate: string): string {
  return String(Number(rate));
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * Tax collected by rate over a range (see taxReportSchema): voided sales excluded, returns on their own
 * business date at the rate of the line they return.
 */
export async function buildTaxReport(
  deps: ReportsDeps,
  visible: string[] | null,
  query: ReportRangeQuery,
): Promise<TaxReport> {
  const storeIds = reportStoreIds(visible, query.storeId);
  const found = await findTaxByRate(deps.db, { storeIds, from: query.from, to: query.to });
  requireStoreFound(query.storeId, found.store_count);
  const rows = found.rows.map((row): TaxReportRow => {
    const ratePercent = ratePercentOf(row.rate);
    return {
      key: `${row.tax_class}:${ratePercent}`,
      label: `${capitalised(row.tax_class)} ${ratePercent}%`,
      taxClass: row.tax_class,
      ratePercent,
      taxableSalesCents: Number(row.taxable_sales),
      taxOnSalesCents: Number(row.tax_sales),
      taxableReturnsCents: Number(row.taxable_returns),
      taxRefundedCents: Number(row.tax_returns),
      netTaxableCents: Number(row.taxable_sales) - Number(row.taxable_returns),
      netTaxCents: Number(row.tax_sales) - Number(row.tax_returns),
    };
  });
  const total = (pick: (row: TaxReportFigures) => number) => sumOf(rows, pick);
  return {
    from: query.from,
    to: query.to,
    storeId: query.storeId ?? null,
    currency: found.currency,
    rows,
    totals: {
      taxableSalesCents: total((row) => row.taxableSalesCents),
      taxOnSalesCents: total((row) => row.taxOnSalesCents),
      taxableReturnsCents: total((row) => row.taxableReturnsCents),
      taxRefundedCents: total((row) => row.taxRefundedCents),
      netTaxableCents: total((row) => row.netTaxableCents),
      netTaxCents: total((row) => row.netTaxCents),
    },
  };
}
