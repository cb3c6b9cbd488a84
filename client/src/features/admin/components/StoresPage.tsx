import { Link, useLocation, useNavigate } from 'react-router';
import { describeApiError } from '../../../api/field-errors';
import { type Column, DataTable } from '../../../ui/DataTable';
import { PageHeader } from '../../../ui/PageHeader';
import type { Store } from '../api/list-stores';
import { useAllStores } from '../hooks/use-admin-data';
import { AdminTabs } from './AdminTabs';
import { noticeOf } from './notice';

const COLUMNS: Column<Store>[] = [
  {
    id: 'code',
    header: 'Code',
    cell: (store) => <Link to={`/admin/stores/${store.id}`}>{store.code}</Link>,
    sortValue: (store) => store.code,
  },
  { id: 'name', header: 'Name', cell: (store) => store.name, sortValue: (store) => store.name },
  {
    id: 'timezone',
    header: 'Time zone · currency',
    cell: (store) => `${store.timezone} · ${store.currency}`,
    sortValue: (store) => store.timezone,
  },
  {
    id: 'tax',
    header: 'Tax % (std/red./ex.)',
    cell: (store) => `${store.taxRates.standard} / ${store.taxRates.reduced} / ${store.taxRates.exempt}`,
  },
  {
    id: 'prices',
    header: 'Prices',
    cell: (store) => (store.pricesIncludeTax ? 'include tax' : 'plus tax'),
  },
  {
    id: 'negative',
    header: 'Stock below 0',
    cell: (store) => (store.allowNegativeStock ? 'allowed' : 'refused'),
  },
  {
    id: 'discount',
    header: 'Disc. limit',
    align: 'end',
    cell: (store) => `${store.cashierDiscountLimitPercent}%`,
    sortValue: (store) => store.cashierDiscountLimitPercent,
  },
  {
    id: 'status',
    header: 'Status',
    cell: (store) =>
      store.active ? (
        <span className="badge">Active</span>
      ) : (
        <span className="badge badge-warning">Closed</span>
      ),
    sortValue: (store) => (store.active ? 0 : 1),
  },
];

/** The chain's stores; a row opens its settings. */
export function StoresPage() {
  const stores = useAllStores();
  const navigate = useNavigate();
  const notice = noticeOf(useLocation().state);
  return (
    <section className="backoffice" aria-labelledby="admin-stores-title">
      <AdminTabs isAdmin />
      <PageHeader
        title="Stores"
        titleId="admin-stores-title"
        subtitle="Time zone, tax, receipts and till rules of each store. Click a store to change it."
        actions={
          <Link to="/admin/stores/new" className="button button-primary">
            New store
          </Link>
        }
      />
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {stores.isError && (
        <p className="alert" role="alert">
          The stores could not be loaded. {describeApiError(stores.error)}
        </p>
      )}
      {stores.isPending ? (
        <p>Loading…</p>
      ) : (
        <DataTable
          caption="Stores"
          testId="admin-stores-table"
          columns={COLUMNS}
          rows={stores.data ?? []}
          rowKey={(store) => store.id}
          initialSort={{ columnId: 'code', direction: 'asc' }}
          empty="No stores yet."
          onRowClick={(store) => navigate(`/admin/stores/${store.id}`)}
        />
      )}
    </section>
  );
}
