import type {
  ReportApproval,
  DiscountReport,
  DiscountReportRow,
  InventoryValuationReport,
  InventoryValuationRow,
  SalesReport,
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
} from '../../../../../shared/schemas/reports';
import { type Column, DataTable } from '../../../ui/DataTable';
import type { LoadedReport } from '../api/get-report';
import { count, humanize, kilograms, localMinute, money, plural } from '../format';
import { REPORT_KINDS } from '../report-kinds';

type Currency = string | null;

function moneyColumn<Row>(
  id: string,
  header: string,
  value: (row: Row) => number,
  currency: Currency,
  total?: number,
): Column<Row> {
  return {
    id,
    header,
    align: 'end',
    cell: (row) => money(value(row), currency),
    sortValue: value,
    footer: total === undefined ? undefined : money(total, currency),
  };
}

function countColumn<Row>(
  id: string,
  header: string,
  value: (row: Row) => number,
  total?: number,
): Column<Row> {
  return {
    id,
    header,
    align: 'end',
    cell: (row) => count(value(row)),
    sortValue: value,
    footer: total === undefined ? undefined : count(total),
  };
}

function textColumn<Row>(id: string, header: string, value: (row: Row) => string | null): Column<Row> {
  return { id, header, cell: (row) => value(row) ?? '—', sortValue: value };
}

/** Over is good news, short is not: the sign is in the text, the colour only repeats it. */
function signedMoney(cents: number, currency: Currency) {
  const className = cents < 0 ? 'reports-short' : cents > 0 ? 'reports-over' : undefined;
  const text = cents > 0 ? `+${money(cents, currency)}` : money(cents, currency);
  return <span className={className}>{text}</span>;
}

/** The table(s) of one loaded report. */
export function ReportTables({
  loaded,
  categoryPaths,
}: {
  loaded: LoadedReport;
  /** Category id → "Dog > Food", when known. */
  categoryPaths?: ReadonlyMap<string, string> | undefined;
}) {
  const empty = REPORT_KINDS[loaded.kind].empty;
  switch (loaded.kind) {
    case 'daily-sales':
    case 'sales-by-category':
    case 'sales-by-product':
    case 'sales-by-cashier':
    case 'sales-by-store':
      return <SalesTable report={loaded.report} empty={empty} categoryPaths={categoryPaths} />;
    case 'tax':
      return <TaxTable report={loaded.report} empty={empty} />;
    case 'tenders':
      return <TenderTable report={loaded.report} empty={empty} />;
    case 'discounts':
      return <DiscountTables report={loaded.report} empty={empty} />;
    case 'voids-returns':
      return <VoidsReturnsTable report={loaded.report} empty={empty} />;
    case 'inventory-valuation':
      return <ValuationTable report={loaded.report} empty={empty} />;
    case 'shrink':
      return <ShrinkTable report={loaded.report} empty={empty} />;
    case 'shift-over-short':
      return <ShiftTable report={loaded.report} empty={empty} />;
  }
}

const SALES_IDENTITY: Record<SalesReport['groupBy'], Column<SalesReportRow>[]> = {
  day: [textColumn('date', 'Date', (row) => row.label)],
  category: [],
  product: [
    textColumn('sku', 'SKU', (row) => row.sku ?? null),
    textColumn('product', 'Product', (row) => row.label),
  ],
  cashier: [textColumn('cashier', 'Cashier', (row) => row.label)],
  store: [
    textColumn('code', 'Code', (row) => row.code ?? null),
    textColumn('store', 'Store', (row) => row.label),
  ],
};

