import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { StoreSummary } from '../../../api/stores';
import { describeApiError, fieldErrors } from '../../../api/field-errors';
import { FormField } from '../../../ui/FormField';
import { type InventoryItem, listInventory } from '../api/list-inventory';
import { createTransfer } from '../api/transfers';
import { formatQuantity } from '../format';
import { inventoryKeys } from '../hooks/query-keys';

type Props = { store: StoreSummary; stores: readonly StoreSummary[] };
type Line = { item: InventoryItem; quantity: string };

/** Sends stock from the chosen store to another: pick the destination, the products and how many. */
export function NewTransferPage({ store, stores }: Props) {
  const destinations = stores.filter((candidate) => candidate.id !== store.id);
  const [toStoreId, setToStoreId] = useState(destinations[0]?.id ?? '');
  const [search, setSearch] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [note, setNote] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const results = useQuery({
    queryKey: inventoryKeys.list(store.id, { q: search.trim(), picker: true }),
    queryFn: ({ signal }) =>
      listInventory(store.id, { q: search.trim(), categoryId: '', lowStock: false }, null, signal, 8),
    enabled: search.trim().length >= 2,
  });
  const mutation = useMutation({
    mutationFn: createTransfer,
    onSuccess: async (transfer) => {
      await queryClient.invalidateQueries({ queryKey: inventoryKeys.allTransfers });
      const units = transfer.lines.reduce((sum, line) => sum + line.quantity, 0);
      const to =
        destinations.find((candidate) => candidate.id === transfer.toStoreId)?.name ?? 'the other store';
      navigate('/inventory/transfers', {
        state: { done: `Sent ${units} units to ${to}; they are in transit.` },
      });
    },
  });
  const errors = { ...fieldErrors(mutation.error), ...localErrors };

  function add(item: InventoryItem) {
    setLines((current) =>
      current.some((line) => line.item.productId === item.productId)
        ? current
        : [...current, { item, quantity: '1' }],
    );
    setSearch('');
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (toStoreId === '') {
      problems.toStoreId = 'Choose where the stock goes';
    }
    if (lines.length === 0) {
      problems.lines = 'Add at least one product';
    }
    lines.forEach((line, index) => {
      if (!/^\d+$/.test(line.quantity.trim()) || Number(line.quantity) < 1) {
        problems[`lines.${index}.quantity`] = 'must be a whole number above 0';
      }
    });
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) {
      return;
    }
    mutation.mutate({
      fromStoreId: store.id,
      toStoreId,
      lines: lines.map((line) => ({ productId: line.item.productId, quantity: Number(line.quantity) })),
      note: note.trim() === '' ? null : note.trim(),
    });
  }

  if (destinations.length === 0) {
    return (
      <div className="inventory-page">
        <p className="inventory-back">
          <Link to="/inventory/transfers">← Transfers</Link>
        </p>
        <p className="notice">
          You can only send stock to a store you are assigned to, and {store.name} is your only one. Ask an
          admin to send it, or to assign you to the other store.
        </p>
      </div>
    );
  }

  return (
    <div className="inventory-page">
      <p className="inventory-back">
        <Link to="/inventory/transfers">← Transfers</Link>
      </p>
      <h2 className="inventory-section-title">New transfer from {store.name}</h2>
      <form onSubmit={submit} noValidate className="inventory-transfer-form">
        <div className="inventory-transfer-fields">
          <FormField label="To store" error={errors.toStoreId}>
            <select value={toStoreId} onChange={(event) => setToStoreId(event.target.value)}>
              {destinations.map((destination) => (
                <option key={destination.id} value={destination.id}>
                  {destination.name} ({destination.code})
                </option>
              ))}
            </select>
          </FormField>
          <FormField label="Note (optional)" error={errors.note}>
            <input value={note} onChange={(event) => setNote(event.target.value)} />
          </FormField>
        </div>
        <div className="inventory-picker">
          <FormField label="Add a product" hint="Type 2 or more letters of a name, SKU or barcode">
            <input
              type="search"
              autoComplete="off"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
            />
          </FormField>
          {search.trim().length >= 2 && (
            <ul className="inventory-picker-results" aria-label="Matching products">
              {results.data?.items.length === 0 && <li className="inventory-muted">No products match.</li>}
              {results.data?.items.map((item) => (
                <li key={item.productId}>
                  <button type="button" className="inventory-picker-option" onClick={() => add(item)}>
                    <span>
                      {item.name} <span className="inventory-muted">{item.sku}</span>
                    </span>
                    <span className="inventory-muted">{formatQuantity(item.onHand, item.unit)} on hand</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="table-scroll">
          <table className="data-table" data-testid="transfer-lines">
            <caption className="visually-hidden">Products to send</caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col" className="align-end">
                  On hand here
                </th>
                <th scope="col">Quantity to send</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {lines.length === 0 ? (
                <tr>
                  <td colSpan={4} className="table-empty">
                    No products yet: search above and pick them.
                  </td>
                </tr>
              ) : (
                lines.map((line, index) => {
                  const error = errors[`lines.${index}.quantity`] ?? errors[`lines.${index}.productId`];
                  return (
                    <tr key={line.item.productId}>
                      <td className="inventory-wrap">
                        {line.item.name} <span className="inventory-muted">{line.item.sku}</span>
                      </td>
                      <td className="align-end">{formatQuantity(line.item.onHand, line.item.unit)}</td>
                      <td>
                        <input
                          className="inventory-qty-input"
                          inputMode="numeric"
                          aria-label={`Quantity to send: ${line.item.name}`}
                          aria-invalid={error ? true : undefined}
                          value={line.quantity}
                          onChange={(event) =>
                            setLines((current) =>
                              current.map((candidate) =>
                                candidate === line
                                  ? { ...candidate, quantity: event.target.value }
                                  : candidate,
                              ),
                            )
                          }
                        />
                        {error && (
                          <span className="form-error" role="alert">
                            {error}
                          </span>
                        )}
                      </td>
                      <td className="align-end">
                        <button
                          type="button"
                          className="button button-secondary inventory-row-button"
                          aria-label={`Remove ${line.item.name}`}
                          onClick={() =>
                            setLines((current) => current.filter((candidate) => candidate !== line))
                          }
                        >
                          Remove
                        </button>
                      </td>
                    </tr>
                  );
                })
              )}
            </tbody>
          </table>
        </div>
        {errors.lines && (
          <p className="form-error" role="alert">
            {errors.lines}
          </p>
        )}
        {mutation.isError && Object.keys(fieldErrors(mutation.error)).length === 0 && (
          <p className="alert" role="alert">
            {describeApiError(mutation.error)}
          </p>
        )}
        <div className="form-actions">
          <Link to="/inventory/transfers" className="button button-secondary">
            Cancel
          </Link>
          <button type="submit" className="button button-primary" disabled={mutation.isPending}>
            {mutation.isPending ? 'Sending…' : 'Send transfer'}
          </button>
        </div>
      </form>
    </div>
  );
}
