import { useCallback, useEffect, useState } from 'react';
import { type Shift, getCurrentShift } from '../api/get-current-shift';
import { getStore } from '../api/get-store';
import type { Store } from '../api/list-stores';
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
    const controller = new AbortController();
    setState({ status: 'loading' });
    Promise.all([
      getStore(settings.storeId, controller.signal),
      getCurrentShift(settings.storeId, settings.registerId, controller.signal),
    ]).then(
      ([store, shift]) =>
        setState(shift === null ? { status: 'needs-shift', store } : { status: 'ready', store, shift }),
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setState({ status: 'error', message: describeSetupError(error) });
        }
      },
    );
    return () => controller.abort();
  }, [settings.storeId, settings.registerId, attempt]);

  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  const shiftOpened = useCallback(
    (shift: Shift) =>
      setState((current) =>
        current.status === 'needs-shift' ? { status: 'ready', store: current.store, shift } : current,
      ),
    [],
  );
  return { state, reload, shiftOpened };
}
