import { type User, userSchema } from '../../../../shared/schemas/auth';

const STORAGE_KEY = 'pos.lastUser';

/**
 * Who was signed in on this browser, so a till reloaded without a network keeps its cashier instead of
 * showing a login page that cannot work. Only the public profile is kept (no token, no password).
 */
export function readLastUser(): User | null {
  try {
    const parsed = userSchema.safeParse(JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveLastUser(user: User): void {
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(user));
}

export function forgetLastUser(): void {
  window.localStorage.removeItem(STORAGE_KEY);
}
