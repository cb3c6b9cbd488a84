import { describe, expect, it } from 'vitest';
import { completeEan13, ean13CheckDigit, isValidEan13 } from '../../../shared/barcode/ean';

describe('ean13CheckDigit', () => {
  it.each([
    ['400638133393', 1],
    ['501234567890', 0],
    ['978030640615', 7],
    ['001234567890', 5],
    ['000000000000', 0],
    ['590123412345', 7],
  ])('%s → %i', (first12, expected) => {
    expect(ean13CheckDigit(first12)).toBe(expected);
  });

  it.each(['', '12345678901', '1234567890123', '12345678901a', ' 123456789012'])(
    'rejects %j (not exactly 12 digits)',
    (input) => {
      expect(() => ean13CheckDigit(input)).toThrow(RangeError);
    },
  );
});

describe('isValidEan13', () => {
  it('accepts codes with the right check digit', () => {
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan13('9780306406157')).toBe(true);
    // A UPC-A (012345678905) written as its 13-digit EAN form.
    expect(isValidEan13('0012345678905')).toBe(true);
  });

  it('rejects a wrong check digit', () => {
    expect(isValidEan13('4006381333932')).toBe(false);
    expect(isValidEan13('9780306406150')).toBe(false);
  });

  it('rejects a single transposition of adjacent digits with different parity weights', () => {
    expect(isValidEan13('4060381333931')).toBe(false);
  });

  it('rejects anything that is not 13 digits', () => {
    expect(isValidEan13('012345678905')).toBe(false);
    expect(isValidEan13('40063813339310')).toBe(false);
    expect(isValidEan13('400638133393A')).toBe(false);
    expect(isValidEan13('')).toBe(false);
  });
});

describe('completeEan13', () => {
  it('appends the check digit', () => {
    expect(completeEan13('400638133393')).toBe('4006381333931');
  });

  it('round-trips: every completed code is valid', () => {
    for (let i = 0; i < 1000; i++) {
      const first12 = String(i * 7919 + 123456789).padStart(12, '0');
      expect(isValidEan13(completeEan13(first12))).toBe(true);
    }
  });
});