function SalesTable({
  report,
  empty,
  categoryPaths,
}: {
  report: SalesReport;
  empty: string;
  categoryPaths: ReadonlyMap<string, string> | undefined;
}) {
  const { currency, totals } = report;
  const categoryName = (row: SalesReportRow) =>
    (row.key === null ? undefined : categoryPaths?.get(row.key)) ?? row.label;
  const identity =
    report.groupBy === 'category'
      ? [textColumn('category', 'Category', categoryName)]
      : SALES_IDENTITY[report.groupBy];
  const columns: Column<SalesReportRow>[] = [
    ...identity,
    moneyColumn('gross', 'Gross sales', (row) => row.grossSalesCents, currency, totals.grossSalesCents),
    moneyColumn('discounts', 'Discounts', (row) => row.discountCents, currency, totals.discountCents),
    moneyColumn('returns', 'Returns', (row) => row.returnsCents, currency, totals.returnsCents),
    moneyColumn('net', 'Net sales', (row) => row.netSalesCents, currency, totals.netSalesCents),
    moneyColumn('tax', 'Tax', (row) => row.taxCents, currency, totals.taxCents),
    countColumn('transactions', 'Txns', (row) => row.transactions, totals.transactions),
    countColumn('return-count', 'Return txns', (row) => row.returns, totals.returns),
    countColumn('items', 'Items', (row) => row.itemsSold, totals.itemsSold),
    moneyColumn('margin', 'Margin', (row) => row.grossMarginCents, currency, totals.grossMarginCents),
  ];
  return (
    <DataTable
      caption={`Sales by ${report.groupBy}`}
      columns={columns}
      rows={report.rows}
      rowKey={(row) => row.key ?? `none:${row.label}`}
      empty={empty}
      testId="report-table"
    />
  );
}

function TaxTable({ report, empty }: { report: TaxReport; empty: string }) {
  const { currency, totals } = report;
  const columns: Column<TaxReportRow>[] = [
    textColumn('class', 'Tax class', (row) => humanize(row.taxClass)),
    {
      id: 'rate',
      header: 'Rate',
      align: 'end',
      cell: (row) => `${row.ratePercent}%`,
      sortValue: (row) => Number(row.ratePercent),
    },
    moneyColumn(
      'taxable-sales',
      'Taxable sales',
      (row) => row.taxableSalesCents,
      currency,
      totals.taxableSalesCents,
    ),
    moneyColumn('tax-sales', 'Tax on sales', (row) => row.taxOnSalesCents, currency, totals.taxOnSalesCents),
    moneyColumn(
      'taxable-returns',
      'Taxable returns',
      (row) => row.taxableReturnsCents,
      currency,
      totals.taxableReturnsCents,
    ),
    moneyColumn(
      'tax-refunded',
      'Tax refunded',
      (row) => row.taxRefundedCents,
      currency,
      totals.taxRefundedCents,
    ),
    moneyColumn('net-taxable', 'Net taxable', (row) => row.netTaxableCents, currency, totals.netTaxableCents),
    moneyColumn('net-tax', 'Net tax', (row) => row.netTaxCents, currency, totals.netTaxCents),
  ];
  return (
    <DataTable
      caption="Tax collected by rate"
      columns={columns}
      rows={report.rows}
      rowKey={(row) => row.key}
      empty={empty}
      testId="report-table"
    />
  );
}

function TenderTable({ report, empty }: { report: TenderReport; empty: string }) {
  const { currency, totals } = report;
  const columns: Column<TenderReportRow>[] = [
    textColumn('tender', 'Tender', (row) => row.label),
    countColumn('sales', 'Sales', (row) => row.sales, totals.sales),
    moneyColumn('tendered', 'Tendered', (row) => row.tenderedCents, currency, totals.tenderedCents),
    moneyColumn('change', 'Change', (row) => row.changeCents, currency, totals.changeCents),
    moneyColumn('taken', 'Taken', (row) => row.takenCents, currency, totals.takenCents),
    countColumn('refunds', 'Refunds', (row) => row.refunds, totals.refunds),
    moneyColumn('refunded', 'Refunded', (row) => row.refundedCents, currency, totals.refundedCents),
    moneyColumn('net', 'Net', (row) => row.netCents, currency, totals.netCents),
  ];
  return (
    <DataTable
      caption="Tenders"
      columns={columns}
      rows={report.rows}
      rowKey={(row) => row.key}
      empty={empty}
      testId="report-table"
    />
  );
}

