// Scans and searches against the IndexedDB copy of the catalog, the way the server's lookup does them.
import {
  decodeVariableMeasure,
  isVariableMeasureCode,
  lookupFormOf,
  type ScaleBarcodeLayout,
} from '../../../shared/barcode/normalize';
import { catalogIndexOf } from './catalog-index';
import type { OfflineDb, StoredProduct } from './db';

/** What a local scan answers: the product and what a scale label carried (same shape as the server's). */
export type LocalLookup = StoredProduct & {
  scanned: { code: string; quantity: number | null; priceCents: number | null } | null;
};

/**
 * Exact barcode (UPC-A as its EAN-13 form), else a scale label's base code (value zeroed, per the store's
 * layout), else the SKU ignoring case. Null when the local copy does not know the code.
 */
export async function lookupLocalProduct(
  db: OfflineDb,
  raw: string,
  layout: ScaleBarcodeLayout,
): Promise<LocalLookup | null> {
  const index = await catalogIndexOf(db);
  const code = lookupFormOf(raw);
  const exact = index.findByBarcode(code);
  if (exact) {
    return { ...exact, scanned: null };
  }
  if (isVariableMeasureCode(code)) {
    const label = decodeVariableMeasure(code, layout);
    const product = label ? index.findByBarcode(label.baseCode) : undefined;
    if (label && product) {
      return {
        ...product,
        scanned: {
          code,
          quantity: label.valueKind === 'weight' ? label.value : null,
          priceCents: label.valueKind === 'price' ? label.value : null,
        },
      };
    }
  }
  const bySku = index.findBySku(raw.trim().toLowerCase());
  return bySku ? { ...bySku, scanned: null } : null;
}

function matches(product: StoredProduct, needle: string): boolean {
  return (
    product.name.toLowerCase().includes(needle) ||
    product.brand.toLowerCase().includes(needle) ||
    product.skuLower.includes(needle) ||
    product.barcodes.some((barcode) => barcode.includes(needle))
  );
}

/** Products on sale whose name, brand, SKU or barcode contains the text (case-insensitive), first `limit`. */
export async function searchLocalProducts(db: OfflineDb, text: string, limit = 20): Promise<StoredProduct[]> {
  const needle = text.trim().toLowerCase();
  if (needle === '') {
    return [];
  }
  const found: StoredProduct[] = [];
  for (const product of (await catalogIndexOf(db)).byId.values()) {
    if (product.active && matches(product, needle)) {
      found.push(product);
      if (found.length === limit) {
        break;
      }
    }
  }
  return found;
}
