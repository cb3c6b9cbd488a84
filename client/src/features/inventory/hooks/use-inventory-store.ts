import { useCallback, useState } from 'react';
import type { StoreSummary } from '../../../api/stores';

function storageKey(userId: string): string {
  return `pos.inventory.store.${userId}`;
}

function readSaved(userId: string): string {
  try {
    return localStorage.getItem(storageKey(userId)) ?? '';
  } catch {
    return '';
  }
}

/**
 * The store the inventory screens are about, remembered per user on this device; falls back to the first
 * visible store when nothing (or a store no longer visible) was saved.
 */
export function useInventoryStore(userId: string, stores: readonly StoreSummary[] | undefined) {
  const [saved, setSaved] = useState(() => readSaved(userId));
  const store = stores?.find((candidate) => candidate.id === saved) ?? stores?.[0] ?? null;

  const setStoreId = useCallback(
    (storeId: string) => {
      setSaved(storeId);
      try {
        localStorage.setItem(storageKey(userId), storeId);
      } catch {
        // Private mode or full storage: the choice is just not remembered.
      }
    },
    [userId],
  );
  return { store, setStoreId };
}
