import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { CreateSaleInput } from '../api/create-sale';
import type { Store } from '../api/list-stores';
import { formatMoney, parseMoneyInput } from '../money';
import { quickCashAmounts } from '../quick-cash';
import { createScanBurstDetector } from '../scan-burst';
import { buildTenders, cashDueCents, checkPayment, type PaymentMode, type TenderInput } from '../tenders';
import { Dialog, DialogTitle } from '../../../ui/Dialog';

export type PaymentStatus =
  | { state: 'editing'; error: string | null }
  | { state: 'sending'; error: null; body: CreateSaleInput }
  /** No answer from the server: the sale may be recorded, so only the same body may be sent again. */
  | { state: 'unknown'; error: string; body: CreateSaleInput };

const QUICK_KEYS = ['F5', 'F6', 'F7', 'F8', 'F9', 'F10'] as const;

const MODE_TITLES: Record<PaymentMode, string> = {
  cash: 'Cash payment',
  card: 'Card payment',
  split: 'Split payment: card and cash',
};

/** Taking payment: cash with quick amounts and change, card with the terminal's reference, or both. */
export function PaymentDialog({
  mode,
  totalCents,
  store,
  status,
  onModeChange,
  onComplete,
  onRetry,
  onCancel,
  onScan,
}: {
  mode: PaymentMode;
  totalCents: number;
  store: Store;
  status: PaymentStatus;
  onModeChange: (mode: PaymentMode) => void;
  onComplete: (tenders: TenderInput[]) => void;
  onRetry: () => void;
  onCancel: () => void;
  /** A scanner burst arrived while paying (the customer brought one more item): back to the sale with it. */
  onScan: (code: string) => void;
}) {
  const money = (cents: number) => formatMoney(cents, store.currency);
  const [cashText, setCashText] = useState('');
  const [cardText, setCardText] = useState('');
  const [reference, setReference] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const firstFieldRef = useRef<HTMLInputElement>(null);

  const locked = status.state !== 'editing';
  const dueCents = mode === 'cash' ? cashDueCents(totalCents, store.cashRoundingCents) : totalCents;
  const cardCents = mode === 'card' ? totalCents : parseMoneyInput(cardText);
  const cashCents = mode === 'cash' && cashText.trim() === '' ? null : parseMoneyInput(cashText);
  const cashStillDue = mode === 'split' ? Math.max(0, totalCents - (cardCents ?? 0)) : dueCents;
  const tenders = buildTenders(mode, { cashCents, cardCents, cardReference: reference });
  const check = checkPayment(totalCents, tenders, store.cashRoundingCents);
  const quick = mode === 'cash' ? quickCashAmounts(dueCents) : [];

  // The dialog is keyed by its mode, so this runs for each method chosen.
  useEffect(() => {
    firstFieldRef.current?.focus();
  }, []);

  function submit(event?: FormEvent<HTMLFormElement>) {
    event?.preventDefault();
    if (status.state === 'unknown') {
      onRetry();
      return;
    }
    if (locked) {
      return;
    }
    // Enter on an empty cash field takes the exact amount: the most common cash sale.
    const finalTenders =
      mode === 'cash' && cashCents === null ? [{ method: 'cash' as const, amountCents: dueCents }] : tenders;
    const finalCheck = checkPayment(totalCents, finalTenders, store.cashRoundingCents);
    if (!finalCheck.ok) {
      setProblem(finalCheck.problem);
      return;
    }
    setProblem(null);
    onComplete(finalTenders);
  }

  function payQuick(amountCents: number) {
    if (!locked) {
      onComplete([{ method: 'cash', amountCents }]);
    }
  }

  const burstRef = useRef(createScanBurstDetector());
  const keyRef = useRef<(event: KeyboardEvent) => void>(() => undefined);
  keyRef.current = (event: KeyboardEvent) => {
    const scanned = burstRef.current.push(event.key, event.timeStamp);
    if (scanned !== null && status.state === 'editing') {
      // Not an amount typed by hand: the scanner's code, typed into whichever field had focus.
      event.preventDefault();
      onScan(scanned);
      return;
    }
    const quickIndex = QUICK_KEYS.indexOf(event.key as (typeof QUICK_KEYS)[number]);
    if (quickIndex !== -1) {
      event.preventDefault();
      const amount = quick[quickIndex];
      if (amount) {
        payQuick(amount.amountCents);
      }
    } else if (event.key === 'Enter' && status.state === 'unknown') {
      // The fields are locked, so focus may be nowhere in the form: Enter resends from anywhere.
      event.preventDefault();
      onRetry();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else if ((event.key === 'F2' || event.key === 'F3' || event.key === 'F4') && !locked) {
      event.preventDefault();
      onModeChange(event.key === 'F2' ? 'cash' : event.key === 'F3' ? 'card' : 'split');
    } else if (event.key === 'F1') {
      event.preventDefault();
    }
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keyRef.current(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const changeCents = check.ok ? check.settlement.changeDueCents : 0;
  const error = problem ?? status.error;

  return (
    <Dialog as="form" className="panel register-dialog register-payment" onSubmit={submit}>
      <div className="register-payment-head">
        <DialogTitle>{MODE_TITLES[mode]}</DialogTitle>
        <fieldset className="register-payment-modes">
          <legend className="visually-hidden">Payment method</legend>
          {(['cash', 'card', 'split'] as const).map((option, index) => (
            <button
              key={option}
              type="button"
              className={`button ${option === mode ? 'button-primary' : 'button-secondary'} register-mode-button`}
              aria-pressed={option === mode}
              disabled={locked}
              onClick={() => onModeChange(option)}
            >
              {option === 'cash' ? 'Cash' : option === 'card' ? 'Card' : 'Split'} <kbd>F{index + 2}</kbd>
            </button>
          ))}
        </fieldset>
      </div>

      <div className="register-due">
        <span>Amount due</span>
        <strong data-testid="payment-due">{money(dueCents)}</strong>
        {dueCents !== totalCents && (
          <span className="register-muted">
            Total {money(totalCents)}, rounded to the nearest {money(store.cashRoundingCents)} for cash
          </span>
        )}
      </div>

      {mode === 'cash' && (
        <>
          <fieldset className="register-quick-cash">
            <legend className="visually-hidden">Quick cash amounts</legend>
            {quick.map((amount, index) => (
              <button
                key={amount.amountCents}
                type="button"
                className="button button-secondary register-quick-button"
                disabled={locked}
                onClick={() => payQuick(amount.amountCents)}
              >
                <span className="register-quick-amount">{money(amount.amountCents)}</span>
                <span className="register-muted">
                  {amount.label} <kbd>{QUICK_KEYS[index]}</kbd>
                </span>
              </button>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="payment-cash">Cash received (Enter alone: exact amount)</label>
            <input
              id="payment-cash"
              ref={firstFieldRef}
              inputMode="decimal"
              autoComplete="off"
              disabled={locked}
              value={cashText}
              onChange={(event) => setCashText(event.target.value)}
            />
          </div>
        </>
      )}

      {(mode === 'card' || mode === 'split') && (
        <div className="register-payment-fields">
          {mode === 'split' && (
            <div className="field">
              <label htmlFor="payment-card-amount">Card amount</label>
              <input
                id="payment-card-amount"
                ref={firstFieldRef}
                inputMode="decimal"
                autoComplete="off"
                disabled={locked}
                value={cardText}
                onChange={(event) => setCardText(event.target.value)}
              />
            </div>
          )}
          <div className="field">
            <label htmlFor="payment-card-reference">Card terminal reference</label>
            <input
              id="payment-card-reference"
              ref={mode === 'card' ? firstFieldRef : undefined}
              autoComplete="off"
              spellCheck={false}
              disabled={locked}
              maxLength={64}
              placeholder="e.g. AUTH 123456"
              value={reference}
              onChange={(event) => setReference(event.target.value)}
            />
          </div>
          {mode === 'split' && (
            <div className="field">
              <label htmlFor="payment-split-cash">Cash received (still due {money(cashStillDue)})</label>
              <input
                id="payment-split-cash"
                inputMode="decimal"
                autoComplete="off"
                disabled={locked}
                value={cashText}
                onChange={(event) => setCashText(event.target.value)}
              />
            </div>
          )}
        </div>
      )}

      {mode !== 'card' && (
        <div className="register-change">
          <span>Change</span>
          <strong data-testid="payment-change-preview">{money(changeCents)}</strong>
        </div>
      )}

      {error !== null && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}

      <div className="register-setup-actions">
        <button
          type="submit"
          className="button button-primary register-complete"
          disabled={status.state === 'sending'}
        >
          {status.state === 'sending'
            ? 'Completing…'
            : status.state === 'unknown'
              ? 'Try again'
              : 'Complete sale'}{' '}
          <kbd>Enter</kbd>
        </button>
        <button type="button" className="button button-secondary" disabled={locked} onClick={onCancel}>
          Back to the sale <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}
