import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { StoreSummary } from '../../../api/stores';
import { describeApiError, fieldErrors } from '../../../api/field-errors';
import { type Column, DataTable } from '../../../ui/DataTable';
import { FormField } from '../../../ui/FormField';
import { listStockCounts, type StockCountSummary, startStockCount } from '../api/stock-counts';
import { formatStoreTime } from '../format';
import { useCategoryOptions } from '../hooks/use-categories';
import { inventoryKeys } from '../hooks/query-keys';
import { CountStatusBadge } from './CountStatusBadge';

type Props = { store: StoreSummary };

/** The store's cycle counts, and starting one for a category (with its sub-categories) or the whole store. */
export function CountsPage({ store }: Props) {
  const [categoryId, setCategoryId] = useState('');
  const [note, setNote] = useState('');
  const categories = useCategoryOptions();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const counts = useQuery({
    queryKey: inventoryKeys.counts(store.id),
    queryFn: ({ signal }) => listStockCounts(store.id, signal),
  });
  const start = useMutation({
    mutationFn: () =>
      startStockCount(store.id, {
        categoryId: categoryId === '' ? null : categoryId,
        note: note.trim() === '' ? undefined : note.trim(),
      }),
    onSuccess: async (count) => {
      await queryClient.invalidateQueries({ queryKey: inventoryKeys.counts(store.id) });
      navigate(`/inventory/counts/${count.id}`);
    },
  });
  const errors = fieldErrors(start.error);
  const categoryName = (id: string | null) =>
    id === null
      ? 'Whole store'
      : (categories.data?.find((option) => option.id === id)?.label.trim() ?? 'A category');

  const columns: Column<StockCountSummary>[] = [
    {
      id: 'started',
      header: 'Started',
      cell: (count) => (
        <Link to={`/inventory/counts/${count.id}`} onClick={(event) => event.stopPropagation()}>
          {formatStoreTime(count.startedAt, store.timezone)}
        </Link>
      ),
      sortValue: (count) => count.startedAt,
    },
    { id: 'scope', header: 'Counting', cell: (count) => categoryName(count.categoryId) },
    { id: 'status', header: 'Status', cell: (count) => <CountStatusBadge status={count.status} /> },
    {
      id: 'progress',
      header: 'Counted',
      align: 'end',
      cell: (count) => `${count.countedLineCount} of ${count.lineCount}`,
    },
    {
      id: 'note',
      header: 'Note',
      cell: (count) => <span className="inventory-note">{count.note ?? ''}</span>,
    },
  ];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    start.mutate();
  }

  return (
    <div className="inventory-page">
      <form className="inventory-start-count" onSubmit={submit} noValidate>
        <h2 className="inventory-section-title">Start a cycle count</h2>
        <div className="inventory-start-fields">
          <FormField label="What to count" error={errors.categoryId}>
            <select value={categoryId} onChange={(event) => setCategoryId(event.target.value)}>
              <option value="">Whole store</option>
              {categories.data?.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </select>
          </FormField>
          <FormField label="Note (optional)" error={errors.note}>
            <input value={note} onChange={(event) => setNote(event.target.value)} />
          </FormField>
          <button type="submit" className="button button-primary" disabled={start.isPending}>
            {start.isPending ? 'Starting…' : 'Start count'}
          </button>
        </div>
        {start.isError && Object.keys(errors).length === 0 && (
          <p className="alert" role="alert">
            {describeApiError(start.error)}
          </p>
        )}
      </form>
      <h2 className="inventory-section-title">Counts</h2>
      {counts.isError && (
        <p className="alert" role="alert">
          {describeApiError(counts.error)}
        </p>
      )}
      <DataTable
        caption={`Stock counts of ${store.name}`}
        columns={columns}
        rows={counts.data?.items ?? []}
        rowKey={(count) => count.id}
        testId="count-table"
        onRowClick={(count) => navigate(`/inventory/counts/${count.id}`)}
        empty={counts.isPending ? 'Loading…' : 'No counts yet.'}
      />
    </div>
  );
}
