import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ADJUSTMENT_REASONS, createAdjustmentRequestSchema } from '../../../../../shared/schemas/inventory';
import type { StoreSummary } from '../../../api/stores';
import { describeApiError, fieldErrors } from '../../../api/field-errors';
import { Dialog, DialogDescription, DialogTitle } from '../../../ui/Dialog';
import { FormField } from '../../../ui/FormField';
import { adjustStock } from '../api/adjust-stock';
import { formatDelta, formatQuantity, reasonLabel } from '../format';
import { inventoryKeys } from '../hooks/query-keys';

type Product = { productId: string; name: string; sku: string; unit: 'each' | 'weight'; onHand: number };

type Props = {
  store: StoreSummary;
  product: Product;
  onClose: () => void;
  /** Called with a sentence for the screen once the adjustment is saved. */
  onAdjusted: (message: string) => void;
};

/** The API names the line's fields lines.0.delta and lines.0.reason; this form has one line. */
function errorsByField(byPath: Record<string, string>) {
  return {
    delta: byPath['lines.0.delta'],
    reason: byPath['lines.0.reason'],
    note: byPath.note,
    other: byPath['lines.0.productId'] ?? byPath.lines,
  };
}

export function AdjustStockDialog({ store, product, onClose, onAdjusted }: Props) {
  const [deltaText, setDeltaText] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const queryClient = useQueryClient();

  const mutation = useMutation({
    mutationFn: (request: Parameters<typeof adjustStock>[1]) => adjustStock(store.id, request),
    onSuccess: async (adjustment) => {
      await queryClient.invalidateQueries({ queryKey: inventoryKeys.store(store.id) });
      const line = adjustment.lines[0];
      onAdjusted(
        line
          ? `${product.name}: ${formatDelta(line.delta, product.unit)} (${reasonLabel(line.reason)}). On hand now ${formatQuantity(line.onHand, product.unit)}.`
          : `${product.name} adjusted.`,
      );
    },
  });

  const errors = errorsByField({ ...fieldErrors(mutation.error), ...localErrors });
  const delta = /^[-\u2212]?\d+$/.test(deltaText.trim())
    ? Number(deltaText.trim().replace('\u2212', '-'))
    : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (delta === null) {
      missing['lines.0.delta'] =
        deltaText.trim() === ''
          ? 'Enter how many to add or take away'
          : 'must be a whole number, e.g. -2 or 5';
    }
    if (reason === '') {
      missing['lines.0.reason'] = 'Choose a reason';
    }
    if (Object.keys(missing).length > 0) {
      setLocalErrors(missing);
      return;
    }
    // The same schema the server validates with: empty or zero change and a missing reason are named here.
    const parsed = createAdjustmentRequestSchema.safeParse({
      lines: [{ productId: product.productId, delta, reason }],
      note: note.trim() === '' ? null : note.trim(),
    });
    if (!parsed.success) {
      const byPath: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const path = issue.path.join('.');
        byPath[path] ??= issue.message;
      }
      setLocalErrors(byPath);
      return;
    }
    setLocalErrors({});
    mutation.mutate(parsed.data);
  }

  return (
    <Dialog
      as="form"
      className="inventory-dialog"
      overlayClassName="inventory-overlay"
      onSubmit={submit}
      noValidate
      aria-describedby="adjust-description"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          onClose();
        }
      }}
    >
      <DialogTitle>Adjust stock</DialogTitle>
      <DialogDescription id="adjust-description">
        {product.name} <span className="inventory-muted">({product.sku})</span> · on hand{' '}
        {formatQuantity(product.onHand, product.unit)}
        {delta !== null && delta !== 0 && (
          <>
            {' '}
            → <strong>{formatQuantity(product.onHand + delta, product.unit)}</strong>
          </>
        )}
      </DialogDescription>
      <div className="inventory-dialog-fields">
        <FormField
          label={product.unit === 'weight' ? 'Change (grams)' : 'Change'}
          hint="Negative takes stock away, e.g. -2"
          error={errors.delta}
        >
          <input
            name="delta"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            value={deltaText}
            onChange={(event) => {
              setDeltaText(event.target.value);
              setLocalErrors(({ 'lines.0.delta': _, ...rest }) => rest);
            }}
          />
        </FormField>
        <FormField label="Reason" error={errors.reason}>
          <select
            name="reason"
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
              setLocalErrors(({ 'lines.0.reason': _, ...rest }) => rest);
            }}
          >
            <option value="">Choose a reason…</option>
            {ADJUSTMENT_REASONS.map((value) => (
              <option key={value} value={value}>
                {reasonLabel(value)}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label="Note (optional)" error={errors.note}>
          <textarea name="note" rows={2} value={note} onChange={(event) => setNote(event.target.value)} />
        </FormField>
      </div>
      {(errors.other || (mutation.isError && Object.keys(fieldErrors(mutation.error)).length === 0)) && (
        <p className="alert" role="alert">
          {errors.other ?? describeApiError(mutation.error)}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button button-secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Saving…' : 'Save adjustment'}
        </button>
      </div>
    </Dialog>
  );
}
