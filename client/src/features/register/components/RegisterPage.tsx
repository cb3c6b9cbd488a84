import { useState } from 'react';
import { LoadingScreen } from '../../../ui/LoadingScreen';
import type { TillUser } from '../api/till-session';
import { useTill } from '../hooks/use-till';
import { forgetTillSettings, readTillSettings, saveTillSettings, type TillSettings } from '../till-settings';
import { OpenShiftForm } from './OpenShiftForm';
import { SellScreen } from './SellScreen';
import type { CashierCredentials } from './TillLockLayer';
import { TillSetupForm } from './TillSetupForm';
import './register.css';

/** Who sells at the till, handed down by the app layer (the register does not reach into the auth feature). */
export type TillCashier = {
  cashier: TillUser;
  /** Signs another cashier in at this till; resolves with who signed in. */
  signInCashier: (credentials: CashierCredentials) => Promise<TillUser>;
};

/** The till: which store and register this is, the open shift, then selling. */
export function RegisterPage({ cashier, signInCashier }: TillCashier) {
  const [settings, setSettings] = useState<TillSettings | null>(() => readTillSettings(window.localStorage));

  if (settings === null) {
    return (
      <TillSetupForm
        onChosen={(chosen) => {
          saveTillSettings(chosen, window.localStorage);
          setSettings(chosen);
        }}
      />
    );
  }
  return (
    <ConfiguredTill
      // A different till is a fresh screen: nothing of the other register's state carries over.
      key={`${settings.storeId}/${settings.registerId}`}
      settings={settings}
      cashier={cashier}
      signInCashier={signInCashier}
      onChangeTill={() => {
        forgetTillSettings(window.localStorage);
        setSettings(null);
      }}
    />
  );
}

function ConfiguredTill({
  settings,
  onChangeTill,
  cashier,
  signInCashier,
}: TillCashier & { settings: TillSettings; onChangeTill: () => void }) {
  const { state, reload, shiftOpened } = useTill(settings);

  switch (state.status) {
    case 'loading':
      return <LoadingScreen label="Opening the till…" />;
    case 'error':
      return (
        <section className="panel register-setup" aria-labelledby="till-error-title">
          <h1 id="till-error-title">The till could not open</h1>
          <p className="alert" role="alert">
            {state.message}
          </p>
          <div className="register-setup-actions">
            <button type="button" className="button button-primary" onClick={reload}>
              Try again
            </button>
            <button type="button" className="button button-secondary" onClick={onChangeTill}>
              Choose another till
            </button>
          </div>
        </section>
      );
    case 'needs-shift':
      return (
        <OpenShiftForm
          store={state.store}
          registerId={settings.registerId}
          onOpened={shiftOpened}
          onChangeTill={onChangeTill}
        />
      );
    case 'ready':
      return (
        <SellScreen
          store={state.store}
          shift={state.shift}
          registerId={settings.registerId}
          cashier={cashier}
          signInCashier={signInCashier}
          // The shift is closed: ask again, and the till finds no open shift and offers to open one.
          onShiftClosed={reload}
        />
      );
  }
}
