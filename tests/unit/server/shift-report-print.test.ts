import { describe, expect, it } from 'vitest';
import { type ShiftReport, shiftReportSchema } from '../../../shared/schemas/shifts';
import {
  formatCents,
  formatStoreTime,
  PRINT_COLUMNS,
  renderShiftReportHtml,
  renderShiftReportText,
} from '../../../server/modules/shifts/shift-report-print';

const SHIFT_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const USER_ID = '0b1c2d3e-4f50-4617-8829-3a4b5c6d7e8f';

function closedReport(overrides: Partial<ShiftReport['shift']> = {}): ShiftReport {
  return shiftReportSchema.parse({
    kind: 'Z',
    generatedAt: '2025-03-14T23:30:00.000Z',
    shift: {
      id: SHIFT_ID,
      storeId: '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
      registerId: 'till-1',
      status: 'closed',
      businessDate: '2025-03-14',
      openingFloatCents: 10_000,
      openedAt: '2025-03-14T14:00:00.000Z',
      openedBy: USER_ID,
      closedAt: '2025-03-14T23:05:00.000Z',
      closedBy: USER_ID,
      expectedCashCents: 17_934,
      countedCashCents: 17_900,
      overShortCents: -34,
      storeCode: 'S001',
      storeName: 'Paws & Claws <Uptown>',
      timezone: 'America/Chicago',
      currency: 'USD',
      openedByName: 'Jo Cashier',
      closedByName: 'Jo Cashier',
      ...overrides,
    },
    salesCount: 3,
    grossSalesCents: 16_968,
    discountCents: 595,
    netSalesCents: 16_373,
    taxCents: 1_290,
    roundingCents: 2,
    salesTotalCents: 17_665,
    returns: { count: 1, refundCents: 1_031, taxCents: 25 },
    voids: { count: 1, totalCents: 2_000 },
    taxByRate: [
      { taxRate: '8.25', taxableCents: 15_302, taxCents: 1_263 },
      { taxRate: '2.5', taxableCents: 65, taxCents: 2 },
    ],
    tenders: [
      { method: 'cash', salesCents: 7_665, refundsCents: 1_031, netCents: 6_634 },
      { method: 'card', salesCents: 10_000, refundsCents: 0, netCents: 10_000 },
      { method: 'store_credit', salesCents: 0, refundsCents: 0, netCents: 0 },
    ],
    cash: {
      openingFloatCents: 10_000,
      cashSalesCents: 7_665,
      cashRefundsCents: 1_031,
      paidInCents: 2_500,
      paidOutCents: 1_200,
      expectedCashCents: 17_934,
    },
    noSaleCount: 1,
    cashMovements: [
      {
        id: '2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091',
        shiftId: SHIFT_ID,
        type: 'paid_out',
        amountCents: 1_200,
        reason: 'Window cleaner, paid in cash because the invoice was lost somewhere in the back office',
        userId: USER_ID,
        createdAt: '2025-03-14T18:15:00.000Z',
      },
      {
        id: '3c4d5e6f-7081-4923-8b4c-5d6e7f8091a2',
        shiftId: SHIFT_ID,
        type: 'no_sale',
        amountCents: 0,
        reason: '',
        userId: USER_ID,
        createdAt: '2025-03-14T19:00:00.000Z',
      },
    ],
  });
}

/** A label and a value on one printed line, the value flush right. */
function printRow(label: string, value: string): string {
  return `${label.padEnd(PRINT_COLUMNS - value.length)}${value}`;
}

describe('formatCents', () => {
  it('formats integer cents with thousands separators and a minus sign, never through a float', () => {
    expect(formatCents(0)).toBe('0.00');
    expect(formatCents(5)).toBe('0.05');
    expect(formatCents(-34)).toBe('-0.34');
    expect(formatCents(123_456_789)).toBe('1,234,567.89');
    expect(formatCents(-100_000)).toBe('-1,000.00');
  });
});

