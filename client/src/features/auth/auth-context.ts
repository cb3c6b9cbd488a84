import { createContext } from 'react';
import type { ApiError } from '../../api/http';
import type { User } from './api/auth-session';
import type { LoginCredentials, MfaChallenge, SecondFactor } from './api/login';

export type AuthState =
  | { status: 'loading' }
  // mfaEnrolmentRequired: REQUIRE_MFA and no second factor yet; only the Security page works until it is set up.
  | { status: 'signed-in'; user: User; mfaEnrolmentRequired?: boolean }
  | { status: 'signed-out' }
  // /me failed for another reason than 401 (network down, 503): we cannot tell whether a session exists.
  | { status: 'unreachable'; error: ApiError };

export type AuthContextValue = {
  state: AuthState;
  /** Resolves with the user once signed in; rejects with the ApiError of the login call. */
  signIn: (credentials: LoginCredentials) => Promise<User>;
  /**
   * Like signIn, but a user with two-factor sign-in gets the challenge to answer with completeSignIn.
   * (signIn itself rejects with MfaRequiredError for them: the till's quick sign-in has no code step.)
   */
  startSignIn: (credentials: LoginCredentials) => Promise<User | MfaChallenge>;
  completeSignIn: (request: SecondFactor) => Promise<User>;
  /** After enrolling a second factor: the session is no longer limited. */
  markMfaEnrolled: () => void;
  /** Ends the server session, then forgets the user; rejects (and stays signed in) if the server could not be told. */
  signOut: () => Promise<void>;
  /** Asks /me again, e.g. after the server was unreachable. */
  reloadSession: () => Promise<void>;
};

export const AuthContext = createContext<AuthContextValue | null>(null);
