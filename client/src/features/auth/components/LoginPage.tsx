import { type FormEvent, useRef, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { config } from '../../../config';
import { LoadingScreen } from '../../../ui/LoadingScreen';
import { describeLoginError } from '../describe-login-error';
import { useAuth } from '../hooks/use-auth';
import { SecondFactorForm } from './SecondFactorForm';

/** Where RequireAuth wanted to go; only same-app paths, never `//host` or a full URL. */
function returnPath(locationState: unknown): string {
  if (typeof locationState === 'object' && locationState !== null && 'from' in locationState) {
    const { from } = locationState;
    if (typeof from === 'string' && from.startsWith('/') && !from.startsWith('//')) {
      return from;
    }
  }
  return '/';
}

export function LoginPage() {
  const { state, startSignIn, completeSignIn } = useAuth();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [errorMessage, setErrorMessage] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  // Set once the password was right for a user with two-factor sign-in: the code step replaces the form.
  const [challengeId, setChallengeId] = useState<string | null>(null);

  if (state.status === 'loading') {
    return <LoadingScreen label="Checking your session…" />;
  }
  if (state.status === 'signed-in') {
    return <Navigate to={returnPath(location.state)} replace />;
  }

  async function submitCredentials(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isSubmitting) {
      return;
    }
    setIsSubmitting(true);
    setErrorMessage(null);
    try {
      // On success the auth state changes and this page renders the redirect above.
      const result = await startSignIn({ username: username.trim(), password });
      if (typeof result === 'object' && 'mfaRequired' in result) {
        setPassword('');
        setChallengeId(result.challengeId);
        setIsSubmitting(false);
      }
    } catch (error) {
      setErrorMessage(describeLoginError(error));
      setPassword('');
      setIsSubmitting(false);
      passwordRef.current?.focus();
    }
  }

  if (challengeId !== null) {
    return (
      <main className="login-screen">
        <SecondFactorForm
          challengeId={challengeId}
          completeSignIn={completeSignIn}
          startOver={() => setChallengeId(null)}
        />
      </main>
    );
  }

  return (
    <main className="login-screen">
      <form className="panel login-form" onSubmit={submitCredentials}>
        <h1 className="login-title">{config.appName}</h1>
        <p className="login-subtitle">Sign in to start selling.</p>

        <div className="field">
          <label htmlFor="login-username">Username</label>
          <input
            id="login-username"
            name="username"
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            required
            // biome-ignore lint/a11y/noAutofocus: signing in is the only thing to do on this screen; the cashier starts typing at once.
            autoFocus
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </div>

        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input
            id="login-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            ref={passwordRef}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>

        {errorMessage !== null && (
          <p className="alert" role="alert">
            {errorMessage}
          </p>
        )}

        <button type="submit" className="button button-primary button-block" disabled={isSubmitting}>
          {isSubmitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
