import { page } from '../../../shared/schemas/common';
import {
  adjustmentSchema,
  createAdjustmentRequestSchema,
  inventoryItemSchema,
  listInventoryQuerySchema,
  listMovementsQuerySchema,
  stockMovementSchema,
  storeIdParams,
  storeProductParams,
  updateReorderLevelsRequestSchema,
} from '../../../shared/schemas/inventory';
import { requestOrigin, visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import type { ModuleDeps } from '../module-deps';
import {
  adjustStock,
  listInventory,
  listMovements,
  updateReorderLevels,
  visibleStore,
} from './inventory.service';

const STAFF = { kind: 'roles', roles: ['cashier', 'manager', 'admin'] } as const;
const MANAGERS = { kind: 'roles', roles: ['manager', 'admin'] } as const;
const STORE_SCOPE = { param: 'storeId', resource: 'store' } as const;

export function inventoryRoutes(deps: ModuleDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/stores/:storeId/inventory',
      summary:
        'Stock of every active product in a store (q: name, SKU or barcode; lowStock: at or below reorder point)',
      tags: ['inventory'],
      access: STAFF,
      storeScope: STORE_SCOPE,
      params: storeIdParams,
      query: listInventoryQuerySchema,
      response: page(inventoryItemSchema),
      handler: ({ params, query, principal }) =>
        listInventory(deps, visibleStoreIds(principal), params.storeId, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/stores/:storeId/inventory/movements',
      summary: 'The stock ledger of a store, newest first (from/to: timestamps or business dates)',
      tags: ['inventory'],
      access: STAFF,
      storeScope: STORE_SCOPE,
      params: storeIdParams,
      query: listMovementsQuerySchema,
      response: page(stockMovementSchema),
      handler: ({ params, query, principal }) =>
        listMovements(deps, visibleStoreIds(principal), params.storeId, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/stores/:storeId/inventory/adjustments',
      summary: 'Adjust stock (damaged, expired, shrink, count correction, found, received, other)',
      tags: ['inventory'],
      access: MANAGERS,
      storeScope: STORE_SCOPE,
      params: storeIdParams,
      body: createAdjustmentRequestSchema,
      successStatus: 201,
      response: adjustmentSchema,
      handler: async ({ params, body, principal, req }) => {
        await visibleStore(deps, visibleStoreIds(principal), params.storeId);
        return adjustStock(
          deps,
          visibleStoreIds(principal),
          params.storeId,
          body,
          principal.userId,
          requestOrigin(req),
        );
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/stores/:storeId/inventory/:productId',
      summary: "Set a product's reorder point and reorder quantity in a store",
      tags: ['inventory'],
      access: MANAGERS,
      storeScope: STORE_SCOPE,
      params: storeProductParams,
      body: updateReorderLevelsRequestSchema,
      response: inventoryItemSchema,
      handler: async ({ params, body, principal, req }) => {
        await visibleStore(deps, visibleStoreIds(principal), params.storeId);
        return updateReorderLevels(
          deps,
          visibleStoreIds(principal),
          params.storeId,
          params.productId,
          body,
          principal.userId,
          requestOrigin(req),
        );
      },
    }),
  ];
}
