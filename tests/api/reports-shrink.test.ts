import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stockMovements } from '../../server/db/schema';
import { SHRINK_REASONS, type ShrinkReport, type ShrinkReportFigures } from '../../shared/schemas/reports';
import { businessDateAt } from '../../shared/time';
import {
  buildReportHistory,
  centsOf,
  csvRecords,
  FROM,
  itChecksReportAccess,
  type ReportHistory,
  TO,
} from '../helpers/report-history';

/**
 * GET /api/reports/shrink against the stock ledger: every movement read back from stock_movements, dated in
 * its store's time zone with Intl, costed in JS at the product's cost, grouped by reason.
 */
let h: ReportHistory;
let ledger: (typeof stockMovements.$inferSelect)[];

beforeAll(async () => {
  h = await buildReportHistory();
  ledger = await h.t.database.db.select().from(stockMovements);
}, 180_000);
afterAll(() => h.t.close());

const ZERO: ShrinkReportFigures = {
  movements: 0,
  unitsLost: 0,
  unitsGained: 0,
  gramsLost: 0,
  gramsGained: 0,
  costLostCents: 0,
  costGainedCents: 0,
  netCostCents: 0,
};

function expectedShrink(storeIds: string[], from: string, to: string) {
  const rows = new Map<string, ShrinkReportFigures>();
  for (const movement of ledger) {
    if (
      !storeIds.includes(movement.storeId) ||
      !(SHRINK_REASONS as readonly string[]).includes(movement.reason)
    ) {
      continue;
    }
    const date = businessDateAt(movement.createdAt, h.storeOf(movement.storeId).timezone);
    if (date < from || date > to) {
      continue;
    }
    const product = h.products.get(movement.productId)!;
    const size = Math.abs(movement.delta);
    const cost =
      product.unit === 'weight' ? Math.round((size * product.costCents) / 1000) : size * product.costCents;
    const row = rows.get(movement.reason) ?? { ...ZERO };
    rows.set(movement.reason, row);
    row.movements += 1;
    const pieces = product.unit === 'weight' ? 'grams' : 'units';
    if (movement.delta < 0) {
      row[`${pieces}Lost`] += size;
      row.costLostCents += cost;
      row.netCostCents -= cost;
    } else {
      row[`${pieces}Gained`] += size;
      row.costGainedCents += cost;
      row.netCostCents += cost;
    }
  }
  return rows;
}

function totalsOf(rows: Iterable<ShrinkReportFigures>): ShrinkReportFigures {
  const totals = { ...ZERO };
  for (const row of rows) {
    for (const name of Object.keys(ZERO) as (keyof ShrinkReportFigures)[]) {
      totals[name] += row[name];
    }
  }
  return totals;
}

describe('GET /api/reports/shrink', () => {
  for (const scope of ['both stores (admin)', 'Chicago only (its manager)'] as const) {
    it(`${scope}: every reason row and the totals recomputed from the ledger`, async () => {
      const isAdmin = scope.startsWith('both');
      const response = await h.get<ShrinkReport>(
        isAdmin ? h.admin : h.managerA,
        `/api/reports/shrink?from=${FROM}&to=${TO}`,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const expected = expectedShrink(isAdmin ? [h.chicago.id, h.newYork.id] : [h.chicago.id], FROM, TO);
      const report = response.body;
      expect(report.rows.map((row) => row.key).sort()).toEqual([...expected.keys()].sort());
      for (const { key, label, ...figures } of report.rows) {
        expect(figures, key).toEqual(expected.get(key));
      }
      // By cost lost, then reason.
      const order = [...report.rows].sort(
        (a, b) => b.costLostCents - a.costLostCents || a.key.localeCompare(b.key),
      );
      expect(report.rows).toEqual(order);
      expect(report.totals).toEqual(totalsOf(expected.values()));
    });
  }

  it('the recomputation is not vacuous: Chicago by hand, edges of the range in local time', async () => {
    const report = (await h.get<ShrinkReport>(h.managerA, `/api/reports/shrink?from=${FROM}&to=${TO}`)).body;
    const row = (key: string) => report.rows.find((r) => r.key === key);
    // Damaged: 2 bags on the 3rd and R1's torn toy on the 5th; the bag damaged at 23:30 on 1 March (05:30Z on
    // the 2nd) is before the range.
    expect(row('damaged')).toMatchObject({ movements: 2, unitsLost: 3, costLostCents: 2 * 3000 + 400 });
    // Expired at 23:30 on the 3rd (05:30Z on the 4th).
    expect(row('expired')).toMatchObject({ movements: 1, unitsLost: 3, costLostCents: 1800 });
    // 120 g of bird seed at 7.00 per kg: 0.84.
    expect(row('count_correction')).toMatchObject({ gramsLost: 120, unitsLost: 0, costLostCents: 84 });
    expect(row('found')).toMatchObject({ unitsGained: 2, costGainedCents: 800, netCostCents: 800 });
    // 'other' at 23:30 on the 5th is inside, at 00:30 on the 6th outside.
    expect(row('other')).toMatchObject({ movements: 1, unitsLost: 4, costLostCents: 600 });
    expect(row('shrink')!.label).toBe('Theft / shrink');
    // Received stock and sales are not adjustments.
    expect(report.rows.map((r) => r.key)).not.toContain('received');
    expect(report.rows.map((r) => r.key)).not.toContain('sale');
    expect(report.totals.netCostCents).toBe(800 - (6400 + 1800 + 84 + 600 + 400));
  });

  it('a range without adjustments: no rows, totals 0', async () => {
    const report = (await h.get<ShrinkReport>(h.admin, '/api/reports/shrink?from=2025-01-01&to=2025-01-31'))
      .body;
    expect(report.rows).toEqual([]);
    expect(report.totals).toEqual(ZERO);
  });

  it('format=csv: a text/csv attachment whose rows parse back to the JSON', async () => {
    const json = (await h.get<ShrinkReport>(h.admin, `/api/reports/shrink?from=${FROM}&to=${TO}`)).body;
    const response = await h.getCsv(h.admin, `/api/reports/shrink?from=${FROM}&to=${TO}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="shrink-${FROM}-${TO}.csv"`);
    expect(
      csvRecords(response.text).map((record) => ({
        key: record.reason,
        label: record.label,
        movements: Number(record.movements),
        unitsLost: Number(record.units_lost),
        unitsGained: Number(record.units_gained),
        gramsLost: Number(record.grams_lost),
        gramsGained: Number(record.grams_gained),
        costLostCents: centsOf(record.cost_lost),
        costGainedCents: centsOf(record.cost_gained),
        netCostCents: centsOf(record.net_cost),
      })),
    ).toEqual(json.rows);
  });

  itChecksReportAccess(() => h, 'shrink');
});
