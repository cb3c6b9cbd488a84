import type { SettingsStorage } from '../till-settings';
import type { SerialPortInfo, SerialPortLike } from './web-serial';
import { EscPos } from './escpos';
import type { PaperColumns } from './receipt-escpos';

/** The speeds receipt printers' serial and USB-serial interfaces are commonly set to. */
export const BAUD_RATES = [9600, 19200, 38400, 115200] as const;
export type BaudRate = (typeof BAUD_RATES)[number];

/** A job the printer has not taken in this long will not be taken: the cashier is told, the sale goes on. */
export const WRITE_TIMEOUT_MS = 5000;

export type PrinterProblem =
  | 'unsupported'
  | 'not-chosen'
  | 'cannot-open'
  | 'not-connected'
  | 'timeout'
  | 'write-failed';

/** A printer failure with the kind of problem, for `describePrinterError`. */
export class PrinterError extends Error {
  constructor(
    readonly problem: PrinterProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PrinterError';
  }
}

/**
 * Sends one job to an open port and waits until the port has taken it, at most `timeoutMs`. The writer's lock
 * is released whatever happens, so the next job (or closing the port) is never stuck behind this one.
 */
export async function writeToPort(
  port: Pick<SerialPortLike, 'writable'>,
  bytes: Uint8Array,
  timeoutMs = WRITE_TIMEOUT_MS,
): Promise<void> {
  const writable = port.writable;
  if (writable === null) {
    throw new PrinterError('not-connected', 'The printer port is not open');
  }
  const writer = writable.getWriter();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PrinterError('timeout', `The printer took nothing for ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  const written = writer.write(bytes);
  // Once timed out, the write's own rejection (when the lock goes) is expected: not an unhandled error.
  written.catch(() => undefined);
  try {
    await Promise.race([written, timeout]);
  } catch (error) {
    if (error instanceof PrinterError) {
      throw error;
    }
    throw new PrinterError('write-failed', 'The printer port failed while writing', { cause: error });
  } finally {
    clearTimeout(timer);
    writer.releaseLock();
  }
}

/**
 * An open receipt printer. Jobs go out one at a time in the order asked, so a drawer pulse never lands in the
 * middle of a receipt; one failed job does not stop the next.
 */
export class SerialPrinter {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly port: SerialPortLike,
    readonly baudRate: BaudRate,
    private readonly timeoutMs: number,
  ) {}

  /** Opens the port at the printer's speed (8 data bits, no parity, one stop bit: ESC/POS printers' default). */
  static async open(
    port: SerialPortLike,
    baudRate: BaudRate,
    timeoutMs = WRITE_TIMEOUT_MS,
  ): Promise<SerialPrinter> {
    try {
      await port.open({ baudRate, dataBits: 8, stopBits: 1, parity: 'none', flowControl: 'none' });
    } catch (error) {
      // Already open (e.g. the settings dialog reopened it): usable as it is.
      if (!(error instanceof DOMException && error.name === 'InvalidStateError')) {
        throw new PrinterError('cannot-open', 'The printer port could not be opened', { cause: error });
      }
    }
    return new SerialPrinter(port, baudRate, timeoutMs);
  }

  send(bytes: Uint8Array): Promise<void> {
    const job = this.queue.then(() => writeToPort(this.port, bytes, this.timeoutMs));
    this.queue = job.catch(() => undefined);
    return job;
  }

  /** The cash drawer's kick (the drawer's cable goes into the printer's RJ-11 socket). */
  openDrawer(): Promise<void> {
    return this.send(new EscPos().init().drawerPulse().bytes());
  }

  /** A short job that proves the connection, the speed and the paper width. */
  testPrint(columns: PaperColumns): Promise<void> {
    const job = new EscPos()
      .init()
      .asciiCodePage()
      .align('center')
      .bold(true)
      .line('Printer test')
      .bold(false)
      .line(`${this.baudRate} baud, ${columns} columns`)
      .align('left')
      .line('1234567890'.repeat(5).slice(0, columns))
      .partialCut(3);
    return this.send(job.bytes());
  }

  async close(): Promise<void> {
    await this.queue;
    await this.port.close();
  }
}

/** "USB 04b8:0e28" for the settings dialog; a built-in serial port has no USB ids. */
export function describePort(info: SerialPortInfo): string {
  if (info.usbVendorId === undefined) {
    return 'serial port';
  }
  const hex = (id: number | undefined) => (id ?? 0).toString(16).padStart(4, '0');
  return `USB ${hex(info.usbVendorId)}:${hex(info.usbProductId)}`;
}

/** The printer's cashier-facing settings, remembered in this browser. */
export type PrinterSettings = {
  baudRate: BaudRate;
  columns: PaperColumns;
  /** The chosen port's USB ids: which of the permitted ports to reopen after a reload. */
  port: SerialPortInfo | null;
};

export const DEFAULT_PRINTER_SETTINGS: PrinterSettings = { baudRate: 9600, columns: 42, port: null };

const STORAGE_KEY = 'pos.printer';

export function readPrinterSettings(storage: Pick<SettingsStorage, 'getItem'>): PrinterSettings {
  try {
    const value = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as Partial<PrinterSettings> | null;
    if (value === null || typeof value !== 'object') {
      return DEFAULT_PRINTER_SETTINGS;
    }
    return {
      baudRate: BAUD_RATES.find((rate) => rate === value.baudRate) ?? DEFAULT_PRINTER_SETTINGS.baudRate,
      columns: value.columns === 32 ? 32 : 42,
      port: value.port && typeof value.port === 'object' ? value.port : null,
    };
  } catch {
    return DEFAULT_PRINTER_SETTINGS;
  }
}

export function savePrinterSettings(
  settings: PrinterSettings,
  storage: Pick<SettingsStorage, 'setItem'>,
): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(settings));
}

/** Which permitted port is the remembered printer: the one with its USB ids, else none. */
export function findRememberedPort(
  ports: readonly SerialPortLike[],
  remembered: SerialPortInfo | null,
): SerialPortLike | null {
  if (remembered === null) {
    return null;
  }
  return (
    ports.find((port) => {
      const info = port.getInfo();
      return info.usbVendorId === remembered.usbVendorId && info.usbProductId === remembered.usbProductId;
    }) ?? null
  );
}

/** What went wrong with the receipt printer, in words for the cashier. */
export function describePrinterError(error: unknown): string {
  const problem = error instanceof PrinterError ? error.problem : null;
  switch (problem) {
    case 'unsupported':
      return 'This browser cannot reach a receipt printer: use Chrome or Edge.';
    case 'not-chosen':
      return 'No printer was chosen.';
    case 'cannot-open':
      return 'The printer could not be reached: check it is plugged in and no other program is using it.';
    case 'not-connected':
      return 'The printer is not connected: press Alt+D to connect it.';
    case 'timeout':
      return 'The printer did not answer: check it is on, has paper and its lid is closed.';
    default:
      return 'The printer stopped answering: check its cable, then press Alt+D to connect it again.';
  }
}
