import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShiftOverShortReport, ShiftOverShortRow } from '../../shared/schemas/reports';
import type { Shift } from '../../shared/schemas/shifts';
import { businessDateAt } from '../../shared/time';
import {
  buildReportHistory,
  centsOf,
  csvRecords,
  FROM,
  itChecksReportAccess,
  localTimeIn,
  type ReportHistory,
  TO,
} from '../helpers/report-history';

/**
 * GET /api/reports/shift-over-short against the shifts as GET /api/shifts/:id shows them: closed in the range
 * by the business date (store time zone) of their close, one row each.
 */
let h: ReportHistory;
let shifts: Shift[];

beforeAll(async () => {
  h = await buildReportHistory();
  shifts = [];
  for (const id of h.shiftIds) {
    const response = await h.get<Shift>(h.admin, `/api/shifts/${id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    shifts.push(response.body);
  }
}, 180_000);
afterAll(() => h.t.close());

function expectedRows(storeIds: string[], from: string, to: string): ShiftOverShortRow[] {
  return shifts
    .filter((shift) => {
      if (!storeIds.includes(shift.storeId) || shift.status !== 'closed') {
        return false;
      }
      const date = businessDateAt(new Date(shift.closedAt!), h.storeOf(shift.storeId).timezone);
      return date >= from && date <= to;
    })
    .map((shift) => {
      const store = h.storeOf(shift.storeId);
      const openedLocal = localTimeIn(shift.openedAt, store.timezone);
      return {
        key: shift.id,
        label: `${store.code} ${shift.registerId} ${openedLocal}`,
        storeId: store.id,
        storeCode: store.code,
        registerId: shift.registerId,
        cashierId: shift.openedBy,
        cashier: h.userNames.get(shift.openedBy)!,
        closedById: shift.closedBy!,
        closedBy: h.userNames.get(shift.closedBy!)!,
        openedAt: new Date(shift.openedAt).toISOString(),
        closedAt: new Date(shift.closedAt!).toISOString(),
        openedLocal,
        closedLocal: localTimeIn(shift.closedAt!, store.timezone),
        businessDate: businessDateAt(new Date(shift.closedAt!), store.timezone),
        expectedCashCents: shift.expectedCashCents!,
        countedCashCents: shift.countedCashCents!,
        overShortCents: shift.countedCashCents! - shift.expectedCashCents!,
      };
    })
    .sort((a, b) => a.closedAt.localeCompare(b.closedAt));
}

describe('GET /api/reports/shift-over-short', () => {
  for (const scope of ['both stores (admin)', 'Chicago only (its manager)'] as const) {
    it(`${scope}: one row per shift closed in the range, and the totals, recomputed`, async () => {
      const isAdmin = scope.startsWith('both');
      const response = await h.get<ShiftOverShortReport>(
        isAdmin ? h.admin : h.managerA,
        `/api/reports/shift-over-short?from=${FROM}&to=${TO}`,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const rows = expectedRows(isAdmin ? [h.chicago.id, h.newYork.id] : [h.chicago.id], FROM, TO);
      expect(response.body.rows).toEqual(rows);
      const sum = (pick: (row: ShiftOverShortRow) => number) =>
        rows.reduce((total, row) => total + pick(row), 0);
      expect(response.body.totals).toEqual({
        shifts: rows.length,
        expectedCashCents: sum((row) => row.expectedCashCents),
        countedCashCents: sum((row) => row.countedCashCents),
        overCents: sum((row) => Math.max(0, row.overShortCents)),
        shortCents: sum((row) => Math.min(0, row.overShortCents)),
        overShortCents: sum((row) => row.overShortCents),
      });
    });
  }

  it('the recomputation is not vacuous: closes near midnight fall on their local date', async () => {
    // rp-1 closed 23:10 on the 5th local (05:10Z on the 6th): inside, 2.50 over. rp-2 closed 00:20 on the 6th.
    const fifth = (
      await h.get<ShiftOverShortReport>(
        h.managerA,
        '/api/reports/shift-over-short?from=2026-03-05&to=2026-03-05',
      )
    ).body;
    expect(
      fifth.rows.map((row) => [row.registerId, row.closedLocal, row.businessDate, row.overShortCents]),
    ).toEqual([['rp-1', '2026-03-05 23:10:00', '2026-03-05', 250]]);
    expect(fifth.rows[0]).toMatchObject({
      cashier: 'Avery',
      closedBy: 'Drew',
      openedLocal: '2026-03-02 08:00:00',
    });
    const sixth = (
      await h.get<ShiftOverShortReport>(
        h.managerA,
        '/api/reports/shift-over-short?from=2026-03-06&to=2026-03-06',
      )
    ).body;
    expect(sixth.rows.map((row) => [row.registerId, row.overShortCents])).toEqual([['rp-2', -100]]);
    expect(sixth.totals).toMatchObject({ shifts: 1, overCents: 0, shortCents: -100, overShortCents: -100 });
    // Brooklyn's shift closed at 17:00 local on the 5th, even.
    const both = (
      await h.get<ShiftOverShortReport>(
        h.admin,
        '/api/reports/shift-over-short?from=2026-03-05&to=2026-03-06',
      )
    ).body;
    expect(both.totals).toMatchObject({ shifts: 3, overCents: 250, shortCents: -100, overShortCents: 150 });
  });

  it('a range without closes: no rows, totals 0', async () => {
    const report = (
      await h.get<ShiftOverShortReport>(
        h.admin,
        '/api/reports/shift-over-short?from=2026-03-02&to=2026-03-04',
      )
    ).body;
    expect(report.rows).toEqual([]);
    expect(Object.values(report.totals).every((value) => value === 0)).toBe(true);
  });

  it('format=csv: a text/csv attachment whose rows parse back to the JSON', async () => {
    const json = (
      await h.get<ShiftOverShortReport>(h.admin, `/api/reports/shift-over-short?from=${FROM}&to=${TO}`)
    ).body;
    const response = await h.getCsv(
      h.admin,
      `/api/reports/shift-over-short?from=${FROM}&to=${TO}&format=csv`,
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="shift-over-short-${FROM}-${TO}.csv"`,
    );
    expect(
      csvRecords(response.text).map((record) => [
        record.shift_id,
        record.store_code,
        record.register,
        record.cashier,
        record.closed_by,
        record.opened_local,
        record.closed_local,
        record.business_date,
        centsOf(record.expected_cash),
        centsOf(record.counted_cash),
        centsOf(record.over_short),
      ]),
    ).toEqual(
      json.rows.map((row) => [
        row.key,
        row.storeCode,
        row.registerId,
        row.cashier,
        row.closedBy,
        row.openedLocal,
        row.closedLocal,
        row.businessDate,
        row.expectedCashCents,
        row.countedCashCents,
        row.overShortCents,
      ]),
    );
    expect(json.rows.length).toBe(2);
  });

  itChecksReportAccess(() => h, 'shift-over-short');
});
