import { formatReceiptTime } from '../../../../../shared/receipt/receipt-layout';
import type { LocalReceipt } from '../../../offline/outbox-record';
import type { Store } from '../api/list-stores';
import { formatMoney } from '../money';

/** What of the store a receipt prints. */
export type ReceiptStore = Pick<Store, 'name' | 'currency' | 'timezone' | 'receiptHeader' | 'receiptFooter'>;

const TENDER_NAMES = { cash: 'Cash', card: 'Card', store_credit: 'Store credit' } as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function quantityText(line: LocalReceipt['lines'][number]): string {
  return line.unit === 'weight' ? `${(line.quantity / 1000).toFixed(3)} kg` : `${line.quantity} ×`;
}

/** A printable 80 mm receipt for a sale the till completed on its own (the server's page comes after sync). */
export function localReceiptHtml(receipt: LocalReceipt, store: ReceiptStore): string {
  const money = (cents: number) => escapeHtml(formatMoney(cents, store.currency));
  const paragraph = (text: string) => (text.trim() === '' ? '' : `<p>${escapeHtml(text)}</p>`);
  const row = (left: string, right: string) => `<tr><td>${left}</td><td class="r">${right}</td></tr>`;
  const lines = receipt.lines
    .map((line) => row(`${escapeHtml(quantityText(line))} ${escapeHtml(line.name)}`, money(line.totalCents)))
    .join('');
  const tenders = receipt.tenders
    .map((tender) =>
      row(
        `${TENDER_NAMES[tender.method]}${tender.reference ? ` (${escapeHtml(tender.reference)})` : ''}`,
        money(tender.amountCents),
      ),
    )
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(store.name)}</title>
<style>body{font:13px monospace;width:72mm;margin:0 auto}table{width:100%;border-collapse:collapse}.r{text-align:right}</style>
</head><body>${paragraph(store.receiptHeader)}<p><b>${escapeHtml(store.name)}</b><br>Receipt ${escapeHtml(receipt.receiptNumber)}<br>${escapeHtml(formatReceiptTime(receipt.soldAt, store.timezone))}</p>
<table>${lines}</table><hr><table>${row('Subtotal', money(receipt.subtotalCents))}${
    receipt.discountCents > 0 ? row('Discount', money(-receipt.discountCents)) : ''
  }${row('Tax', money(receipt.taxCents))}${row('<b>Total</b>', `<b>${money(receipt.totalCents)}</b>`)}${
    receipt.roundingCents !== 0 ? row('Cash rounding', money(receipt.roundingCents)) : ''
  }${tenders}${row('Change', money(receipt.changeDueCents))}</table>
${paragraph(store.receiptFooter)}<p>Saved on the till while offline; the store's copy follows.</p></body></html>`;
}
