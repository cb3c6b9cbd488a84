import 'fake-indexeddb/auto';
import { indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeVariableMeasure } from '../../../../shared/barcode/normalize';
import type { CatalogPage, RegisterProduct } from '../../../../client/src/offline/catalog-api';
import { catalogIndexOf } from '../../../../client/src/offline/catalog-index';
import {
  compactCatalog,
  countCachedProducts,
  syncCatalog,
} from '../../../../client/src/offline/catalog-sync';
import {
  closeOfflineDb,
  type OfflineDb,
  offlineDbName,
  openOfflineDb,
  readMeta,
} from '../../../../client/src/offline/db';
import { lookupLocalProduct, searchLocalProducts } from '../../../../client/src/offline/local-catalog';

const STORE_ID = '00000000-0000-4000-8000-000000000002';
const LAYOUT = { itemDigits: 5, valueKind: 'weight' } as const;
let db: OfflineDb;

function product(n: number, change: Partial<RegisterProduct> = {}): RegisterProduct {
  return {
    id: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
    sku: `SKU-${n}`,
    name: `Product ${n}`,
    brand: n % 2 === 0 ? 'Acme' : 'Pawsome',
    categoryId: null,
    unit: 'each',
    priceCents: 100 + n,
    taxClass: 'standard',
    active: true,
    barcodes: [],
    updatedAt: '2026-11-24T10:00:00.000Z',
    ...change,
  };
}

/** A feed over a list: cursor = index of the next product, pages of `size`. */
function feedOf(products: RegisterProduct[], size: number, calls: string[] = []) {
  return async (since: string): Promise<CatalogPage> => {
    calls.push(since);
    const start = since === '' ? 0 : Number(since);
    const page = products.slice(start, start + size);
    const end = start + page.length;
    return {
      products: page,
      cursor: page.length === 0 ? since : String(end),
      hasMore: end < products.length,
    };
  };
}

beforeEach(async () => {
  db = await openOfflineDb(STORE_ID);
});

afterEach(async () => {
  closeOfflineDb(STORE_ID);
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(offlineDbName(STORE_ID));
    request.onsuccess = () => resolve();
  });
});

describe('catalog sync', () => {
  it('first sync takes every page; the next one starts from the stored cursor and takes only changes', async () => {
    const products = Array.from({ length: 25 }, (_, i) => product(i + 1));
    const calls: string[] = [];
    const result = await syncCatalog(db, feedOf(products, 10, calls));
    expect(result).toEqual({ products: 25, pages: 3, cursor: '25' });
    expect(calls).toEqual(['', '10', '20']);
    expect(await countCachedProducts(db)).toBe(25);
    expect(await db.count('catalogSegments')).toBe(3);
    expect(await readMeta(db, 'catalogCursor')).toBe('25');
    expect(await readMeta(db, 'catalogSyncedAt')).toBeTypeOf('string');

    // A price change and a deactivation arrive as a delta after the cursor.
    products.push(product(3, { priceCents: 999 }), product(4, { active: false }));
    calls.length = 0;
    const delta = await syncCatalog(db, feedOf(products, 10, calls));
    expect(calls).toEqual(['25']);
    expect(delta.products).toBe(2);
    const index = await catalogIndexOf(db);
    expect(index.byId.get(product(3).id)?.priceCents).toBe(999);
    expect(index.byId.get(product(4).id)?.active).toBe(false);
    expect(await countCachedProducts(db)).toBe(25);
  });

  it('a reopened database rebuilds the index from its segments: newest versions win, removed barcodes stop matching', async () => {
    const products = [product(1, { barcodes: ['4006381333931'] }), product(2)];
    await syncCatalog(db, feedOf(products, 10));
    products.push(product(1, { barcodes: ['96385074'], priceCents: 777 }));
    await syncCatalog(db, feedOf(products, 10));
    expect(await lookupLocalProduct(db, '4006381333931', LAYOUT)).toBeNull();

    closeOfflineDb(STORE_ID);
    db = await openOfflineDb(STORE_ID);
    expect(await lookupLocalProduct(db, '4006381333931', LAYOUT)).toBeNull();
    expect((await lookupLocalProduct(db, '96385074', LAYOUT))?.priceCents).toBe(777);
    expect(await countCachedProducts(db)).toBe(2);
  });

  it('outdated versions are compacted away once they outweigh the current catalog', async () => {
    const products = Array.from({ length: 10 }, (_, i) => product(i + 1));
    await syncCatalog(db, feedOf(products, 10));
    expect(await compactCatalog(db)).toBe(false);
    // Every product changes many times over: more than twice the catalog plus a segment's worth.
    const changed: RegisterProduct[] = [];
    for (let round = 0; round < 600; round++) {
      changed.push(...products.map((item) => ({ ...item, priceCents: item.priceCents + round })));
    }
    await syncCatalog(db, feedOf([...products, ...changed], 5000));
    expect(await db.count('catalogSegments')).toBe(1);
    closeOfflineDb(STORE_ID);
    db = await openOfflineDb(STORE_ID);
    expect(await countCachedProducts(db)).toBe(10);
    expect((await catalogIndexOf(db)).byId.get(product(1).id)?.priceCents).toBe(101 + 599);
  });
});

describe('local lookup', () => {
  beforeEach(async () => {
    const scaleBase = encodeVariableMeasure('21', '00042', 0, LAYOUT);
    const products = [
      product(1, { barcodes: ['4006381333931'] }),
      product(2, { barcodes: ['0036000291452'], sku: 'DogFood-XL' }),
      product(3, { barcodes: [scaleBase], unit: 'weight', name: 'Loose treats' }),
      product(4, { barcodes: ['96385074'], active: false, name: 'Old collar' }),
    ];
    await syncCatalog(db, feedOf(products, 2));
  });

  it('finds by barcode, UPC-A as its EAN-13 form, and SKU ignoring case', async () => {
    expect((await lookupLocalProduct(db, '4006381333931', LAYOUT))?.name).toBe('Product 1');
    expect((await lookupLocalProduct(db, '036000291452', LAYOUT))?.name).toBe('Product 2');
    expect((await lookupLocalProduct(db, ' dogfood-xl ', LAYOUT))?.name).toBe('Product 2');
    expect(await lookupLocalProduct(db, '9999999999994', LAYOUT)).toBeNull();
  });

  it('a scale label finds the product printed with the value zeroed and carries the grams', async () => {
    const label = encodeVariableMeasure('21', '00042', 1250, LAYOUT);
    const found = await lookupLocalProduct(db, label, LAYOUT);
    expect(found?.name).toBe('Loose treats');
    expect(found?.scanned).toEqual({ code: label, quantity: 1250, priceCents: null });
  });

  it('an inactive product is found (the till says so) but never offered by search', async () => {
    expect((await lookupLocalProduct(db, '96385074', LAYOUT))?.active).toBe(false);
    expect(await searchLocalProducts(db, 'collar')).toEqual([]);
    expect((await searchLocalProducts(db, 'ACME')).map((found) => found.name)).toEqual(['Product 2']);
    expect((await searchLocalProducts(db, '400638')).map((found) => found.name)).toEqual(['Product 1']);
  });
});
