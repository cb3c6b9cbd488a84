import { useCallback, useEffect, useRef, useState } from 'react';
import { onSessionLocked } from '../../../api/http';
import { getSessionIdleMinutes, lockSession } from '../api/till-session';

// The server's default; used only until /me answers (the server locks the session on its own clock anyway).
const DEFAULT_IDLE_MINUTES = 15;
const CHECK_EVERY_MS = 5_000;

/**
 * Whether the till is locked: after the server's SESSION_IDLE_MINUTES without a key or a touch, when asked
 * (Alt+L), or when the server says the session is locked. Locking covers the screen only: the cart and any
 * open dialog stay in memory underneath.
 */
export function useTillLock(): { locked: boolean; lock: () => void; unlocked: () => void } {
  const [locked, setLocked] = useState(false);
  const idleMsRef = useRef(DEFAULT_IDLE_MINUTES * 60_000);
  const lastActivityRef = useRef(Date.now());
  const lockedRef = useRef(false);

  const lock = useCallback(() => {
    if (lockedRef.current) {
      return;
    }
    lockedRef.current = true;
    setLocked(true);
    // Lock the server session too, so nothing but the PIN works; the screen is locked whatever it answers.
    lockSession().catch(() => undefined);
  }, []);

  const unlocked = useCallback(() => {
    lockedRef.current = false;
    lastActivityRef.current = Date.now();
    setLocked(false);
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    getSessionIdleMinutes(controller.signal).then(
      (minutes) => {
        idleMsRef.current = minutes * 60_000;
      },
      () => undefined,
    );
    return () => controller.abort();
  }, []);

  useEffect(() => {
    const noteActivity = () => {
      if (!lockedRef.current) {
        lastActivityRef.current = Date.now();
      }
    };
    window.addEventListener('keydown', noteActivity, true);
    window.addEventListener('pointerdown', noteActivity, true);
    const timer = window.setInterval(() => {
      if (!lockedRef.current && Date.now() - lastActivityRef.current >= idleMsRef.current) {
        lock();
      }
    }, CHECK_EVERY_MS);
    // Any call answered "session locked" (the server's idle clock ran out first) shows the lock screen.
    const stopListening = onSessionLocked(() => {
      lockedRef.current = true;
      setLocked(true);
    });
    return () => {
      window.removeEventListener('keydown', noteActivity, true);
      window.removeEventListener('pointerdown', noteActivity, true);
      window.clearInterval(timer);
      stopListening();
    };
  }, [lock]);

  return { locked, lock, unlocked };
}
