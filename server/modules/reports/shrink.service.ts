import type {
  ReportRangeQuery,
  ShrinkReport,
  ShrinkReportFigures,
  ShrinkReportRow,
} from '../../../shared/schemas/reports';
import { reportStoreIds, requireStoreFound, sumOf } from './range-report.service';
import type { ReportsDeps } from './reports.service';
import { findShrink } from './shrink.repo';

const REASON_LABELS: Record<string, string> = {
  damaged: 'Damaged',
  expired: 'Expired',
  shrink: 'Theft / shrink',
  count_correction: 'Count correction',
  found: 'Found',
  adjustment: 'Adjustment',
  other: 'Other',
};

/** Stock adjustments of a range by reason, with units and their cost (see shrinkReportSchema). */
export async function buildShrinkReport(
  deps: ReportsDeps,
  visible: string[] | null,
  query: ReportRangeQuery,
): Promise<ShrinkReport> {
  const storeIds = reportStoreIds(visible, query.storeId);
  const found = await findShrink(deps.db, { storeIds, from: query.from, to: query.to });
  requireStoreFound(query.storeId, found.store_count);
  const rows = found.rows.map((row): ShrinkReportRow => {
    const lost = Number(row.cost_lost);
    const gained = Number(row.cost_gained);
    return {
      key: row.reason,
      label: REASON_LABELS[row.reason] ?? row.reason,
      movements: Number(row.movements),
      unitsLost: Number(row.units_lost),
      unitsGained: Number(row.units_gained),
      gramsLost: Number(row.grams_lost),
      gramsGained: Number(row.grams_gained),
      costLostCents: lost,
      costGainedCents: gained,
      netCostCents: gained - lost,
    };
  });
  const total = (pick: (row: ShrinkReportFigures) => number) => sumOf(rows, pick);
  return {
    from: query.from,
    to: query.to,
    storeId: query.storeId ?? null,
    currency: found.currency,
    rows,
    totals: {
      movements: total((row) => row.movements),
      unitsLost: total((row) => row.unitsLost),
      unitsGained: total((row) => row.unitsGained),
      gramsLost: total((row) => row.gramsLost),
      gramsGained: total((row) => row.gramsGained),
      costLostCents: total((row) => row.costLostCents),
      costGainedCents: total((row) => row.costGainedCents),
      netCostCents: total((row) => row.netCostCents),
    },
  };
}
