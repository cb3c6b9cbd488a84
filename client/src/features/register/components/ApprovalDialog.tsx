import { type FormEvent, useEffect, useRef, useState } from 'react';
import { isPinWellFormed } from '../adjustments';
import { Dialog, DialogTitle } from '../../../ui/Dialog';

export type Approval = { username: string; pin: string };

/**
 * A manager approves at the till with their username and PIN. The approval goes with this one sale and is
 * forgotten after it; a wrong PIN comes back as `error` (the server's words) and the dialog asks again.
 */
export function ApprovalDialog({
  needs,
  error,
  sending,
  onApprove,
  onCancel,
}: {
  /** What the manager approves, one phrase each. */
  needs: readonly string[];
  error: string | null;
  sending: boolean;
  onApprove: (approval: Approval) => void;
  onCancel: () => void;
}) {
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const usernameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    usernameRef.current?.focus();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending) {
      return;
    }
    if (username.trim() === '') {
      setProblem('The manager types their username.');
      usernameRef.current?.focus();
      return;
    }
    if (!isPinWellFormed(pin)) {
      setProblem('The PIN is 4 to 8 digits.');
      return;
    }
    // The PIN field is emptied so a second try never reuses a PIN typed wrong.
    setPin('');
    onApprove({ username: username.trim(), pin });
  }

  const shown = problem ?? error;
  return (
    <Dialog
      as="form"
      className="panel register-dialog"
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !sending) {
          event.preventDefault();
          event.stopPropagation();
          onCancel();
        }
      }}
      noValidate
    >
      <DialogTitle>Manager approval</DialogTitle>
      <ul className="register-approval-needs">
        {needs.map((need) => (
          <li key={need}>{need}</li>
        ))}
      </ul>
      <div className="field">
        <label htmlFor="register-approval-username">Manager username</label>
        <input
          id="register-approval-username"
          ref={usernameRef}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(event) => {
            setProblem(null);
            setUsername(event.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="register-approval-pin">PIN</label>
        <input
          id="register-approval-pin"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={8}
          value={pin}
          onChange={(event) => {
            setProblem(null);
            setPin(event.target.value);
          }}
        />
      </div>
      {shown !== null && (
        <p className="alert" role="alert">
          {shown}
        </p>
      )}
      <div className="register-setup-actions">
        <button type="submit" className="button button-primary" disabled={sending}>
          {sending ? 'Checking…' : 'Approve'} <kbd>Enter</kbd>
        </button>
        <button type="button" className="button button-secondary" onClick={onCancel} disabled={sending}>
          Back to the sale <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}
