import { stringify } from 'csv-stringify/sync';
import type {
  DiscountReport,
  InventoryValuationReport,
  InventoryValuationRow,
  SalesReport,
  SalesReportGroup,
  SalesReportRow,
  ShiftOverShortReport,
  ShiftOverShortRow,
  ShrinkReport,
  ShrinkReportRow,
  TaxReport,
  TaxReportRow,
  TenderReport,
  TenderReportRow,
  VoidReturnRow,
  VoidsReturnsReport,
} from '../../../shared/schemas/reports';

/** The columns that name a row, per group; the figures follow. */
const IDENTITY_COLUMNS: Record<SalesReportGroup, [string, (row: SalesReportRow) => string][]> = {
  day: [['date', (row) => row.key ?? '']],
  category: [
    ['category_id', (row) => row.key ?? ''],
    ['category', (row) => row.label],
  ],
  product: [
    ['product_id', (row) => row.key ?? ''],
    ['sku', (row) => row.sku ?? ''],
    ['product', (row) => row.label],
  ],
  cashier: [
    ['cashier_id', (row) => row.key ?? ''],
    ['cashier', (row) => row.label],
  ],
  store: [
    ['store_id', (row) => row.key ?? ''],
    ['store_code', (row) => row.code ?? ''],
    ['store', (row) => row.label],
  ],
};

/** Cents as a decimal with two digits ("-12.05"), whatever the currency: spreadsheets sum it as it is. */
export function centsAsDecimal(cents: number): string {
  const magnitude = Math.abs(cents);
  const whole = Math.floor(magnitude / 100);
  const fraction = String(magnitude % 100).padStart(2, '0');
  return `${cents < 0 ? '-' : ''}${whole}.${fraction}`;
}

const FIGURE_COLUMNS: [string, (row: SalesReportRow) => string][] = [
  ['gross_sales', (row) => centsAsDecimal(row.grossSalesCents)],
  ['discounts', (row) => centsAsDecimal(row.discountCents)],
  ['returns', (row) => centsAsDecimal(row.returnsCents)],
  ['net_sales', (row) => centsAsDecimal(row.netSalesCents)],
  ['tax', (row) => centsAsDecimal(row.taxCents)],
  ['transactions', (row) => String(row.transactions)],
  ['return_transactions', (row) => String(row.returns)],
  ['items_sold', (row) => String(row.itemsSold)],
  ['gross_margin', (row) => centsAsDecimal(row.grossMarginCents)],
];

/** The report's rows as CSV (RFC 4180 quoting, a header line, CRLF), one line per row, no totals line. */
export function salesReportCsv(report: SalesReport): string {
  const columns = [...IDENTITY_COLUMNS[report.groupBy], ...FIGURE_COLUMNS];
  return stringify(
    report.rows.map((row) => columns.map(([, value]) => value(row))),
    { header: true, columns: columns.map(([name]) => name), record_delimiter: 'windows' },
  );
}

/** The attachment name: sales-by-<group>-<from>-<to>.csv. */
export function salesReportFileName(report: SalesReport): string {
  return `sales-by-${report.groupBy}-${report.from}-${report.to}.csv`;
}

// Back-office range reports as CSV: one line per row, money as decimals, no totals line (as for sales).

type CsvColumn<T> = [string, (row: T) => string | number | null];

const money =
  <T>(pick: (row: T) => number) =>
  (row: T) =>
    centsAsDecimal(pick(row));

function rowsAsCsv<T>(columns: CsvColumn<T>[], rows: readonly T[]): string {
  return stringify(
    rows.map((row) =>
      columns.map(([, value]) => {
        const cell = value(row);
        return cell === null ? '' : String(cell);
      }),
    ),
    { header: true, columns: columns.map(([name]) => name), record_delimiter: 'windows' },
  );
}

/** The attachment name of a range report: <kind>-<from>-<to>.csv. */
export function rangeReportFileName(kind: string, report: { from: string; to: string }): string {
  return `${kind}-${report.from}-${report.to}.csv`;
}

export function taxReportCsv(report: TaxReport): string {
  return rowsAsCsv<TaxReportRow>(
    [
      ['key', (row) => row.key],
      ['tax_rate', (row) => row.label],
      ['tax_class', (row) => row.taxClass],
      ['rate_percent', (row) => row.ratePercent],
      ['taxable_sales', money((row) => row.taxableSalesCents)],
      ['tax_on_sales', money((row) => row.taxOnSalesCents)],
      ['taxable_returns', money((row) => row.taxableReturnsCents)],
      ['tax_refunded', money((row) => row.taxRefundedCents)],
      ['net_taxable', money((row) => row.netTaxableCents)],
      ['net_tax', money((row) => row.netTaxCents)],
    ],
    report.rows,
  );
}

