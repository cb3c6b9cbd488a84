import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoidReturnRow, VoidsReturnsReport } from '../../shared/schemas/reports';
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
 * GET /api/reports/voids-returns against the voided sales and the returns as GET /api/sales/:id and
 * GET /api/returns/:id show them (who voided from the audit log), one row each, by time.
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

function expectedRows(storeIds: string[], from: string, to: string): VoidReturnRow[] {
  const inRange = (row: { storeId: string; businessDate: string }) =>
    storeIds.includes(row.storeId) && row.businessDate >= from && row.businessDate <= to;
  const receipts = new Map(sales.map((sale) => [sale.id, sale.receiptNumber]));
  const common = (row: Sale | Return, at: string) => {
    const store = h.storeOf(row.storeId);
    return {
      key: row.id,
      label: row.receiptNumber,
      at,
      localTime: localTimeIn(at, store.timezone),
      businessDate: row.businessDate,
      storeId: store.id,
      storeCode: store.code,
      store: store.name,
      receiptNumber: row.receiptNumber,
      cashierId: row.cashierId,
      cashier: h.userNames.get(row.cashierId)!,
    };
  };
  const rows: VoidReturnRow[] = [
    ...sales
      .filter((sale) => sale.status === 'voided' && inRange(sale))
      .map((sale): VoidReturnRow => {
        const approverId = voiders.get(sale.id)!;
        return {
          ...common(sale, sale.voidedAt!),
          kind: 'void',
          originalReceiptNumber: null,
          approverId,
          approver: h.userNames.get(approverId)!,
          amountCents: sale.totalCents,
          reason: sale.voidReason,
        };
      }),
    ...returns.filter(inRange).map(
      (ret): VoidReturnRow => ({
        ...common(ret, ret.createdAt),
        kind: 'return',
        originalReceiptNumber: ret.originalSaleId ? receipts.get(ret.originalSaleId)! : null,
        approverId: ret.approvedBy,
        approver: ret.approvedBy ? h.userNames.get(ret.approvedBy)! : null,
        amountCents: ret.refundTotalCents,
        reason: ret.reason,
      }),
    ),
  ];
  return rows.sort((a, b) => a.at.localeCompare(b.at) || a.receiptNumber.localeCompare(b.receiptNumber));
}

describe('GET /api/reports/voids-returns', () => {
  for (const scope of ['both stores (admin)', 'Chicago only (its manager)'] as const) {
    it(`${scope}: one row per void and return, and the totals, recomputed`, async () => {
      const isAdmin = scope.startsWith('both');
      const storeIds = isAdmin ? [h.chicago.id, h.newYork.id] : [h.chicago.id];
      const response = await h.get<VoidsReturnsReport>(
        isAdmin ? h.admin : h.managerA,
        `/api/reports/voids-returns?from=${FROM}&to=${TO}`,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const rows = expectedRows(storeIds, FROM, TO);
      expect(response.body.rows).toEqual(rows);
      const voids = rows.filter((row) => row.kind === 'void');
      const rets = rows.filter((row) => row.kind === 'return');
      expect(response.body.totals).toEqual({
        voids: voids.length,
        voidedCents: voids.reduce((sum, row) => sum + row.amountCents, 0),
        returns: rets.length,
        returnedCents: rets.reduce((sum, row) => sum + row.amountCents, 0),
      });
    });
  }

  it('the recomputation is not vacuous: the rows a person lists by hand', async () => {
    const report = (
      await h.get<VoidsReturnsReport>(h.managerA, `/api/reports/voids-returns?from=${FROM}&to=${TO}`)
    ).body;
    expect(
      report.rows.map((row) => [
        row.kind,
        row.localTime,
        row.cashier,
        row.approver,
        row.reason,
        row.originalReceiptNumber,
      ]),
    ).toEqual([
      ['void', '2026-03-03 11:00:00', 'Avery', 'Drew', 'rang up on the wrong till', null],
      ['return', '2026-03-05 10:20:00', 'Blake', null, 'torn', h.sales.S1!.receiptNumber],
      // S0 was sold on 1 March, before the range: its return counts on the 5th.
      ['return', '2026-03-05 11:00:00', 'Avery', null, 'not wanted', h.sales.S0!.receiptNumber],
      ['return', '2026-03-05 12:00:00', 'Avery', 'Drew', 'gift, no receipt', null],
    ]);
    expect(report.rows[0]!.amountCents).toBe(h.sales.S3!.totalCents);
    expect(report.rows[0]!.receiptNumber).toBe(h.sales.S3!.receiptNumber);
  });

  it('a void counts on its business date only; a range without any: no rows, totals 0', async () => {
    const third = (
      await h.get<VoidsReturnsReport>(h.admin, '/api/reports/voids-returns?from=2026-03-03&to=2026-03-03')
    ).body;
    expect(third.rows.map((row) => row.kind)).toEqual(['void']);
    expect(third.totals).toEqual({
      voids: 1,
      voidedCents: h.sales.S3!.totalCents,
      returns: 0,
      returnedCents: 0,
    });
    const empty = (
      await h.get<VoidsReturnsReport>(h.admin, '/api/reports/voids-returns?from=2026-03-06&to=2026-03-31')
    ).body;
    expect(empty.rows).toEqual([]);
    expect(empty.totals).toEqual({ voids: 0, voidedCents: 0, returns: 0, returnedCents: 0 });
  });

  it('format=csv: a text/csv attachment whose rows parse back to the JSON', async () => {
    const json = (
      await h.get<VoidsReturnsReport>(h.admin, `/api/reports/voids-returns?from=${FROM}&to=${TO}`)
    ).body;
    const response = await h.getCsv(h.admin, `/api/reports/voids-returns?from=${FROM}&to=${TO}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="voids-returns-${FROM}-${TO}.csv"`,
    );
    const records = csvRecords(response.text);
    expect(
      records.map((record) => [
        record.id,
        record.kind,
        record.local_time,
        record.business_date,
        record.store_code,
        record.receipt_number,
        record.original_receipt_number,
        record.cashier,
        record.approver,
        centsOf(record.amount),
        record.reason,
      ]),
    ).toEqual(
      json.rows.map((row) => [
        row.key,
        row.kind,
        row.localTime,
        row.businessDate,
        row.storeCode,
        row.receiptNumber,
        row.originalReceiptNumber ?? '',
        row.cashier,
        row.approver ?? '',
        row.amountCents,
        row.reason ?? '',
      ]),
    );
    // "gift, no receipt" holds a comma: quoted, it stays one field.
    expect(response.text).toContain('"gift, no receipt"');
  });

  itChecksReportAccess(() => h, 'voids-returns');
});
