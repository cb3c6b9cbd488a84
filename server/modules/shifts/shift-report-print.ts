import type { ShiftReport } from '../../../shared/schemas/shifts';

/** Characters per line of an 80 mm thermal printer in its standard font. */
export const PRINT_COLUMNS = 42;

type PrintRow = { label: string; value?: string; indent?: boolean; strong?: boolean };
type PrintSection = { title?: string; rows: PrintRow[] };

/** 123456 → "1,234.56", −500 → "-5.00": integer arithmetic only, never a float. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const magnitude = Math.abs(cents);
  const whole = Math.floor(magnitude / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(magnitude % 100).padStart(2, '0')}`;
}

/** An instant on the store's wall clock: "2024-05-01 17:05". */
export function formatStoreTime(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

const TENDER_LABELS: Record<ShiftReport['tenders'][number]['method'], string> = {
  cash: 'Cash',
  card: 'Card',
  store_credit: 'Store credit',
};

const MOVEMENT_LABELS: Record<ShiftReport['cashMovements'][number]['type'], string> = {
  paid_in: 'Paid in',
  paid_out: 'Paid out',
  no_sale: 'No sale',
};

/** The report as printable sections; the text and HTML renderings lay out the same content. */
function sectionsOf(report: ShiftReport): PrintSection[] {
  const { shift } = report;
  const money = formatCents;
  const header: PrintRow[] = [
    { label: 'Register', value: shift.registerId },
    { label: 'Business date', value: shift.businessDate },
    { label: 'Opened', value: formatStoreTime(shift.openedAt, shift.timezone) },
    { label: 'Opened by', value: shift.openedByName },
  ];
  if (shift.closedAt) {
    header.push({ label: 'Closed', value: formatStoreTime(shift.closedAt, shift.timezone) });
    header.push({ label: 'Closed by', value: shift.closedByName ?? '' });
  }
  header.push({ label: 'Printed', value: formatStoreTime(report.generatedAt, shift.timezone) });

  const sales: PrintRow[] = [
    { label: 'Sales', value: String(report.salesCount) },
    { label: 'Gross sales', value: money(report.grossSalesCents) },
    { label: 'Discounts', value: money(-report.discountCents) },
    { label: 'Net sales', value: money(report.netSalesCents) },
    { label: 'Tax', value: money(report.taxCents) },
    { label: 'Rounding', value: money(report.roundingCents) },
    { label: 'Sales total', value: money(report.salesTotalCents), strong: true },
    { label: `Returns (${report.returns.count})`, value: money(-report.returns.refundCents) },
    { label: 'Tax refunded', value: money(-report.returns.taxCents), indent: true },
    { label: `Voids (${report.voids.count})`, value: money(report.voids.totalCents) },
  ];

  const taxes: PrintRow[] = report.taxByRate.flatMap((rate) => [
    { label: `Tax ${rate.taxRate}%` },
    { label: 'Taxable', value: money(rate.taxableCents), indent: true },
    { label: 'Tax', value: money(rate.taxCents), indent: true },
  ]);

  const tenders: PrintRow[] = report.tenders.flatMap((tender) => [
    { label: TENDER_LABELS[tender.method] },
    { label: 'Sales', value: money(tender.salesCents), indent: true },
    { label: 'Refunds', value: money(-tender.refundsCents), indent: true },
    { label: 'Net', value: money(tender.netCents), indent: true },
  ]);

  const { cash } = report;
  const drawer: PrintRow[] = [
    { label: 'Opening float', value: money(cash.openingFloatCents) },
    { label: 'Cash sales', value: money(cash.cashSalesCents) },
    { label: 'Cash refunds', value: money(-cash.cashRefundsCents) },
    { label: 'Paid in', value: money(cash.paidInCents) },
    { label: 'Paid out', value: money(-cash.paidOutCents) },
    { label: 'Expected cash', value: money(cash.expectedCashCents), strong: true },
  ];
  if (shift.countedCashCents !== null && shift.expectedCashCents !== null && shift.overShortCents !== null) {
    if (shift.expectedCashCents !== cash.expectedCashCents) {
      // A sale of this shift changed after the close (a void): show what the count was checked against.
      drawer.push({ label: 'Expected at close', value: money(shift.expectedCashCents) });
    }
    drawer.push({ label: 'Counted cash', value: money(shift.countedCashCents) });
    drawer.push({
      label: shift.overShortCents < 0 ? 'Short' : 'Over',
      value: money(shift.overShortCents),
      strong: true,
    });
  }
  drawer.push({ label: 'No-sale opens', value: String(report.noSaleCount) });

  const movements: PrintRow[] = report.cashMovements
    .filter((movement) => movement.type !== 'no_sale' || movement.reason !== '')
    .map((movement) => ({
      label: `${formatStoreTime(movement.createdAt, shift.timezone).slice(11)} ${MOVEMENT_LABELS[movement.type]}${
        movement.reason ? `: ${movement.reason}` : ''
      }`,
      value:
        movement.type === 'no_sale'
          ? ''
          : money(movement.type === 'paid_out' ? -movement.amountCents : movement.amountCents),
    }));

  return [
    { rows: header },
    { title: 'SALES', rows: sales },
    ...(taxes.length > 0 ? [{ title: 'TAX BY RATE', rows: taxes }] : []),
    { title: 'TENDERS', rows: tenders },
    { title: 'CASH DRAWER', rows: drawer },
    ...(movements.length > 0 ? [{ title: 'DRAWER EVENTS', rows: movements }] : []),
  ];
}

function titleOf(report: ShiftReport): string {
  return report.kind === 'X' ? 'X REPORT (SHIFT OPEN)' : 'Z REPORT (SHIFT CLOSED)';
}

function center(text: string): string {
  const clipped = text.slice(0, PRINT_COLUMNS);
  return `${' '.repeat(Math.floor((PRINT_COLUMNS - clipped.length) / 2))}${clipped}`.trimEnd();
}

/** Label left, value right; a label too long for the line is cut, and a value too long wraps under it. */
function textRow(row: PrintRow): string[] {
  const label = `${row.indent ? '  ' : ''}${row.label}`;
  const value = row.value ?? '';
  if (value.length === 0) {
    return [label.slice(0, PRINT_COLUMNS)];
  }
  if (value.length + 1 >= PRINT_COLUMNS - 4) {
    return [label.slice(0, PRINT_COLUMNS), value.slice(0, PRINT_COLUMNS).padStart(PRINT_COLUMNS)];
  }
  const room = PRINT_COLUMNS - value.length - 1;
  const shown = label.length > room ? `${label.slice(0, room - 1)}~` : label;
  return [`${shown.padEnd(room)} ${value}`];
}

/** The report for a receipt printer: plain text, at most 42 columns a line. */
export function renderShiftReportText(report: ShiftReport): string {
  const rule = '-'.repeat(PRINT_COLUMNS);
  const lines = [
    center(report.shift.storeName),
    center(`Store ${report.shift.storeCode}`),
    center(titleOf(report)),
  ];
  for (const section of sectionsOf(report)) {
    lines.push(rule);
    if (section.title) {
      lines.push(section.title);
    }
    for (const row of section.rows) {
      lines.push(...textRow(row));
    }
  }
  lines.push(rule);
  lines.push(center(`Currency ${report.shift.currency} - shift ${report.shift.id.slice(0, 8)}`));
  return `${lines.map((line) => line.trimEnd()).join('\n')}\n`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const PRINT_STYLE = `
@page { size: 80mm auto; margin: 3mm; }
* { box-sizing: border-box; }
body { width: 74mm; margin: 0 auto; font: 11px/1.35 "DejaVu Sans Mono", "Courier New", monospace; color: #000; }
header { text-align: center; margin-bottom: 2mm; }
h1 { font-size: 13px; margin: 0; }
h2 { font-size: 11px; margin: 2mm 0 1mm; border-top: 1px dashed #000; padding-top: 1mm; }
p { margin: 0; }
table { width: 100%; border-collapse: collapse; }
td { padding: 0; vertical-align: top; }
td.value { text-align: right; white-space: nowrap; padding-left: 2mm; }
td.indent { padding-left: 3mm; }
tr.strong td { font-weight: bold; }
footer { border-top: 1px dashed #000; margin-top: 2mm; padding-top: 1mm; text-align: center; }
`;

/** The report as a printable 80 mm page: inline style only, no scripts (the API's CSP allows nothing else). */
export function renderShiftReportHtml(report: ShiftReport): string {
  const { shift } = report;
  const sections = sectionsOf(report)
    .map((section) => {
      const rows = section.rows
        .map((row) => {
          const classes = row.strong ? ' class="strong"' : '';
          const labelClass = row.indent ? ' class="indent"' : '';
          return `<tr${classes}><td${labelClass}>${escapeHtml(row.label)}</td><td class="value">${escapeHtml(row.value ?? '')}</td></tr>`;
        })
        .join('\n');
      const title = section.title ? `<h2>${escapeHtml(section.title)}</h2>\n` : '';
      return `<section>\n${title}<table>\n${rows}\n</table>\n</section>`;
    })
    .join('\n');
  const title = `${report.kind} report ${shift.storeCode} ${shift.registerId} ${shift.businessDate}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${PRINT_STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(shift.storeName)}</h1>
<p>Store ${escapeHtml(shift.storeCode)}</p>
<p><strong>${escapeHtml(titleOf(report))}</strong></p>
</header>
${sections}
<footer>Currency ${escapeHtml(shift.currency)} &middot; shift ${escapeHtml(shift.id)}</footer>
</body>
</html>
`;
}
