import { idParams } from '../../../shared/schemas/common';
import { listParkedCartsQuerySchema, parkCartSchema, parkedCartSchema } from '../../../shared/schemas/sales';
import { page } from '../../../shared/schemas/common';
import { visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import type { SalesDeps } from './sale-actor';
import { saleActorOf } from './sales.routes';
import { listParkedCarts, parkCart, takeParkedCart } from './parked-carts.service';

const STAFF = { kind: 'roles', roles: ['cashier', 'manager', 'admin'] } as const;

export function parkedCartRoutes(deps: SalesDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/parked-carts',
      summary:
        'Park a cart to serve the next customer; it can be recalled on any register of the store today',
      tags: ['sales'],
      access: STAFF,
      body: parkCartSchema,
      successStatus: 201,
      response: parkedCartSchema,
      handler: ({ body, principal, req }) => parkCart(deps, saleActorOf(principal, req), body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/parked-carts',
      summary: "Today's parked carts of a store, newest first",
      tags: ['sales'],
      access: STAFF,
      query: listParkedCartsQuerySchema,
      response: page(parkedCartSchema),
      handler: ({ query, principal }) => listParkedCarts(deps, visibleStoreIds(principal), query.storeId),
    }),
    defineRoute({
      method: 'post',
      path: '/api/parked-carts/:id/recall',
      summary: 'Take a parked cart back to ring it up (only once; it leaves the list)',
      tags: ['sales'],
      access: STAFF,
      params: idParams,
      response: parkedCartSchema,
      handler: ({ params, principal }) => takeParkedCart(deps, visibleStoreIds(principal), params.id),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/parked-carts/:id',
      summary: 'Throw a parked cart away',
      tags: ['sales'],
      access: STAFF,
      params: idParams,
      handler: async ({ params, principal }) => {
        await takeParkedCart(deps, visibleStoreIds(principal), params.id);
        return undefined;
      },
    }),
  ];
}
