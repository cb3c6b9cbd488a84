import { type FormEvent, useEffect, useRef, useState } from 'react';
import { recordCashMovement, recordNoSale } from '../api/shift-drawer';
import { describeDrawerError } from '../describe-shift-error';
import { formatMoney, parseMoneyInput } from '../money';
import './shift.css';
import { Dialog, DialogTitle } from '../../../ui/Dialog';

export type DrawerMovementKind = 'paid_in' | 'paid_out' | 'no_sale';

const TITLES: Record<DrawerMovementKind, string> = {
  paid_in: 'Paid in',
  paid_out: 'Paid out',
  no_sale: 'No sale: open the drawer',
};

const REASON_HINTS: Record<DrawerMovementKind, string> = {
  paid_in: 'e.g. more change from the safe',
  paid_out: 'e.g. window cleaner, postage',
  no_sale: 'e.g. change for a customer (optional)',
};

/**
 * Cash into or out of the drawer (Alt+I / Alt+O: amount and reason), or opening the drawer without a sale
 * (Alt+N: a reason, optional). Each is recorded on the shift at once and changes the cash expected at close.
 */
export function CashMovementDialog({
  kind,
  shiftId,
  currency,
  onDone,
  onDrawerShouldOpen,
  onClose,
}: {
  kind: DrawerMovementKind;
  shiftId: string;
  currency: string;
  /** Recorded: what to tell the cashier. */
  onDone: (notice: string) => void;
  /** The server has recorded the movement: now the drawer may open. */
  onDrawerShouldOpen: () => void;
  onClose: () => void;
}) {
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const needsAmount = kind !== 'no_sale';

  useEffect(() => {
    firstRef.current?.focus();
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending) {
      return;
    }
    const amountCents = parseMoneyInput(amountText);
    if (needsAmount && (amountCents === null || amountCents <= 0)) {
      setProblem('Type the amount, e.g. 20 or 4.50.');
      firstRef.current?.focus();
      return;
    }
    if (needsAmount && reason.trim() === '') {
      setProblem('Say why, so the manager can match it at close.');
      reasonRef.current?.focus();
      return;
    }
    setSending(true);
    setProblem(null);
    try {
      if (kind === 'no_sale') {
        await recordNoSale(shiftId, reason.trim());
        onDrawerShouldOpen();
        onDone('No sale recorded: the drawer opens.');
        return;
      }
      const movement = await recordCashMovement(shiftId, {
        type: kind,
        amountCents: amountCents ?? 0,
        reason: reason.trim(),
      });
      onDrawerShouldOpen();
      onDone(
        `${kind === 'paid_in' ? 'Paid in' : 'Paid out'} ${formatMoney(movement.amountCents, currency)} recorded.`,
      );
    } catch (error) {
      setProblem(describeDrawerError(error));
      setSending(false);
    }
  }

  const amount = parseMoneyInput(amountText);
  return (
    <Dialog
      as="form"
      className="panel register-dialog shift-dialog"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !sending) {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
      noValidate
    >
      <DialogTitle>{TITLES[kind]}</DialogTitle>
      {needsAmount && (
        <div className="field">
          <label htmlFor="drawer-movement-amount">Amount</label>
          <input
            id="drawer-movement-amount"
            ref={firstRef}
            className="shift-money-input"
            inputMode="decimal"
            autoComplete="off"
            value={amountText}
            onChange={(event) => {
              setProblem(null);
              setAmountText(event.target.value);
            }}
          />
          {amount !== null && amount > 0 && (
            <span className="register-muted">{formatMoney(amount, currency)}</span>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor="drawer-movement-reason">Reason</label>
        <input
          id="drawer-movement-reason"
          ref={needsAmount ? reasonRef : firstRef}
          autoComplete="off"
          maxLength={200}
          placeholder={REASON_HINTS[kind]}
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
        <button type="submit" className="button button-primary" disabled={sending}>
          {sending ? 'Recording…' : kind === 'no_sale' ? 'Open drawer' : 'Record'} <kbd>Enter</kbd>
        </button>
        <button type="button" className="button button-secondary" onClick={onClose} disabled={sending}>
          Back <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}
