import { idParams, page } from '../../../shared/schemas/common';
import {
  listSalesQuerySchema,
  receiptNumberParamsSchema,
  saleByReceiptQuerySchema,
  saleSchema,
} from '../../../shared/schemas/sales';
import { visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import type { ModuleDeps } from '../module-deps';
import { getSaleByReceipt, getSaleForStaff, listSales } from './sale-reads.service';

const STAFF = { kind: 'roles', roles: ['cashier', 'manager', 'admin'] } as const;
export const SALE_SCOPE = { param: 'id', resource: 'sale' } as const;

export function saleReadRoutes(deps: ModuleDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/sales',
      summary:
        "Sales of the caller's stores (or one of them), newest first; from/to are business dates, inclusive",
      tags: ['sales'],
      access: STAFF,
      query: listSalesQuerySchema,
      response: page(saleSchema),
      handler: ({ query, principal }) => listSales(deps, visibleStoreIds(principal), query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/sales/by-receipt/:receiptNumber',
      summary: 'Find a sale by the receipt number printed on it (unique per store; any case, spaces trimmed)',
      tags: ['sales'],
      access: STAFF,
      params: receiptNumberParamsSchema,
      query: saleByReceiptQuerySchema,
      response: saleSchema,
      handler: ({ params, query, principal }) =>
        getSaleByReceipt(deps, visibleStoreIds(principal), query.storeId, params.receiptNumber),
    }),
    defineRoute({
      method: 'get',
      path: '/api/sales/:id',
      summary: 'Get a sale',
      tags: ['sales'],
      access: STAFF,
      storeScope: SALE_SCOPE,
      params: idParams,
      response: saleSchema,
      handler: ({ params, principal }) => getSaleForStaff(deps.db, visibleStoreIds(principal), params.id),
    }),
  ];
}
