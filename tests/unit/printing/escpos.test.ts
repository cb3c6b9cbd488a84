import { describe, expect, it } from 'vitest';
import {
  EscPos,
  fitToColumns,
  toPrintableAscii,
} from '../../../client/src/features/register/printing/escpos';
import { encodeReceipt } from '../../../client/src/features/register/printing/receipt-escpos';
import type { ReceiptView } from '../../../shared/receipt/receipt-layout';
import type { Sale } from '../../../shared/schemas/sales';

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

function ascii(text: string): number[] {
  return Array.from(text, (char) => char.charCodeAt(0));
}

function bytesOf(job: EscPos): number[] {
  return Array.from(job.bytes());
}

describe('ESC/POS commands', () => {
  it('init is ESC @, the code page ESC t 0', () => {
    expect(bytesOf(new EscPos().init())).toEqual([ESC, 0x40]);
    expect(bytesOf(new EscPos().asciiCodePage())).toEqual([ESC, 0x74, 0]);
  });

  it('alignment is ESC a 0/1/2', () => {
    expect(bytesOf(new EscPos().align('left'))).toEqual([ESC, 0x61, 0]);
    expect(bytesOf(new EscPos().align('center'))).toEqual([ESC, 0x61, 1]);
    expect(bytesOf(new EscPos().align('right'))).toEqual([ESC, 0x61, 2]);
  });

  it('bold is ESC E 1/0, double size GS ! 0x11/0', () => {
    expect(bytesOf(new EscPos().bold(true).bold(false))).toEqual([ESC, 0x45, 1, ESC, 0x45, 0]);
    expect(bytesOf(new EscPos().doubleSize(true).doubleSize(false))).toEqual([GS, 0x21, 0x11, GS, 0x21, 0]);
  });

  it('a line is its ASCII bytes and LF; feed is ESC d n', () => {
    expect(bytesOf(new EscPos().line('Hi 5'))).toEqual([0x48, 0x69, 0x20, 0x35, LF]);
    expect(bytesOf(new EscPos().line())).toEqual([LF]);
    expect(bytesOf(new EscPos().feed(3))).toEqual([ESC, 0x64, 3]);
  });

  it('Code 128: GS h height, GS w width, GS H readable position, then GS k 73 n {B data', () => {
    expect(
      bytesOf(new EscPos().code128('S1-2', { heightDots: 60, moduleWidth: 3, readable: 'below' })),
    ).toEqual([GS, 0x68, 60, GS, 0x77, 3, GS, 0x48, 2, GS, 0x6b, 73, 6, 0x7b, 0x42, 0x53, 0x31, 0x2d, 0x32]);
  });

  it('Code 128 sends a brace as {{ and counts it in n', () => {
    const bytes = bytesOf(new EscPos().code128('a{b', { readable: 'none' }));
    expect(bytes.slice(0, 9)).toEqual([GS, 0x68, 80, GS, 0x77, 2, GS, 0x48, 0]);
    expect(bytes.slice(9)).toEqual([GS, 0x6b, 73, 6, 0x7b, 0x42, 0x61, 0x7b, 0x7b, 0x62]);
  });

  it('Code 128 refuses data longer than the length byte can say', () => {
    expect(() => new EscPos().code128('x'.repeat(254))).toThrow(RangeError);
  });

  it('partial cut is GS V 66 n (feed n, then cut)', () => {
    expect(bytesOf(new EscPos().partialCut())).toEqual([GS, 0x56, 66, 3]);
    expect(bytesOf(new EscPos().partialCut(0))).toEqual([GS, 0x56, 66, 0]);
  });

  it('the drawer pulse is ESC p 0 25 250 (50 ms on, 500 ms off on pin 2)', () => {
    expect(bytesOf(new EscPos().drawerPulse())).toEqual([ESC, 0x70, 0, 25, 250]);
  });
});

describe('text for the printer', () => {
  it('drops accents, spells currency signs and typographic marks in ASCII, "?" for the rest', () => {
    expect(toPrintableAscii('Café crème')).toBe('Cafe creme');
    expect(toPrintableAscii('€12.00 £3 ¥500')).toBe('EUR12.00 GBP3 JPY500');
    expect(toPrintableAscii('Straße “Bob’s” – 2×3…')).toBe('Strasse "Bob\'s" - 2x3...');
    expect(toPrintableAscii('Hund 🐶 犬')).toBe('Hund ? ?');
    expect(toPrintableAscii('a\tb\u001bc')).toBe('a b c');
  });

  it('never sends a byte outside 0x20–0x7e from text', () => {
    const bytes = new EscPos().text('Ünïcödé ✓ Ω \u0007 ok').bytes();
    expect([...bytes].every((byte) => byte >= 0x20 && byte <= 0x7e)).toBe(true);
  });

  it('a line grown by spelling out a sign gives back the space between label and amount', () => {
    const line = `TOTAL${' '.repeat(26)}€12.00`; // 37 columns laid out for 37
    const grown = toPrintableAscii(line);
    expect(grown.length).toBe(39);
    expect(fitToColumns(grown, 37)).toBe(`TOTAL${' '.repeat(24)}EUR12.00`);
    expect(fitToColumns('no gaps here at all', 5)).toBe('no gaps here at all');
  });
});

