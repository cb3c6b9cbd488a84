import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog, users } from '../../server/db/schema';
import { bearerToken, signIn } from '../helpers/auth';
import { makeStore, makeUser, type StoreFixture, type UserFixture } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let store: StoreFixture;
let admin: UserFixture;

beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_IDLE_MINUTES: '15', SESSION_MAX_AGE: String(8 * 3600_000) } });
  store = await makeStore(t.database.db);
  admin = await makeUser(t.database.db, { role: 'admin' });
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

async function auditActions(userId: string): Promise<string[]> {
  const rows = await t.database.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(sql`${auditLog.actorUserId} = ${userId}`)
    .orderBy(auditLog.occurredAt);
  return rows.map((row) => row.action);
}

function sessionCookie(response: request.Response): string {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  const cookie = cookies.find((value) => value.startsWith('pos.sid='));
  expect(cookie).toBeDefined();
  return cookie!;
}

describe('POST /api/auth/login', () => {
  it('right password → 200 with user and CSRF token, an HttpOnly SameSite=Strict cookie, no secrets', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const response = await request(t.app)
      .post('/api/auth/login')
      .send({ username: cashier.username, password: cashier.password });
    expect(response.status).toBe(200);
    expect(response.body.user).toEqual({
      id: cashier.id,
      username: cashier.username,
      name: cashier.name,
      role: 'cashier',
      storeIds: [store.id],
    });
    expect(response.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const cookie = sessionCookie(response);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(JSON.stringify(response.body)).not.toMatch(/\$2[aby]\$|passwordHash|pinHash/);
    expect(await auditActions(cashier.id)).toContain('auth.login');
  });

  it('usernames are case-insensitive', async () => {
    const cashier = await makeUser(t.database.db, {
      role: 'cashier',
      storeIds: [store.id],
      username: 'CaseUser',
    });
    const response = await request(t.app)
      .post('/api/auth/login')
      .send({ username: 'caseuser', password: cashier.password });
    expect(response.status).toBe(200);
  });

  it('every login gets a new session id (no fixation)', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const agent = request.agent(t.app);
    const first = await agent
      .post('/api/auth/login')
      .send({ username: cashier.username, password: cashier.password });
    const second = await agent
      .post('/api/auth/login')
      .send({ username: cashier.username, password: cashier.password });
    expect(sessionCookie(first).split(';')[0]).not.toBe(sessionCookie(second).split(';')[0]);
  });

  it('wrong password and unknown user → the same 401 INVALID_CREDENTIALS', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const wrong = await request(t.app)
      .post('/api/auth/login')
      .send({ username: cashier.username, password: 'not-the-password' });
    const unknown = await request(t.app)
      .post('/api/auth/login')
      .send({ username: 'nobody-here', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect({ ...wrong.body.error, requestId: '' }).toEqual({ ...unknown.body.error, requestId: '' });
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(await auditActions(cashier.id)).toEqual(['auth.login_failed']);
  });

  it('a password longer than 72 bytes never matches (bcrypt would truncate it)', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const response = await request(t.app)
      .post('/api/auth/login')
      .send({ username: cashier.username, password: cashier.password + 'x'.repeat(80) });
    expect(response.status).toBe(401);
  });

  it('a deactivated user cannot sign in', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id], active: false });
    const response = await request(t.app)
      .post('/api/auth/login')
      .send({ username: cashier.username, password: cashier.password });
    expect(response.status).toBe(401);
  });

  it('the 10th consecutive failure → 423 ACCOUNT_LOCKED with Retry-After; even the right password is refused', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    for (let attempt = 1; attempt <= 9; attempt++) {
      const response = await request(t.app)
        .post('/api/auth/login')
        .send({ username: cashier.username, password: `wrong-${attempt}` });
      expect(response.status).toBe(401);
    }
    const tenth = await request(t.app)
      .post('/api/auth/login')
      .send({ username: cashier.username, password: 'wrong-10' });
    expect(tenth.status).toBe(423);
    expect(tenth.body.error.code).toBe('ACCOUNT_LOCKED');
    expect(Number(tenth.headers['retry-after'])).toBe(1800);
    const right = await request(t.app)
      .post('/api/auth/login')
      .send({ username: cashier.username, password: cashier.password });
    expect(right.status).toBe(423);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(1700);
    expect(await auditActions(cashier.id)).toContain('auth.lockout');

    // An admin lifts the lock; the count starts again.
    const adminClient = await signIn(t.app, admin.username, admin.password);
    await adminClient.agent.post(`/api/users/${cashier.id}/unlock`).set(adminClient.csrf).expect(200);
    await request(t.app)
      .post('/api/auth/login')
      .send({ username: cashier.username, password: cashier.password })
      .expect(200);
  });

  it('a lock runs out after 30 minutes', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    await t.database.db
      .update(users)
      .set({ failedLoginCount: 10, lockedUntil: new Date(Date.now() - 1000) })
      .where(sql`${users.id} = ${cashier.id}`);
    await request(t.app)
      .post('/api/auth/login')
      .send({ username: cashier.username, password: cashier.password })
      .expect(200);
  });
});

