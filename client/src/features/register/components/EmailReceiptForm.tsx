import { type FormEvent, useEffect, useRef, useState } from 'react';
import { emailReceipt } from '../api/email-receipt';
import { describeEmailError, isEmailWellFormed } from '../receipt-email';
import './email-receipt.css';

type SendState =
  | { state: 'editing'; problem: string | null }
  | { state: 'sending' }
  | { state: 'sent'; to: string };

/**
 * The receipt by email (E on the sale-complete panel): the address, prefilled with the customer's, Enter sends.
 * Esc (or Enter once sent) goes back to the panel.
 */
export function EmailReceiptForm({
  saleId,
  initialEmail,
  onClose,
}: {
  saleId: string;
  initialEmail: string;
  onClose: () => void;
}) {
  const [email, setEmail] = useState(initialEmail);
  const [send, setSend] = useState<SendState>({ state: 'editing', problem: null });
  const inputRef = useRef<HTMLInputElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    inputRef.current?.select();
  }, []);
  useEffect(() => {
    if (send.state === 'sent') {
      doneRef.current?.focus();
    }
  }, [send.state]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (send.state === 'sending') {
      return;
    }
    if (send.state === 'sent') {
      onClose();
      return;
    }
    const address = email.trim();
    if (!isEmailWellFormed(address)) {
      setSend({ state: 'editing', problem: 'Type an email address, for example name@example.com.' });
      return;
    }
    setSend({ state: 'sending' });
    try {
      const answer = await emailReceipt(saleId, address);
      setSend({ state: 'sent', to: answer.sentTo });
    } catch (error) {
      setSend({ state: 'editing', problem: describeEmailError(error) });
      inputRef.current?.focus();
    }
  }

  return (
    <form
      className="register-email-receipt"
      aria-label="Email the receipt"
      onSubmit={submit}
      onKeyDown={(event) => {
        // Keys typed here belong to this form, not to the panel (where letters start the next sale).
        event.stopPropagation();
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
      noValidate
    >
      <label htmlFor="register-email-input">Email the receipt to</label>
      <div className="register-email-row">
        <input
          id="register-email-input"
          ref={inputRef}
          type="email"
          inputMode="email"
          autoComplete="off"
          maxLength={254}
          value={email}
          disabled={send.state !== 'editing'}
          onChange={(event) => {
            setEmail(event.target.value);
            setSend({ state: 'editing', problem: null });
          }}
        />
        {send.state === 'sent' ? (
          <button ref={doneRef} type="submit" className="button button-primary">
            Done <kbd>Enter</kbd>
          </button>
        ) : (
          <button type="submit" className="button button-primary" disabled={send.state === 'sending'}>
            {send.state === 'sending' ? 'Sending…' : 'Send'} <kbd>Enter</kbd>
          </button>
        )}
        <button type="button" className="button button-secondary" onClick={onClose}>
          Back <kbd>Esc</kbd>
        </button>
      </div>
      {send.state === 'sent' && (
        <p className="register-email-sent" role="status" data-testid="email-status">
          Sent to {send.to}.
        </p>
      )}
      {send.state === 'editing' && send.problem !== null && (
        <p className="alert" role="alert" data-testid="email-status">
          {send.problem}
        </p>
      )}
    </form>
  );
}
