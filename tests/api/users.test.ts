import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '../../server/db/schema';
import { type SessionClient, signIn } from '../helpers/auth';
import { makeStore, makeUser, type StoreFixture, type UserFixture } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let store: StoreFixture;
let adminUser: UserFixture;
let admin: SessionClient;

beforeAll(async () => {
  t = await createTestApp();
  store = await makeStore(t.database.db);
  adminUser = await makeUser(t.database.db, { role: 'admin' });
  admin = await signIn(t.app, adminUser.username, adminUser.password);
});
afterAll(() => t.close());

const SECRET_PATTERN = /\$2[aby]\$|passwordHash|pinHash|"password"|"pin"/;

describe('POST /api/users', () => {
  it('→ 201; password and PIN are hashed and never returned; audited without secrets', async () => {
    const response = await admin.agent
      .post('/api/users')
      .set(admin.csrf)
      .send({
        username: 'newcashier',
        name: 'New Cashier',
        password: 'long-enough-password',
        role: 'cashier',
        storeIds: [store.id],
        pin: '2468',
      });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      username: 'newcashier',
      role: 'cashier',
      storeIds: [store.id],
      hasPin: true,
      active: true,
    });
    expect(JSON.stringify(response.body)).not.toMatch(SECRET_PATTERN);
    const [row] = await t.database.db.select().from(users).where(eq(users.id, response.body.id));
    expect(row?.passwordHash).toMatch(/^\$2[aby]\$/);
    expect(row?.pinHash).toMatch(/^\$2[aby]\$/);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, response.body.id));
    expect(audit.map((a) => a.action)).toEqual(['user.created']);
    expect(JSON.stringify(audit)).not.toContain('long-enough-password');
    expect(JSON.stringify(audit)).not.toContain('2468');
    await signIn(t.app, 'newcashier', 'long-enough-password');
  });

  it('a username taken in any letter case → 409 CONFLICT naming username', async () => {
    const body = { name: 'Dup', password: 'long-enough-password', role: 'cashier', storeIds: [store.id] };
    await admin.agent
      .post('/api/users')
      .set(admin.csrf)
      .send({ ...body, username: 'dupuser' })
      .expect(201);
    const response = await admin.agent
      .post('/api/users')
      .set(admin.csrf)
      .send({ ...body, username: 'DupUser' });
    expect(response.status).toBe(409);
    expect(response.body.error.details[0].path).toBe('username');
  });

  it('short password, over-72-byte password, bad PIN, bad role → 400 naming each', async () => {
    const response = await admin.agent
      .post('/api/users')
      .set(admin.csrf)
      .send({ username: 'x', name: 'X', password: 'short', role: 'owner', storeIds: [store.id], pin: '12' });
    expect(response.status).toBe(400);
    const paths = response.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['password', 'pin', 'role', 'username']);
    const long = await admin.agent
      .post('/api/users')
      .set(admin.csrf)
      .send({
        username: 'longpw',
        name: 'X',
        password: 'é'.repeat(37),
        role: 'cashier',
        storeIds: [store.id],
      });
    expect(long.status).toBe(400);
    expect(long.body.error.details).toEqual([{ path: 'password', message: 'must be at most 72 bytes' }]);
  });

  it('an unknown store → 400 naming storeIds.N; a cashier without stores → 400', async () => {
    const unknown = await admin.agent
      .post('/api/users')
      .set(admin.csrf)
      .send({
        username: 'nostore',
        name: 'X',
        password: 'long-enough-password',
        role: 'cashier',
        storeIds: [store.id, '00000000-0000-4000-8000-000000000001'],
      });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'storeIds.1', message: 'no such store' }]);
    const none = await admin.agent.post('/api/users').set(admin.csrf).send({
      username: 'nostore2',
      name: 'X',
      password: 'long-enough-password',
      role: 'cashier',
      storeIds: [],
    });
    expect(none.status).toBe(400);
    expect(none.body.error.details[0].path).toBe('storeIds');
    const rows = await t.database.db.select().from(users).where(eq(users.username, 'nostore'));
    expect(rows).toHaveLength(0);
  });
});

