import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { formatMoney } from '../../../../../shared/format-money';
import { describeApiError } from '../../../api/field-errors';
import { type Column, DataTable } from '../../../ui/DataTable';
import { PageHeader } from '../../../ui/PageHeader';
import type { Customer } from '../api/list-customers';
import { useCustomerSearch } from '../hooks/use-customers-data';
import { useDebounced } from '../hooks/use-debounced';
import { CustomersTabs } from './CustomersTabs';
import { formatPhone, SPECIES_LABELS } from './format';

const COLUMNS: Column<Customer>[] = [
  {
    id: 'name',
    header: 'Name',
    cell: (customer) => <Link to={`/customers/${customer.id}`}>{customer.name}</Link>,
  },
  { id: 'phone', header: 'Phone', cell: (customer) => formatPhone(customer.phone) },
  { id: 'email', header: 'Email', cell: (customer) => customer.email ?? '' },
  {
    id: 'pets',
    header: 'Pets',
    cell: (customer) =>
      customer.pets.map((pet) => `${pet.name} (${SPECIES_LABELS[pet.species].toLowerCase()})`).join(', '),
  },
  {
    id: 'credit',
    header: 'Store credit',
    align: 'end',
    // Store credit is chain-wide and kept in the chain's one currency.
    cell: (customer) =>
      customer.storeCreditCents === 0 ? '' : formatMoney(customer.storeCreditCents, 'USD'),
  },
];

/** Find a customer by name, phone or email; the search forgives typos. Results come a page at a time. */
export function CustomersPage() {
  const [search, setSearch] = useState('');
  const q = useDebounced(search);
  const customers = useCustomerSearch(q);
  const navigate = useNavigate();
  const rows = customers.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="backoffice" aria-labelledby="customers-title">
      <CustomersTabs current="customers" />
      <PageHeader
        title="Customers"
        titleId="customers-title"
        subtitle="Search by name, phone or email; open a customer for their pets, purchases and rewards."
      />
      <div className="toolbar">
        <span className="inline-field customers-search">
          <label htmlFor="customers-search">Search</label>
          <input
            id="customers-search"
            type="search"
            value={search}
            placeholder="Name, phone or email"
            autoComplete="off"
            onChange={(event) => setSearch(event.target.value)}
          />
        </span>
        {customers.isFetching && !customers.isFetchingNextPage && (
          <span className="form-hint" role="status">
            Searching…
          </span>
        )}
      </div>
      {customers.isError && (
        <p className="alert" role="alert">
          The customers could not be loaded. {describeApiError(customers.error)}
        </p>
      )}
      {customers.isPending ? (
        <p>Loading…</p>
      ) : (
        <DataTable
          caption="Customers"
          testId="customers-table"
          columns={COLUMNS}
          rows={rows}
          rowKey={(customer) => customer.id}
          empty={q.trim() ? `No customer matches “${q.trim()}”.` : 'No customers yet.'}
          onRowClick={(customer) => navigate(`/customers/${customer.id}`)}
        />
      )}
      {customers.hasNextPage && (
        <div className="customers-more">
          <button
            type="button"
            className="button button-secondary"
            disabled={customers.isFetchingNextPage}
            onClick={() => void customers.fetchNextPage()}
          >
            {customers.isFetchingNextPage ? 'Loading…' : 'Show more customers'}
          </button>
        </div>
      )}
    </section>
  );
}
