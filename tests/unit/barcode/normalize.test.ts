import { describe, expect, it } from 'vitest';
import {
  decodeVariableMeasure,
  encodeVariableMeasure,
  lookupFormOf,
  normalizeBarcode,
} from '../../../shared/barcode/normalize';

describe('normalizeBarcode', () => {
  it('keeps a valid EAN-13 as it is', () => {
    expect(normalizeBarcode('4006381333931')).toEqual({
      ok: true,
      barcode: { kind: 'ean13', code: '4006381333931' },
    });
  });

  it('stores a UPC-A in its EAN-13 form, so both scans find it', () => {
    expect(normalizeBarcode('036000291452')).toEqual({
      ok: true,
      barcode: { kind: 'upca', code: '0036000291452' },
    });
    expect(normalizeBarcode('0036000291452')).toEqual({
      ok: true,
      barcode: { kind: 'ean13', code: '0036000291452' },
    });
    expect(lookupFormOf('036000291452')).toBe('0036000291452');
  });

  it('accepts a valid EAN-8', () => {
    expect(normalizeBarcode('96385074')).toEqual({ ok: true, barcode: { kind: 'ean8', code: '96385074' } });
  });

  it('rejects a wrong check digit in each GS1 format, naming the code', () => {
    for (const code of ['4006381333932', '036000291453', '96385075']) {
      expect(normalizeBarcode(code)).toEqual({ ok: false, message: `${code} has a wrong check digit` });
    }
  });

  it('keeps internal codes; rejects spaces and symbols', () => {
    expect(normalizeBarcode(' STORE-123 ')).toEqual({
      ok: true,
      barcode: { kind: 'internal', code: 'STORE-123' },
    });
    expect(normalizeBarcode('12345')).toEqual({ ok: true, barcode: { kind: 'internal', code: '12345' } });
    expect(normalizeBarcode('AB CD').ok).toBe(false);
    expect(normalizeBarcode('').ok).toBe(false);
  });
});

describe('variable-measure EAN-13 (scale labels)', () => {
  const weight = { itemDigits: 5, valueKind: 'weight' } as const;

  it('round-trips an item code and grams', () => {
    const label = encodeVariableMeasure('21', '01234', 750, weight);
    expect(label).toHaveLength(13);
    expect(decodeVariableMeasure(label, weight)).toEqual({
      baseCode: encodeVariableMeasure('21', '01234', 0, weight),
      itemCode: '01234',
      value: 750,
      valueKind: 'weight',
    });
  });

  it('reads price labels with a 4-digit item code', () => {
    const price = { itemDigits: 4, valueKind: 'price' } as const;
    const label = encodeVariableMeasure('28', '4321', 123_45, price);
    expect(decodeVariableMeasure(label, price)).toMatchObject({
      itemCode: '4321',
      value: 12345,
      valueKind: 'price',
    });
  });

  it('ignores codes outside 20–29 or with a wrong check digit', () => {
    expect(decodeVariableMeasure('4006381333931', weight)).toBeNull();
    const label = encodeVariableMeasure('21', '01234', 750, weight);
    const broken = `${label.slice(0, 12)}${(Number(label[12]) + 1) % 10}`;
    expect(decodeVariableMeasure(broken, weight)).toBeNull();
  });
});
