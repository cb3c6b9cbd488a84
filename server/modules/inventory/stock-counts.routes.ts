import { page } from '../../../shared/schemas/common';
import { reorderSuggestionsSchema } from '../../../shared/schemas/low-stock';
import {
  createStockCountRequestSchema,
  enterStockCountLinesRequestSchema,
  listStockCountsQuerySchema,
  stockCountParamsSchema,
  stockCountSchema,
  stockCountSubmissionSchema,
  stockCountSummarySchema,
  storeIdParamsSchema,
} from '../../../shared/schemas/stock-counts';
import { type Principal, requestOrigin, visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import type { ModuleDeps } from '../module-deps';
import { listReorderSuggestions } from './low-stock.service';
import {
  cancelStockCount,
  enterStockCountLines,
  getStockCount,
  listStockCounts,
  type StockCountActor,
  startStockCount,
  submitStockCount,
} from './stock-counts.service';

const MANAGERS = { kind: 'roles', roles: ['admin', 'manager'] } as const;
// Counting is floor work: cashiers (staff) see counts and enter what they counted; managers start,
// submit and cancel them, since submitting changes stock.
const STAFF = { kind: 'roles', roles: ['admin', 'manager', 'cashier'] } as const;
const STORE_SCOPE = { param: 'storeId', resource: 'store' } as const;
const TAGS = ['inventory'];

function actorOf(principal: Principal, req: Parameters<typeof requestOrigin>[0]): StockCountActor {
  return {
    userId: principal.userId,
    visibleStoreIds: visibleStoreIds(principal),
    origin: requestOrigin(req),
  };
}

/** Cycle counts and reorder suggestions (issue 3). */
export function stockCountRoutes(deps: ModuleDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/stores/:storeId/stock-counts',
      summary: 'Start a cycle count of a category (with sub-categories) or of the whole store',
      tags: TAGS,
      access: MANAGERS,
      storeScope: STORE_SCOPE,
      params: storeIdParamsSchema,
      body: createStockCountRequestSchema,
      successStatus: 201,
      response: stockCountSchema,
      handler: ({ params, body, principal, req }) =>
        startStockCount(deps, actorOf(principal, req), params.storeId, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/stores/:storeId/stock-counts',
      summary: "The store's stock counts, newest first",
      tags: TAGS,
      access: STAFF,
      storeScope: STORE_SCOPE,
      params: storeIdParamsSchema,
      query: listStockCountsQuerySchema,
      response: page(stockCountSummarySchema),
      handler: ({ params, query, principal, req }) =>
        listStockCounts(deps, actorOf(principal, req), params.storeId, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/stores/:storeId/stock-counts/:countId',
      summary: 'A stock count with its lines: counted, system figure at counting, on-hand now, variance',
      tags: TAGS,
      access: STAFF,
      storeScope: STORE_SCOPE,
      params: stockCountParamsSchema,
      response: stockCountSchema,
      handler: ({ params, principal, req }) =>
        getStockCount(deps, actorOf(principal, req), params.storeId, params.countId),
    }),
    defineRoute({
      method: 'put',
      path: '/api/stores/:storeId/stock-counts/:countId/lines',
      summary: 'Enter counted quantities by product id or scanned barcode (mode add: one scan = one unit)',
      tags: TAGS,
      access: STAFF,
      storeScope: STORE_SCOPE,
      params: stockCountParamsSchema,
      body: enterStockCountLinesRequestSchema,
      response: stockCountSchema,
      handler: ({ params, body, principal, req }) =>
        enterStockCountLines(deps, actorOf(principal, req), params.storeId, params.countId, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/stores/:storeId/stock-counts/:countId/submit',
      summary: 'Apply the count: one count_correction movement per counted line with a variance',
      tags: TAGS,
      access: MANAGERS,
      storeScope: STORE_SCOPE,
      params: stockCountParamsSchema,
      response: stockCountSubmissionSchema,
      handler: ({ params, principal, req }) =>
        submitStockCount(deps, actorOf(principal, req), params.storeId, params.countId),
    }),
    defineRoute({
      method: 'post',
      path: '/api/stores/:storeId/stock-counts/:countId/cancel',
      summary: 'Abandon an open count; stock is not changed',
      tags: TAGS,
      access: MANAGERS,
      storeScope: STORE_SCOPE,
      params: stockCountParamsSchema,
      response: stockCountSchema,
      handler: ({ params, principal, req }) =>
        cancelStockCount(deps, actorOf(principal, req), params.storeId, params.countId),
    }),
    defineRoute({
      method: 'get',
      path: '/api/stores/:storeId/reorder-suggestions',
      summary: 'Low-stock products and what to order, grouped by preferred supplier',
      tags: TAGS,
      access: MANAGERS,
      storeScope: STORE_SCOPE,
      params: storeIdParamsSchema,
      response: reorderSuggestionsSchema,
      handler: ({ params, principal }) =>
        listReorderSuggestions(deps, visibleStoreIds(principal), params.storeId),
    }),
  ];
}
