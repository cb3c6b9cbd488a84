import { mfaChallengeResponseSchema } from '../../../../../shared/schemas/auth';
import { http } from '../../../api/http';
import { type AuthSession, parseAuthSession } from './auth-session';

export type LoginCredentials = {
  username: string;
  password: string;
};

/** The password was right; the user has two-factor sign-in, so a code must follow (completeMfaLogin). */
export type MfaChallenge = { mfaRequired: true; challengeId: string; expiresAt: string };

/**
 * Starts a cookie session, or answers the MFA challenge of a manager or admin with two-factor sign-in.
 * Rejects with 401 INVALID_CREDENTIALS, 403 ACCOUNT_DISABLED, 423 ACCOUNT_LOCKED or 429 RATE_LIMITED.
 */
export function login(credentials: LoginCredentials): Promise<AuthSession | MfaChallenge> {
  return http.post('/api/auth/login', {
    body: credentials,
    parse: (body) => {
      const challenge = mfaChallengeResponseSchema.safeParse(body);
      return challenge.success ? challenge.data : parseAuthSession(body);
    },
  });
}

export type SecondFactor = { challengeId: string; code?: string; recoveryCode?: string };

/** The second step: the challenge plus a code from the app or a recovery code; starts the cookie session. */
export function completeMfaLogin(request: SecondFactor): Promise<AuthSession> {
  return http.post('/api/auth/login/mfa', { body: request, parse: parseAuthSession });
}
