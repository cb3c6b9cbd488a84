import { page } from '../../../../../shared/schemas/common';
import {
  type PurchaseOrder,
  type PurchaseOrderReceipt,
  type ReceivePurchaseOrderRequest,
  purchaseOrderReceiptSchema,
  purchaseOrderSchema,
} from '../../../../../shared/schemas/purchasing';
import { http } from '../../../api/http';

export type { PurchaseOrder, PurchaseOrderReceipt };

const purchaseOrderPageSchema = page(purchaseOrderSchema);

export type PurchaseOrderStatus = PurchaseOrder['status'];

/** The store's purchase orders with one status, newest first (at most 100: a store has few open ones). */
export function listPurchaseOrders(
  storeId: string,
  status: PurchaseOrderStatus | null,
  signal?: AbortSignal,
) {
  const query = new URLSearchParams({ limit: '100' });
  if (status) {
    query.set('status', status);
  }
  return http.get(`/api/stores/${storeId}/purchase-orders?${query.toString()}`, {
    signal,
    parse: (body) => purchaseOrderPageSchema.parse(body),
  });
}

export function getPurchaseOrder(storeId: string, id: string, signal?: AbortSignal): Promise<PurchaseOrder> {
  return http.get(`/api/stores/${storeId}/purchase-orders/${id}`, {
    signal,
    parse: (body) => purchaseOrderSchema.parse(body),
  });
}

export function receivePurchaseOrder(
  storeId: string,
  id: string,
  request: ReceivePurchaseOrderRequest,
): Promise<PurchaseOrderReceipt> {
  return http.post(`/api/stores/${storeId}/purchase-orders/${id}/receive`, {
    body: request,
    parse: (body) => purchaseOrderReceiptSchema.parse(body),
  });
}

/** Sends a draft to the supplier (draft → ordered). */
export function orderPurchaseOrder(storeId: string, id: string): Promise<PurchaseOrder> {
  return http.post(`/api/stores/${storeId}/purchase-orders/${id}/order`, {
    parse: (body) => purchaseOrderSchema.parse(body),
  });
}

export function cancelPurchaseOrder(storeId: string, id: string): Promise<PurchaseOrder> {
  return http.post(`/api/stores/${storeId}/purchase-orders/${id}/cancel`, {
    parse: (body) => purchaseOrderSchema.parse(body),
  });
}
