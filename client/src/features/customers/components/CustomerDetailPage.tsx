import { Link, useParams } from 'react-router';
import { formatMoney } from '../../../../../shared/format-money';
import { describeApiError } from '../../../api/field-errors';
import { useVisibleStores } from '../../../api/stores';
import { type Column, DataTable } from '../../../ui/DataTable';
import { PageHeader } from '../../../ui/PageHeader';
import type { CustomerDetail } from '../api/list-customers';
import type { Sale } from '../api/list-customer-sales';
import { useCustomer, useCustomerSales } from '../hooks/use-customers-data';
import { CustomersTabs } from './CustomersTabs';
import { ageOf, formatBusinessDate, formatPhone, SPECIES_LABELS } from './format';
import { ProgressMeter } from './ProgressMeter';

type Pet = CustomerDetail['pets'][number];
type Progress = CustomerDetail['loyalty'][number];

const PET_COLUMNS: Column<Pet>[] = [
  { id: 'name', header: 'Name', cell: (pet) => pet.name, sortValue: (pet) => pet.name },
  { id: 'species', header: 'Species', cell: (pet) => SPECIES_LABELS[pet.species] },
  { id: 'breed', header: 'Breed', cell: (pet) => pet.breed ?? '' },
  {
    id: 'born',
    header: 'Born',
    cell: (pet) => (pet.birthDate ? formatBusinessDate(pet.birthDate) : ''),
    sortValue: (pet) => pet.birthDate,
  },
  { id: 'age', header: 'Age', cell: (pet) => ageOf(pet.birthDate) },
];

const PROGRESS_COLUMNS: Column<Progress>[] = [
  {
    id: 'program',
    header: 'Program',
    cell: (entry) => <Link to={`/customers/programs/${entry.programId}`}>{entry.programName}</Link>,
  },
  {
    id: 'progress',
    header: 'Toward the next reward',
    cell: (entry) => (
      <ProgressMeter
        units={entry.unitsTowardNext}
        of={entry.buyQuantity}
        label={`${entry.programName}: units toward the next reward`}
      />
    ),
  },
  { id: 'available', header: 'Rewards to use', align: 'end', cell: (entry) => entry.rewardsAvailable },
  { id: 'redeemed', header: 'Rewards used', align: 'end', cell: (entry) => entry.rewardsRedeemed },
  {
    id: 'window',
    header: 'Units count for',
    cell: (entry) => (entry.windowMonths === null ? 'ever' : `${entry.windowMonths} months`),
  },
];

/** What the customer bought, in one line: "2 × Salmon kibble, 1 × Chew toy, +3 more". */
function itemsOf(sale: Sale): string {
  const shown = sale.lines
    .slice(0, 2)
    .map((line) =>
      line.unit === 'weight' ? `${line.quantity} g ${line.name}` : `${line.quantity} × ${line.name}`,
    );
  const more = sale.lines.length - shown.length;
  return more > 0 ? `${shown.join(', ')}, +${more} more` : shown.join(', ');
}

/** One customer: contact, pets, frequent-buyer progress and purchases. */
export function CustomerDetailPage() {
  const { customerId } = useParams();
  const customer = useCustomer(customerId!);
  if (customer.isError) {
    return (
      <section className="backoffice" aria-labelledby="customer-title">
        <CustomersTabs current="customers" />
        <PageHeader title="Customer" titleId="customer-title" />
        <p className="alert" role="alert">
          The customer could not be loaded. {describeApiError(customer.error)}
        </p>
      </section>
    );
  }
  if (!customer.data) {
    return <p>Loading…</p>;
  }
  return <CustomerDetailView customer={customer.data} />;
}

