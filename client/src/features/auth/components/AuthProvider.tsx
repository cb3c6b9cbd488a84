import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, onUnauthenticated, setCsrfToken } from '../../../api/http';
import type { AuthSession, User } from '../api/auth-session';
import { getMe } from '../api/get-me';
import { completeMfaLogin, type LoginCredentials, login, type SecondFactor } from '../api/login';
import { logout } from '../api/logout';
import { AuthContext, type AuthContextValue, type AuthState } from '../auth-context';
import { MfaRequiredError } from '../mfa-required-error';
import { forgetLastUser, readLastUser, saveLastUser } from '../last-user';

/** While signed in from the remembered user (no network), how often /me is asked again. */
const OFFLINE_RECHECK_MS = 15_000;

/** Holds who is signed in. Asks /me once on load, so a reload keeps the session the cookie still carries. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  // True while the user shown is the remembered one: /me could not be reached, the session is unconfirmed.
  const isRememberedRef = useRef(false);

  const applySession = useCallback((session: AuthSession) => {
    isRememberedRef.current = false;
    setCsrfToken(session.csrfToken);
    saveLastUser(session.user);
    setState({
      status: 'signed-in',
      user: session.user,
      mfaEnrolmentRequired: session.mfaEnrolmentRequired === true,
    });
  }, []);

  const forgetSession = useCallback(() => {
    isRememberedRef.current = false;
    setCsrfToken(null);
    forgetLastUser();
    setState({ status: 'signed-out' });
  }, []);

  const loadSession = useCallback(
    async (signal?: AbortSignal) => {
      try {
        applySession(await getMe(signal));
      } catch (error) {
        if (signal?.aborted) {
          return;
        }
        if (error instanceof ApiError && error.status === 401) {
          forgetSession();
          return;
        }
        setCsrfToken(null);
        // No network (not a refusal): keep the last user, so an offline till reloads into the register.
        const remembered = error instanceof ApiError && error.status === 0 ? readLastUser() : null;
        if (remembered !== null) {
          isRememberedRef.current = true;
          setState({ status: 'signed-in', user: remembered });
          return;
        }
        setState({
          status: 'unreachable',
          error:
            error instanceof ApiError
              ? error
              : new ApiError({
                  status: 0,
                  code: 'UNEXPECTED_RESPONSE',
                  message: String(error),
                  cause: error,
                }),
        });
      }
    },
    [applySession, forgetSession],
  );

  useEffect(() => {
    const controller = new AbortController();
    void loadSession(controller.signal);
    return () => controller.abort();
  }, [loadSession]);

  // Signed in from memory: confirm the session (and get its CSRF token) as soon as the server answers.
  useEffect(() => {
    const recheck = () => {
      if (!isRememberedRef.current) {
        return;
      }
      getMe().then(applySession, (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) {
          forgetSession();
        }
      });
    };
    const timer = setInterval(recheck, OFFLINE_RECHECK_MS);
    window.addEventListener('online', recheck);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', recheck);
    };
  }, [applySession, forgetSession]);

  // An idle timeout or a logout elsewhere shows up as 401 on any call: drop the user so the guard sends them to /login.
  useEffect(() => onUnauthenticated(forgetSession), [forgetSession]);

  const startSignIn = useCallback(
    async (credentials: LoginCredentials) => {
      const result = await login(credentials);
      if ('mfaRequired' in result) {
        return result;
      }
      applySession(result);
      return result.user;
    },
    [applySession],
  );

  const signIn = useCallback(
    async (credentials: LoginCredentials): Promise<User> => {
      const result = await startSignIn(credentials);
      if ('mfaRequired' in result) {
        throw new MfaRequiredError();
      }
      return result;
    },
    [startSignIn],
  );

  const completeSignIn = useCallback(
    async (request: SecondFactor): Promise<User> => {
      const session = await completeMfaLogin(request);
      applySession(session);
      return session.user;
    },
    [applySession],
  );

  const markMfaEnrolled = useCallback(() => {
    setState((current) =>
      current.status === 'signed-in' ? { ...current, mfaEnrolmentRequired: false } : current,
    );
  }, []);

  const signOut = useCallback(async () => {
    try {
      await logout();
    } catch (error) {
      // 401: the session had already ended, which is what signing out wants.
      if (!(error instanceof ApiError && error.status === 401)) {
        throw error;
      }
    }
    forgetSession();
  }, [forgetSession]);

  const reloadSession = useCallback(async () => {
    setState({ status: 'loading' });
    await loadSession();
  }, [loadSession]);

  const value = useMemo<AuthContextValue>(
    () => ({ state, signIn, startSignIn, completeSignIn, markMfaEnrolled, signOut, reloadSession }),
    [state, signIn, startSignIn, completeSignIn, markMfaEnrolled, signOut, reloadSession],
  );

  return <AuthContext value={value}>{children}</AuthContext>;
}
