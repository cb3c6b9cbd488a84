import { useCallback, useEffect, useRef, useState } from 'react';
import type { Sale } from '../../../../../shared/schemas/sales';
import type { Store } from '../api/list-stores';
import { encodeReceipt, receiptViewOf } from './receipt-escpos';
import {
  type BaudRate,
  describePort,
  findRememberedPort,
  PrinterError,
  type PrinterSettings,
  readPrinterSettings,
  SerialPrinter,
  savePrinterSettings,
} from './serial-printer';
import type { SerialLike, SerialPortLike } from './web-serial';

/** `navigator.serial`, or null in browsers without Web Serial (Firefox, Safari, or a page not on https). */
function webSerial(): SerialLike | null {
  return (navigator as Navigator & { serial?: SerialLike }).serial ?? null;
}

export type PrinterStatus =
  | { state: 'unsupported' }
  | { state: 'disconnected' }
  | { state: 'connecting' }
  | { state: 'connected'; portLabel: string };

/** The till's receipt printer and cash drawer, as SellScreen and the settings dialog use them. */
export type ReceiptPrinter = {
  status: PrinterStatus;
  settings: PrinterSettings;
  isConnected: boolean;
  /** Asks the browser for a port (must run from a key press or click), opens it and remembers it. */
  connect: () => Promise<void>;
  /** Reopens the printer at a new speed, or keeps a new paper width. */
  changeSettings: (change: Partial<Pick<PrinterSettings, 'baudRate' | 'columns'>>) => Promise<void>;
  disconnect: () => Promise<void>;
  testPrint: () => Promise<void>;
  openDrawer: () => Promise<void>;
  printReceipt: (sale: Sale, store: Store) => Promise<void>;
};

/**
 * The Web Serial receipt printer: reopened by itself after a reload when the browser still allows the port
 * chosen before (`navigator.serial.getPorts()`), dropped when it is unplugged.
 */
export function useSerialPrinter(): ReceiptPrinter {
  const serial = webSerial();
  const [settings, setSettings] = useState<PrinterSettings>(() => readPrinterSettings(window.localStorage));
  const [status, setStatus] = useState<PrinterStatus>(
    serial === null ? { state: 'unsupported' } : { state: 'disconnected' },
  );
  const printerRef = useRef<SerialPrinter | null>(null);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;

  const remember = useCallback((next: PrinterSettings) => {
    settingsRef.current = next;
    setSettings(next);
    savePrinterSettings(next, window.localStorage);
  }, []);

  const attach = useCallback(async (port: SerialPortLike, baudRate: BaudRate) => {
    setStatus({ state: 'connecting' });
    try {
      const printer = await SerialPrinter.open(port, baudRate);
      printerRef.current = printer;
      setStatus({ state: 'connected', portLabel: describePort(port.getInfo()) });
      return printer;
    } catch (error) {
      printerRef.current = null;
      setStatus({ state: 'disconnected' });
      throw error;
    }
  }, []);

  useEffect(() => {
    if (serial === null) {
      return;
    }
    let isCurrent = true;
    void serial.getPorts().then(async (ports) => {
      const port = findRememberedPort(ports, settingsRef.current.port);
      if (isCurrent && port !== null && printerRef.current === null) {
        await attach(port, settingsRef.current.baudRate).catch(() => undefined);
      }
    });
    const unplugged = (event: Event) => {
      if (printerRef.current !== null && (event.target as unknown) === printerRef.current.port) {
        printerRef.current = null;
        setStatus({ state: 'disconnected' });
      }
    };
    serial.addEventListener('disconnect', unplugged);
    return () => {
      isCurrent = false;
      serial.removeEventListener('disconnect', unplugged);
    };
  }, [serial, attach]);

  const connected = useCallback((): SerialPrinter => {
    if (printerRef.current === null) {
      throw new PrinterError('not-connected', 'No printer is connected');
    }
    return printerRef.current;
  }, []);

  return {
    status,
    settings,
    isConnected: status.state === 'connected',
    connect: async () => {
      if (serial === null) {
        throw new PrinterError('unsupported', 'Web Serial is not available');
      }
      let port: SerialPortLike;
      try {
        port = await serial.requestPort();
      } catch (error) {
        throw new PrinterError('not-chosen', 'No port was chosen', { cause: error });
      }
      await printerRef.current?.close().catch(() => undefined);
      await attach(port, settingsRef.current.baudRate);
      remember({ ...settingsRef.current, port: port.getInfo() });
    },
    changeSettings: async (change) => {
      const next = { ...settingsRef.current, ...change };
      remember(next);
      const printer = printerRef.current;
      if (printer !== null && next.baudRate !== printer.baudRate) {
        await printer.close().catch(() => undefined);
        printerRef.current = null;
        await attach(printer.port, next.baudRate);
      }
    },
    disconnect: async () => {
      const printer = printerRef.current;
      printerRef.current = null;
      setStatus({ state: 'disconnected' });
      remember({ ...settingsRef.current, port: null });
      await printer?.close().catch(() => undefined);
    },
    testPrint: () => Promise.resolve().then(() => connected().testPrint(settingsRef.current.columns)),
    openDrawer: () => Promise.resolve().then(() => connected().openDrawer()),
    printReceipt: (sale, store) =>
      Promise.resolve().then(() =>
        connected().send(encodeReceipt(receiptViewOf(sale, store), settingsRef.current.columns)),
      ),
  };
}
