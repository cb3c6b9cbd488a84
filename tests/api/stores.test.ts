import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, stores } from '../../server/db/schema';
import { type SessionClient, signIn } from '../helpers/auth';
import { makeStore, makeUser, type StoreFixture } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let own: StoreFixture;
let other: StoreFixture;
let admin: SessionClient;
let manager: SessionClient;
let cashier: SessionClient;

const newStore = (code: string) => ({
  code,
  name: `Store ${code}`,
  timezone: 'America/Denver',
  taxRates: { standard: '7.5', reduced: '2', exempt: '0' },
});

beforeAll(async () => {
  t = await createTestApp();
  own = await makeStore(t.database.db, { code: 'OWN1' });
  other = await makeStore(t.database.db, { code: 'OTHER1' });
  const a = await makeUser(t.database.db, { role: 'admin' });
  const m = await makeUser(t.database.db, { role: 'manager', storeIds: [own.id] });
  const c = await makeUser(t.database.db, { role: 'cashier', storeIds: [own.id] });
  admin = await signIn(t.app, a.username, a.password);
  manager = await signIn(t.app, m.username, m.password);
  cashier = await signIn(t.app, c.username, c.password);
});
afterAll(() => t.close());

describe('GET /api/stores', () => {
  it('an admin sees every store; a manager only their own', async () => {
    const all = await admin.agent.get('/api/stores').expect(200);
    expect(all.body.items.map((s: { code: string }) => s.code)).toEqual(
      expect.arrayContaining(['OWN1', 'OTHER1']),
    );
    const mine = await manager.agent.get('/api/stores').expect(200);
    expect(mine.body.items.map((s: { code: string }) => s.code)).toEqual(['OWN1']);
    expect(mine.body.nextCursor).toBeNull();
  });

  it('paginates with limit and an opaque cursor', async () => {
    const first = await admin.agent.get('/api/stores?limit=1').expect(200);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await admin.agent.get(`/api/stores?limit=1&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items[0].code).not.toBe(first.body.items[0].code);
    const bad = await admin.agent.get('/api/stores?cursor=garbage');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('cursor');
    const tooMany = await admin.agent.get('/api/stores?limit=501');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].path).toBe('limit');
  });
});

describe('GET /api/stores/:id', () => {
  it('own store → 200; another store → 404 as if it did not exist', async () => {
    const response = await cashier.agent.get(`/api/stores/${own.id}`).expect(200);
    expect(response.body).toMatchObject({
      id: own.id,
      code: 'OWN1',
      timezone: 'America/Chicago',
      pricesIncludeTax: false,
      allowNegativeStock: true,
      taxRates: { standard: '8.25', reduced: '2.5', exempt: '0' },
      cashierDiscountLimitPercent: 10,
      cashRoundingCents: 1,
    });
    const hidden = await manager.agent.get(`/api/stores/${other.id}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('NOT_FOUND');
  });

  it('a malformed id → 400 naming id', async () => {
    const response = await admin.agent.get('/api/stores/not-a-uuid');
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ path: 'id', message: 'must be a UUID' }]);
  });
});

describe('POST /api/stores', () => {
  it('admin → 201 with defaults filled in, and an audit row', async () => {
    const response = await admin.agent.post('/api/stores').set(admin.csrf).send(newStore('NEW1'));
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      code: 'NEW1',
      currency: 'USD',
      cashRoundingCents: 1,
      active: true,
    });
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, response.body.id));
    expect(audit.map((row) => row.action)).toEqual(['store.created']);
  });

  it('a duplicate code → 409 CONFLICT naming code', async () => {
    await admin.agent.post('/api/stores').set(admin.csrf).send(newStore('DUP1')).expect(201);
    const response = await admin.agent.post('/api/stores').set(admin.csrf).send(newStore('DUP1'));
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('CONFLICT');
    expect(response.body.error.details[0].path).toBe('code');
  });

  it('bad fields → 400 naming each, nothing written', async () => {
    const response = await admin.agent
      .post('/api/stores')
      .set(admin.csrf)
      .send({
        code: 'bad code',
        name: '',
        timezone: 'Mars/Olympus',
        taxRates: { standard: '8.25%', reduced: '2', exempt: '0' },
        cashRoundingCents: 2.5,
        color: 'red',
      });
    expect(response.status).toBe(400);
    const paths = response.body.error.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['cashRoundingCents', 'code', 'color', 'name', 'taxRates.standard', 'timezone']);
    const rows = await t.database.db.select().from(stores).where(eq(stores.name, ''));
    expect(rows).toHaveLength(0);
  });

  it('a cashier or a manager → 403', async () => {
    await cashier.agent.post('/api/stores').set(cashier.csrf).send(newStore('NO1')).expect(403);
    await manager.agent.post('/api/stores').set(manager.csrf).send(newStore('NO2')).expect(403);
  });

  it('SQL and HTML in text fields are stored and returned as plain text', async () => {
    const name = `Robert'); DROP TABLE stores; -- <script>alert("x")</script>`;
    const response = await admin.agent
      .post('/api/stores')
      .set(admin.csrf)
      .send({ ...newStore('XSS1'), name, receiptFooter: '<img src=x onerror=alert(1)>' });
    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toContain('application/json');
    const fetched = await admin.agent.get(`/api/stores/${response.body.id}`).expect(200);
    expect(fetched.body.name).toBe(name);
    expect(fetched.body.receiptFooter).toBe('<img src=x onerror=alert(1)>');
    const count = await t.database.db.select().from(stores);
    expect(count.length).toBeGreaterThan(2);
  });
});

describe('PATCH /api/stores/:id', () => {
  it('admin changes settings → 200, audited with the changed fields; the code cannot change', async () => {
    const response = await admin.agent
      .patch(`/api/stores/${own.id}`)
      .set(admin.csrf)
      .send({ allowNegativeStock: false, cashRoundingCents: 5, receiptFooter: 'Thanks!' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      allowNegativeStock: false,
      cashRoundingCents: 5,
      receiptFooter: 'Thanks!',
    });
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'store.updated'));
    expect(audit.at(-1)?.details).toMatchObject({
      changed: ['allowNegativeStock', 'cashRoundingCents', 'receiptFooter'],
    });
    const code = await admin.agent.patch(`/api/stores/${own.id}`).set(admin.csrf).send({ code: 'NEWCODE' });
    expect(code.status).toBe(400);
    expect(code.body.error.details[0].path).toBe('code');
  });

  it('an unknown store → 404', async () => {
    await admin.agent
      .patch('/api/stores/00000000-0000-4000-8000-000000000000')
      .set(admin.csrf)
      .send({ name: 'x' })
      .expect(404);
  });
});

describe('unauthenticated', () => {
  it('→ 401 on every stores route', async () => {
    await request(t.app).get('/api/stores').expect(401);
    await request(t.app).get(`/api/stores/${own.id}`).expect(401);
  });
});
