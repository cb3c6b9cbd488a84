// Keeps the IndexedDB copy of the store's catalog up to date from the delta feed.
import { type CatalogPage, fetchCatalogChanges, type RegisterProduct } from './catalog-api';
import { catalogIndexOf } from './catalog-index';
import { type OfflineDb, readMeta } from './db';

export type FetchCatalogPage = (since: string) => Promise<CatalogPage>;

export type CatalogSyncResult = { products: number; pages: number; cursor: string };

/**
 * Writes one page of products as a segment, with the cursor after it, in a single transaction: the cursor
 * never runs ahead of the products it covers, so an interrupted sync resumes where it stopped.
 */
export async function writeCatalogPage(
  db: OfflineDb,
  products: readonly RegisterProduct[],
  cursor: string,
  syncedAt: string | null,
): Promise<void> {
  const tx = db.transaction(['catalogSegments', 'meta'], 'readwrite');
  if (products.length > 0) {
    void tx.objectStore('catalogSegments').add({ products: [...products] });
  }
  void tx.objectStore('meta').put(cursor, 'catalogCursor');
  if (syncedAt !== null) {
    void tx.objectStore('meta').put(syncedAt, 'catalogSyncedAt');
  }
  await tx.done;
  (await catalogIndexOf(db)).apply(products);
}

/** Segments of this size when the copy is rewritten without its outdated versions. */
const COMPACT_SEGMENT_SIZE = 5000;

/**
 * Rewrites the segments without outdated product versions once they hold more than twice what is current
 * (each delta sync adds a segment, so this runs now and then, never on a first sync).
 */
export async function compactCatalog(db: OfflineDb): Promise<boolean> {
  const index = await catalogIndexOf(db);
  if (index.storedVersions <= 2 * index.byId.size + COMPACT_SEGMENT_SIZE) {
    return false;
  }
  const current = [...index.byId.values()].map(({ skuLower: _skuLower, ...product }) => product);
  const tx = db.transaction('catalogSegments', 'readwrite');
  void tx.store.clear();
  for (let start = 0; start < current.length; start += COMPACT_SEGMENT_SIZE) {
    void tx.store.add({ products: current.slice(start, start + COMPACT_SEGMENT_SIZE) });
  }
  await tx.done;
  index.storedVersions = current.length;
  return true;
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
      await compactCatalog(db);
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
  return (await catalogIndexOf(db)).byId.size;
}
