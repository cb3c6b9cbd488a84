import { useEffect, useRef, useState } from 'react';
import type { ReceiptPrinter } from '../printing/use-serial-printer';
import { BAUD_RATES, describePrinterError } from '../printing/serial-printer';
import './printer-dialog.css';
import { Dialog, DialogTitle } from '../../../ui/Dialog';

const PAPER_CHOICES = [
  { columns: 42, label: '80 mm', key: '8' },
  { columns: 32, label: '58 mm', key: '5' },
] as const;

/**
 * Printer & drawer (Alt+D): connect the receipt printer through the browser's serial port chooser, set its
 * speed and paper, print a test, open the cash drawer. Keys: C connect, T test, O drawer, X disconnect, 1–4
 * speed, 8 / 5 paper, Esc close.
 */
export function PrinterDialog({ printer, onClose }: { printer: ReceiptPrinter; onClose: () => void }) {
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const { status, settings } = printer;
  const isSupported = status.state !== 'unsupported';

  async function run(action: () => Promise<void>, done: string) {
    setIsBusy(true);
    setMessage(null);
    try {
      await action();
      setMessage({ text: done, isError: false });
    } catch (error) {
      setMessage({ text: describePrinterError(error), isError: true });
    } finally {
      setIsBusy(false);
    }
  }

  const connect = () => run(printer.connect, 'Printer connected.');
  const testPrint = () => run(printer.testPrint, 'Test page sent to the printer.');
  const openDrawer = () => run(printer.openDrawer, 'Drawer signal sent.');
  const disconnect = () =>
    run(printer.disconnect, 'Printer disconnected: receipts print through the browser.');

  const keyRef = useRef<(event: KeyboardEvent) => void>(() => undefined);
  keyRef.current = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || (event.altKey && event.code !== 'KeyD')) {
      return;
    }
    const key = event.key.toLowerCase();
    const baud = BAUD_RATES[Number(event.key) - 1];
    const paper = PAPER_CHOICES.find((choice) => choice.key === event.key);
    if (event.key === 'Escape' || (event.altKey && event.code === 'KeyD')) {
      onClose();
    } else if (isBusy || !isSupported) {
      return;
    } else if (key === 'c') {
      void connect();
    } else if (key === 't') {
      void testPrint();
    } else if (key === 'o') {
      void openDrawer();
    } else if (key === 'x' && status.state === 'connected') {
      void disconnect();
    } else if (baud !== undefined && /^[1-4]$/.test(event.key)) {
      void run(() => printer.changeSettings({ baudRate: baud }), `Speed set to ${baud} baud.`);
    } else if (paper !== undefined) {
      void run(() => printer.changeSettings({ columns: paper.columns }), `Paper set to ${paper.label}.`);
    } else {
      return;
    }
    event.preventDefault();
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keyRef.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const isConnected = status.state === 'connected';
  return (
    <Dialog className="panel register-dialog printer-dialog">
      <DialogTitle>Printer &amp; drawer</DialogTitle>
      <p className="printer-dialog-status" data-testid="printer-status">
        {status.state === 'unsupported' &&
          'This browser cannot reach a receipt printer (Chrome or Edge can). Receipts print through the browser.'}
        {status.state === 'disconnected' &&
          'No receipt printer connected: receipts print through the browser.'}
        {status.state === 'connecting' && 'Connecting…'}
        {status.state === 'connected' && `Connected: ${status.portLabel}, ${settings.baudRate} baud.`}
      </p>
      <fieldset className="printer-dialog-choice" disabled={!isSupported || isBusy}>
        <legend>Speed (baud)</legend>
        {BAUD_RATES.map((rate, index) => (
          <button
            key={rate}
            type="button"
            className={`button ${rate === settings.baudRate ? 'button-primary' : 'button-secondary'}`}
            aria-pressed={rate === settings.baudRate}
            onClick={() =>
              run(() => printer.changeSettings({ baudRate: rate }), `Speed set to ${rate} baud.`)
            }
          >
            {rate} <kbd>{index + 1}</kbd>
          </button>
        ))}
      </fieldset>
      <fieldset className="printer-dialog-choice" disabled={!isSupported || isBusy}>
        <legend>Paper</legend>
        {PAPER_CHOICES.map((choice) => (
          <button
            key={choice.columns}
            type="button"
            className={`button ${choice.columns === settings.columns ? 'button-primary' : 'button-secondary'}`}
            aria-pressed={choice.columns === settings.columns}
            onClick={() =>
              run(() => printer.changeSettings({ columns: choice.columns }), `Paper set to ${choice.label}.`)
            }
          >
            {choice.label} <kbd>{choice.key}</kbd>
          </button>
        ))}
      </fieldset>
      {message !== null && (
        <p
          className={message.isError ? 'alert' : 'printer-dialog-done'}
          role={message.isError ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
      <div className="printer-dialog-actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={!isSupported || isBusy}
          onClick={connect}
        >
          {isConnected ? 'Choose another printer' : 'Connect printer'} <kbd>C</kbd>
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={!isConnected || isBusy}
          onClick={testPrint}
        >
          Test print <kbd>T</kbd>
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={!isConnected || isBusy}
          onClick={openDrawer}
        >
          Open drawer <kbd>O</kbd>
        </button>
        {isConnected && (
          <button type="button" className="button button-secondary" disabled={isBusy} onClick={disconnect}>
            Disconnect <kbd>X</kbd>
          </button>
        )}
      </div>
      <button type="button" className="button button-primary button-block" onClick={onClose}>
        Close <kbd>Esc</kbd>
      </button>
    </Dialog>
  );
}
