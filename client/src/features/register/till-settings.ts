import { registerIdSchema } from '../../../../shared/schemas/shifts';

/** Which store and register this browser is: remembered across reloads and sign-ins. */
export type TillSettings = { storeId: string; registerId: string };

const STORAGE_KEY = 'pos.till';

export function readTillSettings(storage: Pick<Storage, 'getItem'> = localStorage): TillSettings | null {
  let value: unknown;
  try {
    value = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const { storeId, registerId } = value as Record<string, unknown>;
  if (typeof storeId !== 'string' || !registerIdSchema.safeParse(registerId).success) {
    return null;
  }
  return { storeId, registerId: registerId as string };
}

export function saveTillSettings(
  settings: TillSettings,
  storage: Pick<Storage, 'setItem'> = localStorage,
): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(settings));
}

export function forgetTillSettings(storage: Pick<Storage, 'removeItem'> = localStorage): void {
  storage.removeItem(STORAGE_KEY);
}

/** A problem with a typed register id, or null when it is fine. */
export function registerIdProblem(registerId: string): string | null {
  if (registerId.trim() === '') {
    return 'Type the register name, e.g. till-1.';
  }
  return registerIdSchema.safeParse(registerId.trim()).success
    ? null
    : 'Use letters, digits, dots, dashes or underscores (up to 64), e.g. till-1.';
}
