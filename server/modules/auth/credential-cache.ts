import type { UserWithStores } from '../users/users.repo';

type Entry<T> = { value: T; expiresAt: number };

/**
 * Remembers, for a few seconds, who a token or session belongs to and whether a token was revoked, so a
 * till scanning many items a second does not look its user up on every request. This process forgets an
 * entry at once when it changes the user or revokes the token; other processes (PM2 workers) see such a
 * change after at most `ttlMs`.
 */
export class CredentialCache {
  private readonly users = new Map<string, Entry<UserWithStores | undefined>>();
  private readonly revokedTokens = new Map<string, Entry<boolean>>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 10_000,
  ) {}

  user(id: string, load: () => Promise<UserWithStores | undefined>): Promise<UserWithStores | undefined> {
    return this.remember(this.users, id, load);
  }

  isTokenRevoked(tokenId: string, load: () => Promise<boolean>): Promise<boolean> {
    return this.remember(this.revokedTokens, tokenId, load);
  }

  forgetUser(id: string): void {
    this.users.delete(id);
  }

  forgetToken(tokenId: string): void {
    this.revokedTokens.delete(tokenId);
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
