import { useContext } from 'react';
import type { User } from '../api/auth-session';
import { AuthContext, type AuthContextValue } from '../auth-context';

export function useAuth(): AuthContextValue {
  const auth = useContext(AuthContext);
  if (auth === null) {
    throw new Error('useAuth must be used inside <AuthProvider>');
  }
  return auth;
}

/** For screens behind RequireAuth, where a user is guaranteed. */
export function useSignedInUser(): User {
  const { state } = useAuth();
  if (state.status !== 'signed-in') {
    throw new Error('useSignedInUser must be used behind RequireAuth');
  }
  return state.user;
}
