import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, inventory, stockMovements, transferLines } from '../../server/db/schema';
import { findLedgerMismatches } from '../../server/modules/inventory/inventory.repo';
import { type SessionClient, signIn } from '../helpers/auth';
import {
  makeProduct,
  makeStore,
  makeUser,
  type ProductFixture,
  type StoreFixture,
  type UserFixture,
} from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let north: StoreFixture;
let south: StoreFixture;
let strict: StoreFixture;
let elsewhere: StoreFixture;
let northManagerUser: UserFixture;
let southManagerUser: UserFixture;
let admin: SessionClient;
let northManager: SessionClient;
let southManager: SessionClient;
let southCashier: SessionClient;
let outsider: SessionClient;
let kibble: ProductFixture;
let litter: ProductFixture;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  north = await makeStore(db, { code: 'TRN1' });
  south = await makeStore(db, { code: 'TRN2' });
  strict = await makeStore(db, { code: 'TRN3', allowNegativeStock: false });
  elsewhere = await makeStore(db, { code: 'TRN4' });
  const a = await makeUser(db, { role: 'admin' });
  northManagerUser = await makeUser(db, { role: 'manager', storeIds: [north.id, strict.id] });
  southManagerUser = await makeUser(db, { role: 'manager', storeIds: [south.id] });
  const sc = await makeUser(db, { role: 'cashier', storeIds: [south.id] });
  const o = await makeUser(db, { role: 'manager', storeIds: [elsewhere.id] });
  admin = await signIn(t.app, a.username, a.password);
  northManager = await signIn(t.app, northManagerUser.username, northManagerUser.password);
  southManager = await signIn(t.app, southManagerUser.username, southManagerUser.password);
  southCashier = await signIn(t.app, sc.username, sc.password);
  outsider = await signIn(t.app, o.username, o.password);
  kibble = await makeProduct(db, { sku: 'TRN-KIBBLE' });
  litter = await makeProduct(db, { sku: 'TRN-LITTER' });
  await admin.agent
    .post(`/api/stores/${north.id}/inventory/adjustments`)
    .set(admin.csrf)
    .send({
      lines: [
        { productId: kibble.id, delta: 20, reason: 'received' },
        { productId: litter.id, delta: 10, reason: 'received' },
      ],
    })
    .expect(201);
});
afterAll(() => t.close());

async function onHandOf(storeId: string, productId: string): Promise<number> {
  const [row] = await t.database.db
    .select({ onHand: inventory.onHand })
    .from(inventory)
    .where(and(eq(inventory.storeId, storeId), eq(inventory.productId, productId)));
  return row?.onHand ?? 0;
}

async function movementsOf(transferId: string) {
  return t.database.db
    .select()
    .from(stockMovements)
    .where(and(eq(stockMovements.refType, 'transfer'), eq(stockMovements.refId, transferId)));
}

function send(client: SessionClient, body: object) {
  return client.agent.post('/api/transfers').set(client.csrf).send(body);
}

