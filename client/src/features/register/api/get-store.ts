import { storeSchema } from '../../../../../shared/schemas/stores';
import { http } from '../../../api/http';
import type { Store } from './list-stores';

/** The store's settings the till prices with: tax rates, tax-inclusive prices, cash rounding, currency. */
export function getStore(storeId: string, signal?: AbortSignal): Promise<Store> {
  return http.get(`/api/stores/${encodeURIComponent(storeId)}`, {
    signal,
    parse: (body) => storeSchema.parse(body),
  });
}
