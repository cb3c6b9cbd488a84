import { useEffect, useState } from 'react';
import { RegisterOfflineContext, useRegisterOfflineStatus } from '../../../offline/register-offline-context';
import { LoadingScreen } from '../../../ui/LoadingScreen';
import type { TillUser } from '../api/till-session';
import { useRegisterLock } from '../hooks/use-register-lock';
import { useRegisterOfflineTill } from '../hooks/use-register-offline-till';
import { useTill } from '../hooks/use-till';
import { forgetTillSettings, readTillSettings, saveTillSettings, type TillSettings } from '../till-settings';
import { OfflineBanner } from './OfflineBanner';
import { OpenShiftForm } from './OpenShiftForm';
import { RejectedSalesDialog } from './RejectedSalesDialog';
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
  const [lockAttempt, setLockAttempt] = useState(0);
  const lock = useRegisterLock(settings.storeId, settings.registerId, lockAttempt);
  if (lock === 'asking') {
    return <LoadingScreen label="Opening the till…" />;
  }
  if (lock === 'taken') {
    return (
      <section
        className="panel register-setup"
        aria-labelledby="till-taken-title"
        data-testid="register-taken"
      >
        <h1 id="till-taken-title">This register is open in another tab/window</h1>
        <p>
          Register {settings.registerId} is already selling in another tab or window of this browser. Use that
          one, or close it and press Try again. One register sells in one place only, so receipt numbers never
          repeat.
        </p>
        <div className="register-setup-actions">
          <button
            type="button"
            className="button button-primary"
            onClick={() => setLockAttempt((n) => n + 1)}
            // biome-ignore lint/a11y/noAutofocus: Enter tries again once the other tab is closed.
            autoFocus
          >
            Try again
          </button>
          <button type="button" className="button button-secondary" onClick={onChangeTill}>
            Choose another till
          </button>
        </div>
      </section>
    );
  }
  return (
    <OwnedTill
      settings={settings}
      onChangeTill={onChangeTill}
      cashier={cashier}
      signInCashier={signInCashier}
    />
  );
}

/** The till once this tab owns the register: offline machinery, banner, then the usual screens. */
function OwnedTill({
  settings,
  onChangeTill,
  cashier,
  signInCashier,
}: TillCashier & { settings: TillSettings; onChangeTill: () => void }) {
  const offline = useRegisterOfflineTill(settings.storeId, settings.registerId, true);
  const status = useRegisterOfflineStatus(offline);
  const [isRejectedOpen, setIsRejectedOpen] = useState(false);
  const { state, reload, shiftOpened } = useTill(settings);

  // Alt+Q opens the refused sales from anywhere on the till.
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.altKey && (event.key === 'q' || event.key === 'Q' || event.code === 'KeyQ')) {
        event.preventDefault();
        event.stopPropagation();
        setIsRejectedOpen(true);
      }
    };
    window.addEventListener('keydown', listener, { capture: true });
    return () => window.removeEventListener('keydown', listener, { capture: true });
  }, []);

  const store = state.status === 'ready' || state.status === 'needs-shift' ? state.store : null;
  return (
    <RegisterOfflineContext value={offline}>
      <div className="offline-till">
        {status !== null && <OfflineBanner status={status} onShowRejected={() => setIsRejectedOpen(true)} />}
        <TillScreens
          settings={settings}
          cashier={cashier}
          signInCashier={signInCashier}
          state={state}
          reload={reload}
          shiftOpened={shiftOpened}
          onChangeTill={onChangeTill}
        />
      </div>
      {isRejectedOpen && offline !== null && (
        <RejectedSalesDialog
          offline={offline}
          currency={store?.currency ?? 'USD'}
          timezone={store?.timezone ?? 'UTC'}
          onClose={() => setIsRejectedOpen(false)}
        />
      )}
    </RegisterOfflineContext>
  );
}

function TillScreens({
  settings,
  state,
  reload,
  shiftOpened,
  onChangeTill,
  cashier,
  signInCashier,
}: ReturnType<typeof useTill> & TillCashier & { settings: TillSettings; onChangeTill: () => void }) {
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
