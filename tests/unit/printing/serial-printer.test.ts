import { describe, expect, it } from 'vitest';
import {
  describePrinterError,
  findRememberedPort,
  PrinterError,
  readPrinterSettings,
  SerialPrinter,
  savePrinterSettings,
  writeToPort,
} from '../../../client/src/features/register/printing/serial-printer';
import type {
  SerialOptions,
  SerialPortInfo,
  SerialPortLike,
} from '../../../client/src/features/register/printing/web-serial';

/**
 * A serial port in memory: its `writable` is a real WritableStream whose sink keeps every chunk, or stalls
 * (a printer out of paper holding flow control), or fails (a cable pulled out). No hardware can run here.
 */
class MemoryPort implements SerialPortLike {
  readonly chunks: Uint8Array[] = [];
  openedWith: SerialOptions | null = null;
  writable: WritableStream<Uint8Array> | null = null;
  behaviour: 'take' | 'stall' | 'fail' = 'take';

  constructor(private readonly info: SerialPortInfo = { usbVendorId: 0x04b8, usbProductId: 0x0e28 }) {}

  async open(options: SerialOptions): Promise<void> {
    if (this.openedWith !== null) {
      throw new DOMException('The port is already open.', 'InvalidStateError');
    }
    this.openedWith = options;
    this.writable = new WritableStream<Uint8Array>({
      write: (chunk) => {
        if (this.behaviour === 'stall') {
          return new Promise<void>(() => undefined);
        }
        if (this.behaviour === 'fail') {
          throw new DOMException('The device has been lost.', 'NetworkError');
        }
        this.chunks.push(chunk.slice());
      },
    });
  }

  async close(): Promise<void> {
    if (this.writable?.locked) {
      throw new TypeError('Cannot close a locked stream');
    }
    this.writable = null;
    this.openedWith = null;
  }

  getInfo(): SerialPortInfo {
    return this.info;
  }

  written(): number[] {
    return this.chunks.flatMap((chunk) => Array.from(chunk));
  }
}

describe('writing to a serial port', () => {
  it('opens at the chosen speed, 8N1, no flow control', async () => {
    const port = new MemoryPort();
    await SerialPrinter.open(port, 19200);
    expect(port.openedWith).toEqual({
      baudRate: 19200,
      dataBits: 8,
      stopBits: 1,
      parity: 'none',
      flowControl: 'none',
    });
  });

  it('the drawer pulse reaches the port as ESC @ then ESC p 0 25 250, and the writer is released', async () => {
    const port = new MemoryPort();
    const printer = await SerialPrinter.open(port, 9600);
    await printer.openDrawer();
    expect(port.written()).toEqual([0x1b, 0x40, 0x1b, 0x70, 0, 25, 250]);
    expect(port.writable?.locked).toBe(false);
  });

  it('jobs asked at once go out whole and in order', async () => {
    const port = new MemoryPort();
    const printer = await SerialPrinter.open(port, 9600);
    await Promise.all([
      printer.send(Uint8Array.of(1, 2, 3)),
      printer.openDrawer(),
      printer.send(Uint8Array.of(9)),
    ]);
    expect(port.chunks.map((chunk) => Array.from(chunk))).toEqual([
      [1, 2, 3],
      [0x1b, 0x40, 0x1b, 0x70, 0, 25, 250],
      [9],
    ]);
  });

  it('a test print names the speed and fits the paper', async () => {
    const port = new MemoryPort();
    const printer = await SerialPrinter.open(port, 38400);
    await printer.testPrint(32);
    const text = String.fromCharCode(...port.written());
    expect(text).toContain('38400 baud, 32 columns\n');
    expect(text).toContain(`${'1234567890'.repeat(4).slice(0, 32)}\n`);
    expect(port.written().slice(-4)).toEqual([0x1d, 0x56, 66, 3]);
  });

  it('a closed port → not-connected, nothing written', async () => {
    const port = new MemoryPort();
    await expect(writeToPort(port, Uint8Array.of(1))).rejects.toMatchObject({ problem: 'not-connected' });
    expect(port.chunks).toEqual([]);
  });

  it('a printer that takes nothing → timeout, and the next job is not stuck behind it', async () => {
    const port = new MemoryPort();
    const printer = await SerialPrinter.open(port, 9600, 30);
    port.behaviour = 'stall';
    await expect(printer.openDrawer()).rejects.toMatchObject({ problem: 'timeout' });
    expect(port.writable?.locked).toBe(false);
  });

  it('a port that fails while writing → write-failed, and the lock is released', async () => {
    const port = new MemoryPort();
    const printer = await SerialPrinter.open(port, 9600);
    port.behaviour = 'fail';
    const failure = await printer.send(Uint8Array.of(1)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PrinterError);
    expect((failure as PrinterError).problem).toBe('write-failed');
    expect(port.writable?.locked).toBe(false);
    expect(describePrinterError(failure)).toMatch(/stopped answering/);
  });

  it('a port that cannot open → cannot-open; an already open one is used as it is', async () => {
    const broken: SerialPortLike = {
      writable: null,
      open: () => Promise.reject(new DOMException('Failed to open serial port.', 'NetworkError')),
      close: async () => undefined,
      getInfo: () => ({}),
    };
    await expect(SerialPrinter.open(broken, 9600)).rejects.toMatchObject({ problem: 'cannot-open' });
    const port = new MemoryPort();
    await port.open({ baudRate: 9600 });
    const printer = await SerialPrinter.open(port, 9600);
    await printer.openDrawer();
    expect(port.chunks).toHaveLength(1);
  });

  it('closing waits for queued jobs, then closes the port', async () => {
    const port = new MemoryPort();
    const printer = await SerialPrinter.open(port, 9600);
    void printer.openDrawer();
    await printer.close();
    expect(port.chunks).toHaveLength(1);
    expect(port.writable).toBeNull();
  });
});

describe('printer settings', () => {
  it('round-trip through storage; bad values fall back to 9600 baud, 80 mm', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
    };
    expect(readPrinterSettings(storage)).toEqual({ baudRate: 9600, columns: 42, port: null });
    savePrinterSettings(
      { baudRate: 115200, columns: 32, port: { usbVendorId: 1, usbProductId: 2 } },
      storage,
    );
    expect(readPrinterSettings(storage)).toEqual({
      baudRate: 115200,
      columns: 32,
      port: { usbVendorId: 1, usbProductId: 2 },
    });
    store.set('pos.printer', '{"baudRate":1200,"columns":99}');
    expect(readPrinterSettings(storage)).toEqual({ baudRate: 9600, columns: 42, port: null });
    store.set('pos.printer', 'not json');
    expect(readPrinterSettings(storage).baudRate).toBe(9600);
  });

  it('the remembered printer is found among permitted ports by its USB ids', () => {
    const other = new MemoryPort({ usbVendorId: 0x1a86, usbProductId: 0x7523 });
    const epson = new MemoryPort({ usbVendorId: 0x04b8, usbProductId: 0x0e28 });
    expect(findRememberedPort([other, epson], { usbVendorId: 0x04b8, usbProductId: 0x0e28 })).toBe(epson);
    expect(findRememberedPort([other], { usbVendorId: 0x04b8, usbProductId: 0x0e28 })).toBeNull();
    expect(findRememberedPort([other, epson], null)).toBeNull();
  });
});