async function sendNorthToSouth(lines: { productId: string; quantity: number }[]): Promise<string> {
  const response = await send(northManager, { fromStoreId: north.id, toStoreId: south.id, lines });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

describe('POST /api/transfers', () => {
  it('→ 201 in_transit; transfer_out movements take the stock from the source; audited', async () => {
    const response = await send(northManager, {
      fromStoreId: north.id,
      toStoreId: south.id,
      lines: [
        { productId: kibble.id, quantity: 4 },
        { productId: litter.id, quantity: 2 },
      ],
      note: 'weekend promo',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      id: expect.any(String),
      status: 'in_transit',
      fromStoreId: north.id,
      toStoreId: south.id,
      note: 'weekend promo',
      createdBy: northManagerUser.id,
      receivedAt: null,
      discrepancies: [],
    });
    expect(response.body.lines).toEqual([
      { productId: kibble.id, sku: 'TRN-KIBBLE', name: kibble.name, quantity: 4, quantityReceived: null },
      { productId: litter.id, sku: 'TRN-LITTER', name: litter.name, quantity: 2, quantityReceived: null },
    ]);
    expect(await onHandOf(north.id, kibble.id)).toBe(16);
    expect(await onHandOf(north.id, litter.id)).toBe(8);
    expect(await onHandOf(south.id, kibble.id)).toBe(0);
    const rows = await movementsOf(response.body.id);
    expect(rows.map((r) => [r.storeId, r.productId, r.delta, r.reason, r.userId]).sort()).toEqual(
      [
        [north.id, kibble.id, -4, 'transfer_out', northManagerUser.id],
        [north.id, litter.id, -2, 'transfer_out', northManagerUser.id],
      ].sort(),
    );
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'transfer.sent'), eq(auditLog.entityId, response.body.id)));
    expect(audit).toMatchObject({ storeId: north.id, actorUserId: northManagerUser.id });
  });

  it('to the same store → 400 naming toStoreId', async () => {
    const response = await send(northManager, {
      fromStoreId: north.id,
      toStoreId: north.id,
      lines: [{ productId: kibble.id, quantity: 1 }],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ path: 'toStoreId', message: expect.any(String) }]);
  });

  it('bad fields, duplicate or unknown products, unknown destination → 400 naming each', async () => {
    const bad = await send(northManager, {
      fromStoreId: north.id,
      toStoreId: 'south',
      lines: [{ productId: kibble.id, quantity: 0 }],
      extra: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'extra',
      'lines.0.quantity',
      'toStoreId',
    ]);
    const duplicate = await send(northManager, {
      fromStoreId: north.id,
      toStoreId: south.id,
      lines: [
        { productId: kibble.id, quantity: 1 },
        { productId: kibble.id, quantity: 1 },
      ],
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.details[0].path).toBe('lines.1.productId');
    const ghost = await send(northManager, {
      fromStoreId: north.id,
      toStoreId: south.id,
      lines: [{ productId: '00000000-0000-4000-8000-000000000003', quantity: 1 }],
    });
    expect(ghost.status).toBe(400);
    expect(ghost.body.error.details[0].path).toBe('lines.0.productId');
    const nowhere = await send(northManager, {
      fromStoreId: north.id,
      toStoreId: '00000000-0000-4000-8000-000000000004',
      lines: [{ productId: kibble.id, quantity: 1 }],
    });
    expect(nowhere.status).toBe(400);
    expect(nowhere.body.error.details[0].path).toBe('toStoreId');
    expect(await onHandOf(north.id, kibble.id)).toBe(16);
  });

  it('a source that forbids negative stock → 409 INSUFFICIENT_STOCK, no transfer written', async () => {
    const response = await send(northManager, {
      fromStoreId: strict.id,
      toStoreId: south.id,
      lines: [{ productId: kibble.id, quantity: 1 }],
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('INSUFFICIENT_STOCK');
    expect(response.body.error.details[0].path).toBe(kibble.id);
    const list = await admin.agent.get(`/api/transfers?storeId=${strict.id}`).expect(200);
    expect(list.body.items).toEqual([]);
  });

  it('401 anonymous, 403 cashier, 403 from a store the sender is not assigned to', async () => {
    const body = {
      fromStoreId: north.id,
      toStoreId: south.id,
      lines: [{ productId: kibble.id, quantity: 1 }],
    };
    expect((await request(t.app).post('/api/transfers').send(body)).status).toBe(401);
    expect((await send(southCashier, body)).status).toBe(403);
    const foreign = await send(southManager, body);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('FORBIDDEN');
    expect(await onHandOf(north.id, kibble.id)).toBe(16);
  });
});

describe('POST /api/transfers/:id/receive', () => {
  it('with a discrepancy → received; transfer_in for what arrived; the difference recorded and listed', async () => {
    const id = await sendNorthToSouth([
      { productId: kibble.id, quantity: 5 },
      { productId: litter.id, quantity: 3 },
    ]);
    const response = await southManager.agent
      .post(`/api/transfers/${id}/receive`)
      .set(southManager.csrf)
      .send({
        lines: [
          { productId: kibble.id, quantityReceived: 4 },
          { productId: litter.id, quantityReceived: 3 },
        ],
      });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      id,
      status: 'received',
      receivedBy: southManagerUser.id,
      receivedAt: expect.any(String),
      discrepancies: [{ productId: kibble.id, quantity: 5, quantityReceived: 4, difference: -1 }],
    });
    expect(await onHandOf(south.id, kibble.id)).toBe(4);
    expect(await onHandOf(south.id, litter.id)).toBe(3);
    const lines = await t.database.db.select().from(transferLines).where(eq(transferLines.transferId, id));
    expect(lines.map((l) => [l.productId, l.quantity, l.quantityReceived]).sort()).toEqual(
      [
        [kibble.id, 5, 4],
        [litter.id, 3, 3],
      ].sort(),
    );
    const ins = (await movementsOf(id)).filter((m) => m.reason === 'transfer_in');
    expect(ins.map((m) => [m.storeId, m.productId, m.delta]).sort()).toEqual(
      [
        [south.id, kibble.id, 4],
        [south.id, litter.id, 3],
      ].sort(),
    );
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'transfer.received'), eq(auditLog.entityId, id)));
    expect(audit?.details).toMatchObject({ discrepancies: response.body.discrepancies });

    const again = await southManager.agent
      .post(`/api/transfers/${id}/receive`)
      .set(southManager.csrf)
      .send({ lines: [{ productId: kibble.id, quantityReceived: 5 }] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    expect(await onHandOf(south.id, kibble.id)).toBe(4);
    expect(await findLedgerMismatches(t.database.db)).toEqual([]);
  });

  it('lines off the transfer, repeated or missing → 400 naming them; nothing received', async () => {
    const id = await sendNorthToSouth([
      { productId: kibble.id, quantity: 1 },
      { productId: litter.id, quantity: 1 },
    ]);
    const url = `/api/transfers/${id}/receive`;
    const missing = await southManager.agent
      .post(url)
      .set(southManager.csrf)
      .send({ lines: [{ productId: kibble.id, quantityReceived: 1 }] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toBe('lines');
    const stranger = await makeProduct(t.database.db);
    const wrong = await southManager.agent
      .post(url)
      .set(southManager.csrf)
      .send({
        lines: [
          { productId: kibble.id, quantityReceived: 1 },
          { productId: kibble.id, quantityReceived: 1 },
          { productId: stranger.id, quantityReceived: 1 },
        ],
      });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'lines.1.productId',
      'lines.2.productId',
    ]);
    const negative = await southManager.agent
      .post(url)
      .set(southManager.csrf)
      .send({ lines: [{ productId: kibble.id, quantityReceived: -1 }] });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details[0].path).toBe('lines.0.quantityReceived');
    const still = await southCashier.agent.get(`/api/transfers/${id}`).expect(200);
    expect(still.body.status).toBe('in_transit');
  });

  it('the sending store cannot receive (403); an outsider gets 404; a cashier 403', async () => {
    const id = await sendNorthToSouth([{ productId: kibble.id, quantity: 1 }]);
    const body = { lines: [{ productId: kibble.id, quantityReceived: 1 }] };
    const sender = await northManager.agent
      .post(`/api/transfers/${id}/receive`)
      .set(northManager.csrf)
      .send(body);
    expect(sender.status).toBe(403);
    const stranger = await outsider.agent.post(`/api/transfers/${id}/receive`).set(outsider.csrf).send(body);
    expect(stranger.status).toBe(404);
    const strangerBadBody = await outsider.agent
      .post(`/api/transfers/${id}/receive`)
      .set(outsider.csrf)
      .send({});
    expect(strangerBadBody.status).toBe(404);
    expect(
      (await southCashier.agent.post(`/api/transfers/${id}/receive`).set(southCashier.csrf).send(body))
        .status,
    ).toBe(403);
    const byAdmin = await admin.agent.post(`/api/transfers/${id}/receive`).set(admin.csrf).send(body);
    expect(byAdmin.status).toBe(200);
  });
});

