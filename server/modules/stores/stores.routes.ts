import { idParams, page } from '../../../shared/schemas/common';
import {
  createStoreRequestSchema,
  listStoresQuerySchema,
  storeSchema,
  updateStoreRequestSchema,
} from '../../../shared/schemas/stores';
import { requestOrigin, visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import {
  createStore,
  getStore,
  listStores,
  type StoreSettingsCache,
  type StoresDeps,
  updateStore,
} from './stores.service';

const ADMIN = { kind: 'roles', roles: ['admin'] } as const;

export function storesRoutes(deps: StoresDeps & { storeSettings: StoreSettingsCache }): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/stores',
      summary: 'Stores the caller may see (admins: all)',
      tags: ['stores'],
      access: { kind: 'authenticated' },
      query: listStoresQuerySchema,
      response: page(storeSchema),
      handler: ({ query, principal }) => listStores(deps, visibleStoreIds(principal), query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/stores',
      summary: 'Create a store',
      tags: ['stores'],
      access: ADMIN,
      body: createStoreRequestSchema,
      successStatus: 201,
      response: storeSchema,
      handler: ({ body, principal, req }) => createStore(deps, body, principal.userId, requestOrigin(req)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/stores/:id',
      summary: 'Get a store (404 for stores the caller is not assigned to)',
      tags: ['stores'],
      access: { kind: 'authenticated' },
      storeScope: { param: 'id', resource: 'store' },
      params: idParams,
      response: storeSchema,
      handler: ({ params, principal }) => getStore(deps, visibleStoreIds(principal), params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/stores/:id',
      summary: 'Change store settings (the code is fixed once created)',
      tags: ['stores'],
      access: ADMIN,
      storeScope: { param: 'id', resource: 'store' },
      params: idParams,
      body: updateStoreRequestSchema,
      response: storeSchema,
      handler: async ({ params, body, principal, req }) => {
        const store = await updateStore(deps, params.id, body, principal.userId, requestOrigin(req));
        deps.storeSettings.forget(params.id);
        return store;
      },
    }),
  ];
}
