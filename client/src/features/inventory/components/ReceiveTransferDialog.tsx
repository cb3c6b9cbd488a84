import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { describeApiError, fieldErrors } from '../../../api/field-errors';
import { Dialog, DialogDescription, DialogTitle } from '../../../ui/Dialog';
import { receiveTransfer, type Transfer } from '../api/transfers';
import { inventoryKeys } from '../hooks/query-keys';

type Props = {
  transfer: Transfer;
  fromName: string;
  onClose: () => void;
  onReceived: (message: string) => void;
};

/** Every line of the transfer with what arrived (filled in with what was sent); 0 is allowed. */
export function ReceiveTransferDialog({ transfer, fromName, onClose, onReceived }: Props) {
  const queryClient = useQueryClient();
  const [arrived, setArrived] = useState<Record<string, string>>(() =>
    Object.fromEntries(transfer.lines.map((line) => [line.productId, String(line.quantity)])),
  );
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (lines: { productId: string; quantityReceived: number }[]) =>
      receiveTransfer(transfer.id, { lines }),
    onSuccess: async (received) => {
      // Stock moves in both stores: refresh every inventory screen.
      await queryClient.invalidateQueries({ queryKey: inventoryKeys.allTransfers });
      const units = received.lines.reduce((sum, line) => sum + (line.quantityReceived ?? 0), 0);
      onReceived(
        received.discrepancies.length > 0
          ? `Received ${units} units; ${received.discrepancies.length} line(s) differ from what was sent and are recorded.`
          : `Received ${units} units from ${fromName}.`,
      );
    },
  });
  const apiErrors = fieldErrors(mutation.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: Record<string, string> = {};
    const lines = transfer.lines.map((line) => {
      const text = (arrived[line.productId] ?? '').trim();
      if (!/^\d+$/.test(text)) {
        errors[line.productId] = 'must be a whole number, 0 or more';
      }
      return { productId: line.productId, quantityReceived: Number(text) };
    });
    setLocalErrors(errors);
    if (Object.keys(errors).length === 0) {
      mutation.mutate(lines);
    }
  }

  return (
    <Dialog
      as="form"
      className="inventory-dialog inventory-dialog-wide"
      overlayClassName="inventory-overlay"
      onSubmit={submit}
      noValidate
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          onClose();
        }
      }}
    >
      <DialogTitle>Receive transfer</DialogTitle>
      <DialogDescription>
        From {fromName}. Enter what actually arrived; differences from what was sent are recorded.
      </DialogDescription>
      <div className="table-scroll">
        <table className="data-table">
          <caption className="visually-hidden">Lines of the transfer</caption>
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col" className="align-end">
                Sent
              </th>
              <th scope="col">Arrived</th>
            </tr>
          </thead>
          <tbody>
            {transfer.lines.map((line, index) => {
              const error = localErrors[line.productId] ?? apiErrors[`lines.${index}.quantityReceived`];
              return (
                <tr key={line.productId}>
                  <td className="inventory-wrap">
                    {line.name} <span className="inventory-muted">{line.sku}</span>
                  </td>
                  <td className="align-end">{line.quantity}</td>
                  <td>
                    <input
                      className="inventory-qty-input"
                      inputMode="numeric"
                      aria-label={`Arrived: ${line.name}`}
                      aria-invalid={error ? true : undefined}
                      value={arrived[line.productId] ?? ''}
                      onChange={(event) =>
                        setArrived((current) => ({ ...current, [line.productId]: event.target.value }))
                      }
                    />
                    {error && (
                      <span className="form-error" role="alert">
                        {error}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {mutation.isError && (
        <p className="alert" role="alert">
          {describeApiError(mutation.error)}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button button-secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Receiving…' : 'Receive'}
        </button>
      </div>
    </Dialog>
  );
}