describe('login rate limit', () => {
  it('more than 5 attempts a minute from one client for one username → 429 RATE_LIMITED with Retry-After', async () => {
    const limited = await createTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '5' } });
    try {
      const cashier = await makeUser(limited.database.db, { role: 'cashier' });
      for (let attempt = 1; attempt <= 5; attempt++) {
        await request(limited.app)
          .post('/api/auth/login')
          .send({ username: cashier.username, password: 'wrong-password' })
          .expect(401);
      }
      const sixth = await request(limited.app)
        .post('/api/auth/login')
        .send({ username: cashier.username, password: cashier.password });
      expect(sixth.status).toBe(429);
      expect(sixth.body.error.code).toBe('RATE_LIMITED');
      expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
      // Another username from the same client is counted separately.
      const other = await makeUser(limited.database.db, { role: 'cashier' });
      await request(limited.app)
        .post('/api/auth/login')
        .send({ username: other.username, password: other.password })
        .expect(200);
    } finally {
      await limited.close();
    }
  });
});

describe('login rate limit across processes', () => {
  // With Redis the count is shared, so PM2 workers cannot be played off against each other. Without
  // Redis there is a single process (embedded mode), which keeps the count in memory.
  it.runIf(Boolean(process.env.REDIS_URL && process.env.TEST_DATABASE_URL))(
    'attempts on one app instance count on another sharing the same Redis',
    async () => {
      const limited = await createTestApp({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
      try {
        const cashier = await makeUser(limited.database.db, { role: 'cashier' });
        const workerB = limited.restart();
        for (let attempt = 1; attempt <= 3; attempt++) {
          await request(limited.app)
            .post('/api/auth/login')
            .send({ username: cashier.username, password: 'wrong-password' })
            .expect(401);
        }
        const onB = await request(workerB.app)
          .post('/api/auth/login')
          .send({ username: cashier.username, password: cashier.password });
        expect(onB.status).toBe(429);
      } finally {
        await limited.close();
      }
    },
  );
});

describe('sessions and CSRF', () => {
  it('GET /api/auth/me → the user and the same CSRF token', async () => {
    const client = await signIn(t.app, admin.username, admin.password);
    const me = await client.agent.get('/api/auth/me').expect(200);
    expect(me.body.user.id).toBe(admin.id);
    expect(me.body.csrfToken).toBe(client.csrfToken);
  });

  it('without a session → 401 UNAUTHENTICATED', async () => {
    const response = await request(t.app).get('/api/auth/me');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('a cookie write without the CSRF token → 403 CSRF_FAILED and nothing changes; with it → works', async () => {
    const client = await signIn(t.app, admin.username, admin.password);
    const body = {
      code: 'CSRF1',
      name: 'Csrf Store',
      timezone: 'America/Chicago',
      taxRates: { standard: '1', reduced: '0', exempt: '0' },
    };
    const missing = await client.agent.post('/api/stores').send(body);
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('CSRF_FAILED');
    const wrong = await client.agent.post('/api/stores').set('X-CSRF-Token', 'x'.repeat(43)).send(body);
    expect(wrong.status).toBe(403);
    const list = await client.agent.get('/api/stores').expect(200);
    expect(list.body.items.map((s: { code: string }) => s.code)).not.toContain('CSRF1');
    await client.agent.post('/api/stores').set(client.csrf).send(body).expect(201);
  });

  it('POST /api/auth/logout → 204 and the session is gone', async () => {
    const client = await signIn(t.app, admin.username, admin.password);
    await client.agent.post('/api/auth/logout').set(client.csrf).expect(204);
    await client.agent.get('/api/auth/me').expect(401);
  });

  it('idle past SESSION_IDLE_MINUTES → locked (401, session locked); the PIN unlocks it and keeps the session', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const client = await signIn(t.app, cashier.username, cashier.password);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 16 * 60_000 });
    const locked = await client.agent.get('/api/auth/me');
    expect(locked.status).toBe(401);
    expect(locked.body.error.details).toEqual([{ path: 'session', message: 'locked' }]);
    const wrongPin = await client.agent.post('/api/auth/unlock').set(client.csrf).send({ pin: '0000' });
    expect(wrongPin.status).toBe(401);
    expect(wrongPin.body.error.code).toBe('INVALID_CREDENTIALS');
    const unlocked = await client.agent.post('/api/auth/unlock').set(client.csrf).send({ pin: cashier.pin });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.csrfToken).toBe(client.csrfToken);
    await client.agent.get('/api/auth/me').expect(200);
    expect(await auditActions(cashier.id)).toContain('auth.unlock');
  });

  it('past SESSION_MAX_AGE the session ends, however active', async () => {
    const client = await signIn(t.app, admin.username, admin.password);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 8 * 3600_000 + 1000 });
    await client.agent.get('/api/auth/me').expect(401);
  });

  it('a password change ends the user’s sessions and tokens', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const client = await signIn(t.app, cashier.username, cashier.password);
    const token = await bearerToken(t.app, cashier.username, cashier.password);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 1500 });
    const adminClient = await signIn(t.app, admin.username, admin.password);
    await adminClient.agent
      .patch(`/api/users/${cashier.id}`)
      .set(adminClient.csrf)
      .send({ password: 'a-brand-new-password' })
      .expect(200);
    await client.agent.get('/api/auth/me').expect(401);
    await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
    await signIn(t.app, cashier.username, 'a-brand-new-password');
  });

  it('deactivating a user ends their sessions', async () => {
    const cashier = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const client = await signIn(t.app, cashier.username, cashier.password);
    const adminClient = await signIn(t.app, admin.username, admin.password);
    await adminClient.agent
      .patch(`/api/users/${cashier.id}`)
      .set(adminClient.csrf)
      .send({ active: false })
      .expect(200);
    await client.agent.get('/api/auth/me').expect(401);
  });

  it('sessions survive a restart of the app (the session store is the database or Redis, not memory)', async () => {
    const client = await signIn(t.app, admin.username, admin.password);
    const cookie = (await client.agent.get('/api/auth/me')).request.cookies;
    const restarted = t.restart();
    const me = await request(restarted.app).get('/api/auth/me').set('Cookie', cookie);
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(admin.id);
  });
});

