import { useEffect, useState } from 'react';
import { openOfflineDb } from '../../../offline/db';
import { RegisterOffline } from '../../../offline/register-offline';

/** Starts the register's offline machinery once this tab holds the register; stops it when the till closes. */
export function useRegisterOfflineTill(
  storeId: string,
  registerId: string,
  isHeld: boolean,
): RegisterOffline | null {
  const [offline, setOffline] = useState<RegisterOffline | null>(null);
  useEffect(() => {
    if (!isHeld) {
      return undefined;
    }
    let started: RegisterOffline | null = null;
    let isCurrent = true;
    void openOfflineDb(storeId).then((db) => {
      if (!isCurrent) {
        return;
      }
      started = new RegisterOffline(db, storeId, registerId);
      started.start();
      setOffline(started);
    });
    return () => {
      isCurrent = false;
      started?.stop();
      setOffline(null);
    };
  }, [storeId, registerId, isHeld]);
  return offline;
}
