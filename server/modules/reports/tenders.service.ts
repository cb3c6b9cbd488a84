import type { ReportRangeQuery, TenderReport, TenderReportRow } from '../../../shared/schemas/reports';
import { reportStoreIds, requireStoreFound, sumOf } from './range-report.service';
import type { ReportsDeps } from './reports.service';
import { findTenders } from './tenders.repo';

const TENDER_LABELS: Record<string, string> = { cash: 'Cash', card: 'Card', store_credit: 'Store credit' };

/**
 * Money taken and refunded per tender over a range (see tenderReportSchema). Cash taken is what was tendered
 * less the change handed back, so a ¤50 note for a ¤12 sale counts ¤12. Voided sales excluded; returns on
 * their own business date.
 */
export async function buildTenderReport(
  deps: ReportsDeps,
  visible: string[] | null,
  query: ReportRangeQuery,
): Promise<TenderReport> {
  const storeIds = reportStoreIds(visible, query.storeId);
  const found = await findTenders(deps.db, { storeIds, from: query.from, to: query.to });
  requireStoreFound(query.storeId, found.store_count);
  const change = Number(found.change);
  const rows = found.rows.map((row): TenderReportRow => {
    const tendered = Number(row.tendered);
    const changeCents = row.method === 'cash' ? change : 0;
    const taken = tendered - changeCents;
    const refunded = Number(row.refunded);
    return {
      key: row.method,
      label: TENDER_LABELS[row.method] ?? row.method,
      sales: Number(row.sales),
      tenderedCents: tendered,
      changeCents,
      takenCents: taken,
      refunds: Number(row.refunds),
      refundedCents: refunded,
      netCents: taken - refunded,
    };
  });
  return {
    from: query.from,
    to: query.to,
    storeId: query.storeId ?? null,
    currency: found.currency,
    rows,
    totals: {
      sales: found.sales,
      tenderedCents: sumOf(rows, (row) => row.tenderedCents),
      changeCents: sumOf(rows, (row) => row.changeCents),
      takenCents: sumOf(rows, (row) => row.takenCents),
      refunds: found.refunds,
      refundedCents: sumOf(rows, (row) => row.refundedCents),
      netCents: sumOf(rows, (row) => row.netCents),
    },
  };
}
