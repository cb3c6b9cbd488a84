import { type FormEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { type TillUser, unlockSession } from '../api/till-session';
import { describeUnlockError } from '../describe-shift-error';
import './shift.css';
import { Dialog, DialogDescription, DialogTitle } from '../../../ui/Dialog';

export type CashierCredentials = { username: string; password: string };

type Step =
  | { kind: 'pin' }
  /** `from`: where Esc goes back to: the PIN (the till was locked) or selling (Alt+W on an open till). */
  | { kind: 'sign-in'; from: 'pin' | 'selling' }
  /** Another cashier signed in while the previous one's sale was on the till: park it or cancel it first. */
  | { kind: 'handover'; previousName: string };

/**
 * Covers the till while it is locked (idle, or Alt+L) and while cashiers change (Alt+W). The cart stays in
 * memory underneath. The signed-in cashier unlocks with their PIN and finds everything as they left it; another
 * cashier signs in with username and password, and if a sale is on the till they park it or cancel it before
 * selling: a sale never moves silently from one cashier to the next.
 *
 * Every key stops here (a capture listener on window), so nothing underneath (the scan field, a dialog, the
 * receipt panel) reacts to a PIN being typed. Typing still reaches this layer's inputs: stopping a keydown's
 * propagation does not cancel its default action.
 */
export function TillLockLayer({
  start,
  cashier,
  storeId,
  cart,
  signInCashier,
  onUnlocked,
  onSwitched,
  onCancelSwitch,
  parkCart,
  discardCart,
}: {
  start: 'pin' | 'switch';
  cashier: TillUser;
  storeId: string;
  /** What is on the till, or null when nothing is. */
  cart: { itemCount: number; total: string } | null;
  /** Signs in as another user (the app's sign-in): resolves with who signed in. */
  signInCashier: (credentials: CashierCredentials) => Promise<TillUser>;
  /** The same cashier is back: everything as it was. */
  onUnlocked: () => void;
  /** Another cashier is selling now, the till empty. */
  onSwitched: (user: TillUser) => void;
  /** Alt+W pressed by mistake on an open till: back to selling. */
  onCancelSwitch: () => void;
  /** Parks the cart under the given label; rejects with the API's error. */
  parkCart: (label: string) => Promise<void>;
  discardCart: () => void;
}) {
  const [step, setStep] = useState<Step>(
    start === 'pin' ? { kind: 'pin' } : { kind: 'sign-in', from: 'selling' },
  );
  const [pin, setPin] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [signedIn, setSignedIn] = useState<TillUser | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const parkRef = useRef<HTMLButtonElement>(null);

  // Focus in the same commit that shows the step (a layout effect, not a passive one): keys typed the moment
  // the dialog appears must not land on the panel behind the field.
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new step puts the cursor in its first field.
  useLayoutEffect(() => {
    (firstRef.current ?? parkRef.current)?.focus();
  }, [step.kind]);

  function goTo(next: Step) {
    setProblem(null);
    setPin('');
    setPassword('');
    setStep(next);
  }

  async function submitPin() {
    if (!/^\d{4,8}$/.test(pin)) {
      setProblem('The PIN is 4 to 8 digits.');
      return;
    }
    setBusy(true);
    try {
      await unlockSession(pin);
      onUnlocked();
    } catch (error) {
      setProblem(describeUnlockError(error, 'PIN'));
      setPin('');
      setBusy(false);
    }
  }

  async function submitSignIn() {
    if (username.trim() === '' || password === '') {
      setProblem('Type your username and password.');
      return;
    }
    setBusy(true);
    try {
      const user = await signInCashier({ username: username.trim(), password });
      setBusy(false);
      if (user.role !== 'admin' && !user.storeIds.includes(storeId)) {
        setProblem(`${user.name} does not work at this store. Sign in as staff of this store.`);
        setPassword('');
        return;
      }
      if (user.id === cashier.id) {
        onUnlocked(); // the same cashier: the sale on the till is theirs
      } else if (cart === null) {
        onSwitched(user);
      } else {
        setSignedIn(user);
        goTo({ kind: 'handover', previousName: cashier.name });
      }
    } catch (error) {
      setProblem(describeUnlockError(error, 'sign-in'));
      setPassword('');
      setBusy(false);
    }
  }

  async function park(previousName: string) {
    if (signedIn === null) {
      return;
    }
    setBusy(true);
    try {
      await parkCart(`${previousName}'s sale`.slice(0, 60));
      onSwitched(signedIn);
    } catch (error) {
      setProblem(`${describeUnlockError(error, 'sign-in')} Park it again, or cancel the sale.`);
      setBusy(false);
    }
  }

  function discard() {
    if (signedIn !== null) {
      discardCart();
      onSwitched(signedIn);
    }
  }

  function back() {
    if (step.kind === 'sign-in') {
      if (step.from === 'pin') {
        goTo({ kind: 'pin' });
      } else {
        onCancelSwitch();
      }
    }
  }

  // The layer's keys; every other key is kept from the screen underneath.
  const keyRef = useRef<(event: KeyboardEvent) => void>(() => undefined);
  keyRef.current = (event: KeyboardEvent) => {
    event.stopPropagation();
    if (busy) {
      if (event.key === 'Enter') {
        event.preventDefault();
      }
      return;
    }
    if (event.key === 'Enter') {
      event.preventDefault();
      if (step.kind === 'handover') {
        void park(step.previousName);
      } else {
        formRef.current?.requestSubmit();
      }
    } else if (event.key === 'Escape') {
      event.preventDefault();
      back();
    } else if (event.key === 'Delete' && step.kind === 'handover') {
      event.preventDefault();
      discard();
    } else if (event.altKey && event.code === 'KeyW' && step.kind === 'pin') {
      event.preventDefault();
      goTo({ kind: 'sign-in', from: 'pin' });
    } else if (/^F\d+$/.test(event.key)) {
      // Function keys do nothing here, and must not reach the browser either: F5 would reload and lose the cart.
      event.preventDefault();
    }
  };
  useEffect(() => {
    const listener = (event: KeyboardEvent) => keyRef.current(event);
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, []);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) {
      return;
    }
    if (step.kind === 'pin') {
      void submitPin();
    } else if (step.kind === 'sign-in') {
      void submitSignIn();
    }
  }

  return (
    <>
      {step.kind === 'handover' ? (
        <Dialog
          role="alertdialog"
          overlayClassName="shift-lock"
          overlayTestId="till-lock"
          className="panel shift-lock-panel"
        >
          <DialogTitle>{step.previousName}’s sale is still on the till</DialogTitle>
          {cart !== null && (
            <DialogDescription>
              {cart.itemCount} {cart.itemCount === 1 ? 'item' : 'items'}, {cart.total}. Park it to ring it up
              later (any register, today), or cancel it. Nothing has been charged.
            </DialogDescription>
          )}
          {problem !== null && (
            <p className="alert" role="alert">
              {problem}
            </p>
          )}
          <div className="register-setup-actions">
            <button
              ref={parkRef}
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => void park(step.previousName)}
            >
              {busy ? 'Parking…' : 'Park the sale'} <kbd>Enter</kbd>
            </button>
            <button type="button" className="button button-secondary" disabled={busy} onClick={discard}>
              Cancel the sale <kbd>Delete</kbd>
            </button>
          </div>
        </Dialog>
      ) : (
        <Dialog
          as="form"
          overlayClassName="shift-lock"
          overlayTestId="till-lock"
          ref={formRef}
          className="panel shift-lock-panel"
          onSubmit={onSubmit}
          noValidate
        >
          {step.kind === 'pin' ? (
            <>
              <DialogTitle>Till locked</DialogTitle>
              <p>
                <strong>{cashier.name}</strong>, type your PIN to carry on.
                {cart !== null && ` Your sale (${cart.total}) is waiting.`}
              </p>
              <div className="field">
                <label htmlFor="till-lock-pin">PIN</label>
                <input
                  id="till-lock-pin"
                  ref={firstRef}
                  className="shift-pin-input"
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
            </>
          ) : (
            <>
              <DialogTitle>Change cashier</DialogTitle>
              <p className="register-muted">Sign in with your username and password.</p>
              <div className="field">
                <label htmlFor="till-switch-username">Username</label>
                <input
                  id="till-switch-username"
                  ref={firstRef}
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
                <label htmlFor="till-switch-password">Password</label>
                <input
                  id="till-switch-password"
                  type="password"
                  autoComplete="off"
                  value={password}
                  onChange={(event) => {
                    setProblem(null);
                    setPassword(event.target.value);
                  }}
                />
              </div>
            </>
          )}
          {problem !== null && (
            <p className="alert" role="alert">
              {problem}
            </p>
          )}
          <div className="register-setup-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Checking…' : step.kind === 'pin' ? 'Unlock' : 'Sign in'} <kbd>Enter</kbd>
            </button>
            {step.kind === 'pin' ? (
              <button
                type="button"
                className="button button-secondary"
                disabled={busy}
                onClick={() => goTo({ kind: 'sign-in', from: 'pin' })}
              >
                Another cashier <kbd>Alt+W</kbd>
              </button>
            ) : (
              <button type="button" className="button button-secondary" disabled={busy} onClick={back}>
                {step.from === 'pin' ? 'Back to PIN' : 'Back to selling'} <kbd>Esc</kbd>
              </button>
            )}
          </div>
        </Dialog>
      )}
    </>
  );
}
