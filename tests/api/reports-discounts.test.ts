import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscountReport, DiscountReportRow, ReportApproval } from '../../shared/schemas/reports';
import type { Return, Sale } from '../../shared/schemas/sales';
import {
  buildReportHistory,
  centsOf,
  csvRecords,
  FROM,
  itChecksReportAccess,
  localTimeIn,
  type ReportHistory,
  readBack,
  TO,
  voidApprovers,
} from '../helpers/report-history';

/**
 * GET /api/reports/discounts against the sale lines it covers (a line sold below the catalog price is an
 * override; the catalog does not change in the history) and the approvals the sales, returns and voids carry
 * as the API shows them (the void's approver from the audit log).
 */
let h: ReportHistory;
let sales: Sale[];
let returns: Return[];
let voiders: Map<string, string>;

beforeAll(async () => {
  h = await buildReportHistory();
  sales = await Promise.all(Object.values(h.sales).map((sale) => readBack<Sale>(h, 'sales', sale.id)));
  returns = await Promise.all(Object.values(h.returns).map((ret) => readBack<Return>(h, 'returns', ret.id)));
  voiders = await voidApprovers(h);
}, 180_000);
afterAll(() => h.t.close());

const LABELS = {
  discount: 'Line and sale discounts',
  reward: 'Rewards (free units)',
  price_override: 'Price overrides',
} as const;

function expectedRows(storeIds: string[], from: string, to: string): DiscountReportRow[] {
  const tallies = new Map<
    DiscountReportRow['key'],
    { lines: number; sales: Set<string>; amountCents: number }
  >();
  for (const sale of sales) {
    if (sale.status !== 'completed' || !storeIds.includes(sale.storeId)) {
      continue;
    }
    if (sale.businessDate < from || sale.businessDate > to) {
      continue;
    }
    for (const line of sale.lines) {
      const kind = line.rewardProgramId
        ? 'reward'
        : line.unitPriceCents !== h.products.get(line.productId)!.priceCents
          ? 'price_override'
          : line.discountCents > 0
            ? 'discount'
            : null;
      if (!kind) {
        continue;
      }
      const tally = tallies.get(kind) ?? { lines: 0, sales: new Set<string>(), amountCents: 0 };
      tally.lines += 1;
      tally.sales.add(sale.id);
      tally.amountCents += line.discountCents;
      tallies.set(kind, tally);
    }
  }
  return (['discount', 'reward', 'price_override'] as const)
    .filter((kind) => tallies.has(kind))
    .map((kind) => {
      const tally = tallies.get(kind)!;
      return {
        key: kind,
        label: LABELS[kind],
        lines: tally.lines,
        sales: tally.sales.size,
        amountCents: tally.amountCents,
      };
    });
}

function expectedApprovals(storeIds: string[], from: string, to: string): ReportApproval[] {
  const inRange = (row: { storeId: string; businessDate: string }) =>
    storeIds.includes(row.storeId) && row.businessDate >= from && row.businessDate <= to;
  // What each approved sale of the history needed, as it was rung up.
  const saleReasons = new Map<string, ReportApproval['reasons']>([
    [h.sales.S4!.id, ['price_override']],
    [h.sales.S6!.id, ['discount_over_limit']],
    [h.sales.S7!.id, ['reward']],
  ]);
  const approvals: ReportApproval[] = [];
  const base = (row: Sale | Return, at: string) => {
    const store = h.storeOf(row.storeId);
    return {
      key: row.id,
      at,
      localTime: localTimeIn(at, store.timezone),
      businessDate: row.businessDate,
      storeId: row.storeId,
      storeCode: store.code,
      receiptNumber: row.receiptNumber,
      cashierId: row.cashierId,
      cashier: h.userNames.get(row.cashierId)!,
    };
  };
  for (const sale of sales.filter(inRange)) {
    if (sale.approvedBy) {
      approvals.push({
        ...base(sale, sale.createdAt),
        kind: 'sale',
        reasons: saleReasons.get(sale.id)!,
        approverId: sale.approvedBy,
        approver: h.userNames.get(sale.approvedBy)!,
        amountCents: sale.totalCents,
        discountCents: sale.discountCents,
      });
    }
    if (sale.status === 'voided') {
      const approverId = voiders.get(sale.id)!;
      approvals.push({
        ...base(sale, sale.voidedAt!),
        kind: 'void',
        reasons: ['void'],
        approverId,
        approver: h.userNames.get(approverId)!,
        amountCents: sale.totalCents,
        discountCents: sale.discountCents,
      });
    }
  }
  for (const ret of returns.filter((r) => inRange(r) && r.approvedBy)) {
    approvals.push({
      ...base(ret, ret.createdAt),
      kind: 'return',
      reasons: [ret.originalSaleId ? 'return' : 'no_receipt_return'],
      approverId: ret.approvedBy!,
      approver: h.userNames.get(ret.approvedBy!)!,
      amountCents: ret.refundTotalCents,
      discountCents: 0,
    });
  }
  return approvals.sort((a, b) => a.at.localeCompare(b.at));
}

