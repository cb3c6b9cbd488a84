import { Link } from 'react-router';
import { useVisibleStores } from '../../../api/stores';
import type { Dashboard } from '../api/get-dashboard';
import type { StoreSummary as DashboardStore } from '../../../api/stores';
import { clockTime, longDate, money, soldQuantity } from '../format';
import { useDashboard } from '../hooks/use-dashboard';
import { useStoreChoice } from '../hooks/use-store-choice';
import { CategoryChart } from './CategoryChart';
import { HourChart } from './HourChart';
import { KpiCard } from './KpiCard';
import { StorePicker } from './StorePicker';
import './dashboard.css';

type Props = { userId: string };

/** The manager's day at a glance: today so far against the same weekday last week, refreshed every minute. */
export function DashboardPage({ userId }: Props) {
  const stores = useVisibleStores();
  const visibleIds = stores.data?.map((store) => store.id);
  const { choice, setChoice, storeIds } = useStoreChoice(userId, visibleIds);
  const dashboard = useDashboard(storeIds);

  return (
    <section className="dashboard" aria-labelledby="dashboard-title">
      <header className="dashboard-header">
        <div>
          <h1 id="dashboard-title">Dashboard</h1>
          {dashboard.data && <DashboardSubtitle dashboard={dashboard.data} stores={stores.data ?? []} />}
        </div>
        {stores.data && <StorePicker stores={stores.data} choice={choice} onChange={setChoice} />}
      </header>

      {(stores.isError || dashboard.isError) && (
        <p className="alert" role="alert">
          {dashboard.data
            ? 'The figures could not be refreshed; showing the last ones. Trying again every minute.'
            : `The dashboard could not be loaded. ${(stores.error ?? dashboard.error)?.message ?? ''}`}
        </p>
      )}
      {!dashboard.data && !dashboard.isError && !stores.isError && (
        <p className="dashboard-loading">Loading…</p>
      )}
      {stores.data?.length === 0 && <p className="dashboard-empty">You are not assigned to any store.</p>}
      {dashboard.data && <DashboardBody dashboard={dashboard.data} />}
    </section>
  );
}

function DashboardSubtitle({ dashboard, stores }: { dashboard: Dashboard; stores: DashboardStore[] }) {
  const covered = stores.filter((store) => dashboard.stores.some((row) => row.id === store.id));
  const zones = new Set(covered.map((store) => store.timezone));
  // One time zone: the store's clock. Several: this device's clock, said so.
  const zone = zones.size === 1 ? covered[0]?.timezone : undefined;
  const first = dashboard.stores[0];
  const compareUntil = first?.compareUntil ?? null;
  const weekday = dashboard.date ? longDate(dashboard.date).split(',')[0] : 'weekday';
  return (
    <p className="dashboard-subtitle" data-testid="dashboard-subtitle">
      {dashboard.date ? longDate(dashboard.date) : 'Today'} · updated {clockTime(dashboard.asOf, zone)}
      {zone === undefined && zones.size > 1 ? ' (your time)' : ''} · compared with last {weekday}
      {compareUntil !== null && dashboard.stores.length === 1
        ? ` until ${clockTime(compareUntil, zone)}`
        : ' at the same time'}
      {dashboard.currency === null && ' · stores use different currencies: money is not converted'}
    </p>
  );
}