const sale: Sale = {
  id: '00000000-0000-4000-8000-00000000000a',
  storeId: '00000000-0000-4000-8000-00000000000b',
  registerId: 'till-1',
  shiftId: null,
  receiptNumber: 'S001-1-000007',
  status: 'completed',
  businessDate: '2024-03-01',
  createdAt: '2024-03-01T18:05:00.000Z',
  cashierId: '00000000-0000-4000-8000-00000000000c',
  customerId: null,
  pricesIncludeTax: false,
  lines: [
    {
      id: 'l1',
      productId: '00000000-0000-4000-8000-000000000001',
      sku: 'KIB-1',
      name: 'Kibble',
      unit: 'each',
      quantity: 2,
      unitPriceCents: 450,
      grossCents: 900,
      discountCents: 0,
      discountReason: null,
      taxClass: 'standard',
      taxRate: '10',
      taxCents: 90,
      totalCents: 990,
      returnedQuantity: 0,
      rewardProgramId: null,
    },
  ],
  subtotalCents: 900,
  discountCents: 0,
  taxCents: 90,
  totalCents: 990,
  roundingCents: 0,
  tenders: [{ method: 'cash', amountCents: 2000, reference: null }],
  changeDueCents: 1010,
  approvedBy: null,
  voidedAt: null,
  voidReason: null,
};

const view: ReceiptView = {
  sale,
  store: {
    code: 'S001',
    name: 'Pets Café',
    address: '1 Elm St',
    timezone: 'UTC',
    currency: 'USD',
    receiptHeader: '',
    receiptFooter: 'Thank you',
  },
  cashierName: null,
  loyalty: [],
};

describe('a whole receipt', () => {
  it('58 mm (32 columns): exact bytes from init to cut', () => {
    const text = (line: string) => [...ascii(line), LF];
    const expected = [
      ...[ESC, 0x40, ESC, 0x74, 0],
      ...[ESC, 0x61, 1, ESC, 0x45, 1, GS, 0x21, 0x11],
      ...text('Pets Cafe'),
      ...[GS, 0x21, 0, ESC, 0x45, 0, ESC, 0x61, 0],
      ...text('            1 Elm St'),
      ...text(''),
      ...text('Receipt            S001-1-000007'),
      ...text('Date        2024-03-01 18:05 UTC'),
      ...text('Register                  till-1'),
      ...text('-'.repeat(32)),
      ...text('Kibble'),
      ...text('  2 x $4.50                $9.00'),
      ...text('-'.repeat(32)),
      ...text('Subtotal                   $9.00'),
      ...text('Tax 10%                    $0.90'),
      ...[ESC, 0x45, 1],
      ...text('TOTAL                      $9.90'),
      ...[ESC, 0x45, 0],
      ...text(''),
      ...text('Cash                      $20.00'),
      ...text('Change                    $10.10'),
      ...text('-'.repeat(32)),
      ...text('           Thank you'),
      LF,
      ...[ESC, 0x61, 1],
      ...[GS, 0x68, 80, GS, 0x77, 2, GS, 0x48, 2],
      ...[GS, 0x6b, 73, 15, 0x7b, 0x42, ...ascii('S001-1-000007')],
      LF,
      ...[ESC, 0x61, 0],
      ...[GS, 0x56, 66, 3],
    ];
    expect(Array.from(encodeReceipt(view, 32))).toEqual(expected);
  });

  it('80 mm (42 columns): every printed line fits 42 columns, in euros too', () => {
    const euro: ReceiptView = { ...view, store: { ...view.store, currency: 'EUR' } };
    const bytes = encodeReceipt(euro, 42);
    const printed = String.fromCharCode(...bytes);
    expect(printed).toContain(`TOTAL${' '.repeat(42 - 5 - 'EUR9.90'.length)}EUR9.90\n`);
    const textLines = printed.split('\n').map((line) =>
      line.replace(
        // biome-ignore lint/suspicious/noControlCharactersInRegex: commands are stripped to measure the text
        /\u001b@|\u001b[taE][\s\S]|\u001d[!hwH][\s\S]|\u001dVB[\s\S]|\u001dkI[\s\S]\{B[ -~]*/g,
        '',
      ),
    );
    expect(textLines).toContain('Pets Cafe');
    for (const line of textLines) {
      expect(line.length).toBeLessThanOrEqual(42);
    }
  });
});
