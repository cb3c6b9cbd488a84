import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { formatMoney } from '../../../../../shared/format-money';
import type { StoreSummary } from '../../../api/stores';
import { describeApiError, fieldErrors } from '../../../api/field-errors';
import { getProduct, lookupProduct } from '../api/get-product';
import {
  cancelPurchaseOrder,
  getPurchaseOrder,
  orderPurchaseOrder,
  type PurchaseOrderReceipt,
  receivePurchaseOrder,
} from '../api/purchase-orders';
import { formatQuantity, formatStoreTime } from '../format';
import { inventoryKeys } from '../hooks/query-keys';
import { addScannedUnit, parseReceivedQuantities, type ReceivedQuantities } from '../receive-lines';
import { PurchaseOrderStatusBadge } from './PurchaseOrderStatusBadge';
import { ScanField, type ScanOutcome } from './ScanField';

type Props = { store: StoreSummary };
type Lot = { lotNumber: string; expiryDate: string };

/** A purchase order: its lines, and receiving a delivery against it (typed or scanned quantities). */
export function PurchaseOrderPage({ store }: Props) {
  const { purchaseOrderId = '' } = useParams();
  const queryClient = useQueryClient();
  const [quantities, setQuantities] = useState<ReceivedQuantities>({});
  const [lots, setLots] = useState<Record<string, Lot>>({});
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [receipt, setReceipt] = useState<PurchaseOrderReceipt | null>(null);

  const order = useQuery({
    queryKey: inventoryKeys.purchaseOrder(store.id, purchaseOrderId),
    queryFn: ({ signal }) => getPurchaseOrder(store.id, purchaseOrderId, signal),
  });
  const lines = order.data?.lines ?? [];
  // Lot-tracked products need a lot number and expiry date with each delivery.
  const products = useQueries({
    queries: lines.map((line) => ({
      queryKey: ['product', line.productId],
      queryFn: ({ signal }: { signal: AbortSignal }) => getProduct(line.productId, signal),
      staleTime: 300_000,
    })),
  });
  const isLotTracked = (productId: string) =>
    products.some((product) => product.data?.id === productId && product.data.isLotTracked);

  const refresh = () => queryClient.invalidateQueries({ queryKey: inventoryKeys.store(store.id) });
  const receive = useMutation({
    mutationFn: (request: Parameters<typeof receivePurchaseOrder>[2]) =>
      receivePurchaseOrder(store.id, purchaseOrderId, request),
    onSuccess: async (result) => {
      setReceipt(result);
      setQuantities({});
      setLots({});
      queryClient.setQueryData(inventoryKeys.purchaseOrder(store.id, purchaseOrderId), result.purchaseOrder);
      await refresh();
    },
  });
  const changeStatus = useMutation({
    mutationFn: (action: 'order' | 'cancel') =>
      action === 'order'
        ? orderPurchaseOrder(store.id, purchaseOrderId)
        : cancelPurchaseOrder(store.id, purchaseOrderId),
    onSuccess: async (updated) => {
      queryClient.setQueryData(inventoryKeys.purchaseOrder(store.id, purchaseOrderId), updated);
      await refresh();
    },
  });

  async function scan(code: string): Promise<ScanOutcome> {
    const product = await lookupProduct(store.id, code);
    if (!product) {
      return { tone: 'error', message: `Unknown barcode ${code}: no product has it.` };
    }
    if (!lines.some((line) => line.productId === product.id)) {
      return { tone: 'error', message: `${product.name} (${code}) is not on this order.` };
    }
    let now = 0;
    setQuantities((current) => {
      const next = addScannedUnit(current, product.id);
      now = Number(next[product.id]);
      return next;
    });
    setReceipt(null);
    return { tone: 'ok', message: `+1 ${product.name}${now > 0 ? ` (receiving ${now})` : ''}` };
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = parseReceivedQuantities(
      lines.map((line) => line.productId),
      quantities,
    );
    if (!parsed.ok) {
      setLocalErrors(parsed.errors);
      return;
    }
    if (parsed.lines.length === 0) {
      setLocalErrors({ form: 'Enter or scan what arrived first.' });
      return;
    }
    setLocalErrors({});
    receive.mutate({
      lines: parsed.lines.map((line) => {
        const lot = lots[line.productId];
        return isLotTracked(line.productId) && lot
          ? { ...line, lotNumber: lot.lotNumber.trim() || undefined, expiryDate: lot.expiryDate || undefined }
          : line;
      }),
    });
  }

  if (order.isError) {
    return (
      <p className="alert" role="alert">
        The purchase order could not be loaded. {describeApiError(order.error)}
      </p>
    );
  }
  if (!order.data) {
    return <p className="inventory-muted">Loading…</p>;
  }
  const po = order.data;
  const canReceive = po.status === 'ordered' || po.status === 'partially_received';
  const nothingReceived = po.lines.every((line) => line.quantityReceived === 0);
  const canCancel = (po.status === 'draft' || po.status === 'ordered') && nothingReceived;
  // The API names received lines by their index in the request; map them back to product ids.
  const sent = parseReceivedQuantities(
    lines.map((line) => line.productId),
    quantities,
  );
  const apiErrors = fieldErrors(receive.error);
  const errorOf = (productId: string, field: 'quantity' | 'lotNumber' | 'expiryDate') => {
    if (field === 'quantity' && localErrors[productId]) {
      return localErrors[productId];
    }
    const index = sent.ok ? sent.lines.findIndex((line) => line.productId === productId) : -1;
    return index < 0
      ? undefined
      : (apiErrors[`lines.${index}.${field}`] ??
          (field === 'quantity' ? apiErrors[`lines.${index}.productId`] : undefined));
  };

  return (
    <div className="inventory-page">
      <p className="inventory-back">
        <Link to="/inventory/purchase-orders">← Purchase orders</Link>
      </p>
      <div className="inventory-product-head">
        <div>
          <h2>
            {po.number} <PurchaseOrderStatusBadge status={po.status} />
          </h2>
          <p className="inventory-muted">
            {po.supplierName} · {formatMoney(po.totalCostCents, store.currency)}
            {po.expectedDate && ` · expected ${po.expectedDate}`}
            {po.orderedAt && ` · ordered ${formatStoreTime(po.orderedAt, store.timezone)}`}
            {po.note && ` · ${po.note}`}
          </p>
        </div>
        <div className="page-actions">
          {po.status === 'draft' && (
            <button
              type="button"
              className="button button-primary"
              disabled={changeStatus.isPending}
              onClick={() => changeStatus.mutate('order')}
            >
              Mark as ordered
            </button>
          )}
          {canCancel && (
            <button
              type="button"
              className="button button-secondary"
              disabled={changeStatus.isPending}
              onClick={() => {
                if (window.confirm(`Cancel ${po.number}?`)) {
                  changeStatus.mutate('cancel');
                }
              }}
            >
              Cancel order
            </button>
          )}
        </div>
      </div>
      {changeStatus.isError && (
        <p className="alert" role="alert">
          {describeApiError(changeStatus.error)}
        </p>
      )}
      {receipt && (
        <div className="notice" role="status" data-testid="po-receipt">
          Received:{' '}
          {receipt.lines
            .map((line) => {
              const name =
                po.lines.find((candidate) => candidate.productId === line.productId)?.name ?? 'product';
              return `${line.quantity} × ${name} (on hand now ${formatQuantity(line.onHand)})`;
            })
            .join('; ')}
          .
        </div>
      )}
      {canReceive && <ScanField id="po-scan" label="Scan what arrived" onScan={scan} />}
      <form onSubmit={submit} noValidate>
        <div className="table-scroll">
          <table className="data-table" data-testid="po-lines">
            <caption className="visually-hidden">Lines of {po.number}</caption>
            <thead>
              <tr>
                <th scope="col">SKU</th>
                <th scope="col">Product</th>
                <th scope="col" className="align-end">
                  Ordered
                </th>
                <th scope="col" className="align-end">
                  Received so far
                </th>
                <th scope="col" className="align-end">
                  Still due
                </th>
                {canReceive && <th scope="col">Receiving now</th>}
              </tr>
            </thead>
            <tbody>
              {po.lines.map((line) => {
                const due = Math.max(0, line.quantityOrdered - line.quantityReceived);
                const quantityError = errorOf(line.productId, 'quantity');
                const lotTracked = isLotTracked(line.productId);
                const lot = lots[line.productId] ?? { lotNumber: '', expiryDate: '' };
                return (
                  <tr key={line.id} data-product-id={line.productId}>
                    <td>{line.sku}</td>
                    <td className="inventory-wrap">{line.name}</td>
                    <td className="align-end">{line.quantityOrdered}</td>
                    <td className="align-end">
                      {line.quantityReceived}
                      {line.overReceived > 0 && (
                        <span className="badge badge-warning">+{line.overReceived} over</span>
                      )}
                    </td>
                    <td className="align-end">{due}</td>
                    {canReceive && (
                      <td>
                        <div className="inventory-receive-cell">
                          <input
                            className="inventory-qty-input"
                            inputMode="numeric"
                            aria-label={`Receiving now: ${line.name}`}
                            aria-invalid={quantityError ? true : undefined}
                            placeholder="0"
                            value={quantities[line.productId] ?? ''}
                            onChange={(event) =>
                              setQuantities((current) => ({
                                ...current,
                                [line.productId]: event.target.value,
                              }))
                            }
                          />
                          {lotTracked && (
                            <>
                              <input
                                className="inventory-lot-input"
                                aria-label={`Lot number: ${line.name}`}
                                placeholder="Lot number"
                                value={lot.lotNumber}
                                aria-invalid={errorOf(line.productId, 'lotNumber') ? true : undefined}
                                onChange={(event) =>
                                  setLots((current) => ({
                                    ...current,
                                    [line.productId]: { ...lot, lotNumber: event.target.value },
                                  }))
                                }
                              />
                              <input
                                type="date"
                                aria-label={`Expiry date: ${line.name}`}
                                value={lot.expiryDate}
                                aria-invalid={errorOf(line.productId, 'expiryDate') ? true : undefined}
                                onChange={(event) =>
                                  setLots((current) => ({
                                    ...current,
                                    [line.productId]: { ...lot, expiryDate: event.target.value },
                                  }))
                                }
                              />
                            </>
                          )}
                        </div>
                        {[
                          quantityError,
                          errorOf(line.productId, 'lotNumber'),
                          errorOf(line.productId, 'expiryDate'),
                        ]
                          .filter(Boolean)
                          .map((message) => (
                            <span key={message} className="form-error" role="alert">
                              {message}
                            </span>
                          ))}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {localErrors.form && (
          <p className="alert" role="alert">
            {localErrors.form}
          </p>
        )}
        {receive.isError && Object.keys(apiErrors).length === 0 && (
          <p className="alert" role="alert">
            {describeApiError(receive.error)}
          </p>
        )}
        {canReceive && (
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={receive.isPending}>
              {receive.isPending ? 'Receiving…' : 'Receive delivery'}
            </button>
          </div>
        )}
      </form>
    </div>
  );
}
