// A receipt's content laid out for a fixed-width printer font: 42 columns (Font A on 80 mm paper) or 32
// (58 mm). Pure: the server renders it as plain text, the register sends it to an ESC/POS printer.
import type { Sale, SaleLine, TenderRecord } from '../schemas/sales';
import { formatMoney } from '../format-money';

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
  /** null when the printing device does not know it (the register prints without the Cashier row). */
  cashierName: string | null;
  loyalty: ReceiptLoyaltyProgress[];
};

/**
 * One printed line, already padded to the width. `title` lines are the store's name (a printer may print
 * them large); `isStrong` marks the grand total.
 */
export type ReceiptLine = { text: string; isStrong?: boolean } | { title: string };

// ---------------------------------------------------------------------------------------------------------
// Wording and formatting shared by every rendering

export { formatMoney };

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

/** "2 x $54.99", or "0.750 kg x $12.99/kg" for a weighed line. */
export function quantityText(view: ReceiptView, line: SaleLine, times: string): string {
  const price = formatMoney(line.unitPriceCents, view.store.currency);
  return line.unit === 'weight'
    ? `${(line.quantity / 1000).toFixed(3)} kg ${times} ${price}/kg`
    : `${line.quantity} ${times} ${price}`;
}

export function discountLabel(line: SaleLine): string {
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

export type ReceiptRow = { label: string; amount: string; isGrand?: boolean };

/** The totals block, the same in every rendering: what a customer checks against the lines above. */
export function totalRows(view: ReceiptView): ReceiptRow[] {
  const { sale, store } = view;
  const money = (cents: number) => formatMoney(cents, store.currency);
  const rows: ReceiptRow[] = [{ label: 'Subtotal', amount: money(sale.subtotalCents) }];
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

export function tenderRows(view: ReceiptView): ReceiptRow[] {
  const money = (cents: number) => formatMoney(cents, view.store.currency);
  const rows: ReceiptRow[] = view.sale.tenders.map((tender) => ({
    label: tenderLabel(tender),
    amount: money(tender.amountCents),
  }));
  if (view.sale.changeDueCents > 0) {
    rows.push({ label: 'Change', amount: money(view.sale.changeDueCents) });
  }
  return rows;
}

export function loyaltyLines(progress: ReceiptLoyaltyProgress): string[] {
  const lines = [`${progress.unitsTowardNext} of ${progress.buyQuantity} toward your next reward`];
  if (progress.rewardsAvailable > 0) {
    lines.push(
      `${progress.rewardsAvailable} ${progress.rewardsAvailable === 1 ? 'reward' : 'rewards'} ready to redeem`,
    );
  }
  return lines;
}

/** Store-entered text may hold line breaks; other control characters would upset a printer. */
export function textLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => oneLine(line).trim())
    .filter((line) => line.length > 0);
}

export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

// ---------------------------------------------------------------------------------------------------------
// Fixed-width layout

/** Printed width: one column per code point (what a receipt printer's font does with its code page). */
function widthOf(text: string): number {
  return Array.from(text).length;
}

/** Greedy word wrap; a word longer than the width is cut. */
export function wrap(text: string, width: number): string[] {
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

/** Each wrapped line padded on the left so it sits in the middle of `width` columns. */
export function centerLines(text: string, width: number): string[] {
  return wrap(text, width).map((line) => `${' '.repeat(Math.floor((width - widthOf(line)) / 2))}${line}`);
}

/** Label on the left, amount flush right; a long label wraps and the amount goes on its last line. */
function leftRight(columns: number, label: string, amount: string, indent = 0): string[] {
  const width = columns - indent;
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

/**
 * The receipt as lines no wider than `columns`: header and store centered, receipt number, local date and
 * time, cashier; each line with quantity × price and its discount; subtotal, discounts, tax by rate, total,
 * cash rounding, tenders (references masked), change; frequent-buyer progress; footer.
 */
export function layoutReceipt(view: ReceiptView, columns: number): ReceiptLine[] {
  const { sale, store } = view;
  const money = (cents: number) => formatMoney(cents, store.currency);
  const out: ReceiptLine[] = [];
  const push = (lines: string[]) => {
    for (const text of lines) {
      out.push({ text });
    }
  };
  const center = (text: string) => push(centerLines(text, columns));
  const rule = () => push(['-'.repeat(columns)]);
  const row = (label: string, amount: string, indent = 0) => push(leftRight(columns, label, amount, indent));
  if (sale.status === 'voided') {
    center('*** VOID ***');
    if (sale.voidReason) {
      center(sale.voidReason);
    }
    push(['']);
  }
  for (const line of textLines(store.receiptHeader)) {
    center(line);
  }
  out.push({ title: oneLine(store.name).trim() });
  for (const line of textLines(store.address)) {
    center(line);
  }
  push(['']);
  row('Receipt', sale.receiptNumber);
  row('Date', formatReceiptTime(sale.createdAt, store.timezone));
  if (view.cashierName !== null) {
    row('Cashier', oneLine(view.cashierName));
  }
  row('Register', sale.registerId);
  rule();
  for (const line of sale.lines) {
    push(wrap(line.name, columns));
    row(quantityText(view, line, 'x'), money(line.grossCents), 2);
    if (line.discountCents > 0) {
      row(discountLabel(line), money(-line.discountCents), 2);
    }
    if (line.returnedQuantity > 0) {
      push(wrap(`Returned: ${line.returnedQuantity}`, columns - 2).map((l) => `  ${l}`));
    }
  }
  rule();
  for (const total of totalRows(view)) {
    for (const text of leftRight(columns, total.label, total.amount)) {
      out.push(total.isGrand ? { text, isStrong: true } : { text });
    }
  }
  push(['']);
  for (const tender of tenderRows(view)) {
    row(tender.label, tender.amount);
  }
  if (view.loyalty.length > 0) {
    rule();
    push(['Frequent buyer']);
    for (const progress of view.loyalty) {
      push(wrap(progress.programName, columns));
      for (const line of loyaltyLines(progress)) {
        push(wrap(line, columns - 2).map((l) => `  ${l}`));
      }
    }
  }
  const footer = textLines(store.receiptFooter);
  if (footer.length > 0) {
    rule();
    for (const line of footer) {
      center(line);
    }
  }
  return out;
}
