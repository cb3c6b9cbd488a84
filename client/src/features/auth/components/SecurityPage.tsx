import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../../api/http';
import {
  confirmMfaEnrolment,
  disableMfa,
  getMfaStatus,
  type MfaEnrolment,
  type MfaStatus,
  regenerateRecoveryCodes,
  startMfaEnrolment,
} from '../api/mfa';
import { useAuth } from '../hooks/use-auth';

function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'VALIDATION_FAILED' && error.details.length > 0) {
      return error.details
        .map((detail) => `${detail.path === 'code' ? 'Code' : detail.path}: ${detail.message}`)
        .join('; ');
    }
    return error.message;
  }
  return 'Something went wrong. Reload the page and try again.';
}

/** Shown once: the server keeps only hashes of these. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <section className="panel" aria-labelledby="recovery-codes-title">
      <h2 id="recovery-codes-title">Your recovery codes</h2>
      <p>
        Keep these somewhere safe (printed, or in a password manager). Each one signs you in once if you lose
        your phone. They are shown only now.
      </p>
      <ul className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <button type="button" className="button button-primary" onClick={onDone}>
        I have saved them
      </button>
    </section>
  );
}

/** The signed-in manager's or admin's two-factor sign-in: set up with an authenticator app, or turn off. */
export function SecurityPage() {
  const { state, markMfaEnrolled } = useAuth();
  const [status, setStatus] = useState<MfaStatus | null>(null);
  const [enrolment, setEnrolment] = useState<MfaEnrolment | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [errorMessage, setErrorMessage] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const isLimited = state.status === 'signed-in' && state.mfaEnrolmentRequired === true;

  const loadStatus = useCallback(async (signal?: AbortSignal) => {
    try {
      setStatus(await getMfaStatus(signal));
    } catch (error) {
      if (!signal?.aborted) {
        setErrorMessage(describeError(error));
      }
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void loadStatus(controller.signal);
    return () => controller.abort();
  }, [loadStatus]);

  async function run(action: () => Promise<void>) {
    setIsBusy(true);
    setErrorMessage(null);
    try {
      await action();
    } catch (error) {
      setErrorMessage(describeError(error));
    } finally {
      setIsBusy(false);
    }
  }

  function submitConfirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(async () => {
      const codes = await confirmMfaEnrolment(code.replace(/\s/g, ''));
      setEnrolment(null);
      setCode('');
      setRecoveryCodes(codes);
      markMfaEnrolled();
      await loadStatus();
    });
  }

  function submitDisable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void run(async () => {
      await disableMfa({ password, code: code.replace(/\s/g, '') });
      setPassword('');
      setCode('');
      await loadStatus();
    });
  }

  function submitRegenerate() {
    void run(async () => {
      setRecoveryCodes(await regenerateRecoveryCodes(code.replace(/\s/g, '')));
      setCode('');
      await loadStatus();
    });
  }

  const codeField = (
    <div className="field">
      <label htmlFor="mfa-code">Code from the app</label>
      <input
        id="mfa-code"
        name="code"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        value={code}
        onChange={(event) => setCode(event.target.value)}
      />
    </div>
  );

  return (
    <section className="security-page" aria-labelledby="security-title">
      <h1 id="security-title">Two-factor sign-in</h1>
      {isLimited && (
        <p className="alert" role="alert">
          Your organisation requires two-factor sign-in for managers and admins. Set it up to continue.
        </p>
      )}
      {errorMessage !== null && (
        <p className="alert" role="alert">
          {errorMessage}
        </p>
      )}
      {recoveryCodes !== null ? (
        <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />
      ) : status === null ? (
        <p>Loading…</p>
      ) : enrolment !== null ? (
        <form className="panel" onSubmit={submitConfirm} aria-labelledby="mfa-enrol-title">
          <h2 id="mfa-enrol-title">Scan with your authenticator app</h2>
          <img
            src={enrolment.qrCodeDataUrl}
            alt="QR code for your authenticator app"
            width={200}
            height={200}
          />
          <p>
            Can't scan? Enter this key in the app: <code data-testid="mfa-secret">{enrolment.secret}</code>
          </p>
          {codeField}
          <button type="submit" className="button button-primary" disabled={isBusy}>
            Turn on two-factor sign-in
          </button>
        </form>
      ) : status.enabled ? (
        <form className="panel" onSubmit={submitDisable} aria-labelledby="mfa-on-title">
          <h2 id="mfa-on-title">Two-factor sign-in is on</h2>
          <p>
            Recovery codes left: <strong data-testid="recovery-codes-left">{status.recoveryCodesLeft}</strong>
          </p>
          {codeField}
          <div className="field">
            <label htmlFor="mfa-password">Password (to turn it off)</label>
            <input
              id="mfa-password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </div>
          <button
            type="button"
            className="button button-secondary"
            disabled={isBusy}
            onClick={submitRegenerate}
          >
            New recovery codes
          </button>{' '}
          <button type="submit" className="button button-secondary" disabled={isBusy || password === ''}>
            Turn off
          </button>
        </form>
      ) : (
        <div className="panel">
          <p>
            Two-factor sign-in is off. With it on, signing in also needs a code from an authenticator app on
            your phone (Google Authenticator, Microsoft Authenticator, 1Password…).
          </p>
          <button
            type="button"
            className="button button-primary"
            disabled={isBusy}
            onClick={() => void run(async () => setEnrolment(await startMfaEnrolment()))}
          >
            Set up two-factor sign-in
          </button>
        </div>
      )}
    </section>
  );
}