function DashboardBody({ dashboard }: { dashboard: Dashboard }) {
  const { today, lastWeek, currency } = dashboard;
  const m = (cents: number) => money(cents, currency);
  return (
    <>
      <div className="dashboard-kpis">
        <KpiCard
          id="net-sales"
          label="Net sales"
          value={m(today.netSalesCents)}
          today={today.netSalesCents}
          lastWeek={lastWeek.netSalesCents}
          lastWeekText={m(lastWeek.netSalesCents)}
        />
        <KpiCard
          id="transactions"
          label="Transactions"
          value={String(today.transactions)}
          today={today.transactions}
          lastWeek={lastWeek.transactions}
          lastWeekText={String(lastWeek.transactions)}
        />
        <KpiCard
          id="average-basket"
          label="Average basket"
          value={m(today.averageBasketCents)}
          today={today.averageBasketCents}
          lastWeek={lastWeek.averageBasketCents}
          lastWeekText={m(lastWeek.averageBasketCents)}
        />
        <KpiCard
          id="items-per-basket"
          label="Items per basket"
          value={today.itemsPerBasket.toFixed(2)}
          today={today.itemsPerBasket}
          lastWeek={lastWeek.itemsPerBasket}
          lastWeekText={lastWeek.itemsPerBasket.toFixed(2)}
        />
        <KpiCard
          id="gross-margin"
          label="Gross margin"
          value={m(today.grossMarginCents)}
          today={today.grossMarginCents}
          lastWeek={lastWeek.grossMarginCents}
          lastWeekText={m(lastWeek.grossMarginCents)}
        />
        <KpiCard
          id="returns"
          label={`Returns (${today.returns})`}
          value={m(today.returnsCents)}
          today={today.returnsCents}
          lastWeek={lastWeek.returnsCents}
          lastWeekText={`${m(lastWeek.returnsCents)} (${lastWeek.returns})`}
          higherIsWorse
        />
        <KpiCard
          id="voids"
          label="Voids"
          value={String(today.voids)}
          today={today.voids}
          lastWeek={lastWeek.voids}
          lastWeekText={String(lastWeek.voids)}
          higherIsWorse
        />
        <div className="dashboard-kpi" data-testid="kpi-low-stock">
          <span className="dashboard-kpi-label">Low stock</span>
          <span className="dashboard-kpi-value" data-testid="kpi-low-stock-value">
            {dashboard.lowStockCount}
          </span>
          <span className="dashboard-kpi-last">products at or below their reorder point</span>
          <Link className="dashboard-kpi-link" to={lowStockLink(dashboard)} data-testid="kpi-low-stock-link">
            See the list
          </Link>
        </div>
      </div>

      <div className="dashboard-charts">
        <section className="panel dashboard-card" aria-labelledby="dashboard-by-hour">
          <h2 id="dashboard-by-hour">Sales by hour</h2>
          <HourChart dashboard={dashboard} />
        </section>
        <section className="panel dashboard-card" aria-labelledby="dashboard-by-category">
          <h2 id="dashboard-by-category">Sales by category</h2>
          <CategoryChart dashboard={dashboard} />
        </section>
      </div>

      <div className="dashboard-tables">
        <section className="panel dashboard-card" aria-labelledby="dashboard-top-products">
          <h2 id="dashboard-top-products">Top products</h2>
          {dashboard.topProducts.length === 0 ? (
            <p className="dashboard-empty">No sales yet today.</p>
          ) : (
            <table className="dashboard-table">
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col" className="dashboard-number">
                    Qty
                  </th>
                  <th scope="col" className="dashboard-number">
                    Net sales
                  </th>
                </tr>
              </thead>
              <tbody>
                {dashboard.topProducts.map((row) => (
                  <tr key={row.productId}>
                    <td>
                      {row.name} <span className="dashboard-sku">{row.sku}</span>
                    </td>
                    <td className="dashboard-number">{soldQuantity(row.unit, row.quantity)}</td>
                    <td className="dashboard-number">{m(row.netSalesCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="panel dashboard-card" aria-labelledby="dashboard-by-cashier">
          <h2 id="dashboard-by-cashier">By cashier</h2>
          {dashboard.byCashier.length === 0 ? (
            <p className="dashboard-empty">No sales yet today.</p>
          ) : (
            <table className="dashboard-table">
              <thead>
                <tr>
                  <th scope="col">Cashier</th>
                  <th scope="col" className="dashboard-number">
                    Transactions
                  </th>
                  <th scope="col" className="dashboard-number">
                    Net sales
                  </th>
                </tr>
              </thead>
              <tbody>
                {dashboard.byCashier.map((row) => (
                  <tr key={row.cashierId}>
                    <td>{row.name}</td>
                    <td className="dashboard-number">{row.transactions}</td>
                    <td className="dashboard-number">{m(row.netSalesCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>

      {dashboard.byStore && (
        <section
          className="panel dashboard-card"
          aria-labelledby="dashboard-by-store"
          data-testid="store-comparison"
        >
          <h2 id="dashboard-by-store">Store comparison</h2>
          <div className="dashboard-table-scroll">
            <table className="dashboard-table">
              <thead>
                <tr>
                  <th scope="col">Store</th>
                  <th scope="col" className="dashboard-number">
                    Net sales
                  </th>
                  <th scope="col" className="dashboard-number">
                    Transactions
                  </th>
                  <th scope="col" className="dashboard-number">
                    Avg basket
                  </th>
                  <th scope="col" className="dashboard-number">
                    Gross margin
                  </th>
                  <th scope="col" className="dashboard-number">
                    Returns
                  </th>
                  <th scope="col" className="dashboard-number">
                    Voids
                  </th>
                </tr>
              </thead>
              <tbody>
                {dashboard.byStore.map((row) => (
                  <tr key={row.storeId}>
                    <td>{row.name}</td>
                    <td className="dashboard-number">
                      {m(row.today.netSalesCents)}
                      <span className="dashboard-last-week">last week {m(row.lastWeek.netSalesCents)}</span>
                    </td>
                    <td className="dashboard-number">{row.today.transactions}</td>
                    <td className="dashboard-number">{m(row.today.averageBasketCents)}</td>
                    <td className="dashboard-number">{m(row.today.grossMarginCents)}</td>
                    <td className="dashboard-number">{m(row.today.returnsCents)}</td>
                    <td className="dashboard-number">{row.today.voids}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

/** The stock list filtered to low stock; with one store covered, that store. */
function lowStockLink(dashboard: Dashboard): string {
  const query = new URLSearchParams({ lowStock: 'true' });
  const only = dashboard.stores.length === 1 ? dashboard.stores[0] : undefined;
  if (only !== undefined) {
    query.set('storeId', only.id);
  }
  return `/inventory?${query.toString()}`;
}