function CustomerDetailView({ customer }: { customer: CustomerDetail }) {
  const stores = useVisibleStores();
  const sales = useCustomerSales(customer.id);
  const storeById = new Map((stores.data ?? []).map((store) => [store.id, store]));
  const saleRows = sales.data?.pages.flatMap((page) => page.items) ?? [];
  const money = (sale: Sale, cents: number) =>
    formatMoney(cents, storeById.get(sale.storeId)?.currency ?? 'USD');
  const saleColumns: Column<Sale>[] = [
    {
      id: 'date',
      header: 'Date',
      cell: (sale) => formatBusinessDate(sale.businessDate),
      sortValue: (sale) => sale.createdAt,
    },
    { id: 'receipt', header: 'Receipt', cell: (sale) => sale.receiptNumber },
    { id: 'store', header: 'Store', cell: (sale) => storeById.get(sale.storeId)?.code ?? '' },
    {
      id: 'items',
      header: 'Items',
      cell: (sale) => (
        <span className="customers-items" title={sale.lines.map((line) => line.name).join('\n')}>
          {itemsOf(sale)}
        </span>
      ),
    },
    {
      id: 'total',
      header: 'Total',
      align: 'end',
      cell: (sale) => money(sale, sale.totalCents + sale.roundingCents),
      sortValue: (sale) => sale.totalCents,
    },
    {
      id: 'status',
      header: 'Status',
      cell: (sale) =>
        sale.status === 'voided' ? (
          <span className="badge badge-warning">Voided</span>
        ) : sale.lines.some((line) => line.returnedQuantity > 0) ? (
          <span className="badge">Part returned</span>
        ) : (
          ''
        ),
    },
  ];

  return (
    <section className="backoffice" aria-labelledby="customer-title">
      <CustomersTabs current="customers" />
      <PageHeader
        title={customer.name}
        titleId="customer-title"
        subtitle={`Customer since ${new Date(customer.createdAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}`}
        actions={
          <Link to="/customers" className="button button-secondary">
            Back to customers
          </Link>
        }
      />
      <div className="customers-detail-grid">
        <section className="customers-card" aria-labelledby="customer-contact">
          <h2 id="customer-contact">Contact</h2>
          <dl className="customers-facts">
            <dt>Phone</dt>
            <dd>{formatPhone(customer.phone) || '—'}</dd>
            <dt>Email</dt>
            <dd>{customer.email ?? '—'}</dd>
            <dt>Marketing</dt>
            <dd>{customer.marketingConsent ? 'agreed' : 'not agreed'}</dd>
            <dt>Store credit</dt>
            <dd>{formatMoney(customer.storeCreditCents, 'USD')}</dd>
            {customer.notes !== '' && (
              <>
                <dt>Notes</dt>
                <dd>{customer.notes}</dd>
              </>
            )}
          </dl>
        </section>
        <section className="customers-card" aria-labelledby="customer-pets">
          <h2 id="customer-pets">Pets</h2>
          <DataTable
            caption="Pets"
            testId="customer-pets"
            columns={PET_COLUMNS}
            rows={customer.pets}
            rowKey={(pet) => pet.id}
            empty="No pets on file."
          />
        </section>
      </div>
      <section className="customers-card" aria-labelledby="customer-loyalty">
        <h2 id="customer-loyalty">Frequent-buyer progress</h2>
        <DataTable
          caption="Frequent-buyer progress"
          testId="customer-loyalty"
          columns={PROGRESS_COLUMNS}
          rows={customer.loyalty}
          rowKey={(entry) => entry.programId}
          empty="Not collecting in any program yet."
        />
      </section>
      <section className="customers-card" aria-labelledby="customer-purchases">
        <h2 id="customer-purchases">Purchase history</h2>
        {sales.isError && (
          <p className="alert" role="alert">
            The purchases could not be loaded. {describeApiError(sales.error)}
          </p>
        )}
        {sales.isPending ? (
          <p>Loading…</p>
        ) : (
          <DataTable
            caption="Purchase history"
            testId="customer-purchases"
            columns={saleColumns}
            rows={saleRows}
            rowKey={(sale) => sale.id}
            empty="No purchases in your stores."
          />
        )}
        {sales.hasNextPage && (
          <div className="customers-more">
            <button
              type="button"
              className="button button-secondary"
              disabled={sales.isFetchingNextPage}
              onClick={() => void sales.fetchNextPage()}
            >
              {sales.isFetchingNextPage ? 'Loading…' : 'Show older purchases'}
            </button>
          </div>
        )}
      </section>
    </section>
  );
}
