import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { StoreSummary } from '../../../api/stores';
import { describeApiError } from '../../../api/field-errors';
import { type Column, DataTable } from '../../../ui/DataTable';
import { useSignedInUser } from '../../auth/hooks/use-auth';
import { getInventoryItem } from '../api/list-inventory';
import { listMovements, type StockMovement } from '../api/list-movements';
import { getProduct } from '../api/get-product';
import { listUserNames } from '../api/list-users';
import { formatDelta, formatQuantity, formatStoreTime, reasonLabel } from '../format';
import { inventoryKeys } from '../hooks/query-keys';
import { AdjustStockDialog } from './AdjustStockDialog';
import { StockLevelBadge } from './StockLevelBadge';

type Props = { store: StoreSummary };

const REF_LABELS: Record<string, string> = {
  sale: 'Sale',
  return: 'Return',
  adjustment: 'Adjustment',
  transfer: 'Transfer',
  purchase_order: 'Purchase order',
  receipt: 'Receipt',
  stock_count: 'Count',
  import: 'Import',
  seed: 'Opening stock',
};

/** One product in one store: its figures and its ledger, newest first. */
export function ProductStockPage({ store }: Props) {
  const { productId = '' } = useParams();
  const user = useSignedInUser();
  const [isAdjusting, setIsAdjusting] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const product = useQuery({
    queryKey: ['product', productId],
    queryFn: ({ signal }) => getProduct(productId, signal),
  });
  const item = useQuery({
    queryKey: inventoryKeys.item(store.id, productId),
    queryFn: ({ signal }) => getInventoryItem(store.id, product.data?.sku ?? '', productId, signal),
    enabled: product.isSuccess,
  });
  const movements = useInfiniteQuery({
    queryKey: inventoryKeys.movements(store.id, productId),
    queryFn: ({ pageParam, signal }) => listMovements(store.id, productId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  // Only admins may list users; everyone else sees "You" for their own rows.
  const users = useQuery({
    queryKey: ['users', 'names'],
    queryFn: ({ signal }) => listUserNames(signal),
    enabled: user.role === 'admin',
    staleTime: 300_000,
  });

  const unit = product.data?.unit ?? 'each';
  function whoOf(userId: string | null): string {
    if (userId === null) {
      return 'System';
    }
    if (userId === user.id) {
      return `${user.name} (you)`;
    }
    return users.data?.get(userId) ?? 'Another user';
  }

  const columns: Column<StockMovement>[] = [
    { id: 'when', header: 'When', cell: (movement) => formatStoreTime(movement.createdAt, store.timezone) },
    { id: 'type', header: 'Type', cell: (movement) => reasonLabel(movement.reason) },
    {
      id: 'quantity',
      header: 'Quantity',
      align: 'end',
      cell: (movement) => (
        <span className={movement.delta < 0 ? 'inventory-negative' : 'inventory-positive'}>
          {formatDelta(movement.delta, unit)}
        </span>
      ),
    },
    {
      id: 'source',
      header: 'Source',
      cell: (movement) => (movement.refType ? (REF_LABELS[movement.refType] ?? movement.refType) : '—'),
    },
    {
      id: 'note',
      header: 'Note',
      cell: (movement) => <span className="inventory-note">{movement.note ?? ''}</span>,
    },
    { id: 'who', header: 'Who', cell: (movement) => whoOf(movement.userId) },
  ];

  if (product.isError) {
    return (
      <p className="alert" role="alert">
        The product could not be loaded. {describeApiError(product.error)}
      </p>
    );
  }
  const rows = movements.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="inventory-page">
      <p className="inventory-back">
        <Link to="/inventory">← Stock list</Link>
      </p>
      <div className="inventory-product-head">
        <div>
          <h2>{product.data?.name ?? 'Loading…'}</h2>
          <p className="inventory-muted">
            {product.data && `SKU ${product.data.sku}`}
            {product.data &&
              product.data.barcodes.length > 0 &&
              ` · barcode ${product.data.barcodes.join(', ')}`}
            {` · ${store.name}`}
          </p>
        </div>
        {item.data && product.data && (
          <button type="button" className="button button-primary" onClick={() => setIsAdjusting(true)}>
            Adjust stock
          </button>
        )}
      </div>
      {item.data === null && (
        <p className="notice">This product is not active, so it has no stock line in this store.</p>
      )}
      {item.data && (
        <dl className="inventory-figures" data-testid="inventory-figures">
          <div>
            <dt>On hand</dt>
            <dd data-testid="product-on-hand">{formatQuantity(item.data.onHand, item.data.unit)}</dd>
          </div>
          <div>
            <dt>Reorder point</dt>
            <dd>
              {item.data.reorderPoint > 0
                ? formatQuantity(item.data.reorderPoint, item.data.unit)
                : 'Not set'}
            </dd>
          </div>
          <div>
            <dt>Reorder quantity</dt>
            <dd>
              {item.data.reorderQuantity > 0
                ? formatQuantity(item.data.reorderQuantity, item.data.unit)
                : 'Not set'}
            </dd>
          </div>
          <div>
            <dt>Status</dt>
            <dd>
              <StockLevelBadge item={item.data} />
            </dd>
          </div>
        </dl>
      )}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <h3>Movements</h3>
      {movements.isError && (
        <p className="alert" role="alert">
          The movements could not be loaded. {describeApiError(movements.error)}
        </p>
      )}
      <DataTable
        caption={`Stock movements of ${product.data?.name ?? 'the product'}, newest first`}
        columns={columns}
        rows={rows}
        rowKey={(movement) => movement.id}
        testId="movement-table"
        empty={movements.isPending ? 'Loading…' : 'No stock movements yet.'}
      />
      {movements.hasNextPage && (
        <div className="inventory-list-footer">
          <span />
          <button
            type="button"
            className="button button-secondary"
            onClick={() => movements.fetchNextPage()}
            disabled={movements.isFetchingNextPage}
          >
            {movements.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
      {isAdjusting && item.data && product.data && (
        <AdjustStockDialog
          store={store}
          product={{ ...item.data, unit: item.data.unit }}
          onClose={() => setIsAdjusting(false)}
          onAdjusted={(message) => {
            setIsAdjusting(false);
            setDone(message);
          }}
        />
      )}
    </div>
  );
}