describe('GET /api/users', () => {
  it('lists users with pagination and search, without secrets', async () => {
    const page1 = await admin.agent.get('/api/users?limit=2').expect(200);
    expect(page1.body.items).toHaveLength(2);
    expect(JSON.stringify(page1.body)).not.toMatch(SECRET_PATTERN);
    const page2 = await admin.agent.get(`/api/users?limit=2&cursor=${page1.body.nextCursor}`).expect(200);
    const ids1 = page1.body.items.map((u: { id: string }) => u.id);
    for (const user of page2.body.items) {
      expect(ids1).not.toContain(user.id);
    }
    const search = await admin.agent.get('/api/users?q=newcash').expect(200);
    expect(search.body.items.map((u: { username: string }) => u.username)).toEqual(['newcashier']);
  });
});

describe('PATCH /api/users/:id', () => {
  it('sets and clears the email address where store reports go; a bad address → 400 naming email', async () => {
    const user = await makeUser(t.database.db, { role: 'manager', storeIds: [store.id] });
    const set = await admin.agent
      .patch(`/api/users/${user.id}`)
      .set(admin.csrf)
      .send({ email: 'boss@example.com' });
    expect(set.status).toBe(200);
    expect(set.body.email).toBe('boss@example.com');
    const bad = await admin.agent
      .patch(`/api/users/${user.id}`)
      .set(admin.csrf)
      .send({ email: 'not-an-email' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('email');
    const cleared = await admin.agent.patch(`/api/users/${user.id}`).set(admin.csrf).send({ email: null });
    expect(cleared.body.email).toBeNull();
  });

  it('changes role, stores and PIN; clearing the PIN with null', async () => {
    const user = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const second = await makeStore(t.database.db);
    const response = await admin.agent
      .patch(`/api/users/${user.id}`)
      .set(admin.csrf)
      .send({ role: 'manager', storeIds: [store.id, second.id], pin: null, name: 'Promoted' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ role: 'manager', name: 'Promoted', hasPin: false });
    expect(response.body.storeIds.sort()).toEqual([store.id, second.id].sort());
  });

  it('the last active admin cannot be demoted or deactivated → 409', async () => {
    const only = await createTestApp();
    try {
      const soleAdmin = await makeUser(only.database.db, { role: 'admin' });
      const client = await signIn(only.app, soleAdmin.username, soleAdmin.password);
      const response = await client.agent
        .patch(`/api/users/${soleAdmin.id}`)
        .set(client.csrf)
        .send({ active: false });
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('CONFLICT');
    } finally {
      await only.close();
    }
  });

  it('unknown user → 404; unknown field → 400', async () => {
    await admin.agent
      .patch('/api/users/00000000-0000-4000-8000-000000000002')
      .set(admin.csrf)
      .send({ name: 'x' })
      .expect(404);
    const response = await admin.agent
      .patch(`/api/users/${adminUser.id}`)
      .set(admin.csrf)
      .send({ passwordHash: 'x' });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toBe('passwordHash');
  });
});

describe('access', () => {
  it('a cashier or manager calling the users admin API → 403; nobody signed in → 401', async () => {
    const cashierUser = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
    const managerUser = await makeUser(t.database.db, { role: 'manager', storeIds: [store.id] });
    const cashier = await signIn(t.app, cashierUser.username, cashierUser.password);
    const manager = await signIn(t.app, managerUser.username, managerUser.password);
    const forbidden = await cashier.agent.get('/api/users');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    await manager.agent.post(`/api/users/${cashierUser.id}/unlock`).set(manager.csrf).expect(403);
    await request(t.app).get('/api/users').expect(401);
  });
});
