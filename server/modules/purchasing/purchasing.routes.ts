import { idParams, page } from '../../../shared/schemas/common';
import {
  createPurchaseOrderRequestSchema,
  createReceiptRequestSchema,
  createSupplierRequestSchema,
  listPurchaseOrdersQuerySchema,
  listSuppliersQuerySchema,
  purchaseOrderReceiptSchema,
  purchaseOrderSchema,
  putSupplierProductRequestSchema,
  receiptSchema,
  receivePurchaseOrderRequestSchema,
  purchaseOrderParamsSchema,
  storeParamsSchema,
  supplierProductParamsSchema,
  supplierProductSchema,
  supplierSchema,
  updatePurchaseOrderRequestSchema,
  updateSupplierRequestSchema,
} from '../../../shared/schemas/purchasing';
import { type Principal, requestOrigin, visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import type { Request } from 'express';
import type { ModuleDeps } from '../module-deps';
import {
  type Actor,
  assertStoreVisible,
  cancelPurchaseOrder,
  createPurchaseOrder,
  createReceipt,
  createSupplier,
  getPurchaseOrder,
  listPurchaseOrders,
  listSuppliers,
  orderPurchaseOrder,
  putSupplierProduct,
  receivePurchaseOrder,
  updatePurchaseOrder,
  updateSupplier,
} from './purchasing.service';

const MANAGERS = { kind: 'roles', roles: ['manager', 'admin'] } as const;
const STORE_SCOPE = { param: 'storeId', resource: 'store' } as const;

function actorOf(principal: Principal, req: Request): Actor {
  return { userId: principal.userId, visible: visibleStoreIds(principal), origin: requestOrigin(req) };
}

export function purchasingRoutes(deps: ModuleDeps): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/suppliers',
      summary: 'Suppliers by name (`q` matches part of the name)',
      tags: ['purchasing'],
      access: MANAGERS,
      query: listSuppliersQuerySchema,
      response: page(supplierSchema),
      handler: ({ query }) => listSuppliers(deps, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/suppliers',
      summary: 'Create a supplier (names are unique, case-insensitive)',
      tags: ['purchasing'],
      access: MANAGERS,
      body: createSupplierRequestSchema,
      successStatus: 201,
      response: supplierSchema,
      handler: ({ body, principal, req }) => createSupplier(deps, body, actorOf(principal, req)),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/suppliers/:id',
      summary: 'Change a supplier',
      tags: ['purchasing'],
      access: MANAGERS,
      params: idParams,
      body: updateSupplierRequestSchema,
      response: supplierSchema,
      handler: ({ params, body, principal, req }) =>
        updateSupplier(deps, params.id, body, actorOf(principal, req)),
    }),
    defineRoute({
      method: 'put',
      path: '/api/suppliers/:id/products/:productId',
      summary:
        'Set what a supplier charges for a product; isPreferred moves the product’s preferred supplier here',
      tags: ['purchasing'],
      access: MANAGERS,
      params: supplierProductParamsSchema,
      body: putSupplierProductRequestSchema,
      response: supplierProductSchema,
      handler: ({ params, body, principal, req }) =>
        putSupplierProduct(deps, params.id, params.productId, body, actorOf(principal, req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/stores/:storeId/purchase-orders',
      summary: 'Create a draft purchase order (numbered PO-<store code>-<sequence>)',
      tags: ['purchasing'],
      access: MANAGERS,
      storeScope: STORE_SCOPE,
      params: storeParamsSchema,
      body: createPurchaseOrderRequestSchema,
      successStatus: 201,
      response: purchaseOrderSchema,
      handler: async ({ params, body, principal, req }) => {
        await assertStoreVisible(deps, visibleStoreIds(principal), params.storeId);
        return createPurchaseOrder(deps, params.storeId, body, actorOf(principal, req));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/stores/:storeId/purchase-orders',
      summary: 'The store’s purchase orders, newest first',
      tags: ['purchasing'],
      access: MANAGERS,
      storeScope: STORE_SCOPE,
      params: storeParamsSchema,
      query: listPurchaseOrdersQuerySchema,
      response: page(purchaseOrderSchema),
      handler: ({ params, query, principal }) =>
        listPurchaseOrders(deps, visibleStoreIds(principal), params.storeId, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/stores/:storeId/purchase-orders/:purchaseOrderId',
      summary: 'A purchase order with its lines (another store’s order → 404)',
      tags: ['purchasing'],
      access: MANAGERS,
      storeScope: STORE_SCOPE,
      params: purchaseOrderParamsSchema,
      response: purchaseOrderSchema,
      handler: ({ params, principal }) =>
        getPurchaseOrder(deps, visibleStoreIds(principal), params.storeId, params.purchaseOrderId),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/stores/:storeId/purchase-orders/:purchaseOrderId',
      summary: 'Change a draft purchase order (`lines` replaces all lines); not a draft → 409',
      tags: ['purchasing'],
      access: MANAGERS,
      storeScope: STORE_SCOPE,
      params: purchaseOrderParamsSchema,
      body: updatePurchaseOrderRequestSchema,
      response: purchaseOrderSchema,
      handler: async ({ params, body, principal, req }) => {
        await assertStoreVisible(deps, visibleStoreIds(principal), params.storeId);
        return updatePurchaseOrder(
          deps,
          params.storeId,
          params.purchaseOrderId,
          body,
          actorOf(principal, req),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/stores/:storeId/purchase-orders/:purchaseOrderId/order',
      summary: 'Send a draft to the supplier (draft → ordered)',
      tags: ['purchasing'],
      access: MANAGERS,
      storeScope: STORE_SCOPE,
      params: purchaseOrderParamsSchema,
      response: purchaseOrderSchema,
      handler: ({ params, principal, req }) =>
        orderPurchaseOrder(deps, params.storeId, params.purchaseOrderId, actorOf(principal, req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/stores/:storeId/purchase-orders/:purchaseOrderId/cancel',
      summary: 'Cancel a draft or ordered purchase order with nothing received',
      tags: ['purchasing'],
      access: MANAGERS,
      storeScope: STORE_SCOPE,
      params: purchaseOrderParamsSchema,
      response: purchaseOrderSchema,
      handler: ({ params, principal, req }) =>
        cancelPurchaseOrder(deps, params.storeId, params.purchaseOrderId, actorOf(principal, req)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/stores/:storeId/purchase-orders/:purchaseOrderId/receive',
      summary: 'Receive a delivery: stock, lots, weighted-average cost and status in one transaction',
      tags: ['purchasing'],
      access: MANAGERS,
      storeScope: STORE_SCOPE,
      params: purchaseOrderParamsSchema,
      body: receivePurchaseOrderRequestSchema,
      response: purchaseOrderReceiptSchema,
      handler: async ({ params, body, principal, req }) => {
        await assertStoreVisible(deps, visibleStoreIds(principal), params.storeId);
        return receivePurchaseOrder(
          deps,
          params.storeId,
          params.purchaseOrderId,
          body,
          actorOf(principal, req),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/stores/:storeId/receipts',
      summary: 'Receive stock without a purchase order (same lots and cost averaging)',
      tags: ['purchasing'],
      access: MANAGERS,
      storeScope: STORE_SCOPE,
      params: storeParamsSchema,
      body: createReceiptRequestSchema,
      successStatus: 201,
      response: receiptSchema,
      handler: async ({ params, body, principal, req }) => {
        await assertStoreVisible(deps, visibleStoreIds(principal), params.storeId);
        return createReceipt(deps, params.storeId, body, actorOf(principal, req));
      },
    }),
  ];
}
