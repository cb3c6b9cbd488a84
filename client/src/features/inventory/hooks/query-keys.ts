/** Query keys of the inventory screens; each starts with the store, so a change there refreshes it all. */
export const inventoryKeys = {
  store: (storeId: string) => ['inventory', storeId] as const,
  list: (storeId: string, filters: object) => ['inventory', storeId, 'list', filters] as const,
  item: (storeId: string, productId: string) => ['inventory', storeId, 'item', productId] as const,
  movements: (storeId: string, productId: string) => ['inventory', storeId, 'movements', productId] as const,
  purchaseOrders: (storeId: string, status: string) =>
    ['inventory', storeId, 'purchase-orders', status] as const,
  purchaseOrder: (storeId: string, id: string) => ['inventory', storeId, 'purchase-order', id] as const,
  counts: (storeId: string) => ['inventory', storeId, 'counts'] as const,
  count: (storeId: string, id: string) => ['inventory', storeId, 'count', id] as const,
  transfers: (storeId: string) => ['inventory', storeId, 'transfers'] as const,
  // Transfers touch two stores: both lists and both stocks must refresh.
  allTransfers: ['inventory'] as const,
};
