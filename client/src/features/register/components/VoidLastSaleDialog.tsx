import { type FormEvent, useLayoutEffect, useRef, useState } from 'react';
import { ApiError } from '../../../api/http';
import type { Sale } from '../api/create-sale';
import { voidSale } from '../api/void-sale';
import { describeApprovalError, isOutcomeUnknown } from '../describe-register-error';
import { describeVoidError } from '../describe-returns-error';
import { formatMoney } from '../money';
import { type Approval, ApprovalDialog } from './ApprovalDialog';
import './returns.css';
import { Dialog, DialogTitle } from '../../../ui/Dialog';

/**
 * What goes back to the customer for a voided sale, tender by tender (cash net of the change given):
 * "$12.34 back to the customer in cash", "… in cash and $5.00 to the card".
 */
export function describeVoidPayback(sale: Sale, currency: string): string {
  const parts = sale.tenders.flatMap((tender) => {
    const cents = tender.method === 'cash' ? tender.amountCents - sale.changeDueCents : tender.amountCents;
    if (cents <= 0) {
      return [];
    }
    const where =
      tender.method === 'cash' ? 'in cash' : tender.method === 'card' ? 'to the card' : 'as store credit';
    return [{ amount: formatMoney(cents, currency), where }];
  });
  const [head, ...rest] = parts;
  if (head === undefined) {
    return 'nothing to give back';
  }
  return [
    `${head.amount} back to the customer ${head.where}`,
    ...rest.map((part) => `${part.amount} ${part.where}`),
  ].join(' and ');
}

/**
 * Alt+V: voids the last sale rung up on this till, with a reason and a manager's approval (username and PIN,
 * for this one request). Then says what to give back.
 */
export function VoidLastSaleDialog({
  sale,
  currency,
  onVoided,
  onClose,
}: {
  sale: Sale;
  currency: string;
  onVoided: (sale: Sale) => void;
  onClose: () => void;
}) {
  const [step, setStep] = useState<'reason' | 'approval' | 'done'>('reason');
  const [reason, setReason] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [voided, setVoided] = useState<Sale | null>(null);
  const reasonRef = useRef<HTMLInputElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);

  // Focus before the step is painted: a scanner's first keys must not land behind the dialog.
  useLayoutEffect(() => {
    if (step === 'reason') {
      reasonRef.current?.focus();
    } else if (step === 'done') {
      doneRef.current?.focus();
    }
  }, [step]);

  function askManager(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reason.trim() === '') {
      setError('Say why the sale is voided.');
      return;
    }
    setError(null);
    setStep('approval');
  }

  async function send(approval: Approval) {
    setSending(true);
    try {
      const result = await voidSale(sale.id, { reason: reason.trim(), approval });
      setVoided(result);
      setStep('done');
      onVoided(result);
    } catch (caught) {
      if (
        caught instanceof ApiError &&
        (caught.code === 'APPROVAL_REQUIRED' || caught.code === 'ACCOUNT_LOCKED')
      ) {
        setError(describeApprovalError(caught));
        return;
      }
      // A void is safe to send again (a second one is refused, nothing doubles), so every failure goes back.
      setError(
        isOutcomeUnknown(caught)
          ? `${describeVoidError(caught)} It may be voided already: try again to find out.`
          : describeVoidError(caught),
      );
      setStep('reason');
    } finally {
      setSending(false);
    }
  }

  if (step === 'approval') {
    return (
      <ApprovalDialog
        needs={[
          `Void sale ${sale.receiptNumber} (${formatMoney(sale.totalCents + sale.roundingCents, currency)}): ${reason.trim()}`,
        ]}
        error={error}
        sending={sending}
        onApprove={(approval) => void send(approval)}
        onCancel={() => {
          setError(null);
          setStep('reason');
        }}
      />
    );
  }

  return (
    <Dialog
      as="form"
      className="panel register-dialog"
      onSubmit={
        step === 'done'
          ? (event) => {
              event.preventDefault();
              onClose();
            }
          : askManager
      }
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
      noValidate
    >
      {step === 'done' && voided !== null ? (
        <>
          <DialogTitle>Sale voided</DialogTitle>
          <p className="register-returns-payout" data-testid="void-result">
            Sale {voided.receiptNumber} voided, {describeVoidPayback(voided, currency)}.
          </p>
          <p className="register-returns-muted">The items are back in stock; the sale counts nowhere.</p>
          <button ref={doneRef} type="submit" className="button button-primary button-block">
            Next sale <kbd>Enter</kbd>
          </button>
        </>
      ) : (
        <>
          <DialogTitle>Void the last sale</DialogTitle>
          <p>
            Sale <strong>{sale.receiptNumber}</strong>,{' '}
            {formatMoney(sale.totalCents + sale.roundingCents, currency)} ({sale.lines.length} line
            {sale.lines.length === 1 ? '' : 's'}). A manager approves.
          </p>
          <div className="field">
            <label htmlFor="register-void-reason">Reason</label>
            <input
              id="register-void-reason"
              ref={reasonRef}
              autoComplete="off"
              maxLength={200}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          {error !== null && (
            <p className="alert" role="alert">
              {error}
            </p>
          )}
          <div className="register-setup-actions">
            <button type="submit" className="button button-primary">
              Manager approval <kbd>Enter</kbd>
            </button>
            <button type="button" className="button button-secondary" onClick={onClose}>
              Keep the sale <kbd>Esc</kbd>
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
