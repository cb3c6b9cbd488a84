import { page } from '../../../../../shared/schemas/common';
import { type Store, storeSchema } from '../../../../../shared/schemas/stores';
import { http } from '../../../api/http';

export type { Store };

const storePageSchema = page(storeSchema);

/** Every store, inactive ones too (admins see all; a chain's stores fit in one page of 500). */
export async function listStores(signal?: AbortSignal): Promise<Store[]> {
  const result = await http.get('/api/stores?limit=500', {
    signal,
    parse: (body) => storePageSchema.parse(body),
  });
  return result.items;
}

export function getStore(id: string, signal?: AbortSignal): Promise<Store> {
  return http.get(`/api/stores/${encodeURIComponent(id)}`, {
    signal,
    parse: (body) => storeSchema.parse(body),
  });
}
