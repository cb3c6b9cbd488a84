// Keeps the IndexedDB copy of the store's catalog up to date from the delta feed.
import { type CatalogPage, fetchCatalogChanges, type RegisterProduct } from './catalog-api';
import { type OfflineDb, readMeta, type StoredProduct } from './db';

export type FetchCatalogPage = (since: string) => Promise<CatalogPage>;

export type CatalogSyncResult = { products: number; pages: number; cursor: string };

function toStored(product: RegisterProduct): StoredProduct {
  return { ...product, skuLower: product.sku.toLowerCase() };
}

/**
 * Writes one page of products and the cursor after it in a single transaction: the cursor never runs
 * ahead of the products it covers, so an interrupted sync resumes where it stopped.
 */
export async function writeCatalogPage(
  db: OfflineDb,
  products: readonly RegisterProduct[],
  cursor: string,
  syncedAt: string | null,
): Promise<void> {
  const tx = db.transaction(['products', 'meta'], 'readwrite');
  const store = tx.objectStore('products');
  // Requests are queued without awaiting each one: the transaction commits them together.
  for (const product of products) {
    void store.put(toStored(product));
  }
  void tx.objectStore('meta').put(cursor, 'catalogCursor');
  if (syncedAt !== null) {
    void tx.objectStore('meta').put(syncedAt, 'catalogSyncedAt');
  }
  await tx.done;
}

/**
 * Fetches every change after the stored cursor, page by page (the first sync is the whole catalog). The
 * next page is fetched while the current one is written, so network and IndexedDB overlap.
 */
export async function syncCatalog(
  db: OfflineDb,
  fetchPage: FetchCatalogPage,
  now: () => Date = () => new Date(),
): Promise<CatalogSyncResult> {
  let cursor = (await readMeta(db, 'catalogCursor')) ?? '';
  let products = 0;
  let pages = 0;
  let page = await fetchPage(cursor);
  for (;;) {
    pages += 1;
    const nextPage = page.hasMore ? fetchPage(page.cursor) : null;
    // A failed prefetch is reported by the await below; do not let it go unhandled meanwhile.
    nextPage?.catch(() => undefined);
    await writeCatalogPage(db, page.products, page.cursor, page.hasMore ? null : now().toISOString());
    products += page.products.length;
    cursor = page.cursor;
    if (nextPage === null) {
      return { products, pages, cursor };
    }
    page = await nextPage;
  }
}

/** The feed of this store through the API. */
export function catalogFeedOf(storeId: string, signal?: AbortSignal): FetchCatalogPage {
  return (since) => fetchCatalogChanges(storeId, since, signal);
}

export async function countCachedProducts(db: OfflineDb): Promise<number> {
  return db.count('products');
}
