import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenderReport, TenderReportFigures } from '../../shared/schemas/reports';
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
 * GET /api/reports/tenders against the tenders of the sales and the refund tenders of the returns it covers,
 * as GET /api/sales/:id and GET /api/returns/:id show them. Cash taken is tendered less change.
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

type Tally = Omit<TenderReportFigures, 'sales' | 'refunds'> & { sales: Set<string>; refunds: Set<string> };

function expectedTenders(storeIds: string[], from: string, to: string) {
  const rows = new Map<string, Tally>();
  const tally = (method: string) => {
    const row = rows.get(method) ?? {
      sales: new Set<string>(),
      tenderedCents: 0,
      changeCents: 0,
      takenCents: 0,
      refunds: new Set<string>(),
      refundedCents: 0,
      netCents: 0,
    };
    rows.set(method, row);
    return row;
  };
  const inRange = (row: { storeId: string; businessDate: string }) =>
    storeIds.includes(row.storeId) && row.businessDate >= from && row.businessDate <= to;
  for (const sale of sales.filter((s) => s.status === 'completed' && inRange(s))) {
    for (const tender of sale.tenders) {
      const row = tally(tender.method);
      row.sales.add(sale.id);
      row.tenderedCents += tender.amountCents;
    }
    if (sale.changeDueCents > 0) {
      tally('cash').changeCents += sale.changeDueCents;
    }
  }
  for (const ret of returns.filter(inRange)) {
    for (const tender of ret.refundTenders) {
      const row = tally(tender.method);
      row.refunds.add(ret.id);
      row.refundedCents += tender.amountCents;
    }
  }
  return new Map(
    [...rows].map(([method, row]) => {
      const taken = row.tenderedCents - row.changeCents;
      return [
        method,
        {
          sales: row.sales.size,
          tenderedCents: row.tenderedCents,
          changeCents: row.changeCents,
          takenCents: taken,
          refunds: row.refunds.size,
          refundedCents: row.refundedCents,
          netCents: taken - row.refundedCents,
        },
      ];
    }),
  );
}

describe('GET /api/reports/tenders', () => {
  for (const scope of ['both stores (admin)', 'Chicago only (its manager)'] as const) {
    it(`${scope}: every method row and the totals recomputed from the tenders`, async () => {
      const isAdmin = scope.startsWith('both');
      const storeIds = isAdmin ? [h.chicago.id, h.newYork.id] : [h.chicago.id];
      const response = await h.get<TenderReport>(
        isAdmin ? h.admin : h.managerA,
        `/api/reports/tenders?from=${FROM}&to=${TO}`,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const report = response.body;
      const expected = expectedTenders(storeIds, FROM, TO);
      const order = ['cash', 'card', 'store_credit'];
      expect(report.rows.map((row) => row.key)).toEqual(order.filter((method) => expected.has(method)));
      for (const row of report.rows) {
        const { key, label, ...figures } = row;
        expect(figures, key).toEqual(expected.get(key));
      }
      const inRange = (row: { storeId: string; businessDate: string }) =>
        storeIds.includes(row.storeId) && row.businessDate >= FROM && row.businessDate <= TO;
      const counted = sales.filter((s) => s.status === 'completed' && inRange(s));
      const refunded = returns.filter(inRange);
      expect(report.totals).toEqual({
        sales: counted.length,
        tenderedCents: [...expected.values()].reduce((sum, row) => sum + row.tenderedCents, 0),
        changeCents: counted.reduce((sum, s) => sum + s.changeDueCents, 0),
        // What the store kept is what was due: each sale's total plus its cash rounding.
        takenCents: counted.reduce((sum, s) => sum + s.totalCents + s.roundingCents, 0),
        refunds: refunded.length,
        refundedCents: refunded.reduce((sum, r) => sum + r.refundTotalCents + r.roundingCents, 0),
        netCents:
          counted.reduce((sum, s) => sum + s.totalCents + s.roundingCents, 0) -
          refunded.reduce((sum, r) => sum + r.refundTotalCents + r.roundingCents, 0),
      });
    });
  }

  it('change given does not inflate cash: a 150.00 note for S1 counts what S1 cost', async () => {
    const second = (
      await h.get<TenderReport>(h.managerA, '/api/reports/tenders?from=2026-03-02&to=2026-03-02')
    ).body;
    const s1 = sales.find((s) => s.id === h.sales.S1!.id)!;
    const s2 = sales.find((s) => s.id === h.sales.S2!.id)!;
    const cash = second.rows.find((row) => row.key === 'cash')!;
    expect(cash.tenderedCents).toBe(15_000 + 5000);
    expect(cash.changeCents).toBe(s1.changeDueCents + s2.changeDueCents);
    expect(cash.changeCents).toBeGreaterThan(0);
    // S2 was split: 10.00 by card, the rest in cash.
    expect(cash.takenCents).toBe(s1.totalCents + s2.totalCents - 1000);
    expect(second.rows.find((row) => row.key === 'card')).toMatchObject({ sales: 1, takenCents: 1000 });
    expect(second.totals.sales).toBe(2);
  });

  it('returns count on their own business date, in the tender refunded (S0 was sold before the range)', async () => {
    const fifth = (
      await h.get<TenderReport>(h.managerA, '/api/reports/tenders?from=2026-03-05&to=2026-03-05')
    ).body;
    expect(fifth.totals.sales).toBe(0);
    expect(fifth.rows.find((row) => row.key === 'card')).toMatchObject({
      sales: 0,
      takenCents: 0,
      refunds: 1,
      refundedCents: h.returns.R2!.refundTotalCents,
    });
    expect(fifth.rows.find((row) => row.key === 'store_credit')!.refundedCents).toBe(
      h.returns.R3!.refundTotalCents,
    );
  });

  it('a range without sales: no rows, every total 0', async () => {
    const report = (await h.get<TenderReport>(h.admin, '/api/reports/tenders?from=2025-01-01&to=2025-01-31'))
      .body;
    expect(report.rows).toEqual([]);
    expect(Object.values(report.totals).every((value) => value === 0)).toBe(true);
  });

  it('format=csv: a text/csv attachment whose rows parse back to the JSON figures', async () => {
    const json = (await h.get<TenderReport>(h.admin, `/api/reports/tenders?from=${FROM}&to=${TO}`)).body;
    const response = await h.getCsv(h.admin, `/api/reports/tenders?from=${FROM}&to=${TO}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="tenders-${FROM}-${TO}.csv"`);
    const records = csvRecords(response.text);
    expect(records).toHaveLength(json.rows.length);
    records.forEach((record, index) => {
      const row = json.rows[index]!;
      expect({
        key: record.method,
        label: record.tender,
        sales: Number(record.sales),
        tenderedCents: centsOf(record.tendered),
        changeCents: centsOf(record.change),
        takenCents: centsOf(record.taken),
        refunds: Number(record.refunds),
        refundedCents: centsOf(record.refunded),
        netCents: centsOf(record.net),
      }).toEqual(row);
    });
  });

  itChecksReportAccess(() => h, 'tenders');
});
