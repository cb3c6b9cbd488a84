import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type AdjustmentType, parseAdjustmentValue } from '../adjustments';
import type { Adjustment } from '../cart';
import { formatMoney, parseMoneyInput } from '../money';
import { Dialog, DialogTitle } from '../../../ui/Dialog';

export type AdjustTarget =
  | { kind: 'line-discount'; lineKey: string; itemName: string; current: Adjustment | undefined }
  | { kind: 'cart-discount'; current: Adjustment | undefined }
  | {
      kind: 'price-override';
      lineKey: string;
      itemName: string;
      catalogPriceCents: number;
      perKilogram: boolean;
      current: { unitPriceCents: number; reason: string } | undefined;
    };

const TITLES: Record<AdjustTarget['kind'], string> = {
  'line-discount': 'Discount on this item',
  'cart-discount': 'Discount on the whole sale',
  'price-override': 'Change the price',
};

function initialValueText(target: AdjustTarget): string {
  if (target.kind === 'price-override') {
    return target.current ? (target.current.unitPriceCents / 100).toFixed(2) : '';
  }
  if (!target.current) {
    return '';
  }
  return target.current.type === 'amount'
    ? (target.current.value / 100).toFixed(2)
    : String(target.current.value);
}

/**
 * A line discount, the cart discount or a new unit price, always with a reason (the audit log keeps it).
 * Enter applies, Esc goes back; what needs a manager is asked when paying.
 */
export function AdjustDialog({
  target,
  currency,
  limitPercent,
  onApply,
  onRemove,
  onClose,
}: {
  target: AdjustTarget;
  currency: string;
  limitPercent: number;
  onApply: (value: { type: AdjustmentType; value: number; reason: string }) => void;
  onRemove: () => void;
  onClose: () => void;
}) {
  const [type, setType] = useState<AdjustmentType>(
    target.kind === 'price-override' ? 'amount' : (target.current?.type ?? 'percent'),
  );
  const [valueText, setValueText] = useState(() => initialValueText(target));
  const [reason, setReason] = useState(target.current?.reason ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const valueRef = useRef<HTMLInputElement>(null);
  const isPrice = target.kind === 'price-override';

  useEffect(() => {
    valueRef.current?.select();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = isPrice ? parseMoneyInput(valueText) : parseAdjustmentValue(type, valueText);
    if (value === null) {
      setProblem(
        isPrice || type === 'amount'
          ? 'Type an amount, for example 4.99.'
          : 'Type a percentage from 0 to 100, for example 15 or 12.5.',
      );
      valueRef.current?.focus();
      return;
    }
    if (reason.trim() === '') {
      setProblem('Say why: the reason goes on the audit log.');
      return;
    }
    onApply({ type: isPrice ? 'amount' : type, value, reason: reason.trim() });
  }

  const hasCurrent = target.current !== undefined;
  const valueLabel = isPrice
    ? `New price${target.perKilogram ? ' per kg' : ''}`
    : type === 'percent'
      ? 'Percent off'
      : 'Amount off';
  return (
    <Dialog
      as="form"
      className="panel register-dialog"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
      noValidate
    >
      <DialogTitle>{TITLES[target.kind]}</DialogTitle>
      {target.kind !== 'cart-discount' && <p className="register-muted">{target.itemName}</p>}
      {isPrice ? (
        <p className="register-muted">
          Catalog price {formatMoney(target.catalogPriceCents, currency)}
          {target.perKilogram ? ' per kg' : ' each'}. A price change always needs a manager.
        </p>
      ) : (
        <>
          <fieldset className="register-adjust-type">
            <legend>Discount as</legend>
            <label>
              <input
                type="radio"
                name="adjust-type"
                checked={type === 'percent'}
                onChange={() => setType('percent')}
              />{' '}
              Percent
            </label>
            <label>
              <input
                type="radio"
                name="adjust-type"
                checked={type === 'amount'}
                onChange={() => setType('amount')}
              />{' '}
              Amount
            </label>
          </fieldset>
          <p className="register-muted">
            Type % or $ with the number to switch. Above {limitPercent} % a manager approves when paying.
          </p>
        </>
      )}
      <div className="field">
        <label htmlFor="register-adjust-value">{valueLabel}</label>
        <input
          id="register-adjust-value"
          ref={valueRef}
          inputMode="decimal"
          autoComplete="off"
          value={valueText}
          onChange={(event) => {
            setProblem(null);
            // "%" or "$" typed with the number picks the kind of discount, so the hands stay on the keys.
            const text = event.target.value;
            if (!isPrice && text.includes('%')) {
              setType('percent');
            } else if (!isPrice && text.includes('$')) {
              setType('amount');
            }
            setValueText(text.replace(/[%$]/g, ''));
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="register-adjust-reason">Reason</label>
        <input
          id="register-adjust-reason"
          autoComplete="off"
          maxLength={200}
          value={reason}
          onChange={(event) => {
            setProblem(null);
            setReason(event.target.value);
          }}
        />
      </div>
      {problem !== null && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      <div className="register-setup-actions">
        <button type="submit" className="button button-primary">
          Apply <kbd>Enter</kbd>
        </button>
        {hasCurrent && (
          <button type="button" className="button button-secondary" onClick={onRemove}>
            {isPrice ? 'Back to catalog price' : 'Remove discount'}
          </button>
        )}
        <button type="button" className="button button-secondary" onClick={onClose}>
          Back <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}
