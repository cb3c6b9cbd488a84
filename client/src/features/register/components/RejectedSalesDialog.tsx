import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../api/http';
import { listOutbox } from '../../../offline/outbox';
import type { OutboxRecord } from '../../../offline/outbox-record';
import type { RegisterOffline } from '../../../offline/register-offline';
import { describeSaleError } from '../describe-register-error';
import { formatMoney } from '../money';
import './offline.css';
import { Dialog, DialogTitle } from '../../../ui/Dialog';

/** The server's refusal in a cashier's and manager's words. */
export function describeRejection(record: OutboxRecord): string {
  const rejection = record.rejection;
  if (rejection === null) {
    return 'Refused by the server.';
  }
  if (rejection.code === 'RECEIPT_NUMBER_TAKEN') {
    return 'Another sale already has this receipt number: this till’s numbering was behind the server’s (it has taken new numbers). Export this sale and give it to the office.';
  }
  return describeSaleError(
    new ApiError({
      status: rejection.status,
      code: rejection.code,
      message: rejection.message,
      details: rejection.details,
      requestId: rejection.requestId,
    }),
  );
}

function exportRecord(record: OutboxRecord): void {
  const { seq: _seq, ...kept } = record;
  const blob = new Blob([JSON.stringify(kept, null, 2)], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `refused-sale-${record.receiptNumber}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/**
 * Sales the server refused on sync, for a manager: what, when, how much and why. They stay on the till
 * until a retry goes through; Export saves one as JSON. ↑/↓ choose, R retries, E exports, Esc closes.
 */
export function RejectedSalesDialog({
  offline,
  currency,
  timezone,
  onClose,
}: {
  offline: RegisterOffline;
  currency: string;
  timezone: string;
  onClose: () => void;
}) {
  const [records, setRecords] = useState<OutboxRecord[] | null>(null);
  const [selected, setSelected] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  const reload = useCallback(async () => {
    const all = await listOutbox(offline.db, offline.registerId);
    setRecords(all.filter((record) => record.state === 'rejected'));
  }, [offline]);

  useEffect(() => {
    void reload();
    closeRef.current?.focus();
    return offline.subscribe(() => void reload());
  }, [offline, reload]);

  const current = records?.[selected] ?? null;

  async function retry(record: OutboxRecord | null) {
    if (record?.seq === undefined) {
      return;
    }
    setMessage(`Sending ${record.receiptNumber} again…`);
    await offline.outbox.retryRejected(record.seq);
    setMessage(null);
  }

  // A modal: it takes every key, so a scan or a register key cannot act on the sale behind it.
  const keyRef = useRef<(event: KeyboardEvent) => void>(() => undefined);
  keyRef.current = (event: KeyboardEvent) => {
    if (
      event.key === 'Tab' ||
      (event.key === 'Enter' && document.activeElement instanceof HTMLButtonElement)
    ) {
      event.stopPropagation();
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    const count = records?.length ?? 0;
    if (event.key === 'Escape') {
      onClose();
    } else if (event.key === 'ArrowDown') {
      setSelected((index) => Math.min(index + 1, Math.max(count - 1, 0)));
    } else if (event.key === 'ArrowUp') {
      setSelected((index) => Math.max(index - 1, 0));
    } else if (event.key === 'r' || event.key === 'R') {
      void retry(current);
    } else if ((event.key === 'e' || event.key === 'E') && current) {
      exportRecord(current);
    }
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keyRef.current(event);
    window.addEventListener('keydown', listener, { capture: true });
    return () => window.removeEventListener('keydown', listener, { capture: true });
  }, []);

  const money = (cents: number) => formatMoney(cents, currency);
  return (
    <Dialog as="section" className="panel register-dialog offline-rejected-dialog">
      <DialogTitle>Sales refused by the server</DialogTitle>
      <p className="register-muted">
        The customer paid for these at this till, but the server did not take them. They are kept here until a
        retry goes through. Read why, fix the cause (or export the sale for the office), then retry.
      </p>
      {records === null ? (
        <p>Loading…</p>
      ) : records.length === 0 ? (
        <p data-testid="rejected-none">No refused sales on this till.</p>
      ) : (
        <div className="offline-rejected-list">
          <table className="offline-rejected-table" data-testid="rejected-sales">
            <thead>
              <tr>
                <th>Receipt</th>
                <th>Time</th>
                <th>Total</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {records.map((record, index) => (
                <tr
                  key={record.saleId}
                  aria-selected={index === selected}
                  onClick={() => setSelected(index)}
                  data-testid="rejected-sale"
                >
                  <td>{record.receiptNumber}</td>
                  <td>
                    {new Date(record.body.soldAt).toLocaleString('en-US', {
                      dateStyle: 'short',
                      timeStyle: 'short',
                      timeZone: timezone,
                    })}
                  </td>
                  <td>{money(record.receipt.totalCents)}</td>
                  <td>{describeRejection(record)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {message !== null && <output>{message}</output>}
      <div className="register-setup-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={current === null}
          onClick={() => void retry(current)}
        >
          Retry <kbd>R</kbd>
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={current === null}
          onClick={() => current && exportRecord(current)}
        >
          Export JSON <kbd>E</kbd>
        </button>
        <button type="button" className="button button-secondary" ref={closeRef} onClick={onClose}>
          Close <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}
