import { useEffect, useRef, useState } from 'react';
import { type Sale, receiptUrl } from '../api/create-sale';
import type { LocalReceipt } from '../../../offline/outbox-record';
import { formatMoney } from '../money';
import { EmailReceiptForm } from './EmailReceiptForm';
import { describePrinterError } from '../printing/serial-printer';
import { localReceiptHtml, type ReceiptStore } from './local-receipt-html';
import { Dialog, DialogTitle } from '../../../ui/Dialog';

/** Longer than a scanner's pause between keys, too short for a person to notice. */
const PRINT_KEY_SETTLE_MS = 60;

const TENDER_NAMES = { cash: 'Cash', card: 'Card', store_credit: 'Store credit' } as const;

/**
 * The sale is recorded: the change to hand back, in large type, and the receipt. The receipt page is loaded
 * into a frame at once, so printing (P) is instant; Enter or Esc starts the next sale.
 */
export function SaleCompletePanel({
  sale,
  store,
  receiptPrinter = null,
  onNewSale,
  customerEmail = null,
}: {
  /** The server's sale, or the till's own receipt for a sale completed offline (sent later). */
  sale: Sale | LocalReceipt;
  /** The store's name, currency, time zone and receipt texts (the till's own receipt prints them). */
  store: ReceiptStore;
  /** The attached customer's email, offered when emailing the receipt (E). */
  customerEmail?: string | null;
  /** The connected ESC/POS printer: P prints on it and a cash sale opens its drawer. null: browser print. */
  receiptPrinter?: { printReceipt: () => Promise<void>; openDrawer: () => Promise<void> } | null;
  /** Starts the next sale, with the code scanned on this panel as its first item (null when none). */
  onNewSale: (firstCode: string | null) => void;
}) {
  const currency = store.currency;
  const money = (cents: number) => formatMoney(cents, currency);
  const frameRef = useRef<HTMLIFrameElement>(null);
  const [receiptLoaded, setReceiptLoaded] = useState(false);
  // P pressed before the receipt arrived: it prints once it has loaded.
  const [printPending, setPrintPending] = useState(false);
  const [emailing, setEmailing] = useState(false);

  // What the receipt printer or drawer just failed to do; the sale is recorded whatever it says.
  const [printerProblem, setPrinterProblem] = useState<string | null>(null);
  const [isPrinterFailing, setIsPrinterFailing] = useState(false);
  // The drawer opens once per sale (a ref survives React's development double effects).
  const drawerSaleRef = useRef<string | null>(null);
  useEffect(() => {
    if (drawerSaleRef.current === sale.receiptNumber) {
      return;
    }
    // Decided when the sale completes: a printer connected later does not pop the drawer.
    drawerSaleRef.current = sale.receiptNumber;
    if (receiptPrinter !== null && sale.tenders.some((tender) => tender.method === 'cash')) {
      receiptPrinter
        .openDrawer()
        .catch((error: unknown) =>
          setPrinterProblem(`The cash drawer did not open. ${describePrinterError(error)}`),
        );
    }
  }, [receiptPrinter, sale]);

  function printReceipt() {
    if (receiptPrinter !== null && !isPrinterFailing) {
      setPrinterProblem(null);
      receiptPrinter.printReceipt().catch((error: unknown) => {
        // The browser's print is the way out: the next P uses it.
        setIsPrinterFailing(true);
        setPrinterProblem(
          `The receipt did not print. ${describePrinterError(error)} Press P to print it through the browser.`,
        );
      });
      return;
    }
    printInBrowser();
  }

  function printInBrowser() {
    if (receiptLoaded) {
      frameRef.current?.contentWindow?.print();
    } else {
      setPrintPending(true);
    }
  }

  function receiptArrived() {
    setReceiptLoaded(true);
    if (printPending) {
      setPrintPending(false);
      frameRef.current?.contentWindow?.print();
    }
  }

  // What is typed here is the next customer's first item: a scanner does not wait for "Next sale".
  const typedRef = useRef('');
  // P prints only when nothing follows it at a scanner's pace (a code may contain a P).
  const printTimerRef = useRef<number | null>(null);
  const keyRef = useRef<(event: KeyboardEvent) => void>(() => undefined);
  keyRef.current = (event: KeyboardEvent) => {
    if (emailing) {
      return; // the email form has the keys
    }
    if (printTimerRef.current !== null) {
      window.clearTimeout(printTimerRef.current);
      printTimerRef.current = null;
    }
    if (event.key === 'Enter' || event.key === 'Escape') {
      event.preventDefault();
      const code = event.key === 'Enter' && typedRef.current.trim() !== '' ? typedRef.current.trim() : null;
      typedRef.current = '';
      onNewSale(code);
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      const startsCode = typedRef.current === '';
      typedRef.current += event.key;
      if (startsCode && (event.key === 'p' || event.key === 'P')) {
        printTimerRef.current = window.setTimeout(() => {
          printTimerRef.current = null;
          typedRef.current = '';
          printReceipt();
        }, PRINT_KEY_SETTLE_MS);
      }
      // E emails the receipt, likewise only when no code follows it.
      if (startsCode && (event.key === 'e' || event.key === 'E')) {
        printTimerRef.current = window.setTimeout(() => {
          printTimerRef.current = null;
          typedRef.current = '';
          setEmailing(true);
        }, PRINT_KEY_SETTLE_MS);
      }
    }
  };
  useEffect(
    () => () => {
      if (printTimerRef.current !== null) {
        window.clearTimeout(printTimerRef.current);
      }
    },
    [],
  );
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keyRef.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const due = sale.totalCents + sale.roundingCents;
  const isLocal = !('id' in sale);
  return (
    <Dialog as="section" className="panel register-dialog register-done">
      <div className="register-done-summary">
        <DialogTitle>Sale complete</DialogTitle>
        <p className="register-muted">
          Receipt <span data-testid="sale-receipt-number">{sale.receiptNumber}</span>
        </p>
        {isLocal && (
          <p className="register-done-local" data-testid="sale-saved-locally">
            Saved on this till, will be sent to the server when it can be reached.
          </p>
        )}
        <div className="register-change register-change-big">
          <span>Change due</span>
          <strong data-testid="sale-change-due">{money(sale.changeDueCents)}</strong>
        </div>
        <dl className="register-totals register-done-totals">
          <div>
            <dt>Total</dt>
            <dd data-testid="sale-total">{money(sale.totalCents)}</dd>
          </div>
          {sale.roundingCents !== 0 && (
            <div>
              <dt>Cash rounding</dt>
              <dd>{money(sale.roundingCents)}</dd>
            </div>
          )}
          {sale.roundingCents !== 0 && (
            <div>
              <dt>Amount due</dt>
              <dd>{money(due)}</dd>
            </div>
          )}
          {sale.tenders.map((tender) => (
            <div key={`${tender.method}-${tender.amountCents}-${tender.reference ?? ''}`}>
              <dt>
                {TENDER_NAMES[tender.method]}
                {tender.reference ? ` (${tender.reference})` : ''}
              </dt>
              <dd>{money(tender.amountCents)}</dd>
            </div>
          ))}
        </dl>
        {printerProblem !== null && (
          <p className="alert" role="alert" data-testid="printer-problem">
            {printerProblem}
          </p>
        )}
        <div className="register-done-actions">
          <button type="button" className="button button-secondary" onClick={printReceipt}>
            {printPending ? 'Preparing…' : 'Print receipt'} <kbd>P</kbd>
          </button>
          <button type="button" className="button button-secondary" onClick={() => setEmailing(true)}>
            Email receipt <kbd>E</kbd>
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => onNewSale(null)}
            // biome-ignore lint/a11y/noAutofocus: the next customer is waiting; Enter starts the next sale.
            autoFocus
          >
            Next sale <kbd>Enter</kbd>
          </button>
        </div>
        {emailing && !('id' in sale) && (
          <p className="register-muted" role="status">
            This sale is saved on the till only: it can be emailed once it has reached the server.
          </p>
        )}
        {emailing && 'id' in sale && (
          <EmailReceiptForm
            saleId={sale.id}
            initialEmail={customerEmail ?? ''}
            onClose={() => setEmailing(false)}
          />
        )}
      </div>
      <iframe
        ref={frameRef}
        className="register-receipt-frame"
        title="Receipt"
        {...('id' in sale ? { src: receiptUrl(sale.id) } : { srcDoc: localReceiptHtml(sale, store) })}
        onLoad={receiptArrived}
      />
    </Dialog>
  );
}
