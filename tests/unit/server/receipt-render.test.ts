import { describe, expect, it } from 'vitest';
import { encodeCode128B } from '../../../shared/barcode/code128';
import type { Sale, SaleLine } from '../../../shared/schemas/sales';
import {
  formatMoney,
  formatReceiptTime,
  maskReference,
  RECEIPT_COLUMNS,
  type ReceiptView,
  renderReceiptHtml,
  renderReceiptText,
} from '../../../server/modules/sales/receipt-render';

function line(overrides: Partial<SaleLine> & Pick<SaleLine, 'id' | 'name'>): SaleLine {
  return {
    productId: '00000000-0000-4000-8000-000000000001',
    sku: 'SKU',
    unit: 'each',
    quantity: 1,
    unitPriceCents: 0,
    grossCents: 0,
    discountCents: 0,
    discountReason: null,
    taxClass: 'standard',
    taxRate: '8.25',
    taxCents: 0,
    totalCents: 0,
    returnedQuantity: 0,
    rewardProgramId: null,
    ...overrides,
  };
}

/** The contract's worked example A, paid card 10000 + cash 5000 (change 1685). */
const exampleA: Sale = {
  id: '00000000-0000-4000-8000-00000000000a',
  storeId: '00000000-0000-4000-8000-00000000000b',
  registerId: 'till-1',
  shiftId: null,
  receiptNumber: 'S001-1-000123',
  status: 'completed',
  businessDate: '2024-03-01',
  createdAt: '2024-03-01T18:05:00.000Z',
  cashierId: '00000000-0000-4000-8000-00000000000c',
  customerId: null,
  pricesIncludeTax: false,
  lines: [
    line({
      id: 'l1',
      name: 'Salmon kibble 5 kg',
      quantity: 2,
      unitPriceCents: 5499,
      grossCents: 10998,
      discountCents: 428,
      taxCents: 872,
      totalCents: 11442,
    }),
    line({
      id: 'l2',
      name: 'Chicken treats',
      unitPriceCents: 899,
      grossCents: 899,
      discountCents: 121,
      discountReason: 'damaged box',
      taxCents: 64,
      totalCents: 842,
    }),
    line({
      id: 'l3',
      name: 'Bird seed',
      quantity: 3,
      unitPriceCents: 349,
      grossCents: 1047,
      discountCents: 41,
      taxClass: 'reduced',
      taxRate: '2.5',
      taxCents: 25,
      totalCents: 1031,
    }),
  ],
  subtotalCents: 12944,
  discountCents: 590,
  taxCents: 961,
  totalCents: 13315,
  roundingCents: 0,
  tenders: [
    { method: 'card', amountCents: 10000, reference: 'AUTH123' },
    { method: 'cash', amountCents: 5000, reference: null },
  ],
  changeDueCents: 1685,
  approvedBy: null,
  voidedAt: null,
  voidReason: null,
};

const store: ReceiptView['store'] = {
  code: 'S001',
  name: 'Paws & Claws Downtown',
  address: '12 Main Street\nSpringfield, IL 62701',
  timezone: 'America/Chicago',
  currency: 'USD',
  receiptHeader: 'Thank you for shopping local!',
  receiptFooter: 'Returns within 30 days with this receipt.\nwww.example.com',
};

const viewA: ReceiptView = { sale: exampleA, store, cashierName: 'Casey Cashier', loyalty: [] };

function linesOf(text: string): string[] {
  return text.replace(/\n$/, '').split('\n');
}

