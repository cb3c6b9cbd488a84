import { afterEach, describe, expect, it, vi } from 'vitest';
import { CredentialCache } from '../../../server/modules/auth/credential-cache';
import type { UserWithStores } from '../../../server/modules/users/users.repo';

afterEach(() => {
  vi.useRealTimers();
});

describe('CredentialCache', () => {
  it('answers from memory within the TTL, reloads after it, and reloads at once after forget', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const cache = new CredentialCache(5_000);
    const user = { id: 'u1' } as UserWithStores;
    const load = vi.fn(async () => user);
    await cache.user('u1', load);
    await cache.user('u1', load);
    expect(load).toHaveBeenCalledTimes(1);
    vi.setSystemTime(1_000_000 + 5_001);
    await cache.user('u1', load);
    expect(load).toHaveBeenCalledTimes(2);
    cache.forgetUser('u1');
    await cache.user('u1', load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('remembers revocation answers per token and forgets them on revoke', async () => {
    const cache = new CredentialCache();
    let revoked = false;
    const load = vi.fn(async () => revoked);
    expect(await cache.isTokenRevoked('t1', load)).toBe(false);
    revoked = true;
    expect(await cache.isTokenRevoked('t1', load)).toBe(false);
    cache.forgetToken('t1');
    expect(await cache.isTokenRevoked('t1', load)).toBe(true);
  });
});
