import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventory } from '../../server/db/schema';
import type { InventoryValuationFigures, InventoryValuationReport } from '../../shared/schemas/reports';
import {
  buildReportHistory,
  centsOf,
  csvRecords,
  itChecksReportAccess,
  type ReportHistory,
} from '../helpers/report-history';

/**
 * GET /api/reports/inventory-valuation against the inventory rows the history left (sales beyond stock drive
 * some below zero), valued in JS from the products' cost and price and grouped by the category paths.
 */
let h: ReportHistory;

beforeAll(async () => {
  h = await buildReportHistory();
}, 180_000);
afterAll(() => h.t.close());

const ZERO: InventoryValuationFigures = {
  products: 0,
  units: 0,
  grams: 0,
  costValueCents: 0,
  retailValueCents: 0,
  negativeOnHandProducts: 0,
};

function pathOf(categoryId: string): string {
  const category = h.categories.get(categoryId)!;
  return category.parentId ? `${pathOf(category.parentId)} > ${category.name}` : category.name;
}

async function expectedValuation(storeIds: string[]) {
  const rows = new Map<string | null, InventoryValuationFigures>();
  const stock = await h.t.database.db.select().from(inventory);
  for (const item of stock.filter((row) => storeIds.includes(row.storeId) && row.onHand !== 0)) {
    const product = h.products.get(item.productId)!;
    const row = rows.get(product.categoryId) ?? { ...ZERO };
    rows.set(product.categoryId, row);
    if (item.onHand < 0) {
      row.negativeOnHandProducts += 1;
      continue;
    }
    const value = (perUnit: number) =>
      product.unit === 'weight' ? Math.round((perUnit * item.onHand) / 1000) : perUnit * item.onHand;
    row.products += 1;
    if (product.unit === 'weight') {
      row.grams += item.onHand;
    } else {
      row.units += item.onHand;
    }
    row.costValueCents += value(product.costCents);
    row.retailValueCents += value(product.priceCents);
  }
  return rows;
}

function totalsOf(rows: Iterable<InventoryValuationFigures>): InventoryValuationFigures {
  const totals = { ...ZERO };
  for (const row of rows) {
    for (const name of Object.keys(ZERO) as (keyof InventoryValuationFigures)[]) {
      totals[name] += row[name];
    }
  }
  return totals;
}

describe('GET /api/reports/inventory-valuation', () => {
  for (const scope of ['both stores (admin)', 'Chicago only (its manager)'] as const) {
    it(`${scope}: every category row and the totals recomputed from the inventory rows`, async () => {
      const isAdmin = scope.startsWith('both');
      const before = Date.now();
      const response = await h.get<InventoryValuationReport>(
        isAdmin ? h.admin : h.managerA,
        '/api/reports/inventory-valuation',
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const report = response.body;
      const expected = await expectedValuation(isAdmin ? [h.chicago.id, h.newYork.id] : [h.chicago.id]);
      const labelOf = (key: string | null) => (key ? pathOf(key) : 'Uncategorised');
      expect(report.rows.map((row) => row.label)).toEqual(
        [...expected.keys()]
          .map(labelOf)
          .sort((a, b) => (a === 'Uncategorised' ? 1 : b === 'Uncategorised' ? -1 : a.localeCompare(b))),
      );
      for (const { key, label, ...figures } of report.rows) {
        expect(label).toBe(labelOf(key));
        expect(figures, label).toEqual(expected.get(key));
      }
      expect(report.totals).toEqual(totalsOf(expected.values()));
      expect(Date.parse(report.asOf)).toBeGreaterThanOrEqual(before - 1000);
      expect(report).toMatchObject({ storeId: null, currency: 'USD' });
      expect(report).not.toHaveProperty('from');
    });
  }

  it('the recomputation is not vacuous: paths, a weighed product, and stock below zero', async () => {
    const report = (await h.get<InventoryValuationReport>(h.managerA, '/api/reports/inventory-valuation'))
      .body;
    expect(report.rows.map((row) => row.label)).toEqual([
      'Dog > Food',
      'Dog > Treats',
      'Toys',
      'Uncategorised',
    ]);
    const stock = await h.t.database.db.select().from(inventory).where(eq(inventory.storeId, h.chicago.id));
    const onHand = (sku: string) =>
      stock.find((row) => row.productId === [...h.products.values()].find((p) => p.sku === sku)!.id)!.onHand;
    // Chew sticks: 2 sold, 1 given free, 3 expired, never received → −6: no value, counted once.
    expect(onHand('RP-TREAT')).toBe(-6);
    expect(report.rows[1]).toEqual({
      key: [...h.products.values()].find((p) => p.sku === 'RP-TREAT')!.categoryId,
      label: 'Dog > Treats',
      ...ZERO,
      negativeOnHandProducts: 1,
    });
    // Dog > Food: kibble 40 received − 2 (S1) − 1 (S6) − 1 (S5) − 3 damaged = 33 bags at 30.00 / 54.99, and
    // bird seed 5000 g − 750 g − 120 g = 4130 g at 7.00 / 12.99 per kg (28.91 / 53.65 half-up).
    expect(onHand('RP-FOOD')).toBe(33);
    expect(onHand('RP-BULK')).toBe(4130);
    expect(report.rows[0]).toMatchObject({
      products: 2,
      units: 33,
      grams: 4130,
      costValueCents: 33 * 3000 + 2891,
      retailValueCents: 33 * 5499 + 5365,
      negativeOnHandProducts: 0,
    });
  });

  it('format=csv: a text/csv attachment whose rows parse back to the JSON', async () => {
    const json = (await h.get<InventoryValuationReport>(h.admin, '/api/reports/inventory-valuation')).body;
    const response = await h.getCsv(h.admin, '/api/reports/inventory-valuation?format=csv');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="inventory-valuation-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(
      csvRecords(response.text).map((record) => ({
        key: record.category_id || null,
        label: record.category,
        products: Number(record.products),
        units: Number(record.units),
        grams: Number(record.grams),
        costValueCents: centsOf(record.cost_value),
        retailValueCents: centsOf(record.retail_value),
        negativeOnHandProducts: Number(record.negative_on_hand_products),
      })),
    ).toEqual(json.rows);
  });

  itChecksReportAccess(() => h, 'inventory-valuation', false);
});
