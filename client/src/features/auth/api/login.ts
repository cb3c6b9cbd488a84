import { http } from '../../../api/http';
import { type AuthSession, parseAuthSession } from './auth-session';

export type LoginCredentials = {
  username: string;
  password: string;
};

/** Starts a cookie session. Rejects with 401 INVALID_CREDENTIALS, 423 ACCOUNT_LOCKED or 429 RATE_LIMITED. */
export function login(credentials: LoginCredentials): Promise<AuthSession> {
  return http.post('/api/auth/login', { body: credentials, parse: parseAuthSession });
}
