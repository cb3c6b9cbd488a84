// Receipts as 42-column text (thermal printers' Font A on 80 mm paper) and as a printable 80 mm HTML page.
// Pure: the caller loads the sale, store, cashier and loyalty progress into a ReceiptView.
import { renderCode128Svg } from '../../../shared/barcode/code128';
import type { Sale, SaleLine, TenderRecord } from '../../../shared/schemas/sales';

export const RECEIPT_COLUMNS = 42;

export type ReceiptLoyaltyProgress = {
  programName: string;
  unitsTowardNext: number;
  buyQuantity: number;
  rewardsAvailable: number;
};

export type ReceiptView = {
  sale: Sale;
  store: {
    code: string;
    name: string;
    address: string;
    timezone: string;
    currency: string;
    receiptHeader: string;
    receiptFooter: string;
  };
  cashierName: string;
  loyalty: ReceiptLoyaltyProgress[];
};

// ---------------------------------------------------------------------------------------------------------
// Shared wording and formatting

const moneyFormats = new Map<string, { format: Intl.NumberFormat; divisor: number }>();

/** Minor units in the store's currency, e.g. 13315 USD → "$133.15" (JPY has no minor unit: 500 → "¥500"). */
export function formatMoney(cents: number, currency: string): string {
  let entry = moneyFormats.get(currency);
  if (!entry) {
    const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
    entry = { format, divisor: 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2) };
    moneyFormats.set(currency, entry);
  }
  return entry.format.format(cents / entry.divisor);
}

/** The sale's time on the store's wall clock: "2024-03-01 12:00 CST". */
export function formatReceiptTime(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

/** A terminal reference with all but its last four characters hidden: "AUTH123" → "****H123". */
export function maskReference(reference: string): string {
  return reference.length > 4 ? `****${reference.slice(-4)}` : '****';
}

const TENDER_LABELS: Record<TenderRecord['method'], string> = {
  cash: 'Cash',
  card: 'Card',
  store_credit: 'Store credit',
};

function tenderLabel(tender: TenderRecord): string {
  const label = TENDER_LABELS[tender.method];
  return tender.reference ? `${label} ${maskReference(tender.reference)}` : label;
}

function isWeighed(line: SaleLine): boolean {
  return line.unit === 'weight';
}

/** "2 x $54.99", or "0.750 kg x $12.99/kg" for a weighed line. */
function quantityText(view: ReceiptView, line: SaleLine, times: string): string {
  const price = formatMoney(line.unitPriceCents, view.store.currency);
  return isWeighed(line)
    ? `${(line.quantity / 1000).toFixed(3)} kg ${times} ${price}/kg`
    : `${line.quantity} ${times} ${price}`;
}

function discountLabel(line: SaleLine): string {
  if (line.rewardProgramId) {
    return 'Frequent-buyer reward';
  }
  return line.discountReason ? `Discount: ${line.discountReason}` : 'Discount';
}

/** Tax per rate in the order rates first appear; rates that charged nothing are left out. */
function taxesByRate(sale: Sale): { rate: string; taxCents: number }[] {
  const byRate = new Map<string, number>();
  for (const line of sale.lines) {
    byRate.set(line.taxRate, (byRate.get(line.taxRate) ?? 0) + line.taxCents);
  }
  return [...byRate].filter(([, cents]) => cents > 0).map(([rate, taxCents]) => ({ rate, taxCents }));
}

type Row = { label: string; amount: string; isGrand?: boolean };

/** The totals block, the same in text and HTML: what a customer checks against the lines above. */
function totalRows(view: ReceiptView): Row[] {
  const { sale, store } = view;
  const money = (cents: number) => formatMoney(cents, store.currency);
  const rows: Row[] = [{ label: 'Subtotal', amount: money(sale.subtotalCents) }];
  if (sale.discountCents > 0) {
    rows.push({ label: 'Discounts', amount: money(-sale.discountCents) });
  }
  const taxes = taxesByRate(sale);
  const taxWord = sale.pricesIncludeTax ? 'Incl. tax' : 'Tax';
  if (taxes.length === 0) {
    rows.push({ label: taxWord, amount: money(sale.taxCents) });
  }
  for (const tax of taxes) {
    rows.push({ label: `${taxWord} ${tax.rate}%`, amount: money(tax.taxCents) });
  }
  if (taxes.length > 1) {
    rows.push({ label: `${taxWord} total`, amount: money(sale.taxCents) });
  }
  rows.push({ label: 'TOTAL', amount: money(sale.totalCents), isGrand: true });
  if (sale.roundingCents !== 0) {
    rows.push({ label: 'Cash rounding', amount: money(sale.roundingCents) });
    rows.push({ label: 'Amount due', amount: money(sale.totalCents + sale.roundingCents), isGrand: true });
  }
  return rows;
}

function tenderRows(view: ReceiptView): Row[] {
  const money = (cents: number) => formatMoney(cents, view.store.currency);
  const rows = view.sale.tenders.map((tender) => ({
    label: tenderLabel(tender),
    amount: money(tender.amountCents),
  }));
  if (view.sale.changeDueCents > 0) {
    rows.push({ label: 'Change', amount: money(view.sale.changeDueCents) });
  }
  return rows;
}

function loyaltyLines(progress: ReceiptLoyaltyProgress): string[] {
  const lines = [`${progress.unitsTowardNext} of ${progress.buyQuantity} toward your next reward`];
  if (progress.rewardsAvailable > 0) {
    lines.push(
      `${progress.rewardsAvailable} ${progress.rewardsAvailable === 1 ? 'reward' : 'rewards'} ready to redeem`,
    );
  }
  return lines;
}

/** Store-entered text may hold line breaks; other control characters would upset a printer. */
function textLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => oneLine(line).trim())
    .filter((line) => line.length > 0);
}

