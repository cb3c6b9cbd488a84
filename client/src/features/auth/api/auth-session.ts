import { type LoginResponse, loginResponseSchema } from '../../../../../shared/schemas/auth';

export type { User } from '../../../../../shared/schemas/auth';

/** What login and /me answer: the signed-in user and the CSRF token of this session. */
export type AuthSession = LoginResponse;

/** Checks a login or /me answer against the same schema the server's OpenAPI document is built from. */
export function parseAuthSession(body: unknown): AuthSession {
  const session = loginResponseSchema.parse(body);
  if (session.csrfToken === '') {
    throw new TypeError('Not an auth session');
  }
  return session;
}
