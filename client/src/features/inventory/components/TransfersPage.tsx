import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation } from 'react-router';
import type { StoreSummary } from '../../../api/stores';
import { describeApiError } from '../../../api/field-errors';
import { type Column, DataTable } from '../../../ui/DataTable';
import { useSignedInUser } from '../../auth/hooks/use-auth';
import { cancelTransfer, listTransfers, type Transfer } from '../api/transfers';
import { formatStoreTime } from '../format';
import { inventoryKeys } from '../hooks/query-keys';
import { ReceiveTransferDialog } from './ReceiveTransferDialog';

type Props = { store: StoreSummary; stores: readonly StoreSummary[] };

const STATUS: Record<Transfer['status'], { text: string; className: string }> = {
  in_transit: { text: 'In transit', className: 'badge badge-warning' },
  received: { text: 'Received', className: 'badge' },
  cancelled: { text: 'Cancelled', className: 'badge badge-muted' },
};

/** Transfers out of and into the store; incoming ones are received here, outgoing ones can be called back. */
export function TransfersPage({ store, stores }: Props) {
  const user = useSignedInUser();
  const queryClient = useQueryClient();
  const [receiving, setReceiving] = useState<Transfer | null>(null);
  const location = useLocation();
  // The new-transfer page comes back here with what it sent.
  const [done, setDone] = useState<string | null>(() => {
    const state: unknown = location.state;
    return typeof state === 'object' && state !== null && 'done' in state && typeof state.done === 'string'
      ? state.done
      : null;
  });

  const transfers = useInfiniteQuery({
    queryKey: inventoryKeys.transfers(store.id),
    queryFn: ({ pageParam, signal }) => listTransfers(store.id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const cancel = useMutation({
    mutationFn: (transfer: Transfer) => cancelTransfer(transfer.id),
    onSuccess: async () => {
      setDone('The transfer was cancelled; its stock is back in this store.');
      await queryClient.invalidateQueries({ queryKey: inventoryKeys.allTransfers });
    },
  });

  // A manager sees only their own stores; the other end of a transfer may be one they cannot name.
  const nameOf = (storeId: string) => {
    const found = stores.find((candidate) => candidate.id === storeId);
    return found ? `${found.name} (${found.code})` : 'another store';
  };
  const rows = transfers.data?.pages.flatMap((page) => page.items) ?? [];

  const columns: Column<Transfer>[] = [
    {
      id: 'created',
      header: 'Sent',
      cell: (transfer) => formatStoreTime(transfer.createdAt, store.timezone),
      sortValue: (transfer) => transfer.createdAt,
    },
    {
      id: 'direction',
      header: 'Direction',
      cell: (transfer) =>
        transfer.fromStoreId === store.id ? (
          <span>
            <span className="badge badge-muted">Out</span> to {nameOf(transfer.toStoreId)}
          </span>
        ) : (
          <span>
            <span className="badge">In</span> from {nameOf(transfer.fromStoreId)}
          </span>
        ),
    },
    {
      id: 'lines',
      header: 'Products',
      cell: (transfer) => (
        <span className="inventory-wrap">
          {transfer.lines.map((line) => `${line.quantity} × ${line.name}`).join(', ')}
        </span>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      cell: (transfer) => (
        <span>
          <span className={STATUS[transfer.status].className}>{STATUS[transfer.status].text}</span>
          {transfer.discrepancies.length > 0 && (
            <span className="badge badge-danger" title="What arrived differs from what was sent">
              {transfer.discrepancies.length} short/over
            </span>
          )}
        </span>
      ),
    },
    {
      id: 'actions',
      header: '',
      align: 'end',
      cell: (transfer) => {
        if (transfer.status !== 'in_transit') {
          return transfer.receivedAt
            ? `Received ${formatStoreTime(transfer.receivedAt, store.timezone)}`
            : null;
        }
        const isIncoming = transfer.toStoreId === store.id;
        const mayAct = (storeId: string) => user.role === 'admin' || user.storeIds.includes(storeId);
        if (isIncoming && mayAct(transfer.toStoreId)) {
          return (
            <button
              type="button"
              className="button button-primary inventory-row-button"
              onClick={() => {
                setDone(null);
                setReceiving(transfer);
              }}
            >
              Receive
            </button>
          );
        }
        if (!isIncoming && mayAct(transfer.fromStoreId)) {
          return (
            <button
              type="button"
              className="button button-secondary inventory-row-button"
              disabled={cancel.isPending}
              onClick={() => {
                if (window.confirm('Cancel this transfer? Its stock comes back to this store.')) {
                  cancel.mutate(transfer);
                }
              }}
            >
              Cancel
            </button>
          );
        }
        return null;
      },
    },
  ];

  return (
    <div className="inventory-page">
      <div className="toolbar inventory-toolbar-split">
        <h2 className="inventory-section-title">Transfers of {store.name}</h2>
        <Link to="/inventory/transfers/new" className="button button-primary">
          New transfer out
        </Link>
      </div>
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {(transfers.isError || cancel.isError) && (
        <p className="alert" role="alert">
          {describeApiError(transfers.error ?? cancel.error)}
        </p>
      )}
      <DataTable
        caption={`Transfers from and to ${store.name}`}
        columns={columns}
        rows={rows}
        rowKey={(transfer) => transfer.id}
        testId="transfer-table"
        empty={transfers.isPending ? 'Loading…' : 'No transfers from or to this store yet.'}
      />
      {transfers.hasNextPage && (
        <div className="inventory-list-footer">
          <span />
          <button
            type="button"
            className="button button-secondary"
            onClick={() => transfers.fetchNextPage()}
            disabled={transfers.isFetchingNextPage}
          >
            Load more
          </button>
        </div>
      )}
      {receiving && (
        <ReceiveTransferDialog
          transfer={receiving}
          fromName={nameOf(receiving.fromStoreId)}
          onClose={() => setReceiving(null)}
          onReceived={(message) => {
            setReceiving(null);
            setDone(message);
          }}
        />
      )}
    </div>
  );
}