function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

// ---------------------------------------------------------------------------------------------------------
// 42-column text

/** Printed width: one column per code point (what a receipt printer's font does with its code page). */
function widthOf(text: string): number {
  return Array.from(text).length;
}

/** Greedy word wrap; a word longer than the width is cut. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of oneLine(text).split(' ').filter(Boolean)) {
    let rest = word;
    while (widthOf(rest) > width) {
      if (current) {
        lines.push(current);
        current = '';
      }
      const chars = Array.from(rest);
      lines.push(chars.slice(0, width).join(''));
      rest = chars.slice(width).join('');
    }
    if (!rest) {
      continue;
    }
    if (!current) {
      current = rest;
    } else if (widthOf(current) + 1 + widthOf(rest) <= width) {
      current += ` ${rest}`;
    } else {
      lines.push(current);
      current = rest;
    }
  }
  if (current) {
    lines.push(current);
  }
  return lines;
}

function center(text: string): string[] {
  return wrap(text, RECEIPT_COLUMNS).map(
    (line) => `${' '.repeat(Math.floor((RECEIPT_COLUMNS - widthOf(line)) / 2))}${line}`,
  );
}

/** Label on the left, amount flush right; a long label wraps and the amount goes on its last line. */
function leftRight(label: string, amount: string, indent = 0): string[] {
  const width = RECEIPT_COLUMNS - indent;
  const pad = ' '.repeat(indent);
  const room = width - widthOf(amount) - 1;
  if (room < Math.min(widthOf(label), 8)) {
    // A value too wide to share a line (a long cashier name): the label, then the value flush right below it.
    return [
      ...wrap(label, width),
      ...wrap(amount, width).map((line) => ' '.repeat(width - widthOf(line)) + line),
    ].map((line) => pad + line);
  }
  const labelLines = wrap(label, room);
  const last = labelLines.pop() ?? '';
  return [
    ...labelLines.map((line) => pad + line),
    pad + last + ' '.repeat(width - widthOf(last) - widthOf(amount)) + amount,
  ];
}

const RULE = '-'.repeat(RECEIPT_COLUMNS);

/**
 * The receipt as plain text, no line wider than 42 columns: header and store centered, receipt number,
 * local date and time, cashier; each line with quantity × price and its discount; subtotal, discounts,
 * tax by rate, total, cash rounding, tenders (references masked), change; frequent-buyer progress; footer.
 */
export function renderReceiptText(view: ReceiptView): string {
  const { sale, store } = view;
  const money = (cents: number) => formatMoney(cents, store.currency);
  const out: string[] = [];
  if (sale.status === 'voided') {
    out.push(...center('*** VOID ***'));
    if (sale.voidReason) {
      out.push(...center(sale.voidReason));
    }
    out.push('');
  }
  for (const line of textLines(store.receiptHeader)) {
    out.push(...center(line));
  }
  out.push(...center(store.name));
  for (const line of textLines(store.address)) {
    out.push(...center(line));
  }
  out.push('');
  out.push(...leftRight('Receipt', sale.receiptNumber));
  out.push(...leftRight('Date', formatReceiptTime(sale.createdAt, store.timezone)));
  out.push(...leftRight('Cashier', oneLine(view.cashierName)));
  out.push(...leftRight('Register', sale.registerId));
  out.push(RULE);
  for (const line of sale.lines) {
    out.push(...wrap(line.name, RECEIPT_COLUMNS));
    out.push(...leftRight(quantityText(view, line, 'x'), money(line.grossCents), 2));
    if (line.discountCents > 0) {
      out.push(...leftRight(discountLabel(line), money(-line.discountCents), 2));
    }
    if (line.returnedQuantity > 0) {
      out.push(...wrap(`Returned: ${line.returnedQuantity}`, RECEIPT_COLUMNS - 2).map((l) => `  ${l}`));
    }
  }
  out.push(RULE);
  for (const row of totalRows(view)) {
    out.push(...leftRight(row.label, row.amount));
  }
  out.push('');
  for (const row of tenderRows(view)) {
    out.push(...leftRight(row.label, row.amount));
  }
  if (view.loyalty.length > 0) {
    out.push(RULE);
    out.push('Frequent buyer');
    for (const progress of view.loyalty) {
      out.push(...wrap(progress.programName, RECEIPT_COLUMNS));
      for (const line of loyaltyLines(progress)) {
        out.push(...wrap(line, RECEIPT_COLUMNS - 2).map((l) => `  ${l}`));
      }
    }
  }
  const footer = textLines(store.receiptFooter);
  if (footer.length > 0) {
    out.push(RULE);
    for (const line of footer) {
      out.push(...center(line));
    }
  }
  return `${out.join('\n')}\n`;
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
      { label: 'Cashier', amount: view.cashierName },
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
