import type { UserWithStores } from '../users/users.repo';

type Entry<T> = { value: T; expiresAt: number };

/** What changed: a user (deactivated, new password, MFA…) or a revoked token. */
export type CredentialChange = { userId: string } | { tokenId: string };

/** The PostgreSQL channel on which processes announce credential changes to each other. */
export const CREDENTIALS_CHANNEL = 'pos_credentials';

export type CredentialCacheOptions = {
  ttlMs?: number;
  maxEntries?: number;
  /** Tells the app's other processes (PM2 workers, other hosts) to forget too; none with one process. */
  announce?: (change: CredentialChange) => Promise<void>;
  /** Called when an announcement could not be sent: the others then see the change after at most ttlMs. */
  onAnnounceFailed?: (error: unknown) => void;
};

/**
 * Remembers, for a few seconds, who a token or session belongs to and whether a token was revoked, so a
 * till scanning many items a second does not look its user up on every request. A change is forgotten at
 * once here and announced to the other processes, which forget it as soon as they hear (`apply`); the
 * TTL bounds how stale an entry can be when an announcement is lost (the listener was reconnecting).
 */
export class CredentialCache {
  private readonly users = new Map<string, Entry<UserWithStores | undefined>>();
  private readonly revokedTokens = new Map<string, Entry<boolean>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: CredentialCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  user(id: string, load: () => Promise<UserWithStores | undefined>): Promise<UserWithStores | undefined> {
    return this.remember(this.users, id, load);
  }

  isTokenRevoked(tokenId: string, load: () => Promise<boolean>): Promise<boolean> {
    return this.remember(this.revokedTokens, tokenId, load);
  }

  /** After a committed change: forget here and tell the other processes. Never throws. */
  async forget(change: CredentialChange): Promise<void> {
    this.apply(change);
    try {
      await this.options.announce?.(change);
    } catch (error) {
      this.options.onAnnounceFailed?.(error);
    }
  }

  /** Forgets what a change (ours or another process's) makes stale. */
  apply(change: CredentialChange): void {
    if ('userId' in change) {
      this.users.delete(change.userId);
    } else {
      this.revokedTokens.delete(change.tokenId);
    }
  }

  /** Forgets everything: after announcements may have been missed. */
  clear(): void {
    this.users.clear();
    this.revokedTokens.clear();
  }

  private async remember<T>(map: Map<string, Entry<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = map.get(key);
    if (hit && hit.expiresAt > now) {
      return hit.value;
    }
    const value = await load();
    if (map.size >= this.maxEntries) {
      map.clear();
    }
    map.set(key, { value, expiresAt: now + this.ttlMs });
    return value;
  }
}

/** Reads an announcement's payload; null for anything that is not one. */
export function parseCredentialChange(payload: string | undefined): CredentialChange | null {
  try {
    const parsed = JSON.parse(payload ?? '') as Record<string, unknown>;
    if (typeof parsed.userId === 'string') {
      return { userId: parsed.userId };
    }
    if (typeof parsed.tokenId === 'string') {
      return { tokenId: parsed.tokenId };
    }
  } catch {
    // not an announcement
  }
  return null;
}