describe('renderReceiptText', () => {
  it('worked example A: no line wider than 42 columns, and every total as the customer checks it', () => {
    const text = renderReceiptText(viewA);
    for (const printed of linesOf(text)) {
      expect(Array.from(printed).length, printed).toBeLessThanOrEqual(RECEIPT_COLUMNS);
    }
    const rows = linesOf(text);
    const rowOf = (label: string) => rows.find((row) => row.startsWith(label));
    expect(rowOf('Subtotal')).toMatch(/ \$129\.44$/);
    expect(rowOf('Discounts')).toMatch(/ -\$5\.90$/);
    expect(rowOf('Tax 8.25%')).toMatch(/ \$9\.36$/);
    expect(rowOf('Tax 2.5%')).toMatch(/ \$0\.25$/);
    expect(rowOf('Tax total')).toMatch(/ \$9\.61$/);
    expect(rowOf('TOTAL')).toMatch(/ \$133\.15$/);
    expect(rowOf('Change')).toMatch(/ \$16\.85$/);
    expect(rowOf('Cash ')).toMatch(/ \$50\.00$/);
    // Amounts are flush right at column 42.
    expect(rowOf('TOTAL')).toHaveLength(RECEIPT_COLUMNS);
    expect(text).not.toContain('Cash rounding');
  });

  it('lines show quantity × unit price and the gross, then their discount with its reason', () => {
    const rows = linesOf(renderReceiptText(viewA));
    const at = rows.indexOf('Salmon kibble 5 kg');
    expect(rows[at + 1]).toMatch(/^ {2}2 x \$54\.99 +\$109\.98$/);
    expect(rows[at + 2]).toMatch(/^ {2}Discount +-\$4\.28$/);
    const treats = rows.indexOf('Chicken treats');
    expect(rows[treats + 1]).toMatch(/^ {2}1 x \$8\.99 +\$8\.99$/);
    expect(rows[treats + 2]).toMatch(/^ {2}Discount: damaged box +-\$1\.21$/);
  });

  it('header, store and footer are centered; receipt number, store-local time, cashier and register are printed', () => {
    const rows = linesOf(renderReceiptText(viewA));
    const header = 'Thank you for shopping local!';
    expect(rows[0]).toBe(`${' '.repeat(Math.floor((42 - header.length) / 2))}${header}`);
    expect(rows[1]!.trim()).toBe('Paws & Claws Downtown');
    expect(rows[2]!.trim()).toBe('12 Main Street');
    expect(rows[3]!.trim()).toBe('Springfield, IL 62701');
    expect(rows).toContain(`Receipt${' '.repeat(42 - 7 - 13)}S001-1-000123`);
    // 18:05 UTC is 12:05 in Chicago in March before DST.
    expect(rows.find((row) => row.startsWith('Date'))).toMatch(/ 2024-03-01 12:05 CST$/);
    expect(rows.find((row) => row.startsWith('Cashier'))).toMatch(/ Casey Cashier$/);
    expect(rows.find((row) => row.startsWith('Register'))).toMatch(/ till-1$/);
    expect(rows.at(-1)!.trim()).toBe('www.example.com');
    expect(rows.at(-2)!.trim()).toBe('Returns within 30 days with this receipt.');
  });

  it('card references are masked down to their last four characters', () => {
    const text = renderReceiptText(viewA);
    expect(text).toContain('Card ****H123');
    expect(text).not.toContain('AUTH123');
    expect(maskReference('AB12')).toBe('****');
    expect(maskReference('0123456789ABCDEF')).toBe('****CDEF');
  });

  it('weighed lines print kilograms with three decimals and the price per kg', () => {
    const weighed: ReceiptView = {
      ...viewA,
      sale: {
        ...exampleA,
        lines: [
          line({
            id: 'w1',
            name: 'Bulk dog biscuits',
            unit: 'weight',
            quantity: 750,
            unitPriceCents: 1299,
            grossCents: 974,
            taxCents: 80,
            totalCents: 1054,
          }),
        ],
      },
    };
    const rows = linesOf(renderReceiptText(weighed));
    expect(rows[rows.indexOf('Bulk dog biscuits') + 1]).toMatch(/^ {2}0\.750 kg x \$12\.99\/kg +\$9\.74$/);
  });

  it('cash rounding, rewards, returns, loyalty progress and a VOID banner', () => {
    const view: ReceiptView = {
      ...viewA,
      sale: {
        ...exampleA,
        status: 'voided',
        voidReason: 'rang up twice',
        roundingCents: 2,
        lines: [
          ...exampleA.lines.slice(0, 2),
          { ...exampleA.lines[2]!, returnedQuantity: 1 },
          line({
            id: 'r1',
            name: 'Free bag of kibble',
            unitPriceCents: 1999,
            grossCents: 1999,
            discountCents: 1999,
            rewardProgramId: '00000000-0000-4000-8000-0000000000ff',
          }),
        ],
      },
      loyalty: [{ programName: 'Kibble Club', unitsTowardNext: 7, buyQuantity: 12, rewardsAvailable: 1 }],
    };
    const text = renderReceiptText(view);
    const rows = linesOf(text);
    expect(rows[0]!.trim()).toBe('*** VOID ***');
    expect(rows[1]!.trim()).toBe('rang up twice');
    expect(rows.find((row) => row.startsWith('Cash rounding'))).toMatch(/ \$0\.02$/);
    expect(rows.find((row) => row.startsWith('Amount due'))).toMatch(/ \$133\.17$/);
    expect(rows).toContainEqual(expect.stringMatching(/^ {2}Frequent-buyer reward +-\$19\.99$/));
    expect(rows).toContain('  Returned: 1');
    expect(rows).toContain('Kibble Club');
    expect(rows).toContain('  7 of 12 toward your next reward');
    expect(rows).toContain('  1 reward ready to redeem');
  });

  it('long names, cashier and store text wrap within 42 columns; control characters never reach the printer', () => {
    const long: ReceiptView = {
      ...viewA,
      store: {
        ...store,
        name: 'The Extraordinarily Well Stocked Pet Emporium of Greater Springfield',
        receiptHeader: 'A'.repeat(100),
      },
      cashierName: 'Maximiliana Bartholomew-Featherstonehaugh\u001b[2J',
      sale: {
        ...exampleA,
        lines: [
          {
            ...exampleA.lines[0]!,
            name: 'Premium grain-free salmon and sweet potato recipe adult dog food 12 kg',
            discountReason: 'manager approved loyalty goodwill gesture for the damaged packaging',
          },
        ],
      },
    };
    const text = renderReceiptText(long);
    for (const printed of linesOf(text)) {
      expect(Array.from(printed).length, printed).toBeLessThanOrEqual(RECEIPT_COLUMNS);
    }
    expect(text).not.toContain('\u001b');
    expect(text).toContain('Premium grain-free salmon and sweet potato');
  });
});