describe('formatStoreTime', () => {
  it("shows an instant on the store's wall clock", () => {
    expect(formatStoreTime('2025-03-14T23:05:00.000Z', 'America/Chicago')).toBe('2025-03-14 18:05');
    expect(formatStoreTime('2025-03-15T01:00:00.000Z', 'America/Chicago')).toBe('2025-03-14 20:00');
    expect(formatStoreTime('2025-03-14T23:05:00.000Z', 'Europe/Berlin')).toBe('2025-03-15 00:05');
  });
});

describe('renderShiftReportText', () => {
  it('keeps every line within 42 columns and prints the totals, right-aligned', () => {
    const text = renderShiftReportText(closedReport());
    const lines = text.trimEnd().split('\n');
    expect(lines.filter((line) => line.length > PRINT_COLUMNS)).toEqual([]);
    expect(lines).toContain(printRow('Sales total', '176.65'));
    expect(lines).toContain(printRow('Expected cash', '179.34'));
    expect(lines).toContain(printRow('Counted cash', '179.00'));
    expect(lines).toContain(printRow('Short', '-0.34'));
    expect(lines).toContain(printRow('Discounts', '-5.95'));
    expect(lines).toContain('Tax 8.25%');
    expect(lines).toContain(printRow('  Taxable', '153.02'));
    expect(lines).toContain('Z REPORT (SHIFT CLOSED)'.padStart(32));
    expect(text).toContain('Opened                    2025-03-14 09:00');
    expect(text).toContain('Closed                    2025-03-14 18:05');
    // A reason too long for the line is cut with a mark, and the amount still fits.
    const paidOut = lines.find((line) => line.startsWith('13:15 Paid out'));
    expect(paidOut).toMatch(/~ -12\.00$/);
    expect(paidOut).toHaveLength(PRINT_COLUMNS);
    // No-sale openings without a reason are counted, not listed.
    expect(text).toMatch(/No-sale opens +1\n/);
    expect(text).not.toContain('No sale');
  });

  it('an X report says so, and prints no count or over/short', () => {
    const text = renderShiftReportText({
      ...closedReport({
        status: 'open',
        closedAt: null,
        closedBy: null,
        closedByName: null,
        expectedCashCents: null,
        countedCashCents: null,
        overShortCents: null,
      }),
      kind: 'X',
    });
    expect(text).toContain('X REPORT (SHIFT OPEN)');
    expect(text).not.toMatch(/Counted cash|Short|Over|Closed/);
  });

  it('an overage prints as Over; a figure that changed after the close shows what the count met', () => {
    const report = closedReport({ countedCashCents: 18_000, overShortCents: 66 });
    expect(renderShiftReportText(report)).toMatch(/\nOver +0\.66\n/);
    const changed = closedReport();
    changed.cash.expectedCashCents = 15_934;
    expect(renderShiftReportText(changed)).toMatch(/\nExpected at close +179\.34\n/);
  });

  it('long values and names never overflow the line', () => {
    const text = renderShiftReportText(
      closedReport({
        storeName: 'The Extraordinarily Long Named Pet Supplies Emporium of the North',
        openedByName: 'Maximiliana Alexandra Featherstonehaugh-Cholmondeley',
        registerId: 'a-register-with-a-very-long-identifier-0123456789',
      }),
    );
    expect(text.split('\n').filter((line) => line.length > PRINT_COLUMNS)).toEqual([]);
    expect(text).toContain('a-register-with-a-very-long-identifier-012');
  });
});

describe('renderShiftReportHtml', () => {
  it('is an 80 mm printable page with inline style, no scripts, and escaped text', () => {
    const html = renderShiftReportHtml(closedReport());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toMatch(/@page \{ size: 80mm auto;/);
    expect(html).not.toMatch(/<script|on\w+=/i);
    expect(html).toContain('Paws &#38; Claws &#60;Uptown&#62;');
    expect(html).toContain('<tr class="strong"><td>Expected cash</td><td class="value">179.34</td></tr>');
    expect(html).toContain('<tr class="strong"><td>Short</td><td class="value">-0.34</td></tr>');
    expect(html).toContain('Z REPORT (SHIFT CLOSED)');
  });
});
