import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { StoreSummary } from '../../../api/stores';
import { ApiError } from '../../../api/http';
import { describeApiError } from '../../../api/field-errors';
import {
  cancelStockCount,
  enterStockCountLines,
  getStockCount,
  type StockCount,
  type StockCountSubmission,
  submitStockCount,
} from '../api/stock-counts';
import { formatDelta, formatQuantity, formatStoreTime } from '../format';
import { inventoryKeys } from '../hooks/query-keys';
import { useCategoryOptions } from '../hooks/use-categories';
import { CountStatusBadge } from './CountStatusBadge';
import { ScanField, type ScanOutcome } from './ScanField';

type Props = { store: StoreSummary };
type Line = StockCount['lines'][number];
type Show = 'all' | 'counted' | 'uncounted' | 'variance';

/** One cycle count: scan or type what is on the shelf, see the variances, submit to correct the stock. */
export function CountPage({ store }: Props) {
  const { countId = '' } = useParams();
  const queryClient = useQueryClient();
  const key = inventoryKeys.count(store.id, countId);
  const [show, setShow] = useState<Show>('all');
  const [filter, setFilter] = useState('');
  const [result, setResult] = useState<StockCountSubmission | null>(null);
  const categories = useCategoryOptions();

  const count = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => getStockCount(store.id, countId, signal),
  });
  const enter = useMutation({
    mutationFn: (line: { productId: string; countedQuantity: number }) =>
      enterStockCountLines(store.id, countId, { lines: [{ ...line, mode: 'set' }] }),
    onSuccess: (updated) => queryClient.setQueryData(key, updated),
  });
  const finish = useMutation({
    mutationFn: async (action: 'submit' | 'cancel') => {
      if (action === 'submit') {
        const submission = await submitStockCount(store.id, countId);
        setResult(submission);
        return submission.count;
      }
      return cancelStockCount(store.id, countId);
    },
    onSuccess: async (updated) => {
      queryClient.setQueryData(key, updated);
      await queryClient.invalidateQueries({ queryKey: inventoryKeys.store(store.id) });
    },
  });

  async function scan(code: string): Promise<ScanOutcome> {
    try {
      const updated = await enterStockCountLines(store.id, countId, {
        lines: [{ barcode: code, countedQuantity: 1, mode: 'add' }],
      });
      queryClient.setQueryData(key, updated);
      const before = new Map(count.data?.lines.map((line) => [line.productId, line.countedQuantity ?? 0]));
      const changed = updated.lines.find(
        (line) => (line.countedQuantity ?? 0) !== before.get(line.productId),
      );
      return {
        tone: 'ok',
        message: changed ? `+1 ${changed.name} (counted ${changed.countedQuantity})` : `Counted ${code}.`,
      };
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
        const detail = error.details[0];
        if (detail?.path.endsWith('.barcode')) {
          return { tone: 'error', message: `Unknown barcode ${code}: no product has it.` };
        }
        return { tone: 'error', message: `${code} is not part of this count.` };
      }
      return { tone: 'error', message: describeApiError(error) };
    }
  }

  if (count.isError) {
    return (
      <p className="alert" role="alert">
        The count could not be loaded. {describeApiError(count.error)}
      </p>
    );
  }
  if (!count.data) {
    return <p className="inventory-muted">Loading…</p>;
  }
  const current = count.data;
  const scope =
    current.categoryId === null
      ? 'Whole store'
      : (categories.data?.find((option) => option.id === current.categoryId)?.label.trim() ?? 'One category');
  const isOpen = current.status === 'open';
  const text = filter.trim().toLowerCase();
  const visible = current.lines.filter((line) => {
    if (show === 'counted' && line.countedQuantity === null) {
      return false;
    }
    if (show === 'uncounted' && line.countedQuantity !== null) {
      return false;
    }
    if (show === 'variance' && (line.variance === null || line.variance === 0)) {
      return false;
    }
    return text === '' || line.name.toLowerCase().includes(text) || line.sku.toLowerCase().includes(text);
  });
  const varianceLines = current.lines.filter((line) => line.variance !== null && line.variance !== 0);

  return (
    <div className="inventory-page">
      <p className="inventory-back">
        <Link to="/inventory/counts">← Counts</Link>
      </p>
      <div className="inventory-product-head">
        <div>
          <h2>
            Count started {formatStoreTime(current.startedAt, store.timezone)}{' '}
            <CountStatusBadge status={current.status} />
          </h2>
          <p className="inventory-muted" data-testid="count-progress">
            {scope} · {current.countedLineCount} of {current.lineCount} products counted ·{' '}
            {varianceLines.length} with a variance
            {current.note && ` · ${current.note}`}
          </p>
        </div>
        {isOpen && (
          <div className="page-actions">
            <button
              type="button"
              className="button button-secondary"
              disabled={finish.isPending}
              onClick={() => {
                if (window.confirm('Abandon this count? Stock is not changed.')) {
                  finish.mutate('cancel');
                }
              }}
            >
              Cancel count
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={finish.isPending || current.countedLineCount === 0}
              onClick={() => {
                if (
                  window.confirm(
                    `Submit the count? ${varianceLines.length} product(s) will be corrected; uncounted ones are left alone.`,
                  )
                ) {
                  finish.mutate('submit');
                }
              }}
            >
              Submit count
            </button>
          </div>
        )}
      </div>
      {(finish.isError || enter.isError) && (
        <p className="alert" role="alert">
          {describeApiError(finish.error ?? enter.error)}
        </p>
      )}
      {result && (
        <div className="notice" role="status" data-testid="count-result">
          Count submitted: {result.corrections.length} correction(s)
          {result.corrections.length > 0 &&
            ` (${result.corrections.map((correction) => `${correction.sku} ${formatDelta(correction.delta)}`).join(', ')})`}
          ; {result.uncounted.length} product(s) not counted, left unchanged.
        </div>
      )}
      {isOpen && <ScanField id="count-scan" label="Scan to count (each scan adds 1)" onScan={scan} />}
      <div className="toolbar">
        <span className="inline-field">
          <label htmlFor="count-filter">Find</label>
          <input
            id="count-filter"
            type="search"
            placeholder="Name or SKU"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
          />
        </span>
        <span className="inline-field">
          <label htmlFor="count-show">Show</label>
          <select id="count-show" value={show} onChange={(event) => setShow(event.target.value as Show)}>
            <option value="all">All products</option>
            <option value="counted">Counted</option>
            <option value="uncounted">Not counted yet</option>
            <option value="variance">With a variance</option>
          </select>
        </span>
      </div>
      <div className="table-scroll inventory-count-table">
        <table className="data-table" data-testid="count-lines">
          <caption className="visually-hidden">Products in this count</caption>
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Product</th>
              <th scope="col" className="align-end">
                System
              </th>
              <th scope="col">Counted</th>
              <th scope="col" className="align-end">
                Variance
              </th>
              <th scope="col" className="align-end">
                On hand now
              </th>
            </tr>
          </thead>
          <tbody>
            {visible.length === 0 ? (
              <tr>
                <td colSpan={6} className="table-empty">
                  No products to show.
                </td>
              </tr>
            ) : (
              visible.map((line) => (
                <tr key={line.productId} data-product-id={line.productId}>
                  <td>{line.sku}</td>
                  <td className="inventory-wrap">{line.name}</td>
                  <td className="align-end">
                    {line.systemQuantityAtCount === null
                      ? '—'
                      : formatQuantity(line.systemQuantityAtCount, line.unit)}
                  </td>
                  <td>
                    {isOpen ? (
                      <CountInput
                        line={line}
                        onCommit={(quantity) =>
                          enter.mutate({ productId: line.productId, countedQuantity: quantity })
                        }
                      />
                    ) : line.countedQuantity === null ? (
                      '—'
                    ) : (
                      formatQuantity(line.countedQuantity, line.unit)
                    )}
                  </td>
                  <td className="align-end">
                    {line.variance === null ? (
                      '—'
                    ) : (
                      <span className={line.variance === 0 ? undefined : 'inventory-variance'}>
                        {formatDelta(line.variance, line.unit)}
                      </span>
                    )}
                  </td>
                  <td className="align-end">{formatQuantity(line.currentOnHand, line.unit)}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** A typed count is saved when the field is left or Enter is pressed; scans change it from outside. */
function CountInput({ line, onCommit }: { line: Line; onCommit: (quantity: number) => void }) {
  const saved = line.countedQuantity === null ? '' : String(line.countedQuantity);
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? saved;
  const isValid = /^\d+$/.test(value.trim());

  function commit() {
    if (draft !== null && draft.trim() !== saved && isValid) {
      onCommit(Number(draft.trim()));
    }
    if (draft === null || isValid || draft.trim() === '') {
      setDraft(null);
    }
  }

  return (
    <span className="inventory-count-cell">
      <input
        className="inventory-qty-input"
        inputMode="numeric"
        aria-label={`Counted: ${line.name}`}
        aria-invalid={value.trim() !== '' && !isValid ? true : undefined}
        placeholder="—"
        value={value}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          }
        }}
      />
      {value.trim() !== '' && !isValid && (
        <span className="form-error" role="alert">
          must be a whole number
        </span>
      )}
    </span>
  );
}
