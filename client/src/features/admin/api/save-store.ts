import type { CreateStoreRequest, Store, UpdateStoreRequest } from '../../../../../shared/schemas/stores';
import { storeSchema } from '../../../../../shared/schemas/stores';
import { http } from '../../../api/http';

export function createStore(request: CreateStoreRequest): Promise<Store> {
  return http.post('/api/stores', { body: request, parse: (body) => storeSchema.parse(body) });
}

export function updateStore(id: string, request: UpdateStoreRequest): Promise<Store> {
  return http.patch(`/api/stores/${encodeURIComponent(id)}`, {
    body: request,
    parse: (body) => storeSchema.parse(body),
  });
}