describe('GET /api/reports/discounts', () => {
  for (const scope of ['both stores (admin)', 'Chicago only (its manager)'] as const) {
    it(`${scope}: discount kinds, approvals and totals recomputed from the sales, returns and voids`, async () => {
      const isAdmin = scope.startsWith('both');
      const storeIds = isAdmin ? [h.chicago.id, h.newYork.id] : [h.chicago.id];
      const response = await h.get<DiscountReport>(
        isAdmin ? h.admin : h.managerA,
        `/api/reports/discounts?from=${FROM}&to=${TO}`,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const report = response.body;
      const rows = expectedRows(storeIds, FROM, TO);
      expect(report.rows).toEqual(rows);
      const approvals = expectedApprovals(storeIds, FROM, TO);
      expect(report.approvals).toEqual(approvals);
      const discounted = new Set(
        sales
          .filter(
            (s) =>
              s.status === 'completed' &&
              storeIds.includes(s.storeId) &&
              s.businessDate >= FROM &&
              s.businessDate <= TO &&
              s.lines.some(
                (line) =>
                  line.discountCents > 0 ||
                  line.unitPriceCents !== h.products.get(line.productId)!.priceCents,
              ),
          )
          .map((s) => s.id),
      );
      expect(report.totals).toEqual({
        lines: rows.reduce((sum, row) => sum + row.lines, 0),
        sales: discounted.size,
        amountCents: rows.reduce((sum, row) => sum + row.amountCents, 0),
        approvals: approvals.length,
      });
    });
  }

  it('the recomputation is not vacuous: the approvals a person lists by hand', async () => {
    const report = (await h.get<DiscountReport>(h.managerA, `/api/reports/discounts?from=${FROM}&to=${TO}`))
      .body;
    expect(
      report.approvals.map((a) => [a.kind, a.reasons.join(), a.localTime, a.cashier, a.approver]),
    ).toEqual([
      ['void', 'void', '2026-03-03 11:00:00', 'Avery', 'Drew'],
      // 23:30 local on the 3rd, 05:30Z on the 4th.
      ['sale', 'price_override', '2026-03-03 23:30:00', 'Blake', 'Drew'],
      ['sale', 'discount_over_limit', '2026-03-04 12:00:00', 'Avery', 'Drew'],
      ['sale', 'reward', '2026-03-04 13:00:00', 'Blake', 'Drew'],
      ['return', 'no_receipt_return', '2026-03-05 12:00:00', 'Avery', 'Drew'],
    ]);
    expect(report.approvals[1]!.businessDate).toBe('2026-03-03');
    // S6: 25 % off 54.99 is 13.75 (half-up), the only discount on it.
    expect(report.approvals[2]!.discountCents).toBe(1375);
    // Discounted lines: S1's three (line 10 % on the toy, the 5.00 cart discount spread), S6's bag; the
    // voided S3 had none; S4's overridden toys are price overrides.
    expect(report.rows.find((row) => row.key === 'discount')).toMatchObject({ lines: 4, sales: 2 });
    expect(report.rows.find((row) => row.key === 'price_override')).toMatchObject({ lines: 1, sales: 1 });
    // S7's free chew stick: its whole price.
    expect(report.rows.find((row) => row.key === 'reward')).toEqual({
      key: 'reward',
      label: 'Rewards (free units)',
      lines: 1,
      sales: 1,
      amountCents: 1250,
    });
    expect(report.rows.map((row) => row.key)).toEqual(['discount', 'reward', 'price_override']);
    expect(report.rows.find((row) => row.key === 'discount')!.amountCents).toBe(
      h.sales.S1!.discountCents + h.sales.S6!.discountCents,
    );
  });

  it('a range without sales: no rows, no approvals, every total 0', async () => {
    const report = (
      await h.get<DiscountReport>(h.admin, '/api/reports/discounts?from=2025-01-01&to=2025-01-31')
    ).body;
    expect(report.rows).toEqual([]);
    expect(report.approvals).toEqual([]);
    expect(report.totals).toEqual({ lines: 0, sales: 0, amountCents: 0, approvals: 0 });
  });

  it('format=csv: the kinds then the approvals, parsing back to the JSON', async () => {
    const json = (await h.get<DiscountReport>(h.admin, `/api/reports/discounts?from=${FROM}&to=${TO}`)).body;
    const response = await h.getCsv(h.admin, `/api/reports/discounts?from=${FROM}&to=${TO}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="discounts-${FROM}-${TO}.csv"`,
    );
    const records = csvRecords(response.text);
    const kinds = records.filter((record) => record.section === 'discount');
    const approvals = records.filter((record) => record.section === 'approval');
    expect(kinds.length + approvals.length).toBe(records.length);
    expect(
      kinds.map((record) => ({
        key: record.key,
        label: record.label,
        lines: Number(record.lines),
        sales: Number(record.sales),
        amountCents: centsOf(record.amount),
      })),
    ).toEqual(json.rows);
    expect(
      approvals.map((record) => [
        record.key,
        record.label,
        record.reasons,
        record.local_time,
        record.business_date,
        record.store_code,
        record.receipt_number,
        record.cashier,
        record.approver,
        centsOf(record.amount),
        centsOf(record.discount),
      ]),
    ).toEqual(
      json.approvals.map((a) => [
        a.key,
        a.kind,
        a.reasons.join(' '),
        a.localTime,
        a.businessDate,
        a.storeCode,
        a.receiptNumber,
        a.cashier,
        a.approver,
        a.amountCents,
        a.discountCents,
      ]),
    );
  });

  itChecksReportAccess(() => h, 'discounts');
});
