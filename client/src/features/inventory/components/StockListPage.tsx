import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { StoreSummary } from '../../../api/stores';
import { describeApiError } from '../../../api/field-errors';
import { type Column, DataTable } from '../../../ui/DataTable';
import { type InventoryFilters, type InventoryItem, listInventory } from '../api/list-inventory';
import { formatQuantity } from '../format';
import { useCategoryOptions } from '../hooks/use-categories';
import { inventoryKeys } from '../hooks/query-keys';
import { AdjustStockDialog } from './AdjustStockDialog';
import { StockLevelBadge } from './StockLevelBadge';

type Props = { store: StoreSummary };

/** The filters live in the address (?q=&categoryId=&lowStock=true), so a link can open the list filtered. */
function filtersFrom(params: URLSearchParams): InventoryFilters {
  return {
    q: params.get('q') ?? '',
    categoryId: params.get('categoryId') ?? '',
    lowStock: params.get('lowStock') === 'true',
  };
}

export function StockListPage({ store }: Props) {
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const [searchText, setSearchText] = useState(filters.q);
  const [adjusting, setAdjusting] = useState<InventoryItem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const categories = useCategoryOptions();
  const navigate = useNavigate();

  function setFilter(name: keyof InventoryFilters, value: string) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value === '') {
          next.delete(name);
        } else {
          next.set(name, value);
        }
        return next;
      },
      { replace: true },
    );
  }

  // Back and forward change the address: the box follows it.
  const appliedQ = useRef(filters.q);
  if (appliedQ.current !== filters.q) {
    appliedQ.current = filters.q;
    if (searchText.trim() !== filters.q) {
      setSearchText(filters.q);
    }
  }

  // Search as the manager types, once they pause.
  useEffect(() => {
    if (searchText.trim() === filters.q) {
      return;
    }
    const timer = setTimeout(() => setFilter('q', searchText.trim()), 300);
    return () => clearTimeout(timer);
  });

  const list = useInfiniteQuery({
    queryKey: inventoryKeys.list(store.id, filters),
    queryFn: ({ pageParam, signal }) => listInventory(store.id, filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];

  const columns: Column<InventoryItem>[] = [
    { id: 'sku', header: 'SKU', cell: (item) => item.sku, sortValue: (item) => item.sku },
    {
      id: 'name',
      header: 'Product',
      cell: (item) => (
        <Link
          to={`/inventory/products/${item.productId}`}
          className="inventory-wrap"
          onClick={(event) => event.stopPropagation()}
        >
          {item.name}
        </Link>
      ),
      sortValue: (item) => item.name,
    },
    {
      id: 'onHand',
      header: 'On hand',
      align: 'end',
      cell: (item) => formatQuantity(item.onHand, item.unit),
      sortValue: (item) => item.onHand,
    },
    {
      id: 'reorderPoint',
      header: 'Reorder at',
      align: 'end',
      cell: (item) => (item.reorderPoint > 0 ? formatQuantity(item.reorderPoint, item.unit) : '—'),
      sortValue: (item) => item.reorderPoint,
    },
    {
      id: 'reorderQuantity',
      header: 'Order qty',
      align: 'end',
      cell: (item) => (item.reorderQuantity > 0 ? formatQuantity(item.reorderQuantity, item.unit) : '—'),
      sortValue: (item) => item.reorderQuantity,
    },
    { id: 'level', header: 'Status', cell: (item) => <StockLevelBadge item={item} /> },
    {
      id: 'actions',
      header: '',
      align: 'end',
      cell: (item) => (
        <button
          type="button"
          className="button button-secondary inventory-row-button"
          aria-label={`Adjust stock of ${item.name}`}
          onClick={(event) => {
            event.stopPropagation();
            setDone(null);
            setAdjusting(item);
          }}
        >
          Adjust
        </button>
      ),
    },
  ];

  return (
    <div className="inventory-page">
      <h2 className="visually-hidden">Stock</h2>
      <search className="toolbar inventory-filters" aria-label="Filter the stock list">
        <span className="inline-field inventory-search">
          <label htmlFor="inventory-q">Search</label>
          <input
            id="inventory-q"
            type="search"
            placeholder="Name, SKU or barcode"
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
          />
        </span>
        <span className="inline-field">
          <label htmlFor="inventory-category">Category</label>
          <select
            id="inventory-category"
            value={filters.categoryId}
            onChange={(event) => setFilter('categoryId', event.target.value)}
          >
            <option value="">All categories</option>
            {categories.data?.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </span>
        <label className="inventory-check">
          <input
            type="checkbox"
            checked={filters.lowStock}
            onChange={(event) => setFilter('lowStock', event.target.checked ? 'true' : '')}
          />
          Low stock only
        </label>
      </search>
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {list.isError && (
        <p className="alert" role="alert">
          The stock list could not be loaded. {describeApiError(list.error)}
        </p>
      )}
      <DataTable
        caption={`Stock at ${store.name}`}
        columns={columns}
        rows={items}
        rowKey={(item) => item.productId}
        testId="inventory-table"
        onRowClick={(item) => navigate(`/inventory/products/${item.productId}`)}
        empty={
          list.isPending
            ? 'Loading…'
            : filters.lowStock
              ? 'Nothing is at or below its reorder point.'
              : 'No products match.'
        }
      />
      <div className="inventory-list-footer">
        <span className="inventory-muted" aria-live="polite">
          {list.isSuccess && `${items.length} product${items.length === 1 ? '' : 's'} shown`}
          {list.isFetching && !list.isFetchingNextPage && list.isSuccess ? ' · refreshing…' : ''}
        </span>
        {list.hasNextPage && (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => list.fetchNextPage()}
            disabled={list.isFetchingNextPage}
          >
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
      {adjusting && (
        <AdjustStockDialog
          store={store}
          product={adjusting}
          onClose={() => setAdjusting(null)}
          onAdjusted={(message) => {
            setAdjusting(null);
            setDone(message);
          }}
        />
      )}
    </div>
  );
}
