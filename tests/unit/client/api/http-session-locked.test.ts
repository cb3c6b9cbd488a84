import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  http,
  isSessionLockedError,
  onSessionLocked,
  onUnauthenticated,
} from '../../../../client/src/api/http';

// A stand-in for the network: what the server answers to a call on an idle-locked session.
function answer401(details: { path: string; message: string }[]): void {
  vi.stubGlobal(
    'fetch',
    async () =>
      new Response(
        JSON.stringify({
          error: { code: 'UNAUTHENTICATED', message: 'Session locked', details, requestId: 'r1' },
        }),
        { status: 401, headers: { 'Content-Type': 'application/json' } },
      ),
  );
}

const identity = (body: unknown) => body;
const LOCKED = [{ path: 'session', message: 'locked' }];

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('a locked session', () => {
  it('goes to the lock listener, not the sign-out listener, while the till listens', async () => {
    answer401(LOCKED);
    const locked = vi.fn();
    const signedOut = vi.fn();
    const stopLocked = onSessionLocked(locked);
    const stopSignedOut = onUnauthenticated(signedOut);
    try {
      const error = await http.get('/api/things', { parse: identity }).catch((caught: unknown) => caught);
      expect(isSessionLockedError(error)).toBe(true);
      expect(locked).toHaveBeenCalledTimes(1);
      expect(signedOut).not.toHaveBeenCalled();
    } finally {
      stopLocked();
      stopSignedOut();
    }
  });

  it('signs out as any 401 does when nothing handles locks', async () => {
    answer401(LOCKED);
    const signedOut = vi.fn();
    const stop = onUnauthenticated(signedOut);
    try {
      await expect(http.get('/api/things', { parse: identity })).rejects.toBeInstanceOf(ApiError);
      expect(signedOut).toHaveBeenCalledTimes(1);
    } finally {
      stop();
    }
  });

  it('an expired session (401 without the lock detail) still signs out, even with a lock listener', async () => {
    answer401([]);
    const locked = vi.fn();
    const signedOut = vi.fn();
    const stopLocked = onSessionLocked(locked);
    const stopSignedOut = onUnauthenticated(signedOut);
    try {
      const error = await http.get('/api/things', { parse: identity }).catch((caught: unknown) => caught);
      expect(isSessionLockedError(error)).toBe(false);
      expect(locked).not.toHaveBeenCalled();
      expect(signedOut).toHaveBeenCalledTimes(1);
    } finally {
      stopLocked();
      stopSignedOut();
    }
  });
});
