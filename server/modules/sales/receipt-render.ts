// Receipts as 42-column text (thermal printers' Font A on 80 mm paper) and as a printable 80 mm HTML page.
// Pure: the caller loads the sale, store, cashier and loyalty progress into a ReceiptView.
import { renderCode128Svg } from '../../../shared/barcode/code128';
import {
  centerLines,
  discountLabel,
  formatMoney,
  formatReceiptTime,
  layoutReceipt,
  loyaltyLines,
  maskReference,
  quantityText,
  type ReceiptLoyaltyProgress,
  type ReceiptView,
  tenderRows,
  textLines,
  totalRows,
} from '../../../shared/receipt/receipt-layout';

export const RECEIPT_COLUMNS = 42;

export type { ReceiptLoyaltyProgress, ReceiptView };
export { formatMoney, formatReceiptTime, maskReference };

// ---------------------------------------------------------------------------------------------------------
// 42-column text

/**
 * The receipt as plain text, no line wider than 42 columns (the layout the register's ESC/POS printing
 * shares): header and store centered, receipt number, local date and time, cashier; each line with
 * quantity × price and its discount; totals, tenders (references masked), change; loyalty; footer.
 */
export function renderReceiptText(view: ReceiptView): string {
  const lines = layoutReceipt(view, RECEIPT_COLUMNS).flatMap((line) =>
    'title' in line ? centerLines(line.title, RECEIPT_COLUMNS) : [line.text],
  );
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// 80 mm HTML

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * The page's only styles, one constant so the route can allow exactly this stylesheet by hash in its
 * Content-Security-Policy. 80 mm paper with 72 mm printable; no margins, so the printer's own apply.
 */
export const RECEIPT_STYLESHEET = `
@page { size: 80mm auto; margin: 0 }
* { box-sizing: border-box }
html, body { margin: 0; padding: 0; background: #fff; color: #000 }
body { font: 12px/1.35 "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace }
.receipt { width: 80mm; margin: 0 auto; padding: 3mm 4mm }
h1 { font-size: 15px; margin: 0 }
p { margin: 0 }
header, footer, .center { text-align: center }
.rule { border: 0; border-top: 1px dashed #000; margin: 2mm 0 }
table { width: 100%; border-collapse: collapse }
td { padding: 0; vertical-align: top }
.amount { text-align: right; white-space: nowrap; padding-left: 2mm }
.sub td:first-child { padding-left: 3mm }
.grand td { font-weight: bold; font-size: 14px }
.void { border: 2px solid #000; margin-bottom: 2mm; text-align: center; font-size: 22px; font-weight: bold; letter-spacing: 4px }
.barcode { margin-top: 3mm; text-align: center }
.barcode svg { display: block; width: 100%; height: auto }
@media screen { html { background: #e5e5e5 } .receipt { background: #fff; margin: 8px auto } }
`.trim();

function rowsHtml(rows: { label: string; amount: string; className?: string }[]): string {
  return rows
    .map(
      (row) =>
        `<tr${row.className ? ` class="${row.className}"` : ''}><td>${escapeHtml(row.label)}</td>` +
        `<td class="amount">${escapeHtml(row.amount)}</td></tr>`,
    )
    .join('\n');
}

function paragraphs(lines: string[], className?: string): string {
  return lines
    .map((line) => `<p${className ? ` class="${className}"` : ''}>${escapeHtml(line)}</p>`)
    .join('\n');
}

/**
 * The receipt as a complete HTML page for 80 mm printers: inline styles only, no scripts, every stored
 * string escaped, the receipt number as a Code 128 barcode a return can scan, and a VOID banner on a
 * voided sale.
 */
export function renderReceiptHtml(view: ReceiptView): string {
  const { sale, store } = view;
  const money = (cents: number) => formatMoney(cents, store.currency);
  const lineRows = sale.lines.flatMap((line) => [
    { label: line.name, amount: '', className: 'item' },
    { label: quantityText(view, line, '×'), amount: money(line.grossCents), className: 'sub' },
    ...(line.discountCents > 0
      ? [{ label: discountLabel(line), amount: money(-line.discountCents), className: 'sub' }]
      : []),
    ...(line.returnedQuantity > 0
      ? [{ label: `Returned: ${line.returnedQuantity}`, amount: '', className: 'sub' }]
      : []),
  ]);
  const loyalty = view.loyalty.map(
    (progress) =>
      `<p><strong>${escapeHtml(progress.programName)}</strong></p>\n${paragraphs(loyaltyLines(progress))}`,
  );
  const footer = textLines(store.receiptFooter);
  const body = [
    '<main class="receipt">',
    sale.status === 'voided'
      ? `<div class="void">VOID</div>${sale.voidReason ? `\n<p class="center">${escapeHtml(sale.voidReason)}</p>` : ''}`
      : '',
    '<header>',
    paragraphs(textLines(store.receiptHeader)),
    `<h1>${escapeHtml(store.name)}</h1>`,
    paragraphs(textLines(store.address)),
    '</header>',
    '<hr class="rule">',
    '<table class="meta">',
    rowsHtml([
      { label: 'Receipt', amount: sale.receiptNumber },
      { label: 'Date', amount: formatReceiptTime(sale.createdAt, store.timezone) },
      { label: 'Cashier', amount: view.cashierName ?? '' },
      { label: 'Register', amount: sale.registerId },
    ]),
    '</table>',
    '<hr class="rule">',
    '<table class="lines">',
    rowsHtml(lineRows),
    '</table>',
    '<hr class="rule">',
    '<table class="totals">',
    rowsHtml(totalRows(view).map((row) => ({ ...row, className: row.isGrand ? 'grand' : undefined }))),
    '</table>',
    '<hr class="rule">',
    '<table class="tenders">',
    rowsHtml(tenderRows(view)),
    '</table>',
    loyalty.length > 0
      ? `<hr class="rule">\n<section class="loyalty">\n<p>Frequent buyer</p>\n${loyalty.join('\n')}\n</section>`
      : '',
    footer.length > 0 ? `<hr class="rule">\n<footer>\n${paragraphs(footer)}\n</footer>` : '',
    // Numbers the till gives are printable ASCII; anything else (never expected) prints without a barcode.
    /^[\x20-\x7e]+$/.test(sale.receiptNumber)
      ? `<div class="barcode">${renderCode128Svg(sale.receiptNumber)}</div>`
      : '',
    `<p class="center">${escapeHtml(sale.receiptNumber)}</p>`,
    '</main>',
  ].filter((part) => part !== '');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Receipt ${escapeHtml(sale.receiptNumber)} – ${escapeHtml(store.name)}</title>`,
    `<style>${RECEIPT_STYLESHEET}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
