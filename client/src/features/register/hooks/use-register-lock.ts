import { useEffect, useState } from 'react';
import { acquireRegisterLock } from '../../../offline/register-lock';

export type RegisterLockState = 'asking' | 'held' | 'taken';

/** Holds this register's tab lock while mounted; `taken` when another tab or window has the register open. */
export function useRegisterLock(storeId: string, registerId: string, attempt: number): RegisterLockState {
  const [state, setState] = useState<RegisterLockState>('asking');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks for the lock again.
  useEffect(() => {
    let isCurrent = true;
    let release: (() => void) | null = null;
    setState('asking');
    // One second try: a lock just released by this same tab (a remount) may not be free yet.
    const acquire = () =>
      acquireRegisterLock(storeId, registerId).then(
        (lock) => lock ?? new Promise<null>((resolve) => setTimeout(resolve, 300, null)),
      );
    acquire()
      .then((lock) => lock ?? acquireRegisterLock(storeId, registerId))
      .then(
        (lock) => {
          if (!isCurrent) {
            lock?.release();
            return;
          }
          release = lock?.release ?? null;
          setState(lock === null ? 'taken' : 'held');
        },
        () => isCurrent && setState('held'),
      );
    return () => {
      isCurrent = false;
      release?.();
    };
  }, [storeId, registerId, attempt]);
  return state;
}
