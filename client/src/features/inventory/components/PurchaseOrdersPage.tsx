import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatMoney } from '../../../../../shared/format-money';
import type { StoreSummary } from '../../../api/stores';
import { describeApiError } from '../../../api/field-errors';
import { type Column, DataTable } from '../../../ui/DataTable';
import { listPurchaseOrders, type PurchaseOrder, type PurchaseOrderStatus } from '../api/purchase-orders';
import { formatStoreTime } from '../format';
import { inventoryKeys } from '../hooks/query-keys';
import { PurchaseOrderStatusBadge } from './PurchaseOrderStatusBadge';

type Props = { store: StoreSummary };

type Filter = 'open' | PurchaseOrderStatus | 'all';

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'open', label: 'Open (ordered, part received)' },
  { value: 'draft', label: 'Drafts' },
  { value: 'received', label: 'Received' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'all', label: 'All' },
];

/** "Open" is two statuses; the API filters by one, so it asks twice and merges, newest first. */
async function listByFilter(storeId: string, filter: Filter, signal: AbortSignal): Promise<PurchaseOrder[]> {
  if (filter === 'open') {
    const [ordered, partial] = await Promise.all([
      listPurchaseOrders(storeId, 'ordered', signal),
      listPurchaseOrders(storeId, 'partially_received', signal),
    ]);
    return [...ordered.items, ...partial.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
  const result = await listPurchaseOrders(storeId, filter === 'all' ? null : filter, signal);
  return result.items;
}

export function PurchaseOrdersPage({ store }: Props) {
  const [filter, setFilter] = useState<Filter>('open');
  const navigate = useNavigate();
  const orders = useQuery({
    queryKey: inventoryKeys.purchaseOrders(store.id, filter),
    queryFn: ({ signal }) => listByFilter(store.id, filter, signal),
  });

  const columns: Column<PurchaseOrder>[] = [
    {
      id: 'number',
      header: 'Order',
      cell: (order) => (
        <Link to={`/inventory/purchase-orders/${order.id}`} onClick={(event) => event.stopPropagation()}>
          {order.number}
        </Link>
      ),
      sortValue: (order) => order.number,
    },
    {
      id: 'supplier',
      header: 'Supplier',
      cell: (order) => order.supplierName,
      sortValue: (o) => o.supplierName,
    },
    { id: 'status', header: 'Status', cell: (order) => <PurchaseOrderStatusBadge status={order.status} /> },
    {
      id: 'lines',
      header: 'Received',
      align: 'end',
      cell: (order) => {
        const ordered = order.lines.reduce((sum, line) => sum + line.quantityOrdered, 0);
        const received = order.lines.reduce((sum, line) => sum + line.quantityReceived, 0);
        return `${received} of ${ordered}`;
      },
    },
    {
      id: 'total',
      header: 'Total cost',
      align: 'end',
      cell: (order) => formatMoney(order.totalCostCents, store.currency),
      sortValue: (order) => order.totalCostCents,
    },
    {
      id: 'expected',
      header: 'Expected',
      cell: (order) => order.expectedDate ?? '—',
      sortValue: (order) => order.expectedDate,
    },
    {
      id: 'created',
      header: 'Created',
      cell: (order) => formatStoreTime(order.createdAt, store.timezone),
      sortValue: (order) => order.createdAt,
    },
  ];

  return (
    <div className="inventory-page">
      <div className="toolbar inventory-toolbar-split">
        <h2 className="inventory-section-title">Purchase orders of {store.name}</h2>
        <span className="inline-field">
          <label htmlFor="po-filter">Show</label>
          <select id="po-filter" value={filter} onChange={(event) => setFilter(event.target.value as Filter)}>
            {FILTERS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </span>
      </div>
      {orders.isError && (
        <p className="alert" role="alert">
          The purchase orders could not be loaded. {describeApiError(orders.error)}
        </p>
      )}
      <DataTable
        caption={`Purchase orders of ${store.name}`}
        columns={columns}
        rows={orders.data ?? []}
        rowKey={(order) => order.id}
        testId="po-table"
        onRowClick={(order) => navigate(`/inventory/purchase-orders/${order.id}`)}
        empty={orders.isPending ? 'Loading…' : 'No purchase orders here.'}
      />
    </div>
  );
}
