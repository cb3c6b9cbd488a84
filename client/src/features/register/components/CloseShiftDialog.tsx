import { type FormEvent, type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { type CloseShiftResponse, closeShift, getShiftReport } from '../api/shift-drawer';
import { countedCents, denominationsOf, describeOverShort } from '../denominations';
import { describeDrawerError } from '../describe-shift-error';
import { formatMoney, parseMoneyInput } from '../money';
import { ZReportPanel } from './ZReportPanel';
import './shift.css';
import { Dialog, DialogTitle } from '../../../ui/Dialog';

type Step =
  | { kind: 'loading' }
  | { kind: 'load-failed'; message: string }
  | { kind: 'counting'; expectedCents: number }
  | { kind: 'confirming'; expectedCents: number; countedCents: number }
  | { kind: 'sending'; expectedCents: number; countedCents: number }
  | { kind: 'closed'; result: CloseShiftResponse };

/**
 * Closing the shift (Alt+Z): count the drawer by bill and coin (or type the total), see expected, counted and
 * over/short as you type, confirm, then the Z report to print (P). The expected cash is the server's X report
 * figure; the server works it out again at close, and its answer is what the Z report shows.
 */
export function CloseShiftDialog({
  shiftId,
  currency,
  blockedReason,
  onClose,
  onShiftClosed,
}: {
  shiftId: string;
  currency: string;
  /** Why the shift may not close now (e.g. sales still waiting to be sent); null when it may. */
  blockedReason: string | null;
  /** Back to selling, the shift still open. */
  onClose: () => void;
  /** The shift is closed and the Z report dealt with: the till goes back to opening a shift. */
  onShiftClosed: () => void;
}) {
  const denominations = useMemo(() => denominationsOf(currency), [currency]);
  const [step, setStep] = useState<Step>({ kind: 'loading' });
  const [counts, setCounts] = useState<string[]>(() => denominations.map(() => ''));
  const [totalText, setTotalText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const inputsRef = useRef<(HTMLInputElement | null)[]>([]);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const recountRef = useRef<HTMLButtonElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is how "Try again" asks for the report again.
  useEffect(() => {
    const controller = new AbortController();
    setStep({ kind: 'loading' });
    getShiftReport(shiftId, controller.signal).then(
      (report) => setStep({ kind: 'counting', expectedCents: report.cash.expectedCashCents }),
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setStep({ kind: 'load-failed', message: describeDrawerError(error) });
        }
      },
    );
    return () => controller.abort();
  }, [shiftId, attempt]);

  useEffect(() => {
    if (step.kind === 'counting') {
      inputsRef.current[0]?.focus();
    } else if (step.kind === 'confirming') {
      (confirmRef.current ?? recountRef.current)?.focus();
    }
  }, [step.kind]);

  // A typed total wins over the bill-and-coin count.
  const typedTotal = totalText.trim() === '' ? null : parseMoneyInput(totalText);
  const byDenomination = countedCents(denominations, counts);
  const counted = totalText.trim() !== '' ? typedTotal : byDenomination;

  function review(event?: FormEvent) {
    event?.preventDefault();
    if (step.kind !== 'counting') {
      return;
    }
    if (counted === null) {
      setProblem(
        totalText.trim() !== ''
          ? 'Type the total as an amount, e.g. 412.35.'
          : 'Each count is a whole number of bills or coins.',
      );
      return;
    }
    setProblem(null);
    setStep({ kind: 'confirming', expectedCents: step.expectedCents, countedCents: counted });
  }

  async function confirmClose() {
    if (step.kind !== 'confirming' || blockedReason !== null) {
      return;
    }
    setStep({ kind: 'sending', expectedCents: step.expectedCents, countedCents: step.countedCents });
    setProblem(null);
    try {
      const result = await closeShift(shiftId, { countedCashCents: step.countedCents });
      setStep({ kind: 'closed', result });
    } catch (error) {
      setProblem(describeDrawerError(error));
      setStep({ kind: 'confirming', expectedCents: step.expectedCents, countedCents: step.countedCents });
    }
  }

  // Keys of the count: Enter or ↓ to the next field, ↑ back; Enter on the last field or Alt+Z reviews.
  function fieldKeys(event: KeyboardEvent<HTMLInputElement>, index: number) {
    const last = denominations.length; // the typed-total field comes after the counts
    if (event.key === 'Enter' || event.key === 'ArrowDown') {
      event.preventDefault();
      if (index < last) {
        inputsRef.current[index + 1]?.focus();
      } else if (event.key === 'Enter') {
        review();
      }
    } else if (event.key === 'ArrowUp' && index > 0) {
      event.preventDefault();
      inputsRef.current[index - 1]?.focus();
    }
  }

  if (step.kind === 'closed') {
    return <ZReportPanel shiftId={shiftId} result={step.result} currency={currency} onDone={onShiftClosed} />;
  }

  const money = (cents: number) => formatMoney(cents, currency);
  const expected = step.kind === 'loading' || step.kind === 'load-failed' ? null : step.expectedCents;
  const shownCounted = step.kind === 'confirming' || step.kind === 'sending' ? step.countedCents : counted;
  const overShort = expected !== null && shownCounted !== null ? shownCounted - expected : null;
  const reviewing = step.kind === 'confirming' || step.kind === 'sending';

  return (
    <Dialog
      as="form"
      className="panel register-dialog shift-close"
      onSubmit={review}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && step.kind !== 'sending') {
          event.preventDefault();
          event.stopPropagation();
          if (reviewing) {
            setStep({ kind: 'counting', expectedCents: step.expectedCents });
          } else {
            onClose();
          }
        } else if (event.altKey && event.code === 'KeyZ') {
          event.preventDefault();
          if (step.kind === 'counting') {
            review();
          } else if (step.kind === 'confirming') {
            void confirmClose();
          }
        } else if (event.key === 'Enter' && step.kind === 'confirming') {
          event.preventDefault();
          void confirmClose();
        }
      }}
      noValidate
    >
      <DialogTitle>Close the shift</DialogTitle>
      {step.kind === 'loading' && <p role="status">Working out the cash expected in the drawer…</p>}
      {step.kind === 'load-failed' && (
        <>
          <p className="alert" role="alert">
            {step.message}
          </p>
          <div className="register-setup-actions">
            <button type="button" className="button button-primary" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
            <button type="button" className="button button-secondary" onClick={onClose}>
              Back <kbd>Esc</kbd>
            </button>
          </div>
        </>
      )}
      {expected !== null && (
        <div className="shift-close-body">
          <fieldset className="shift-count" disabled={reviewing}>
            <legend className="register-muted">
              {denominations.length > 0
                ? 'Count each bill and coin, or type the total'
                : 'Type the cash counted'}
            </legend>
            {denominations.length > 0 && (
              <div className="shift-count-grid">
                {denominations.map((denomination, index) => {
                  const count = Number(counts[index] || 0);
                  return (
                    <div className="shift-count-row" key={`${denomination.kind}-${denomination.cents}`}>
                      <label htmlFor={`shift-count-${index}`}>{denomination.label}</label>
                      <input
                        id={`shift-count-${index}`}
                        ref={(element) => {
                          inputsRef.current[index] = element;
                        }}
                        className="shift-count-input"
                        inputMode="numeric"
                        autoComplete="off"
                        value={counts[index] ?? ''}
                        onKeyDown={(event) => fieldKeys(event, index)}
                        onChange={(event) => {
                          const value = event.target.value;
                          setProblem(null);
                          setCounts((current) => current.map((old, at) => (at === index ? value : old)));
                        }}
                      />
                      <span className="shift-count-line">
                        {Number.isInteger(count) && count > 0 ? money(count * denomination.cents) : ''}
                      </span>
                    </div>
                  );
                })}
              </div>
            )}
            <div className="field shift-count-total">
              <label htmlFor="shift-count-total">
                {denominations.length > 0 ? 'Or the counted total' : 'Counted total'}
              </label>
              <input
                id="shift-count-total"
                ref={(element) => {
                  inputsRef.current[denominations.length] = element;
                }}
                className="shift-money-input"
                inputMode="decimal"
                autoComplete="off"
                value={totalText}
                onKeyDown={(event) => fieldKeys(event, denominations.length)}
                onChange={(event) => {
                  setProblem(null);
                  setTotalText(event.target.value);
                }}
              />
            </div>
          </fieldset>
          <dl className="shift-close-figures" aria-live="polite">
            <div>
              <dt>Expected cash</dt>
              <dd data-testid="close-expected">{money(expected)}</dd>
            </div>
            <div>
              <dt>Counted</dt>
              <dd data-testid="close-counted">{shownCounted === null ? '—' : money(shownCounted)}</dd>
            </div>
            <div
              className={
                overShort === null || overShort === 0 ? '' : overShort > 0 ? 'shift-over' : 'shift-short'
              }
            >
              <dt>Over / short</dt>
              <dd data-testid="close-over-short">
                {overShort === null ? '—' : describeOverShort(overShort, currency)}
              </dd>
            </div>
          </dl>
        </div>
      )}
      {problem !== null && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      {step.kind === 'counting' && (
        <div className="register-setup-actions">
          <button type="submit" className="button button-primary">
            Review <kbd>Alt+Z</kbd>
          </button>
          <button type="button" className="button button-secondary" onClick={onClose}>
            Back to selling <kbd>Esc</kbd>
          </button>
        </div>
      )}
      {reviewing && (
        <>
          {blockedReason !== null ? (
            <p className="alert" role="alert" data-testid="close-blocked">
              {blockedReason}
            </p>
          ) : (
            <p>
              Close the shift with {money(step.countedCents)} in the drawer? Nothing more can be rung up on
              it.
            </p>
          )}
          <div className="register-setup-actions">
            {blockedReason === null && (
              <button
                ref={confirmRef}
                type="button"
                className="button button-primary"
                disabled={step.kind === 'sending'}
                onClick={() => void confirmClose()}
              >
                {step.kind === 'sending' ? 'Closing…' : 'Close the shift'} <kbd>Enter</kbd>
              </button>
            )}
            <button
              ref={recountRef}
              type="button"
              className="button button-secondary"
              disabled={step.kind === 'sending'}
              onClick={() => setStep({ kind: 'counting', expectedCents: step.expectedCents })}
            >
              Recount <kbd>Esc</kbd>
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