export function tenderReportCsv(report: TenderReport): string {
  return rowsAsCsv<TenderReportRow>(
    [
      ['method', (row) => row.key],
      ['tender', (row) => row.label],
      ['sales', (row) => row.sales],
      ['tendered', money((row) => row.tenderedCents)],
      ['change', money((row) => row.changeCents)],
      ['taken', money((row) => row.takenCents)],
      ['refunds', (row) => row.refunds],
      ['refunded', money((row) => row.refundedCents)],
      ['net', money((row) => row.netCents)],
    ],
    report.rows,
  );
}

/** The discount kinds, then one line per approval (kind "approval"), so one file holds the whole report. */
export function discountReportCsv(report: DiscountReport): string {
  type Line = {
    section: 'discount' | 'approval';
    key: string;
    label: string;
    lines: number | null;
    sales: number | null;
    amountCents: number;
    approval: DiscountReport['approvals'][number] | null;
  };
  const lines: Line[] = [
    ...report.rows.map(
      (row): Line => ({ section: 'discount', ...row, amountCents: row.amountCents, approval: null }),
    ),
    ...report.approvals.map(
      (approval): Line => ({
        section: 'approval',
        key: approval.key,
        label: approval.kind,
        lines: null,
        sales: null,
        amountCents: approval.amountCents,
        approval,
      }),
    ),
  ];
  return rowsAsCsv<Line>(
    [
      ['section', (row) => row.section],
      ['key', (row) => row.key],
      ['label', (row) => row.label],
      ['lines', (row) => row.lines],
      ['sales', (row) => row.sales],
      ['amount', money((row) => row.amountCents)],
      ['reasons', (row) => row.approval?.reasons.join(' ') ?? null],
      ['local_time', (row) => row.approval?.localTime ?? null],
      ['business_date', (row) => row.approval?.businessDate ?? null],
      ['store_code', (row) => row.approval?.storeCode ?? null],
      ['receipt_number', (row) => row.approval?.receiptNumber ?? null],
      ['cashier', (row) => row.approval?.cashier ?? null],
      ['approver', (row) => row.approval?.approver ?? null],
      ['discount', (row) => (row.approval ? centsAsDecimal(row.approval.discountCents) : null)],
    ],
    lines,
  );
}

export function voidsReturnsReportCsv(report: VoidsReturnsReport): string {
  return rowsAsCsv<VoidReturnRow>(
    [
      ['id', (row) => row.key],
      ['kind', (row) => row.kind],
      ['local_time', (row) => row.localTime],
      ['business_date', (row) => row.businessDate],
      ['store_code', (row) => row.storeCode],
      ['receipt_number', (row) => row.receiptNumber],
      ['original_receipt_number', (row) => row.originalReceiptNumber],
      ['cashier', (row) => row.cashier],
      ['approver', (row) => row.approver],
      ['amount', money((row) => row.amountCents)],
      ['reason', (row) => row.reason],
    ],
    report.rows,
  );
}

export function inventoryValuationCsv(report: InventoryValuationReport): string {
  return rowsAsCsv<InventoryValuationRow>(
    [
      ['category_id', (row) => row.key],
      ['category', (row) => row.label],
      ['products', (row) => row.products],
      ['units', (row) => row.units],
      ['grams', (row) => row.grams],
      ['cost_value', money((row) => row.costValueCents)],
      ['retail_value', money((row) => row.retailValueCents)],
      ['negative_on_hand_products', (row) => row.negativeOnHandProducts],
    ],
    report.rows,
  );
}

/** The attachment name of the valuation: inventory-valuation-<date of asOf>.csv. */
export function inventoryValuationFileName(report: InventoryValuationReport): string {
  return `inventory-valuation-${report.asOf.slice(0, 10)}.csv`;
}

export function shrinkReportCsv(report: ShrinkReport): string {
  return rowsAsCsv<ShrinkReportRow>(
    [
      ['reason', (row) => row.key],
      ['label', (row) => row.label],
      ['movements', (row) => row.movements],
      ['units_lost', (row) => row.unitsLost],
      ['units_gained', (row) => row.unitsGained],
      ['grams_lost', (row) => row.gramsLost],
      ['grams_gained', (row) => row.gramsGained],
      ['cost_lost', money((row) => row.costLostCents)],
      ['cost_gained', money((row) => row.costGainedCents)],
      ['net_cost', money((row) => row.netCostCents)],
    ],
    report.rows,
  );
}

export function shiftOverShortCsv(report: ShiftOverShortReport): string {
  return rowsAsCsv<ShiftOverShortRow>(
    [
      ['shift_id', (row) => row.key],
      ['store_code', (row) => row.storeCode],
      ['register', (row) => row.registerId],
      ['cashier', (row) => row.cashier],
      ['closed_by', (row) => row.closedBy],
      ['opened_local', (row) => row.openedLocal],
      ['closed_local', (row) => row.closedLocal],
      ['business_date', (row) => row.businessDate],
      ['expected_cash', money((row) => row.expectedCashCents)],
      ['counted_cash', money((row) => row.countedCashCents)],
      ['over_short', money((row) => row.overShortCents)],
    ],
    report.rows,
  );
}