describe('bearer tokens', () => {
  it('POST /api/auth/token → a JWT that authenticates without cookies or CSRF', async () => {
    const manager = await makeUser(t.database.db, { role: 'manager', storeIds: [store.id] });
    const response = await request(t.app)
      .post('/api/auth/token')
      .send({ username: manager.username, password: manager.password });
    expect(response.status).toBe(200);
    expect(response.body.token.split('.')).toHaveLength(3);
    expect(new Date(response.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(response.body.user.id).toBe(manager.id);
    const me = await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${response.body.token}`);
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBeNull();
  });

  it('a tampered, garbage or expired token → 401', async () => {
    const token = await bearerToken(t.app, admin.username, admin.password);
    const tampered = `${token.slice(0, -2)}xx`;
    await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${tampered}`).expect(401);
    await request(t.app).get('/api/auth/me').set('Authorization', 'Bearer not-a-jwt').expect(401);
    await request(t.app).get('/api/auth/me').set('Authorization', 'Basic abc').expect(401);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 13 * 3600_000 });
    await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('a stale token does not block public routes: a client can still ask for a new token', async () => {
    const response = await request(t.app)
      .post('/api/auth/token')
      .set('Authorization', 'Bearer expired.or.garbage')
      .send({ username: admin.username, password: admin.password });
    expect(response.status).toBe(200);
    const me = await request(t.app).get('/api/auth/me').set('Authorization', 'Bearer expired.or.garbage');
    expect(me.status).toBe(401);
    expect(me.body.error.message).toMatch(/token/i);
  });

  it('logout with a token revokes that token only', async () => {
    const first = await bearerToken(t.app, admin.username, admin.password);
    const second = await bearerToken(t.app, admin.username, admin.password);
    await request(t.app).post('/api/auth/logout').set('Authorization', `Bearer ${first}`).expect(204);
    await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${first}`).expect(401);
    await request(t.app).get('/api/auth/me').set('Authorization', `Bearer ${second}`).expect(200);
  });

  it('PIN unlock is for sessions, not tokens', async () => {
    const token = await bearerToken(t.app, admin.username, admin.password);
    const response = await request(t.app)
      .post('/api/auth/unlock')
      .set('Authorization', `Bearer ${token}`)
      .send({ pin: '4321' });
    expect(response.status).toBe(401);
  });
});
