import { type FormEvent, useState } from 'react';
import { ApiError } from '../../../api/http';
import type { SecondFactor } from '../api/login';
import type { User } from '../api/auth-session';
import { describeLoginError } from '../describe-login-error';

type SecondFactorFormProps = {
  challengeId: string;
  completeSignIn: (request: SecondFactor) => Promise<User>;
  /** The challenge expired (or the user wants another account): back to username and password. */
  startOver: () => void;
};

/** The second sign-in step: the 6-digit code from the authenticator app, or one of the recovery codes. */
export function SecondFactorForm({ challengeId, completeSignIn, startOver }: SecondFactorFormProps) {
  const [isRecovery, setIsRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [errorMessage, setErrorMessage] = useState<string | null>(null);

  async function submitCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSubmitting) {
      return;
    }
    setIsSubmitting(true);
    setErrorMessage(null);
    try {
      const entered = value.trim();
      // On success the auth state changes and the sign-in page redirects.
      await completeSignIn(
        isRecovery
          ? { challengeId, recoveryCode: entered }
          : { challengeId, code: entered.replace(/\s/g, '') },
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
        startOver();
        return;
      }
      setErrorMessage(
        error instanceof ApiError && error.code === 'INVALID_CREDENTIALS'
          ? 'That code is wrong or was already used. Try the next code from the app.'
          : describeLoginError(error),
      );
      setValue('');
      setIsSubmitting(false);
    }
  }

  const inputId = isRecovery ? 'login-recovery-code' : 'login-mfa-code';
  return (
    <form className="panel login-form" onSubmit={submitCode}>
      <h1 className="login-title">Two-factor sign-in</h1>
      <p className="login-subtitle">
        {isRecovery
          ? 'Enter one of your recovery codes. Each works only once.'
          : 'Enter the 6-digit code from your authenticator app.'}
      </p>
      <div className="field">
        <label htmlFor={inputId}>{isRecovery ? 'Recovery code' : 'Authentication code'}</label>
        <input
          key={inputId}
          id={inputId}
          name={isRecovery ? 'recoveryCode' : 'code'}
          type="text"
          inputMode={isRecovery ? 'text' : 'numeric'}
          autoComplete="one-time-code"
          autoCapitalize="none"
          spellCheck={false}
          required
          // biome-ignore lint/a11y/noAutofocus: the code is the only thing to type on this step.
          autoFocus
          value={value}
          onChange={(event) => setValue(event.target.value)}
        />
      </div>
      {errorMessage !== null && (
        <p className="alert" role="alert">
          {errorMessage}
        </p>
      )}
      <button type="submit" className="button button-primary button-block" disabled={isSubmitting}>
        {isSubmitting ? 'Checking…' : 'Verify'}
      </button>
      <button
        type="button"
        className="button button-secondary button-block"
        onClick={() => {
          setIsRecovery(!isRecovery);
          setValue('');
          setErrorMessage(null);
        }}
      >
        {isRecovery ? 'Use a code from the app instead' : 'Use a recovery code'}
      </button>
      <button type="button" className="button button-secondary button-block" onClick={startOver}>
        Back to sign-in
      </button>
    </form>
  );
}
