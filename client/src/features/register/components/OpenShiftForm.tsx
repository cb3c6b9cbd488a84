import { type FormEvent, useState } from 'react';
import type { Shift } from '../api/get-current-shift';
import type { Store } from '../api/list-stores';
import { openShift } from '../api/open-shift';
import { describeSetupError } from '../describe-register-error';
import { formatMoney, parseMoneyInput } from '../money';

/** No shift is open on this register: count the float in the drawer and open one. */
export function OpenShiftForm({
  store,
  registerId,
  onOpened,
  onChangeTill,
}: {
  store: Store;
  registerId: string;
  onOpened: (shift: Shift) => void;
  onChangeTill: () => void;
}) {
  const [floatText, setFloatText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [isOpening, setIsOpening] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const openingFloatCents = parseMoneyInput(floatText);
    if (openingFloatCents === null) {
      setProblem('Type the cash counted in the drawer, e.g. 150 or 150.00.');
      return;
    }
    setIsOpening(true);
    setProblem(null);
    try {
      onOpened(await openShift({ storeId: store.id, registerId, openingFloatCents }));
    } catch (error) {
      setProblem(describeSetupError(error));
      setIsOpening(false);
    }
  }

  const counted = parseMoneyInput(floatText);
  return (
    <form className="panel register-setup" onSubmit={submit} aria-labelledby="open-shift-title">
      <h1 id="open-shift-title">Open the shift</h1>
      <p>
        <strong>{store.name}</strong> · register <strong>{registerId}</strong>
      </p>
      <p className="register-muted">Count the cash in the drawer before the first sale.</p>
      <div className="field">
        <label htmlFor="open-shift-float">Opening float</label>
        <input
          id="open-shift-float"
          inputMode="decimal"
          autoComplete="off"
          placeholder="150.00"
          // biome-ignore lint/a11y/noAutofocus: counting the float is the only thing to do on this screen.
          autoFocus
          value={floatText}
          onChange={(event) => setFloatText(event.target.value)}
        />
        {counted !== null && (
          <span className="register-muted">{formatMoney(counted, store.currency)} in the drawer</span>
        )}
      </div>
      {problem !== null && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      <div className="register-setup-actions">
        <button type="submit" className="button button-primary" disabled={isOpening}>
          {isOpening ? 'Opening…' : 'Open shift'}
        </button>
        <button type="button" className="button button-secondary" onClick={onChangeTill}>
          Choose another till
        </button>
      </div>
    </form>
  );
}
