// The in-memory index of the till's catalog copy: by id, by barcode, by lower-cased SKU. Built once per
// tab from the IndexedDB segments (oldest first, so newer versions win) and kept current as pages arrive.
import type { RegisterProduct } from './catalog-api';
import type { OfflineDb, StoredProduct } from './db';

export class CatalogIndex {
  readonly byId = new Map<string, StoredProduct>();
  private readonly idByBarcode = new Map<string, string>();
  private readonly idBySku = new Map<string, string>();
  /** Product versions the segments hold (outdated ones included): what compaction weighs. */
  storedVersions = 0;

  /** Takes newer versions of products: codes the old version had and the new one lacks stop matching. */
  apply(products: readonly RegisterProduct[]): void {
    this.storedVersions += products.length;
    for (const product of products) {
      const previous = this.byId.get(product.id);
      if (previous) {
        for (const barcode of previous.barcodes) {
          if (this.idByBarcode.get(barcode) === product.id) {
            this.idByBarcode.delete(barcode);
          }
        }
        if (this.idBySku.get(previous.skuLower) === product.id) {
          this.idBySku.delete(previous.skuLower);
        }
      }
      const stored = { ...product, skuLower: product.sku.toLowerCase() };
      this.byId.set(product.id, stored);
      for (const barcode of product.barcodes) {
        this.idByBarcode.set(barcode, product.id);
      }
      this.idBySku.set(stored.skuLower, product.id);
    }
  }

  findByBarcode(code: string): StoredProduct | undefined {
    const id = this.idByBarcode.get(code);
    return id === undefined ? undefined : this.byId.get(id);
  }

  findBySku(skuLower: string): StoredProduct | undefined {
    const id = this.idBySku.get(skuLower);
    return id === undefined ? undefined : this.byId.get(id);
  }
}

const loaded = new WeakMap<OfflineDb, Promise<CatalogIndex>>();

/** The index of this database's catalog copy, read from IndexedDB on first use. */
export function catalogIndexOf(db: OfflineDb): Promise<CatalogIndex> {
  let index = loaded.get(db);
  if (!index) {
    index = db.getAll('catalogSegments').then((segments) => {
      const built = new CatalogIndex();
      for (const segment of segments) {
        built.apply(segment.products);
      }
      return built;
    });
    loaded.set(db, index);
  }
  return index;
}
