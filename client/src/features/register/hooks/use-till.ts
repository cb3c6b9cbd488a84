import { useCallback, useEffect, useState } from 'react';
import { type Shift, getCurrentShift } from '../api/get-current-shift';
import { getStore } from '../api/get-store';
import type { Store } from '../api/list-stores';
import { openOfflineDb, readMeta, readRememberedShift, rememberShift, writeMeta } from '../../../offline/db';
import { isUnreachable } from '../../../offline/register-offline';
import { describeSetupError } from '../describe-register-error';
import type { TillSettings } from '../till-settings';

export type TillState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'needs-shift'; store: Store }
  | { status: 'ready'; store: Store; shift: Shift };

/** The chosen store's settings and the register's open shift, asked for again with `reload`. */
export function useTill(settings: TillSettings): {
  state: TillState;
  reload: () => void;
  shiftOpened: (shift: Shift) => void;
} {
  const [state, setState] = useState<TillState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is how reload() asks for the load again.
  useEffect(() => {
    const till = { storeId: settings.storeId, registerId: settings.registerId };
    const controller = new AbortController();
    setState({ status: 'loading' });
    Promise.all([
      getStore(settings.storeId, controller.signal),
      getCurrentShift(settings.storeId, settings.registerId, controller.signal),
    ])
      .then(
        async ([store, shift]) => {
          // Kept for the next time the till opens without a network.
          await rememberTill(till, store, shift).catch(() => undefined);
          return shift === null
            ? ({ status: 'needs-shift', store } as const)
            : ({ status: 'ready', store, shift } as const);
        },
        async (error: unknown): Promise<TillState> => {
          const remembered = isUnreachable(error) ? await readRememberedTill(till).catch(() => null) : null;
          return remembered ?? { status: 'error', message: describeSetupError(error) };
        },
      )
      .then((next) => {
        if (!controller.signal.aborted) {
          setState(next);
        }
      });
    return () => controller.abort();
  }, [settings.storeId, settings.registerId, attempt]);

  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  const shiftOpened = useCallback(
    (shift: Shift) => {
      void openOfflineDb(settings.storeId)
        .then((db) => rememberShift(db, settings.registerId, shift))
        .catch(() => undefined);
      setState((current) =>
        current.status === 'needs-shift' ? { status: 'ready', store: current.store, shift } : current,
      );
    },
    [settings.storeId, settings.registerId],
  );
  return { state, reload, shiftOpened };
}

async function rememberTill(settings: TillSettings, store: Store, shift: Shift | null): Promise<void> {
  const db = await openOfflineDb(settings.storeId);
  await writeMeta(db, 'store', store);
  await rememberShift(db, settings.registerId, shift);
}

/** The store's settings and open shift as last seen online: the till sells on them while the API is away. */
async function readRememberedTill(settings: TillSettings): Promise<TillState | null> {
  const db = await openOfflineDb(settings.storeId);
  const store = await readMeta(db, 'store');
  if (!store) {
    return null;
  }
  const shift = await readRememberedShift(db, settings.registerId);
  return shift === null ? { status: 'needs-shift', store } : { status: 'ready', store, shift };
}
