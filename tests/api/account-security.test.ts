import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '../../server/db/schema';
import { disableInactiveUsers } from '../../server/modules/users/inactivity.service';
import { bearerToken, type SessionClient, signIn } from '../helpers/auth';
import { makeStore, makeUser, type StoreFixture } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let store: StoreFixture;
let adminClient: SessionClient;

beforeAll(async () => {
  t = await createTestApp();
  store = await makeStore(t.database.db);
  const admin = await makeUser(t.database.db, { role: 'admin' });
  adminClient = await signIn(t.app, admin.username, admin.password);
});
afterAll(() => t.close());

const DAY_MS = 24 * 3600_000;

function setPassword(userId: string, password: string) {
  return adminClient.agent.patch(`/api/users/${userId}`).set(adminClient.csrf).send({ password });
}

async function auditOf(userId: string): Promise<string[]> {
  const rows = await t.database.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(sql`${auditLog.entityId} = ${userId}`)
    .orderBy(auditLog.occurredAt);
  return rows.map((row) => row.action);
}

describe('password history', () => {
  it('a new password may not repeat any of the last 4 (400 naming password); the 5th back is allowed', async () => {
    const user = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const same = await setPassword(user.id, user.password);
    expect(same.status).toBe(400);
    expect(same.body.error.code).toBe('VALIDATION_FAILED');
    expect(same.body.error.details).toEqual([
      { path: 'password', message: 'must differ from the last 4 passwords' },
    ]);

    for (const next of ['second-password-B', 'third-password-C', 'fourth-password-D']) {
      expect((await setPassword(user.id, next)).status).toBe(200);
    }
    // Current D, before it C, B and the first: all four refused.
    for (const recent of [user.password, 'second-password-B', 'third-password-C', 'fourth-password-D']) {
      const refused = await setPassword(user.id, recent);
      expect(refused.status, recent).toBe(400);
    }
    expect((await setPassword(user.id, 'fifth-password-E')).status).toBe(200);
    // Now the first password is five back: allowed again.
    expect((await setPassword(user.id, user.password)).status).toBe(200);
    const login = await request(t.app)
      .post('/api/auth/login')
      .send({ username: user.username, password: user.password });
    expect(login.status).toBe(200);
  });
});

describe('90 days without a sign-in', () => {
  async function userLastSeen(daysAgo: number) {
    const user = await makeUser(t.database.db, { role: 'manager', storeIds: [store.id] });
    const at = new Date(Date.now() - daysAgo * DAY_MS);
    await t.database.db.update(users).set({ lastLoginAt: at, createdAt: at }).where(eq(users.id, user.id));
    return user;
  }

  it('the right password after 91 days → 403 ACCOUNT_DISABLED, account inactive, audited; then 401 as any inactive account', async () => {
    const user = await userLastSeen(91);
    const response = await request(t.app)
      .post('/api/auth/login')
      .send({ username: user.username, password: user.password });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('ACCOUNT_DISABLED');
    const [row] = await t.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.active).toBe(false);
    expect(await auditOf(user.id)).toContain('user.disabled_inactive');
    const again = await request(t.app)
      .post('/api/auth/login')
      .send({ username: user.username, password: user.password });
    expect(again.status).toBe(401);

    // An admin enables it again: the 90 days start over.
    const enabled = await adminClient.agent
      .patch(`/api/users/${user.id}`)
      .set(adminClient.csrf)
      .send({ active: true });
    expect(enabled.status).toBe(200);
    expect(await auditOf(user.id)).toContain('user.reactivated');
    const after = await request(t.app)
      .post('/api/auth/login')
      .send({ username: user.username, password: user.password });
    expect(after.status).toBe(200);
  });

  it('a wrong password after 91 days → 401 and the account is left alone; 89 days → signs in', async () => {
    const stale = await userLastSeen(91);
    const wrong = await request(t.app)
      .post('/api/auth/login')
      .send({ username: stale.username, password: 'wrong-password-x' });
    expect(wrong.status).toBe(401);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, stale.id));
    expect(row!.active).toBe(true);
    const recent = await userLastSeen(89);
    const ok = await request(t.app)
      .post('/api/auth/login')
      .send({ username: recent.username, password: recent.password });
    expect(ok.status).toBe(200);
  });

  it('disableInactiveUsers (for the maintenance job) disables exactly the accounts past 90 days and ends their sessions', async () => {
    const fresh = await userLastSeen(10);
    const stale = await userLastSeen(120);
    const staleClient = await signIn(t.app, fresh.username, fresh.password);
    const disabled = await disableInactiveUsers({ db: t.database.db }, new Date());
    expect(disabled).toContain(stale.id);
    expect(disabled).not.toContain(fresh.id);
    const rows = await t.database.db.select({ id: users.id, active: users.active }).from(users);
    expect(rows.find((r) => r.id === stale.id)?.active).toBe(false);
    expect(rows.find((r) => r.id === fresh.id)?.active).toBe(true);
    expect((await staleClient.agent.get('/api/auth/me')).status).toBe(200);
  });
});

describe("a deactivated user's sessions and tokens end at once", () => {
  it('session and bearer token → 401 on the very next request', async () => {
    const user = await makeUser(t.database.db, { role: 'manager', storeIds: [store.id] });
    const client = await signIn(t.app, user.username, user.password);
    const token = await bearerToken(t.app, user.username, user.password);
    // Both are in use (and cached) before the change.
    expect((await client.agent.get('/api/stores')).status).toBe(200);
    expect((await request(t.app).get('/api/stores').set('Authorization', `Bearer ${token}`)).status).toBe(
      200,
    );

    const off = await adminClient.agent
      .patch(`/api/users/${user.id}`)
      .set(adminClient.csrf)
      .send({ active: false });
    expect(off.status).toBe(200);
    expect((await client.agent.get('/api/stores')).status).toBe(401);
    expect((await request(t.app).get('/api/stores').set('Authorization', `Bearer ${token}`)).status).toBe(
      401,
    );
    // Enabling the account again does not bring old credentials back.
    await adminClient.agent.patch(`/api/users/${user.id}`).set(adminClient.csrf).send({ active: true });
    expect((await client.agent.get('/api/stores')).status).toBe(401);
    expect((await request(t.app).get('/api/stores').set('Authorization', `Bearer ${token}`)).status).toBe(
      401,
    );
  });

  it('another worker (its own credential cache) stops accepting them within the cache TTL (5 s)', async () => {
    const user = await makeUser(t.database.db, { role: 'manager', storeIds: [store.id] });
    const token = await bearerToken(t.app, user.username, user.password);
    const otherWorker = t.restart();
    expect(
      (await request(otherWorker.app).get('/api/stores').set('Authorization', `Bearer ${token}`)).status,
    ).toBe(200);
    await adminClient.agent.patch(`/api/users/${user.id}`).set(adminClient.csrf).send({ active: false });
    // The bound is the cache's TTL (5 s); polling keeps this free of timing assumptions on a busy machine.
    const started = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - started < 15_000) {
      status = (await request(otherWorker.app).get('/api/stores').set('Authorization', `Bearer ${token}`))
        .status;
      if (status === 200) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    expect(status).toBe(401);
  });
});