describe('renderReceiptHtml', () => {
  it('is a complete 80 mm page with inline styles, no scripts, and the receipt number as a Code 128 barcode', () => {
    const html = renderReceiptHtml(viewA);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('</html>');
    expect(html).toContain('@page { size: 80mm auto; margin: 0 }');
    expect(html).toMatch(/<style>[^<]*<\/style>/);
    expect(html).not.toMatch(/<script|javascript:|\son\w+=/i);
    const svg = /<svg [^>]*aria-label="S001-1-000123"[^>]*>.*?<\/svg>/s.exec(html)?.[0];
    expect(svg).toBeDefined();
    // The bars drawn are the bars of the receipt number.
    const bars = [...svg!.matchAll(/M(\d+) 0h(\d+)v/g)].map((m) => Number(m[2]));
    const { modules } = encodeCode128B('S001-1-000123');
    expect(bars).toEqual(modules.filter((_, index) => index % 2 === 0));
    for (const amount of ['$129.44', '-$5.90', '$9.61', '$133.15', '$16.85', 'Card ****H123']) {
      expect(html).toContain(amount);
    }
    expect(html).not.toContain('AUTH123');
    expect(html).not.toContain('class="void"');
  });

  it('escapes every stored string: a product named <script> prints as text', () => {
    const hostile: ReceiptView = {
      ...viewA,
      store: {
        ...store,
        name: 'Evil "Store" <img src=x onerror=alert(1)>',
        receiptFooter: '</style><script>alert(2)</script>',
      },
      cashierName: "O'Brien <b>",
      sale: {
        ...exampleA,
        status: 'voided',
        voidReason: '<i>oops</i>',
        lines: [{ ...exampleA.lines[0]!, name: '<script>alert("x")</script> & more' }],
      },
      loyalty: [{ programName: '<u>Club</u>', unitsTowardNext: 1, buyQuantity: 10, rewardsAvailable: 0 }],
    };
    const html = renderReceiptHtml(hostile);
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<u>/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(html).toContain('Evil &quot;Store&quot; &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('O&#39;Brien &lt;b&gt;');
    expect(html.match(/<\/style>/g)).toHaveLength(1);
    expect(html).toContain('<div class="void">VOID</div>');
  });
});

describe('formatting', () => {
  it('money in the store currency from minor units', () => {
    expect(formatMoney(13315, 'USD')).toBe('$133.15');
    expect(formatMoney(-590, 'USD')).toBe('-$5.90');
    expect(formatMoney(1234, 'EUR')).toBe('€12.34');
    expect(formatMoney(500, 'JPY')).toBe('¥500');
  });

  it('times on the store wall clock, daylight saving included', () => {
    expect(formatReceiptTime('2024-07-01T18:05:00.000Z', 'America/Chicago')).toBe('2024-07-01 13:05 CDT');
    expect(formatReceiptTime('2024-03-10T05:30:00.000Z', 'America/Chicago')).toBe('2024-03-09 23:30 CST');
  });
});
