import type {
  ReportRangeQuery,
  ShiftOverShortReport,
  ShiftOverShortRow,
} from '../../../shared/schemas/reports';
import { isoInstant, reportStoreIds, requireStoreFound, sumOf } from './range-report.service';
import type { ReportsDeps } from './reports.service';
import { findClosedShifts } from './shift-over-short.repo';

/** Each shift closed in a range with its expected and counted cash (see shiftOverShortReportSchema). */
export async function buildShiftOverShortReport(
  deps: ReportsDeps,
  visible: string[] | null,
  query: ReportRangeQuery,
): Promise<ShiftOverShortReport> {
  const storeIds = reportStoreIds(visible, query.storeId);
  const found = await findClosedShifts(deps.db, { storeIds, from: query.from, to: query.to });
  requireStoreFound(query.storeId, found.store_count);
  const rows = found.rows.map((row): ShiftOverShortRow => {
    const expected = Number(row.expected);
    const counted = Number(row.counted);
    return {
      key: row.id,
      label: `${row.store_code} ${row.register_id} ${row.opened_local}`,
      storeId: row.store_id,
      storeCode: row.store_code,
      registerId: row.register_id,
      cashierId: row.cashier_id,
      cashier: row.cashier,
      closedById: row.closed_by_id,
      closedBy: row.closed_by,
      openedAt: isoInstant(row.opened_at),
      closedAt: isoInstant(row.closed_at),
      openedLocal: row.opened_local,
      closedLocal: row.closed_local,
      businessDate: row.business_date,
      expectedCashCents: expected,
      countedCashCents: counted,
      overShortCents: counted - expected,
    };
  });
  return {
    from: query.from,
    to: query.to,
    storeId: query.storeId ?? null,
    currency: found.currency,
    rows,
    totals: {
      shifts: rows.length,
      expectedCashCents: sumOf(rows, (row) => row.expectedCashCents),
      countedCashCents: sumOf(rows, (row) => row.countedCashCents),
      overCents: sumOf(rows, (row) => Math.max(row.overShortCents, 0)),
      shortCents: sumOf(rows, (row) => Math.min(row.overShortCents, 0)),
      overShortCents: sumOf(rows, (row) => row.overShortCents),
    },
  };
}