describe('POST /api/transfers/:id/cancel', () => {
  it('→ cancelled; the stock goes back to the source; then receive or cancel again → 409', async () => {
    const before = await onHandOf(north.id, kibble.id);
    const southBefore = await onHandOf(south.id, kibble.id);
    const id = await sendNorthToSouth([{ productId: kibble.id, quantity: 3 }]);
    expect(await onHandOf(north.id, kibble.id)).toBe(before - 3);
    const receiverTries = await southManager.agent.post(`/api/transfers/${id}/cancel`).set(southManager.csrf);
    expect(receiverTries.status).toBe(403);
    const response = await northManager.agent.post(`/api/transfers/${id}/cancel`).set(northManager.csrf);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ id, status: 'cancelled', cancelledAt: expect.any(String) });
    expect(await onHandOf(north.id, kibble.id)).toBe(before);
    expect((await movementsOf(id)).map((m) => [m.storeId, m.delta, m.reason]).sort()).toEqual(
      [
        [north.id, -3, 'transfer_out'],
        [north.id, 3, 'transfer_in'],
      ].sort(),
    );
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'transfer.cancelled'), eq(auditLog.entityId, id)));
    expect(audit).toMatchObject({ actorUserId: northManagerUser.id, storeId: north.id });
    const receive = await southManager.agent
      .post(`/api/transfers/${id}/receive`)
      .set(southManager.csrf)
      .send({ lines: [{ productId: kibble.id, quantityReceived: 3 }] });
    expect(receive.status).toBe(409);
    expect((await northManager.agent.post(`/api/transfers/${id}/cancel`).set(northManager.csrf)).status).toBe(
      409,
    );
    expect(await onHandOf(south.id, kibble.id)).toBe(southBefore);
    expect(await findLedgerMismatches(t.database.db)).toEqual([]);
  });

  it('an outsider → 404; anonymous → 401; a malformed id → 400', async () => {
    const id = await sendNorthToSouth([{ productId: litter.id, quantity: 1 }]);
    expect((await outsider.agent.post(`/api/transfers/${id}/cancel`).set(outsider.csrf)).status).toBe(404);
    expect((await request(t.app).post(`/api/transfers/${id}/cancel`)).status).toBe(401);
    const bad = await northManager.agent.post('/api/transfers/nope/cancel').set(northManager.csrf);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('id');
  });
});

