import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaxReport, TaxReportFigures } from '../../shared/schemas/reports';
import type { Return, Sale } from '../../shared/schemas/sales';
import {
  buildReportHistory,
  centsOf,
  csvRecords,
  FROM,
  itChecksReportAccess,
  type ReportHistory,
  readBack,
  TO,
} from '../helpers/report-history';

/**
 * GET /api/reports/tax against the sales and returns it covers, read back through GET /api/sales/:id and
 * GET /api/returns/:id: each row recomputed from the lines (a return's rate from the sale line it returns,
 * or for a return without a receipt from the product's class and the store's rate).
 */
let h: ReportHistory;
let sales: Sale[];
let returns: Return[];

beforeAll(async () => {
  h = await buildReportHistory();
  sales = await Promise.all(Object.values(h.sales).map((sale) => readBack<Sale>(h, 'sales', sale.id)));
  returns = await Promise.all(Object.values(h.returns).map((ret) => readBack<Return>(h, 'returns', ret.id)));
}, 180_000);
afterAll(() => h.t.close());

const ZERO: TaxReportFigures = {
  taxableSalesCents: 0,
  taxOnSalesCents: 0,
  taxableReturnsCents: 0,
  taxRefundedCents: 0,
  netTaxableCents: 0,
  netTaxCents: 0,
};

function expectedTax(storeIds: string[], from: string, to: string) {
  const rows = new Map<string, TaxReportFigures>();
  const add = (taxClass: string, rate: string, figures: Partial<TaxReportFigures>) => {
    const key = `${taxClass}:${Number(rate)}`;
    const row = rows.get(key) ?? { ...ZERO };
    for (const [name, value] of Object.entries(figures) as [keyof TaxReportFigures, number][]) {
      row[name] += value;
    }
    rows.set(key, row);
  };
  const inRange = (row: { storeId: string; businessDate: string }) =>
    storeIds.includes(row.storeId) && row.businessDate >= from && row.businessDate <= to;
  for (const sale of sales.filter((s) => s.status === 'completed' && inRange(s))) {
    for (const line of sale.lines) {
      const net = line.totalCents - line.taxCents;
      add(line.taxClass, line.taxRate, {
        taxableSalesCents: net,
        taxOnSalesCents: line.taxCents,
        netTaxableCents: net,
        netTaxCents: line.taxCents,
      });
    }
  }
  const saleLines = new Map(sales.flatMap((sale) => sale.lines.map((line) => [line.id, line])));
  for (const ret of returns.filter(inRange)) {
    for (const line of ret.lines) {
      const sold = line.originalLineId ? saleLines.get(line.originalLineId) : undefined;
      const taxClass = sold?.taxClass ?? h.products.get(line.productId)!.taxClass;
      const rate = sold?.taxRate ?? h.storeOf(ret.storeId).taxRates[taxClass as 'standard'];
      const net = line.refundCents - line.taxCents;
      add(taxClass, rate, {
        taxableReturnsCents: net,
        taxRefundedCents: line.taxCents,
        netTaxableCents: -net,
        netTaxCents: -line.taxCents,
      });
    }
  }
  return rows;
}

function totalsOf(rows: Iterable<TaxReportFigures>): TaxReportFigures {
  const totals = { ...ZERO };
  for (const row of rows) {
    for (const name of Object.keys(ZERO) as (keyof TaxReportFigures)[]) {
      totals[name] += row[name];
    }
  }
  return totals;
}

