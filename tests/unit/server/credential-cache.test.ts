import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CredentialChange,
  CredentialCache,
  parseCredentialChange,
} from '../../../server/modules/auth/credential-cache';
import type { UserWithStores } from '../../../server/modules/users/users.repo';

afterEach(() => {
  vi.useRealTimers();
});

describe('CredentialCache', () => {
  it('answers from memory within the TTL, reloads after it, and reloads at once after forget', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: 1_000_000 });
    const cache = new CredentialCache({ ttlMs: 5_000 });
    const user = { id: 'u1' } as UserWithStores;
    const load = vi.fn(async () => user);
    await cache.user('u1', load);
    await cache.user('u1', load);
    expect(load).toHaveBeenCalledTimes(1);
    vi.setSystemTime(1_000_000 + 5_001);
    await cache.user('u1', load);
    expect(load).toHaveBeenCalledTimes(2);
    await cache.forget({ userId: 'u1' });
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
    await cache.forget({ tokenId: 't1' });
    expect(await cache.isTokenRevoked('t1', load)).toBe(true);
  });

  it('announces what it forgets, and a failed announcement is reported, not thrown', async () => {
    const announced: CredentialChange[] = [];
    const cache = new CredentialCache({ announce: async (change) => void announced.push(change) });
    await cache.forget({ userId: 'u1' });
    await cache.forget({ tokenId: 't1' });
    expect(announced).toEqual([{ userId: 'u1' }, { tokenId: 't1' }]);

    const failures: unknown[] = [];
    const failing = new CredentialCache({
      announce: async () => {
        throw new Error('database away');
      },
      onAnnounceFailed: (error) => failures.push(error),
    });
    const load = vi.fn(async () => ({ id: 'u1' }) as UserWithStores);
    await failing.user('u1', load);
    await failing.forget({ userId: 'u1' });
    expect(failures).toHaveLength(1);
    // Still forgotten here.
    await failing.user('u1', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("applies another process's announcement, and clear() forgets everything", async () => {
    const cache = new CredentialCache();
    const load = vi.fn(async () => ({ id: 'u1' }) as UserWithStores);
    const revokedLoad = vi.fn(async () => false);
    await cache.user('u1', load);
    await cache.isTokenRevoked('t1', revokedLoad);
    const change = parseCredentialChange(JSON.stringify({ userId: 'u1' }));
    expect(change).toEqual({ userId: 'u1' });
    cache.apply(change!);
    await cache.user('u1', load);
    expect(load).toHaveBeenCalledTimes(2);
    cache.clear();
    await cache.user('u1', load);
    await cache.isTokenRevoked('t1', revokedLoad);
    expect(load).toHaveBeenCalledTimes(3);
    expect(revokedLoad).toHaveBeenCalledTimes(2);
    for (const junk of [undefined, '', 'not json', '{"userId":5}', '[]', 'null']) {
      expect(parseCredentialChange(junk)).toBeNull();
    }
  });
});