function DiscountTables({ report, empty }: { report: DiscountReport; empty: string }) {
  const { currency, totals } = report;
  const kinds: Column<DiscountReportRow>[] = [
    textColumn('kind', 'Kind', (row) => row.label),
    countColumn('lines', 'Lines', (row) => row.lines, totals.lines),
    countColumn('sales', 'Sales', (row) => row.sales, totals.sales),
    moneyColumn('amount', 'Amount', (row) => row.amountCents, currency, totals.amountCents),
  ];
  const approvals: Column<ReportApproval>[] = [
    {
      ...textColumn('time', 'Time', (row) => row.localTime),
      cell: (row) => localMinute(row.localTime),
      footer: plural(totals.approvals, 'approval'),
    },
    textColumn('store', 'Store', (row) => row.storeCode),
    textColumn('receipt', 'Receipt', (row) => row.receiptNumber),
    textColumn('type', 'Transaction', (row) => humanize(row.kind)),
    textColumn('reasons', 'Why', (row) => row.reasons.map(humanize).join(', ')),
    textColumn('cashier', 'Cashier', (row) => row.cashier),
    textColumn('approver', 'Approved by', (row) => row.approver),
    moneyColumn('amount', 'Amount', (row) => row.amountCents, currency),
    moneyColumn('discount', 'Discounts', (row) => row.discountCents, currency),
  ];
  return (
    <>
      <h2 className="reports-table-title">Discounts by kind</h2>
      <DataTable
        caption="Discounts by kind"
        columns={kinds}
        rows={report.rows}
        rowKey={(row) => row.key}
        empty={empty}
        testId="report-table"
      />
      <h2 className="reports-table-title">Manager approvals</h2>
      <DataTable
        caption="Manager approvals"
        columns={approvals}
        rows={report.approvals}
        rowKey={(row) => `${row.kind}:${row.key}`}
        empty="No manager approvals in this range."
        testId="report-approvals"
      />
    </>
  );
}

function VoidsReturnsTable({ report, empty }: { report: VoidsReturnsReport; empty: string }) {
  const { currency, totals } = report;
  const columns: Column<VoidReturnRow>[] = [
    {
      ...textColumn('time', 'Time', (row) => row.localTime),
      cell: (row) => localMinute(row.localTime),
      footer: `${plural(totals.voids, 'void')} · ${plural(totals.returns, 'return')}`,
    },
    textColumn('kind', 'Kind', (row) => humanize(row.kind)),
    textColumn('store', 'Store', (row) => row.storeCode),
    textColumn('receipt', 'Receipt', (row) => row.receiptNumber),
    {
      ...moneyColumn('amount', 'Amount', (row) => row.amountCents, currency),
      footer: (
        <span className="reports-footer-lines">
          <span>Voided {money(totals.voidedCents, currency)}</span>
          <span>Returned {money(totals.returnedCents, currency)}</span>
        </span>
      ),
    },
    textColumn('reason', 'Reason', (row) => row.reason),
    textColumn('original', 'Original sale', (row) => row.originalReceiptNumber),
    textColumn('cashier', 'Cashier', (row) => row.cashier),
    textColumn('approver', 'Approved by', (row) => row.approver),
  ];
  return (
    <DataTable
      caption="Voids and returns"
      columns={columns}
      rows={report.rows}
      rowKey={(row) => `${row.kind}:${row.key}`}
      empty={empty}
      testId="report-table"
    />
  );
}

function ValuationTable({ report, empty }: { report: InventoryValuationReport; empty: string }) {
  const { currency, totals } = report;
  const columns: Column<InventoryValuationRow>[] = [
    textColumn('category', 'Category', (row) => row.label),
    countColumn('products', 'Products', (row) => row.products, totals.products),
    countColumn('units', 'Units', (row) => row.units, totals.units),
    {
      id: 'weight',
      header: 'Weighed stock',
      align: 'end',
      cell: (row) => kilograms(row.grams),
      sortValue: (row) => row.grams,
      footer: kilograms(totals.grams),
    },
    moneyColumn('cost', 'Value at cost', (row) => row.costValueCents, currency, totals.costValueCents),
    moneyColumn(
      'retail',
      'Value at retail',
      (row) => row.retailValueCents,
      currency,
      totals.retailValueCents,
    ),
    countColumn('negative', 'Below zero', (row) => row.negativeOnHandProducts, totals.negativeOnHandProducts),
  ];
  return (
    <DataTable
      caption="Inventory valuation"
      columns={columns}
      rows={report.rows}
      rowKey={(row) => row.key ?? 'uncategorised'}
      empty={empty}
      testId="report-table"
    />
  );
}

