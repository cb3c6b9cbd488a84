import { createContext } from 'react';
import type { ApiError } from '../../api/http';
import type { User } from './api/auth-session';
import type { LoginCredentials } from './api/login';

export type AuthState =
  | { status: 'loading' }
  | { status: 'signed-in'; user: User }
  | { status: 'signed-out' }
  // /me failed for another reason than 401 (network down, 503): we cannot tell whether a session exists.
  | { status: 'unreachable'; error: ApiError };

export type AuthContextValue = {
  state: AuthState;
  /** Resolves with the user once signed in; rejects with the ApiError of the login call. */
  signIn: (credentials: LoginCredentials) => Promise<User>;
  /** Ends the server session, then forgets the user; rejects (and stays signed in) if the server could not be told. */
  signOut: () => Promise<void>;
  /** Asks /me again, e.g. after the server was unreachable. */
  reloadSession: () => Promise<void>;
};

export const AuthContext = createContext<AuthContextValue | null>(null);
