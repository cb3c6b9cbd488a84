import { registerIdSchema } from '../../../../shared/schemas/shifts';

/** Which store and register this browser is: remembered across reloads and sign-ins. */
export type TillSettings = { storeId: string; registerId: string };

const STORAGE_KEY = 'pos.till';

/** The part of Web Storage used here (the browser's localStorage; a Map in unit tests). */
export type SettingsStorage = {
  getItem: (key: string) => string | null;
  setItem: (key: string, value: string) => void;
  removeItem: (key: string) => void;
};

export function readTillSettings(storage: Pick<SettingsStorage, 'getItem'>): TillSettings | null {
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

export function saveTillSettings(settings: TillSettings, storage: Pick<SettingsStorage, 'setItem'>): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(settings));
}

export function forgetTillSettings(storage: Pick<SettingsStorage, 'removeItem'>): void {
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
