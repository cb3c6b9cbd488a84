// ESC/POS bytes for thermal receipt printers (Epson TM and the many printers that copy its command set).
// Pure: builds a Uint8Array, knows nothing about how it reaches the printer.

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

export type Alignment = 'left' | 'center' | 'right';

const ALIGNMENT_CODES: Record<Alignment, number> = { left: 0, center: 1, right: 2 };

/**
 * Characters outside ASCII that a receipt plausibly holds, spelled in ASCII. Accented letters need no entry:
 * they lose their accent first ("é" → "e").
 */
const ASCII_SPELLINGS: Record<string, string> = {
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '¢': 'c',
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  '‘': "'",
  '’': "'",
  '“': '"',
  '”': '"',
  '–': '-',
  '—': '-',
  '−': '-',
  '…': '...',
  '×': 'x',
  '·': '.',
  '•': '*',
  '°': 'o',
  '\u00a0': ' ',
  '\u202f': ' ',
};

/**
 * Text as printable ASCII, so it prints the same on any code page: accents dropped, currency signs and
 * typographic marks spelled out (see ASCII_SPELLINGS), control characters become spaces, anything else "?".
 */
export function toPrintableAscii(text: string): string {
  let out = '';
  for (const char of text.normalize('NFD')) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x20 && code <= 0x7e) {
      out += char;
    } else if (code >= 0x300 && code <= 0x36f) {
      // a combining accent split off its letter by NFD: the bare letter is kept
    } else if (code < 0x20 || code === 0x7f) {
      out += ' ';
    } else {
      out += ASCII_SPELLINGS[char.normalize('NFC')] ?? '?';
    }
  }
  return out;
}

/**
 * A laid-out line that grew when spelled in ASCII ("€" → "EUR") is brought back to `columns` by shrinking its
 * widest run of spaces (the gap between a label and its amount), so the amount stays on the line.
 */
export function fitToColumns(text: string, columns: number): string {
  let fitted = text;
  while (fitted.length > columns) {
    const runs = [...fitted.matchAll(/ {2,}/g)];
    const widest = runs.reduce<RegExpExecArray | null>(
      (best, run) => (best === null || run[0].length > best[0].length ? run : best),
      null,
    );
    if (widest === null) {
      return fitted;
    }
    fitted = fitted.slice(0, widest.index) + fitted.slice(widest.index + 1);
  }
  return fitted;
}

export type BarcodeOptions = {
  /** Bar height in dots (GS h), 1–255. */
  heightDots?: number;
  /** Narrowest bar in dots (GS w), 2–6. */
  moduleWidth?: number;
  /** Where the human-readable number prints (GS H). */
  readable?: 'none' | 'above' | 'below' | 'both';
};

const READABLE_CODES = { none: 0, above: 1, below: 2, both: 3 } as const;

/** Builds one print job command by command: `new EscPos().init().line('Hi').cut().bytes()`. */
export class EscPos {
  private readonly out: number[] = [];

  private push(...values: number[]): this {
    this.out.push(...values);
    return this;
  }

  /** ESC @: forget the previous job's styles and settings. */
  init(): this {
    return this.push(ESC, 0x40);
  }

  /** ESC t 0: code page PC437. `text` sends ASCII only, which reads the same in it and every other page. */
  asciiCodePage(): this {
    return this.push(ESC, 0x74, 0);
  }

  /** ESC a n. */
  align(alignment: Alignment): this {
    return this.push(ESC, 0x61, ALIGNMENT_CODES[alignment]);
  }

  /** ESC E n. */
  bold(isOn: boolean): this {
    return this.push(ESC, 0x45, isOn ? 1 : 0);
  }

  /** GS ! n: double width and height, or normal. */
  doubleSize(isOn: boolean): this {
    return this.push(GS, 0x21, isOn ? 0x11 : 0x00);
  }

  /** Text in printable ASCII (see toPrintableAscii): every code page prints it the same. */
  text(text: string): this {
    for (const char of toPrintableAscii(text)) {
      this.out.push(char.charCodeAt(0));
    }
    return this;
  }

  /** Text and a line feed. */
  line(text = ''): this {
    return this.text(text).push(LF);
  }

  /** ESC d n: feed n blank lines. */
  feed(lines: number): this {
    return this.push(ESC, 0x64, clampByte(lines));
  }

  /**
   * A Code 128 barcode in code set B (GS k 73 n "{B" data): height, module width and where the number prints
   * are set first. A "{" in the data is sent as "{{", the printer's escape for a literal brace.
   */
  code128(data: string, options: BarcodeOptions = {}): this {
    const ascii = toPrintableAscii(data).replaceAll('{', '{{');
    const payload = [0x7b, 0x42, ...Array.from(ascii, (char) => char.charCodeAt(0))];
    if (payload.length > 255) {
      throw new RangeError('A Code 128 barcode holds at most 253 characters');
    }
    return this.push(GS, 0x68, clampByte(options.heightDots ?? 80))
      .push(GS, 0x77, Math.min(6, Math.max(2, options.moduleWidth ?? 2)))
      .push(GS, 0x48, READABLE_CODES[options.readable ?? 'below'])
      .push(GS, 0x6b, 73, payload.length, ...payload);
  }

  /** GS V 66 n: feed n lines past the cutter, then cut leaving a hinge (partial cut). */
  partialCut(feedLines = 3): this {
    return this.push(GS, 0x56, 66, clampByte(feedLines));
  }

  /**
   * ESC p m t1 t2: a pulse on drawer pin 2 (m = 0), on for t1 × 2 ms and off for t2 × 2 ms: 50 ms on, 500 ms
   * off, what most cash drawers need to open.
   */
  drawerPulse(onUnits = 25, offUnits = 250): this {
    return this.push(ESC, 0x70, 0, clampByte(onUnits), clampByte(offUnits));
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

function clampByte(value: number): number {
  return Math.min(255, Math.max(0, Math.round(value)));
}
