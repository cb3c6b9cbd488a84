import { createContext, useContext, useSyncExternalStore } from 'react';
import type { RegisterOffline, RegisterOfflineStatus } from './register-offline';

/** The register's offline machinery, given by RegisterPage to the selling screen. */
export const RegisterOfflineContext = createContext<RegisterOffline | null>(null);

export function useRegisterOffline(): RegisterOffline | null {
  return useContext(RegisterOfflineContext);
}

const NO_STATUS = null;

/** The live status (online, queue, catalog) for banners; null outside a register. */
export function useRegisterOfflineStatus(offline: RegisterOffline | null): RegisterOfflineStatus | null {
  return useSyncExternalStore(
    (listener) => (offline ? offline.subscribe(listener) : () => undefined),
    () => (offline ? offline.getStatus() : NO_STATUS),
  );
}
