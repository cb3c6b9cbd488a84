import { expectNoContent, http } from '../../../api/http';

/** Ends the session on the server (204). */
export function logout(): Promise<undefined> {
  return http.post('/api/auth/logout', { parse: expectNoContent });
}
