import { Link, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useVisibleStores } from '../../../api/stores';
import { describeApiError } from '../../../api/field-errors';
import { PageHeader } from '../../../ui/PageHeader';
import { StoreSelect } from '../../../ui/StoreSelect';
import { useSignedInUser } from '../../auth/hooks/use-auth';
import { useInventoryStore } from '../hooks/use-inventory-store';
import { CountPage } from './CountPage';
import { CountsPage } from './CountsPage';
import { NewTransferPage } from './NewTransferPage';
import { ProductStockPage } from './ProductStockPage';
import { PurchaseOrderPage } from './PurchaseOrderPage';
import { PurchaseOrdersPage } from './PurchaseOrdersPage';
import { StockListPage } from './StockListPage';
import { TransfersPage } from './TransfersPage';
import './inventory.css';

const TABS = [
  { section: '', label: 'Stock' },
  { section: 'purchase-orders', label: 'Purchase orders' },
  { section: 'transfers', label: 'Transfers' },
  { section: 'counts', label: 'Counts' },
] as const;

/** The first path segment below /inventory; a product's page belongs to the Stock tab. */
function sectionOf(pathname: string): string {
  const segment = pathname.replace(/^\/inventory\/?/, '').split('/')[0] ?? '';
  return segment === 'products' ? '' : segment;
}

/** Inventory of one store at a time: stock, receiving against purchase orders, transfers and cycle counts. */
export function InventoryArea() {
  const user = useSignedInUser();
  const stores = useVisibleStores();
  const { store, setStoreId } = useInventoryStore(user.id, stores.data);
  const location = useLocation();
  const navigate = useNavigate();
  const section = sectionOf(location.pathname);

  function changeStore(storeId: string) {
    setStoreId(storeId);
    // A product, order or count page is about the old store: go back to its tab's list.
    const isDetail = location.pathname.replace(/^\/inventory\/?/, '').includes('/');
    if (isDetail) {
      navigate(section === '' ? '/inventory' : `/inventory/${section}`);
    }
  }

  return (
    <section className="backoffice inventory" aria-labelledby="inventory-title">
      <PageHeader
        title="Inventory"
        titleId="inventory-title"
        actions={
          stores.data && store ? (
            <StoreSelect stores={stores.data} value={store.id} onChange={changeStore} id="inventory-store" />
          ) : null
        }
      />
      <nav className="tabs" aria-label="Inventory sections">
        {TABS.map((tab) => (
          <Link
            key={tab.section}
            to={tab.section === '' ? '/inventory' : `/inventory/${tab.section}`}
            className="tab"
            aria-current={section === tab.section ? 'page' : undefined}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      {stores.isError ? (
        <p className="alert" role="alert">
          The stores could not be loaded. {describeApiError(stores.error)}
        </p>
      ) : stores.isPending ? (
        <p className="inventory-muted">Loading…</p>
      ) : !store ? (
        <p className="notice">You are not assigned to any store.</p>
      ) : (
        <Routes>
          <Route index element={<StockListPage store={store} />} />
          <Route path="products/:productId" element={<ProductStockPage store={store} />} />
          <Route path="purchase-orders" element={<PurchaseOrdersPage store={store} />} />
          <Route path="purchase-orders/:purchaseOrderId" element={<PurchaseOrderPage store={store} />} />
          <Route path="transfers" element={<TransfersPage store={store} stores={stores.data} />} />
          <Route path="transfers/new" element={<NewTransferPage store={store} stores={stores.data} />} />
          <Route path="counts" element={<CountsPage store={store} />} />
          <Route path="counts/:countId" element={<CountPage store={store} />} />
          <Route path="*" element={<p className="notice">There is no such inventory page.</p>} />
        </Routes>
      )}
    </section>
  );
}
