import type {
  InventoryValuationFigures,
  InventoryValuationQuery,
  InventoryValuationReport,
  InventoryValuationRow,
} from '../../../shared/schemas/reports';
import { findInventoryValuation } from './inventory-valuation.repo';
import { reportStoreIds, requireStoreFound, sumOf } from './range-report.service';
import type { ReportsDeps } from './reports.service';

/**
 * Stock value now by category (see inventoryValuationReportSchema): on hand × current cost and price; stock
 * below zero is worth nothing and is counted instead, so one oversold product cannot hide another's value.
 */
export async function buildInventoryValuation(
  deps: ReportsDeps,
  visible: string[] | null,
  query: InventoryValuationQuery,
  now: Date,
): Promise<InventoryValuationReport> {
  const storeIds = reportStoreIds(visible, query.storeId);
  const found = await findInventoryValuation(deps.db, storeIds);
  requireStoreFound(query.storeId, found.store_count);
  const rows = found.rows.map(
    (row): InventoryValuationRow => ({
      key: row.category_id,
      // A category id with no path is one whose tree was cut (too deep); it still shows, by id.
      label: row.category_id ? (row.path ?? row.category_id) : 'Uncategorised',
      products: Number(row.products),
      units: Number(row.units),
      grams: Number(row.grams),
      costValueCents: Number(row.cost_value),
      retailValueCents: Number(row.retail_value),
      negativeOnHandProducts: Number(row.negative),
    }),
  );
  const total = (pick: (row: InventoryValuationFigures) => number) => sumOf(rows, pick);
  return {
    asOf: now.toISOString(),
    storeId: query.storeId ?? null,
    currency: found.currency,
    rows,
    totals: {
      products: total((row) => row.products),
      units: total((row) => row.units),
      grams: total((row) => row.grams),
      costValueCents: total((row) => row.costValueCents),
      retailValueCents: total((row) => row.retailValueCents),
      negativeOnHandProducts: total((row) => row.negativeOnHandProducts),
    },
  };
}
