import { http } from '../../../api/http';
import { type AuthSession, parseAuthSession } from './auth-session';

/** The current session's user and CSRF token; rejects with 401 when nobody is signed in. */
export function getMe(signal?: AbortSignal): Promise<AuthSession> {
  return http.get('/api/auth/me', { signal, parse: parseAuthSession });
}
