import {
  expiringLotsParamsSchema,
  expiringLotsQuerySchema,
  expiringLotsResponseSchema,
  recallQuerySchema,
  recallResponseSchema,
} from '../../../shared/schemas/lots';
import { visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import type { ModuleDeps } from '../module-deps';
import { listExpiringLots, recallLot } from './lots.service';

const STAFF = { kind: 'roles', roles: ['cashier', 'manager', 'admin'] } as const;
const MANAGERS = { kind: 'roles', roles: ['manager', 'admin'] } as const;

export function lotRoutes(deps: ModuleDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/stores/:storeId/lots/expiring',
      summary:
        'Lots with stock expiring within `days` (1–365, default 30) of the store’s today, soonest first',
      tags: ['lots'],
      access: STAFF,
      storeScope: { param: 'storeId', resource: 'store' },
      params: expiringLotsParamsSchema,
      query: expiringLotsQuerySchema,
      response: expiringLotsResponseSchema,
      handler: ({ params, query, principal }) =>
        listExpiringLots(deps, visibleStoreIds(principal), params.storeId, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/lots/recall',
      summary: 'Recall lookup: where a lot is on hand and which sales took units of it',
      tags: ['lots'],
      access: MANAGERS,
      query: recallQuerySchema,
      response: recallResponseSchema,
      handler: ({ query, principal }) => recallLot(deps, visibleStoreIds(principal), query),
    }),
  ];
}
