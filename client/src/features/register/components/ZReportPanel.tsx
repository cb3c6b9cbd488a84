import { useEffect, useRef, useState } from 'react';
import { type CloseShiftResponse, shiftReportUrl } from '../api/shift-drawer';
import { describeOverShort } from '../denominations';
import { formatMoney } from '../money';
import './shift.css';
import { Dialog, DialogTitle } from '../../../ui/Dialog';

/**
 * The shift is closed: the server's expected, counted and over/short, and the Z report as the printable page,
 * loaded into a frame at once so that P prints it at once. Enter (or Esc) goes back to opening a shift.
 */
export function ZReportPanel({
  shiftId,
  result,
  currency,
  onDone,
}: {
  shiftId: string;
  result: CloseShiftResponse;
  currency: string;
  onDone: () => void;
}) {
  const money = (cents: number) => formatMoney(cents, currency);
  const frameRef = useRef<HTMLIFrameElement>(null);
  const [loaded, setLoaded] = useState(false);
  // P pressed before the report arrived: it prints once it has loaded.
  const [printPending, setPrintPending] = useState(false);
  const doneRef = useRef<HTMLButtonElement>(null);

  function printReport() {
    if (loaded) {
      frameRef.current?.contentWindow?.print();
    } else {
      setPrintPending(true);
    }
  }

  const keyRef = useRef<(event: KeyboardEvent) => void>(() => undefined);
  keyRef.current = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === 'Escape') {
      event.preventDefault();
      onDone();
    } else if (
      (event.key === 'p' || event.key === 'P') &&
      !event.ctrlKey &&
      !event.altKey &&
      !event.metaKey
    ) {
      event.preventDefault();
      printReport();
    }
  };
  useEffect(() => {
    doneRef.current?.focus();
    const listener = (event: KeyboardEvent) => keyRef.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const { report } = result;
  return (
    <Dialog as="section" className="panel register-dialog register-done shift-z">
      <div className="register-done-summary">
        <DialogTitle>Shift closed</DialogTitle>
        <p className="register-muted">
          Z report · {report.shift.storeName} · register {report.shift.registerId}
        </p>
        <dl className="shift-close-figures">
          <div>
            <dt>Expected cash</dt>
            <dd data-testid="z-expected">{money(result.expectedCashCents)}</dd>
          </div>
          <div>
            <dt>Counted</dt>
            <dd data-testid="z-counted">{money(result.countedCashCents)}</dd>
          </div>
          <div
            className={
              result.overShortCents === 0 ? '' : result.overShortCents > 0 ? 'shift-over' : 'shift-short'
            }
          >
            <dt>Over / short</dt>
            <dd data-testid="z-over-short">{describeOverShort(result.overShortCents, currency)}</dd>
          </div>
        </dl>
        <dl className="register-totals shift-z-totals">
          <div>
            <dt>Sales ({report.salesCount})</dt>
            <dd>{money(report.salesTotalCents)}</dd>
          </div>
          <div>
            <dt>Paid in</dt>
            <dd>{money(report.cash.paidInCents)}</dd>
          </div>
          <div>
            <dt>Paid out</dt>
            <dd>{money(report.cash.paidOutCents)}</dd>
          </div>
          <div>
            <dt>No sale</dt>
            <dd>{report.noSaleCount}</dd>
          </div>
        </dl>
        <div className="register-done-actions">
          <button type="button" className="button button-secondary" onClick={printReport}>
            {printPending ? 'Preparing…' : 'Print Z report'} <kbd>P</kbd>
          </button>
          <button ref={doneRef} type="button" className="button button-primary" onClick={onDone}>
            Done <kbd>Enter</kbd>
          </button>
        </div>
      </div>
      <iframe
        ref={frameRef}
        className="register-receipt-frame shift-z-frame"
        title="Z report"
        src={shiftReportUrl(shiftId)}
        onLoad={() => {
          setLoaded(true);
          if (printPending) {
            setPrintPending(false);
            frameRef.current?.contentWindow?.print();
          }
        }}
      />
    </Dialog>
  );
}
