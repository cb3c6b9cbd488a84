import { z } from 'zod';
import { type LoginResponse, loginResponseSchema, type User } from '../../../../../shared/schemas/auth';
import { type ParkedCart, parkedCartSchema, type ParkCartInput } from '../../../../../shared/schemas/sales';
import { expectNoContent, http } from '../../../api/http';

/** Who is signed in at the till, as the app layer hands it to the register. */
export type TillUser = Pick<User, 'id' | 'username' | 'name' | 'role' | 'storeIds'>;

/** The server's SESSION_IDLE_MINUTES, from /me: the till locks its screen after the same idle time. */
export function getSessionIdleMinutes(signal?: AbortSignal): Promise<number> {
  return http.get('/api/auth/me', {
    signal,
    parse: (body) =>
      z.object({ sessionIdleMinutes: z.number().int().positive() }).parse(body).sessionIdleMinutes,
  });
}

/** Locks this session on the server too, so nothing but the PIN (or signing in) works until unlocked. */
export function lockSession(): Promise<undefined> {
  return http.post('/api/auth/lock', { parse: expectNoContent });
}

/** The signed-in user's PIN unlocks the session; 401 INVALID_CREDENTIALS for a wrong PIN. */
export function unlockSession(pin: string): Promise<LoginResponse> {
  return http.post('/api/auth/unlock', { body: { pin }, parse: (body) => loginResponseSchema.parse(body) });
}

/** Puts a cart aside so that it can be recalled on any register of the store today. */
export function parkCart(input: ParkCartInput): Promise<ParkedCart> {
  return http.post('/api/parked-carts', { body: input, parse: (body) => parkedCartSchema.parse(body) });
}