describe('GET /api/transfers and /api/transfers/:id', () => {
  it('staff of either store see a transfer; others get 404', async () => {
    const id = await sendNorthToSouth([{ productId: litter.id, quantity: 1 }]);
    expect((await southCashier.agent.get(`/api/transfers/${id}`)).status).toBe(200);
    expect((await northManager.agent.get(`/api/transfers/${id}`)).status).toBe(200);
    expect((await outsider.agent.get(`/api/transfers/${id}`)).status).toBe(404);
    expect((await admin.agent.get('/api/transfers/00000000-0000-4000-8000-000000000005')).status).toBe(404);
    expect((await request(t.app).get(`/api/transfers/${id}`)).status).toBe(401);
  });

  it('lists newest first, filtered by store and status, paginated; outsiders see none of them', async () => {
    const all = await southCashier.agent.get('/api/transfers').expect(200);
    expect(all.body.items.length).toBeGreaterThan(3);
    const times = all.body.items.map((x: { createdAt: string }) => x.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const received = await southCashier.agent.get('/api/transfers?status=received').expect(200);
    expect(received.body.items.every((x: { status: string }) => x.status === 'received')).toBe(true);
    expect(received.body.items.length).toBeGreaterThan(0);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await southCashier.agent
        .get(`/api/transfers?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      ids.push(...page.body.items.map((x: { id: string }) => x.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(ids).toEqual(all.body.items.map((x: { id: string }) => x.id));
    expect((await outsider.agent.get('/api/transfers').expect(200)).body.items).toEqual([]);
    expect((await outsider.agent.get(`/api/transfers?storeId=${north.id}`).expect(200)).body.items).toEqual(
      [],
    );
    const bad = await southCashier.agent.get('/api/transfers?status=lost&storeId=x');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['status', 'storeId']);
  });
});
