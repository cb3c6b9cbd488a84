import { isValidEan13 } from '../../../../shared/barcode/ean';

export type Symbology = 'EAN13' | 'CODE128';
export type LabelKind = 'shelf' | 'barcode';
export type SheetSize = 'A4' | 'letter';

/** EAN-13 for a valid 13-digit code (retail scanners expect it); Code 128 for SKUs and internal codes. */
export function symbologyOf(code: string): Symbology {
  return isValidEan13(code) ? 'EAN13' : 'CODE128';
}

/** Code 128 set B encodes printable ASCII only; the catalog's codes and SKUs are (letters, digits, . - _). */
export function canPrintCode128(code: string): boolean {
  return /^[\x20-\x7e]{1,64}$/.test(code);
}

/** The code a label carries: the product's first barcode, or its SKU when it has none. */
export function labelCodeOf(product: { sku: string; barcodes: readonly string[] }): string {
  return product.barcodes[0] ?? product.sku;
}

export type LabelRequest<P> = { product: P; copies: number };

/** One entry per printed label, in the order chosen; copies are clamped to 0–100 so a typo cannot print reams. */
export function expandLabels<P>(requests: readonly LabelRequest<P>[]): P[] {
  return requests.flatMap(({ product, copies }) =>
    Array.from({ length: Math.max(0, Math.min(100, Math.trunc(copies))) }, () => product),
  );
}
