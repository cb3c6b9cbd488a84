import type { Sale } from '../../../../../shared/schemas/sales';
import type { Store } from '../api/list-stores';
import { layoutReceipt, type ReceiptView, wrap } from '../../../../../shared/receipt/receipt-layout';
import { EscPos, fitToColumns, toPrintableAscii } from './escpos';

/** Font A columns: 42 on 80 mm paper, 32 on 58 mm. */
export type PaperColumns = 42 | 32;

/**
 * What the till knows for a receipt: the sale as recorded and its store. The cashier's name and loyalty
 * progress are not known here, so the printed receipt leaves them out (the emailed and browser-printed
 * receipts from the server have them).
 */
export function receiptViewOf(sale: Sale, store: Store): ReceiptView {
  return {
    sale,
    store: {
      code: store.code,
      name: store.name,
      address: store.address,
      timezone: store.timezone,
      currency: store.currency,
      receiptHeader: store.receiptHeader,
      receiptFooter: store.receiptFooter,
    },
    cashierName: null,
    loyalty: [],
  };
}

/**
 * The receipt as one ESC/POS job, the same layout as the server's text receipt: the store's name large,
 * the grand total bold, the receipt number as a Code 128 barcode (what a return scans), then a partial cut.
 */
export function encodeReceipt(view: ReceiptView, columns: PaperColumns): Uint8Array {
  const job = new EscPos().init().asciiCodePage();
  for (const line of layoutReceipt(view, columns)) {
    if ('title' in line) {
      // Double width halves the columns; the printer centers each line itself.
      job.align('center').bold(true).doubleSize(true);
      for (const titleLine of wrap(line.title, columns / 2)) {
        job.line(titleLine);
      }
      job.doubleSize(false).bold(false).align('left');
    } else if (line.isStrong) {
      job.bold(true).line(printable(line.text, columns)).bold(false);
    } else {
      job.line(printable(line.text, columns));
    }
  }
  const number = view.sale.receiptNumber;
  if (/^[\x20-\x7e]+$/.test(number)) {
    job.line().align('center').code128(number, { heightDots: 80, moduleWidth: 2, readable: 'below' });
    job.line().align('left');
  }
  return job.partialCut(3).bytes();
}

/** A laid-out line in ASCII, still within the paper's columns. */
function printable(text: string, columns: number): string {
  return fitToColumns(toPrintableAscii(text), columns);
}