describe('GET /api/reports/tax', () => {
  for (const scope of ['both stores (admin)', 'Chicago only (its manager)'] as const) {
    it(`${scope}: every rate row and the totals recomputed from the sales and returns`, async () => {
      const isAdmin = scope.startsWith('both');
      const response = await h.get<TaxReport>(
        isAdmin ? h.admin : h.managerA,
        `/api/reports/tax?from=${FROM}&to=${TO}`,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const report = response.body;
      const expected = expectedTax(isAdmin ? [h.chicago.id, h.newYork.id] : [h.chicago.id], FROM, TO);
      expect(report.rows.map((row) => row.key).sort()).toEqual([...expected.keys()].sort());
      for (const row of report.rows) {
        const { key, label, taxClass, ratePercent, ...figures } = row;
        expect(figures, key).toEqual(expected.get(key));
        expect(key).toBe(`${taxClass}:${ratePercent}`);
        expect(label).toBe(`${taxClass.charAt(0).toUpperCase()}${taxClass.slice(1)} ${ratePercent}%`);
      }
      expect(report.totals).toEqual(totalsOf(expected.values()));
      expect(report).toMatchObject({ from: FROM, to: TO, storeId: null, currency: 'USD' });
    });
  }

  it('the recomputation is not vacuous: the rates charged, and figures worked out by hand', async () => {
    const report = (await h.get<TaxReport>(h.admin, `/api/reports/tax?from=${FROM}&to=${TO}`)).body;
    // Class order, then rate descending; Brooklyn's 8.875 and Chicago's 8.25 are separate rows.
    expect(report.rows.map((row) => row.label)).toEqual([
      'Standard 8.875%',
      'Standard 8.25%',
      'Reduced 4%',
      'Reduced 2.5%',
      'Exempt 0%',
    ]);
    const chicagoReduced = report.rows.find((row) => row.key === 'reduced:2.5')!;
    // S2's two chews at 12.50, 2.5 % each: 0.625 rounds once on the line (62.5 → 63); S7's free one adds 0.
    expect(chicagoReduced.taxableSalesCents).toBe(2500);
    expect(chicagoReduced.taxOnSalesCents).toBe(63);
    // Exempt: S1's 3, S4's 1 and S7's 1 seed bags, no tax; the voided S3 and the later S5 are not in it.
    const exempt = report.rows.find((row) => row.key === 'exempt:0')!;
    expect(exempt.taxOnSalesCents).toBe(0);
    const seedLine = (name: string) => h.sales[name]!.lines.find((line) => line.sku === 'RP-SEED')!;
    expect(seedLine('S4').totalCents).toBe(349);
    expect(seedLine('S7').totalCents).toBe(349);
    expect(exempt.taxableSalesCents).toBe(seedLine('S1').totalCents + 2 * 349);
    expect(exempt.taxableSalesCents).toBeLessThan(5 * 349);
    // Returns on the 5th: S1's toy, S0's toy (sold before the range) and a toy without receipt, all 8.25 %.
    const chicagoStandard = report.rows.find((row) => row.key === 'standard:8.25')!;
    expect(chicagoStandard.taxRefundedCents).toBe(
      returns.filter((r) => r.storeId === h.chicago.id).reduce((sum, r) => sum + r.taxCents, 0),
    );
    expect(chicagoStandard.taxRefundedCents).toBeGreaterThan(0);
    // Brooklyn's prices hold their tax: taxable is what was paid less the tax inside it.
    const b2 = sales.find((s) => s.id === h.sales.B2!.id)!;
    expect(b2.businessDate).toBe('2026-03-04');
    expect(b2.lines[0]!.totalCents - b2.lines[0]!.taxCents).toBeLessThan(b2.lines[0]!.totalCents);
  });

  it('business dates follow each store: the 23:30 sales count on their local date, not the UTC one', async () => {
    const third = (await h.get<TaxReport>(h.admin, '/api/reports/tax?from=2026-03-03&to=2026-03-03')).body;
    // Chicago's only completed sale on the 3rd is S4 at 23:30 local (05:30Z on the 4th); S3 was voided.
    const s4 = sales.find((s) => s.id === h.sales.S4!.id)!;
    expect(third.totals.taxOnSalesCents).toBe(s4.taxCents);
    expect(third.totals.taxableSalesCents).toBe(s4.totalCents - s4.taxCents);
    const fourth = (await h.get<TaxReport>(h.admin, '/api/reports/tax?from=2026-03-04&to=2026-03-04')).body;
    const expected = expectedTax([h.chicago.id, h.newYork.id], '2026-03-04', '2026-03-04');
    expect(fourth.totals).toEqual(totalsOf(expected.values()));
    expect(fourth.totals.taxOnSalesCents).toBe(
      sales
        .filter((s) => s.businessDate === '2026-03-04' && s.status === 'completed')
        .reduce((sum, s) => sum + s.taxCents, 0),
    );
  });

  it('a range without sales: no rows, every total 0', async () => {
    const report = (await h.get<TaxReport>(h.admin, '/api/reports/tax?from=2025-01-01&to=2025-01-31')).body;
    expect(report.rows).toEqual([]);
    expect(report.totals).toEqual(ZERO);
  });

  it('format=csv: a text/csv attachment whose rows parse back to the JSON figures', async () => {
    const json = (await h.get<TaxReport>(h.admin, `/api/reports/tax?from=${FROM}&to=${TO}`)).body;
    const response = await h.getCsv(h.admin, `/api/reports/tax?from=${FROM}&to=${TO}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="tax-${FROM}-${TO}.csv"`);
    const records = csvRecords(response.text);
    expect(records).toHaveLength(json.rows.length);
    records.forEach((record, index) => {
      const row = json.rows[index]!;
      expect(record.key).toBe(row.key);
      expect(record.tax_rate).toBe(row.label);
      expect({
        taxableSalesCents: centsOf(record.taxable_sales),
        taxOnSalesCents: centsOf(record.tax_on_sales),
        taxableReturnsCents: centsOf(record.taxable_returns),
        taxRefundedCents: centsOf(record.tax_refunded),
        netTaxableCents: centsOf(record.net_taxable),
        netTaxCents: centsOf(record.net_tax),
      }).toEqual({
        taxableSalesCents: row.taxableSalesCents,
        taxOnSalesCents: row.taxOnSalesCents,
        taxableReturnsCents: row.taxableReturnsCents,
        taxRefundedCents: row.taxRefundedCents,
        netTaxableCents: row.netTaxableCents,
        netTaxCents: row.netTaxCents,
      });
    });
  });

  itChecksReportAccess(() => h, 'tax');
});
