// Barcodes as the catalog stores them, and scale labels (variable-measure EAN-13) as the till reads them.
// Pure TypeScript, shared by the server and the register.
import { completeEan13, ean13CheckDigit, isValidEan13 } from './ean';

export type BarcodeKind = 'ean13' | 'upca' | 'ean8' | 'internal';
export type NormalizedBarcode = { kind: BarcodeKind; code: string };
export type BarcodeResult = { ok: true; barcode: NormalizedBarcode } | { ok: false; message: string };

const INTERNAL_CODE = /^[A-Za-z0-9._-]{1,64}$/;

/** GS1 check digit over any number of digits: weights 3,1,3,1… from the right (EAN-8, UPC-A, EAN-13). */
function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

function hasValidCheckDigit(code: string): boolean {
  return gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/**
 * Validates a barcode and gives the form it is stored and looked up in. EAN-13, UPC-A and EAN-8 must carry
 * a correct check digit; a UPC-A becomes its EAN-13 form (a leading 0), so scanning either finds the
 * product. Anything else of letters, digits, dot, dash or underscore is an internal code, kept as typed.
 */
export function normalizeBarcode(raw: string): BarcodeResult {
  const code = raw.trim();
  if (/^[0-9]+$/.test(code) && [8, 12, 13].includes(code.length)) {
    if (!hasValidCheckDigit(code)) {
      return { ok: false, message: `${code} has a wrong check digit` };
    }
    if (code.length === 13) {
      return { ok: true, barcode: { kind: 'ean13', code } };
    }
    if (code.length === 12) {
      return { ok: true, barcode: { kind: 'upca', code: `0${code}` } };
    }
    return { ok: true, barcode: { kind: 'ean8', code } };
  }
  if (!INTERNAL_CODE.test(code)) {
    return { ok: false, message: 'must be 1 to 64 letters, digits, dots, dashes or underscores' };
  }
  return { ok: true, barcode: { kind: 'internal', code } };
}

/**
 * The code as a scan lookup should search for it: a valid UPC-A becomes its EAN-13 form, anything else is
 * only trimmed (a wrong check digit simply finds nothing).
 */
export function lookupFormOf(raw: string): string {
  const code = raw.trim();
  return /^[0-9]{12}$/.test(code) && hasValidCheckDigit(code) ? `0${code}` : code;
}

/** How a store's scales print labels: prefix 20–29, item code digits, value digits, check digit. */
export type ScaleBarcodeLayout = { itemDigits: number; valueKind: 'weight' | 'price' };

export type VariableMeasureCode = {
  /** The product's barcode as stored: same prefix and item code, value zeroed, check digit recomputed. */
  baseCode: string;
  itemCode: string;
  /** Grams (valueKind weight) or cents (valueKind price). */
  value: number;
  valueKind: 'weight' | 'price';
};

/** True for EAN-13 codes in GS1's restricted-circulation range 20–29, which scales use for labels. */
export function isVariableMeasureCode(code: string): boolean {
  return /^2[0-9]{12}$/.test(code) && isValidEan13(code);
}

/**
 * Reads a scale label: `2d` + item code (layout.itemDigits) + value + check digit. Returns null when the
 * code is not a valid variable-measure EAN-13.
 */
export function decodeVariableMeasure(code: string, layout: ScaleBarcodeLayout): VariableMeasureCode | null {
  if (!isVariableMeasureCode(code)) {
    return null;
  }
  const itemEnd = 2 + layout.itemDigits;
  const itemCode = code.slice(2, itemEnd);
  const valueDigits = code.slice(itemEnd, 12);
  const base12 = `${code.slice(0, itemEnd)}${'0'.repeat(12 - itemEnd)}`;
  return {
    baseCode: completeEan13(base12),
    itemCode,
    value: Number(valueDigits),
    valueKind: layout.valueKind,
  };
}

/** The label a scale would print for an item code and value: for tests, demo data and label printing. */
export function encodeVariableMeasure(
  prefix: string,
  itemCode: string,
  value: number,
  layout: ScaleBarcodeLayout,
): string {
  const valueDigits = 12 - 2 - layout.itemDigits;
  if (!/^2[0-9]$/.test(prefix) || itemCode.length !== layout.itemDigits || !/^[0-9]+$/.test(itemCode)) {
    throw new RangeError('prefix must be 20–29 and the item code must have the layout’s digits');
  }
  if (!Number.isInteger(value) || value < 0 || String(value).length > valueDigits) {
    throw new RangeError(`value must fit in ${valueDigits} digits`);
  }
  const first12 = `${prefix}${itemCode}${String(value).padStart(valueDigits, '0')}`;
  return `${first12}${ean13CheckDigit(first12)}`;
}
