import { ApiError } from '../../api/http';
import { isUnreachable, type RegisterOffline } from '../../offline/register-offline';
import type { ProductLookup } from './api/lookup-product';
import type { Store } from './api/list-stores';

/** What a scan needs to put a product on the sale: the local copy and the server both answer this much. */
export type ScannedProduct = Pick<
  ProductLookup,
  'id' | 'sku' | 'name' | 'brand' | 'categoryId' | 'unit' | 'priceCents' | 'taxClass' | 'active' | 'scanned'
>;

/**
 * A scanned code: the till's catalog copy first (barcode, scale label with the store's layout, SKU), then
 * the server when the copy does not know it. Offline, an unknown code is a plain "no product".
 */
export async function findProductOnTill(
  offline: RegisterOffline | null,
  code: string,
  store: Pick<Store, 'scaleBarcodeLayout'>,
  lookupOnServer: (code: string) => Promise<ScannedProduct>,
): Promise<ScannedProduct> {
  const local = offline ? await offline.lookup(code, store.scaleBarcodeLayout).catch(() => null) : null;
  if (local) {
    return local;
  }
  if (offline && !navigator.onLine) {
    throw new ApiError({ status: 404, code: 'NOT_FOUND', message: 'Not in the catalog copy on this till.' });
  }
  return lookupOnServer(code);
}

/** What the search list shows and adds: the server's products and the till's copy both have this much. */
export type SearchHit = Pick<
  ProductLookup,
  'id' | 'sku' | 'name' | 'brand' | 'categoryId' | 'unit' | 'priceCents' | 'taxClass'
>;

/**
 * Search as you type: the server's ranked search while it answers; the till's catalog copy (substring of
 * name, brand, SKU or barcode, first 20) when offline or the server cannot be reached.
 */
export async function searchOnTill(
  offline: RegisterOffline | null,
  text: string,
  searchOnServer: () => Promise<SearchHit[]>,
): Promise<SearchHit[]> {
  if (offline && !navigator.onLine) {
    return offline.search(text);
  }
  try {
    return await searchOnServer();
  } catch (error) {
    if (offline && isUnreachable(error)) {
      return offline.search(text);
    }
    throw error;
  }
}
