import { stringify } from 'csv-stringify/sync';
import type { SalesReport, SalesReportGroup, SalesReportRow } from '../../../shared/schemas/reports';

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
