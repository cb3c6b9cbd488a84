import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../server/db/schema';
import { recordAudit } from '../../server/modules/audit/audit.service';
import { type SessionClient, signIn } from '../helpers/auth';
import { makeStore, makeUser, type StoreFixture } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let own: StoreFixture;
let other: StoreFixture;
let admin: SessionClient;
let manager: SessionClient;

beforeAll(async () => {
  t = await createTestApp();
  own = await makeStore(t.database.db);
  other = await makeStore(t.database.db);
  const a = await makeUser(t.database.db, { role: 'admin' });
  const m = await makeUser(t.database.db, { role: 'manager', storeIds: [own.id] });
  admin = await signIn(t.app, a.username, a.password);
  manager = await signIn(t.app, m.username, m.password);
  // Store changes through the API (audited with the store), plus entries written directly for the filters.
  await admin.agent.patch(`/api/stores/${own.id}`).set(admin.csrf).send({ receiptFooter: 'own' }).expect(200);
  await admin.agent
    .patch(`/api/stores/${other.id}`)
    .set(admin.csrf)
    .send({ receiptFooter: 'other' })
    .expect(200);
  await recordAudit(t.database.db, { action: 'test.old', storeId: own.id, details: { n: 1 } });
});
afterAll(() => t.close());

describe('GET /api/audit-log', () => {
  it('an admin sees every entry, newest first, including sign-ins', async () => {
    const response = await admin.agent.get('/api/audit-log?limit=500').expect(200);
    const actions = response.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'store.updated', 'test.old']));
    const times = response.body.items.map((e: { occurredAt: string }) => e.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    const login = response.body.items.find((e: { action: string }) => e.action === 'auth.login');
    expect(login).toMatchObject({ ip: expect.any(String), requestId: expect.any(String) });
  });

  it("a manager sees only their stores' entries", async () => {
    const response = await manager.agent.get('/api/audit-log?limit=500').expect(200);
    expect(response.body.items.length).toBeGreaterThan(0);
    for (const entry of response.body.items) {
      expect(entry.storeId).toBe(own.id);
    }
    const otherStore = await manager.agent.get(`/api/audit-log?storeId=${other.id}`).expect(200);
    expect(otherStore.body.items).toEqual([]);
  });

  it('filters by action and time, and paginates', async () => {
    const byAction = await admin.agent.get('/api/audit-log?action=store.updated').expect(200);
    expect(byAction.body.items.map((e: { storeId: string }) => e.storeId).sort()).toEqual(
      [own.id, other.id].sort(),
    );
    const future = new Date(Date.now() + 3600_000).toISOString();
    const none = await admin.agent.get(`/api/audit-log?from=${encodeURIComponent(future)}`).expect(200);
    expect(none.body.items).toEqual([]);
    const first = await admin.agent.get('/api/audit-log?limit=1').expect(200);
    const second = await admin.agent
      .get(`/api/audit-log?limit=1&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it('filters by the user who did or approved an entry', async () => {
    const actor = await makeUser(t.database.db, { role: 'cashier', storeIds: [own.id] });
    const approver = await makeUser(t.database.db, { role: 'manager', storeIds: [own.id] });
    await recordAudit(t.database.db, { action: 'test.by-actor', storeId: own.id, actorUserId: actor.id });
    await recordAudit(t.database.db, {
      action: 'test.approved',
      storeId: own.id,
      actorUserId: actor.id,
      approverUserId: approver.id,
    });
    const byActor = await admin.agent.get(`/api/audit-log?userId=${actor.id}`).expect(200);
    expect(byActor.body.items.map((e: { action: string }) => e.action)).toEqual([
      'test.approved',
      'test.by-actor',
    ]);
    const byApprover = await manager.agent.get(`/api/audit-log?userId=${approver.id}`).expect(200);
    expect(byApprover.body.items.map((e: { action: string }) => e.action)).toEqual(['test.approved']);
    // Names are included, since a manager cannot look users up.
    expect(byApprover.body.items[0]).toMatchObject({
      actorName: 'Test cashier',
      approverName: 'Test manager',
    });
    const bad = await admin.agent.get('/api/audit-log?userId=nope').expect(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['userId']);
  });

  it('bad filters → 400 naming them; a cashier → 403', async () => {
    const bad = await admin.agent.get('/api/audit-log?from=yesterday&storeId=7');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['from', 'storeId']);
    const c = await makeUser(t.database.db, { role: 'cashier', storeIds: [own.id] });
    const cashier = await signIn(t.app, c.username, c.password);
    await cashier.agent.get('/api/audit-log').expect(403);
    await request(t.app).get('/api/audit-log').expect(401);
  });
});

describe('GET /api/audit-log pagination at full timestamp precision', () => {
  it('walks entries written within one millisecond one by one, none skipped or repeated', async () => {
    for (const micros of ['100', '200', '300']) {
      await t.database.db.insert(auditLog).values({
        action: 'test.same_millisecond',
        occurredAt: sql`${`2020-01-01 00:00:00.000${micros}+00`}::timestamptz`,
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response: request.Response = await admin.agent
        .get(`/api/audit-log?action=test.same_millisecond&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      seen.push(...response.body.items.map((e: { id: string }) => e.id));
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    const tampered = Buffer.from(JSON.stringify(['yesterday', 'not-a-uuid'])).toString('base64url');
    const bad = await admin.agent.get(`/api/audit-log?cursor=${tampered}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('cursor');
  });
});
