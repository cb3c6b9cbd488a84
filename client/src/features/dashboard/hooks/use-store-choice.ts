import { useCallback, useEffect, useState } from 'react';

/** The stores ticked in the picker; an empty list means every store the user may see. */
export type StoreChoice = string[];

function storageKey(userId: string): string {
  return `pos.dashboard.stores.${userId}`;
}

function readChoice(userId: string): StoreChoice {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(storageKey(userId)) ?? '[]');
    return Array.isArray(saved) ? saved.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** The store choice, remembered per user on this device. Ids of stores no longer visible are dropped. */
export function useStoreChoice(userId: string, visibleStoreIds: readonly string[] | undefined) {
  const [choice, setChoiceState] = useState<StoreChoice>(() => readChoice(userId));

  const setChoice = useCallback(
    (next: StoreChoice) => {
      setChoiceState(next);
      try {
        localStorage.setItem(storageKey(userId), JSON.stringify(next));
      } catch {
        // Private mode or a full storage: the choice just is not remembered.
      }
    },
    [userId],
  );

  useEffect(() => {
    if (visibleStoreIds === undefined) {
      return;
    }
    const kept = choice.filter((id) => visibleStoreIds.includes(id));
    if (kept.length !== choice.length) {
      setChoice(kept);
    }
  }, [visibleStoreIds, choice, setChoice]);

  // Every store ticked is the same as "all": ask without ids so new stores show up too.
  const effective =
    visibleStoreIds === undefined
      ? null
      : choice.length === 0 || visibleStoreIds.every((id) => choice.includes(id))
        ? []
        : choice.filter((id) => visibleStoreIds.includes(id));
  return { choice, setChoice, storeIds: effective };
}
