import type { ReportRangeQuery, VoidReturnRow, VoidsReturnsReport } from '../../../shared/schemas/reports';
import { isoInstant, reportStoreIds, requireStoreFound, sumOf } from './range-report.service';
import type { ReportsDeps } from './reports.service';
import { findVoidsAndReturns } from './voids-returns.repo';

/** Every void and return of a range, one row each, with who approved it (see voidsReturnsReportSchema). */
export async function buildVoidsReturnsReport(
  deps: ReportsDeps,
  visible: string[] | null,
  query: ReportRangeQuery,
): Promise<VoidsReturnsReport> {
  const storeIds = reportStoreIds(visible, query.storeId);
  const found = await findVoidsAndReturns(deps.db, { storeIds, from: query.from, to: query.to });
  requireStoreFound(query.storeId, found.store_count);
  const rows = found.rows.map(
    (row): VoidReturnRow => ({
      key: row.id,
      kind: row.kind,
      label: row.receipt_number,
      at: isoInstant(row.at),
      localTime: row.local_time,
      businessDate: row.business_date,
      storeId: row.store_id,
      storeCode: row.store_code,
      store: row.store,
      receiptNumber: row.receipt_number,
      originalReceiptNumber: row.original_receipt_number,
      cashierId: row.cashier_id,
      cashier: row.cashier,
      approverId: row.approver_id,
      approver: row.approver,
      amountCents: Number(row.amount),
      reason: row.reason,
    }),
  );
  const voids = rows.filter((row) => row.kind === 'void');
  const returns = rows.filter((row) => row.kind === 'return');
  return {
    from: query.from,
    to: query.to,
    storeId: query.storeId ?? null,
    currency: found.currency,
    rows,
    totals: {
      voids: voids.length,
      voidedCents: sumOf(voids, (row) => row.amountCents),
      returns: returns.length,
      returnedCents: sumOf(returns, (row) => row.amountCents),
    },
  };
}
