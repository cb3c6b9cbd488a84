// One register, one tab: a Web Lock named after the register, held for as long as the tab has it open.

export type RegisterLock = { release: () => void };

export function registerLockName(storeId: string, registerId: string): string {
  return `register:${storeId}:${registerId}`;
}

/**
 * Takes the register's lock if no other tab or window holds it; null when one does. Without the Web Locks
 * API (a page not served over HTTPS or localhost) the tab proceeds: the receipt counter is still taken in
 * one IndexedDB transaction, so two tabs could never share a number, only split the register's queue.
 */
export async function acquireRegisterLock(storeId: string, registerId: string): Promise<RegisterLock | null> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) {
    return { release: () => undefined };
  }
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  return new Promise<RegisterLock | null>((resolve, reject) => {
    locks
      .request(registerLockName(storeId, registerId), { ifAvailable: true }, (lock) => {
        if (lock === null) {
          resolve(null);
          return undefined;
        }
        resolve({ release });
        // The lock is held until this promise settles: when the tab closes or the till is left.
        return held;
      })
      .catch(reject);
  });
}
