import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatMoney } from '../../../../../shared/format-money';
import { describeApiError } from '../../../api/field-errors';
import { type Column, DataTable } from '../../../ui/DataTable';
import { PageHeader } from '../../../ui/PageHeader';
import type { Product, ProductFilters } from '../api/list-products';
import { categoryOptions } from '../category-options';
import { useCatalogCurrency } from '../hooks/use-catalog-currency';
import { useCategories } from '../hooks/use-categories';
import { useDebounced } from '../hooks/use-debounced';
import { useProductPages } from '../hooks/use-products';
import { SPECIES_OPTIONS, type Species, speciesLabel } from '../species';

type Props = { labelIds: readonly string[]; onToggleLabel: (id: string) => void };

/** Search and filter the catalog; a row opens the product; ticked rows go to the labels page. */
export function ProductListPage({ labelIds, onToggleLabel }: Props) {
  const navigate = useNavigate();
  const currency = useCatalogCurrency();
  const [q, setQ] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [species, setSpecies] = useState<'' | Species>('');
  const [active, setActive] = useState<ProductFilters['active']>('true');
  const filters = useDebounced<ProductFilters>(
    useMemo(() => ({ q, categoryId, species, active }), [q, categoryId, species, active]),
    250,
  );
  const pages = useProductPages(filters);
  const categories = useCategories();
  const options = useMemo(() => categoryOptions(categories.data ?? []), [categories.data]);
  const categoryName = useMemo(() => new Map(options.map((option) => [option.id, option.label])), [options]);
  const rows = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);
  const isSearch = filters.q.trim() !== '';

  const columns: Column<Product>[] = [
    {
      id: 'label',
      header: 'Label',
      cell: (product) => (
        <input
          type="checkbox"
          className="catalog-row-check"
          aria-label={`Label for ${product.name}`}
          checked={labelIds.includes(product.id)}
          onClick={(event) => event.stopPropagation()}
          onChange={() => onToggleLabel(product.id)}
        />
      ),
    },
    {
      id: 'name',
      header: 'Name',
      sortValue: (product) => product.name,
      cell: (product) => (
        <Link
          to={`/catalog/${product.id}`}
          className="catalog-name-link"
          onClick={(e) => e.stopPropagation()}
        >
          {product.name}
        </Link>
      ),
    },
    { id: 'sku', header: 'SKU', sortValue: (product) => product.sku, cell: (product) => product.sku },
    {
      id: 'price',
      header: 'Price',
      align: 'end',
      sortValue: (product) => product.priceCents,
      cell: (product) => (
        <span data-testid={`price-${product.sku}`}>
          {formatMoney(product.priceCents, currency)}
          {product.unit === 'weight' ? '/kg' : ''}
        </span>
      ),
    },
    {
      id: 'barcode',
      header: 'Barcode',
      sortValue: (product) => product.barcodes[0] ?? null,
      cell: (product) => (
        <span className="catalog-code">
          {product.barcodes[0] ?? '—'}
          {product.barcodes.length > 1 && (
            <span className="catalog-more"> +{product.barcodes.length - 1}</span>
          )}
        </span>
      ),
    },
    { id: 'brand', header: 'Brand', sortValue: (product) => product.brand, cell: (product) => product.brand },
    {
      id: 'category',
      header: 'Category',
      sortValue: (product) => (product.categoryId ? (categoryName.get(product.categoryId) ?? null) : null),
      cell: (product) => (product.categoryId ? (categoryName.get(product.categoryId) ?? '') : '—'),
    },
    {
      id: 'species',
      header: 'Species',
      cell: (product) => product.species.map(speciesLabel).join(', '),
    },
    {
      id: 'cost',
      header: 'Cost',
      align: 'end',
      sortValue: (product) => product.costCents,
      cell: (product) => formatMoney(product.costCents, currency),
    },
    {
      id: 'tax',
      header: 'Tax',
      sortValue: (product) => product.taxClass,
      cell: (product) => product.taxClass,
    },
    {
      id: 'active',
      header: 'Status',
      sortValue: (product) => (product.active ? 0 : 1),
      cell: (product) =>
        product.active ? (
          <span className="badge">Active</span>
        ) : (
          <span className="badge badge-warning">Inactive</span>
        ),
    },
  ];

  return (
    <section className="backoffice" aria-labelledby="catalog-list-title">
      <PageHeader
        title="Products"
        titleId="catalog-list-title"
        subtitle={
          isSearch
            ? 'Best matches first; click a column to sort what is loaded.'
            : 'By name; click a column to sort.'
        }
        actions={
          <>
            {labelIds.length > 0 && (
              <Link to="/catalog/labels" className="button button-secondary">
                Print labels ({labelIds.length})
              </Link>
            )}
            <Link to="/catalog/new" className="button button-primary">
              New product
            </Link>
          </>
        }
      />
      <search className="toolbar catalog-filters">
        <span className="inline-field catalog-search">
          <label htmlFor="catalog-q">Search</label>
          <input
            id="catalog-q"
            type="search"
            value={q}
            placeholder="Name, brand, SKU or barcode"
            onChange={(event) => setQ(event.target.value)}
          />
        </span>
        <span className="inline-field">
          <label htmlFor="catalog-category">Category</label>
          <select
            id="catalog-category"
            value={categoryId}
            onChange={(event) => setCategoryId(event.target.value)}
          >
            <option value="">All categories</option>
            {options.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </select>
        </span>
        <span className="inline-field">
          <label htmlFor="catalog-species">Species</label>
          <select
            id="catalog-species"
            value={species}
            onChange={(event) => setSpecies(event.target.value as '' | Species)}
          >
            <option value="">All species</option>
            {SPECIES_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </span>
        <span className="inline-field">
          <label htmlFor="catalog-active">Status</label>
          <select
            id="catalog-active"
            value={active}
            onChange={(event) => setActive(event.target.value as ProductFilters['active'])}
          >
            <option value="true">Active</option>
            <option value="false">Inactive</option>
            <option value="">Active and inactive</option>
          </select>
        </span>
      </search>

      {pages.isError && (
        <p className="alert" role="alert">
          The products could not be loaded. {describeApiError(pages.error)}
        </p>
      )}
      {pages.isPending ? (
        <p className="catalog-loading">Loading products…</p>
      ) : (
        <DataTable
          caption="Products"
          testId="catalog-products"
          columns={columns}
          rows={rows}
          rowKey={(product) => product.id}
          onRowClick={(product) => navigate(`/catalog/${product.id}`)}
          empty={isSearch ? `No product matches “${filters.q.trim()}”.` : 'No products match these filters.'}
        />
      )}
      <div className="catalog-list-footer">
        <span className="catalog-count" aria-live="polite">
          {rows.length} {rows.length === 1 ? 'product' : 'products'} shown
          {pages.hasNextPage ? ', more available' : ''}
          {pages.isFetching && !pages.isFetchingNextPage ? ' · updating…' : ''}
        </span>
        {pages.hasNextPage && (
          <button
            type="button"
            className="button button-secondary"
            disabled={pages.isFetchingNextPage}
            onClick={() => void pages.fetchNextPage()}
          >
            {pages.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
    </section>
  );
}