function ShrinkTable({ report, empty }: { report: ShrinkReport; empty: string }) {
  const { currency, totals } = report;
  const columns: Column<ShrinkReportRow>[] = [
    textColumn('reason', 'Reason', (row) => row.label),
    countColumn('movements', 'Movements', (row) => row.movements, totals.movements),
    countColumn('units-lost', 'Units lost', (row) => row.unitsLost, totals.unitsLost),
    countColumn('units-gained', 'Units gained', (row) => row.unitsGained, totals.unitsGained),
    {
      id: 'grams-lost',
      header: 'Weight lost',
      align: 'end',
      cell: (row) => kilograms(row.gramsLost),
      sortValue: (row) => row.gramsLost,
      footer: kilograms(totals.gramsLost),
    },
    {
      id: 'grams-gained',
      header: 'Weight gained',
      align: 'end',
      cell: (row) => kilograms(row.gramsGained),
      sortValue: (row) => row.gramsGained,
      footer: kilograms(totals.gramsGained),
    },
    moneyColumn('cost-lost', 'Cost lost', (row) => row.costLostCents, currency, totals.costLostCents),
    moneyColumn('cost-gained', 'Cost gained', (row) => row.costGainedCents, currency, totals.costGainedCents),
    {
      ...moneyColumn('net', 'Net cost', (row) => row.netCostCents, currency),
      cell: (row) => signedMoney(row.netCostCents, currency),
      footer: signedMoney(totals.netCostCents, currency),
    },
  ];
  return (
    <DataTable
      caption="Shrink by reason"
      columns={columns}
      rows={report.rows}
      rowKey={(row) => row.key}
      empty={empty}
      testId="report-table"
    />
  );
}

function ShiftTable({ report, empty }: { report: ShiftOverShortReport; empty: string }) {
  const { currency, totals } = report;
  const columns: Column<ShiftOverShortRow>[] = [
    {
      ...textColumn('closed', 'Closed', (row) => row.closedLocal),
      cell: (row) => localMinute(row.closedLocal),
      footer: plural(totals.shifts, 'shift'),
    },
    textColumn('store', 'Store', (row) => row.storeCode),
    textColumn('register', 'Register', (row) => row.registerId),
    moneyColumn(
      'expected',
      'Expected cash',
      (row) => row.expectedCashCents,
      currency,
      totals.expectedCashCents,
    ),
    moneyColumn('counted', 'Counted cash', (row) => row.countedCashCents, currency, totals.countedCashCents),
    {
      ...moneyColumn('over-short', 'Over/short', (row) => row.overShortCents, currency),
      cell: (row) => signedMoney(row.overShortCents, currency),
      footer: (
        <span className="reports-footer-lines">
          {signedMoney(totals.overShortCents, currency)}
          <span className="reports-footer-detail">
            over {money(totals.overCents, currency)} · short {money(totals.shortCents, currency)}
          </span>
        </span>
      ),
    },
    {
      ...textColumn('opened', 'Opened', (row) => row.openedLocal),
      // The usual shift opens the day it closes: its time is enough.
      cell: (row) =>
        row.openedLocal.slice(0, 10) === row.closedLocal.slice(0, 10)
          ? row.openedLocal.slice(11, 16)
          : localMinute(row.openedLocal),
    },
    textColumn('cashier', 'Opened by', (row) => row.cashier),
    textColumn('closed-by', 'Closed by', (row) => row.closedBy),
  ];
  return (
    <DataTable
      caption="Shift over/short"
      columns={columns}
      rows={report.rows}
      rowKey={(row) => row.key}
      empty={empty}
      testId="report-table"
    />
  );
}
