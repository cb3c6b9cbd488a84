// The part of Chromium's Web Serial API the register uses. TypeScript's DOM library does not have it (it is
// not a W3C standard), so these are declared here, as plain types rather than globals.

export type SerialPortInfo = { usbVendorId?: number; usbProductId?: number };

export type SerialOptions = {
  baudRate: number;
  dataBits?: 7 | 8;
  stopBits?: 1 | 2;
  parity?: 'none' | 'even' | 'odd';
  flowControl?: 'none' | 'hardware';
};

/** A serial port: USB receipt printers show up as one (a USB-serial adapter or their own CDC driver). */
export interface SerialPortLike {
  /** null while the port is closed or after it failed. */
  readonly writable: WritableStream<Uint8Array> | null;
  open(options: SerialOptions): Promise<void>;
  close(): Promise<void>;
  getInfo(): SerialPortInfo;
}

/** `navigator.serial`. */
export interface SerialLike extends EventTarget {
  requestPort(options?: { filters?: SerialPortInfo[] }): Promise<SerialPortLike>;
  getPorts(): Promise<SerialPortLike[]>;
}
