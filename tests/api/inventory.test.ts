import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, inventory, productBarcodes, stockMovements } from '../../server/db/schema';
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
let own: StoreFixture;
let strict: StoreFixture;
let other: StoreFixture;
let managerUser: UserFixture;
let admin: SessionClient;
let manager: SessionClient;
let cashier: SessionClient;
let kibble: ProductFixture;
let litter: ProductFixture;
let treats: ProductFixture;
let retired: ProductFixture;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  own = await makeStore(db, { code: 'INV1' });
  strict = await makeStore(db, { code: 'INV2', allowNegativeStock: false });
  other = await makeStore(db, { code: 'INV3' });
  const a = await makeUser(db, { role: 'admin' });
  managerUser = await makeUser(db, { role: 'manager', storeIds: [own.id, strict.id] });
  const c = await makeUser(db, { role: 'cashier', storeIds: [own.id] });
  admin = await signIn(t.app, a.username, a.password);
  manager = await signIn(t.app, managerUser.username, managerUser.password);
  cashier = await signIn(t.app, c.username, c.password);
  kibble = await makeProduct(db, { sku: 'INV-KIBBLE', name: 'Alpha Kibble 2 kg' });
  litter = await makeProduct(db, { sku: 'INV-LITTER', name: 'Bravo Litter 10 l' });
  treats = await makeProduct(db, { sku: 'INV-TREATS', name: 'Charlie Treats', unit: 'weight' });
  retired = await makeProduct(db, { sku: 'INV-RETIRED', name: 'Delta Retired', active: false });
  await db.insert(productBarcodes).values({ barcode: '4006381333931', productId: litter.id });
});
afterAll(() => t.close());

async function ledgerRows(storeId: string, productId: string) {
  return t.database.db
    .select()
    .from(stockMovements)
    .where(and(eq(stockMovements.storeId, storeId), eq(stockMovements.productId, productId)));
}

async function onHandOf(storeId: string, productId: string): Promise<number | undefined> {
  const [row] = await t.database.db
    .select({ onHand: inventory.onHand })
    .from(inventory)
    .where(and(eq(inventory.storeId, storeId), eq(inventory.productId, productId)));
  return row?.onHand;
}

async function auditRows(action: string, entityId: string) {
  return t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)));
}

function adjust(client: SessionClient, storeId: string, body: object) {
  return client.agent.post(`/api/stores/${storeId}/inventory/adjustments`).set(client.csrf).send(body);
}

describe('POST /api/stores/:storeId/inventory/adjustments', () => {
  it('two lines → 201, one ledger row per line under one adjustment id, on-hand moved, audited', async () => {
    const response = await adjust(manager, own.id, {
      lines: [
        { productId: kibble.id, delta: 12, reason: 'received' },
        { productId: litter.id, delta: 5, reason: 'found' },
        { productId: kibble.id, delta: -2, reason: 'damaged' },
      ],
      note: 'delivery',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      id: expect.any(String),
      lines: [
        { productId: kibble.id, delta: 12, reason: 'received', onHand: 10 },
        { productId: litter.id, delta: 5, reason: 'found', onHand: 5 },
        { productId: kibble.id, delta: -2, reason: 'damaged', onHand: 10 },
      ],
    });
    const id = response.body.id as string;
    expect(await onHandOf(own.id, kibble.id)).toBe(10);
    const rows = await ledgerRows(own.id, kibble.id);
    expect(rows.map((r) => [r.delta, r.reason, r.refType, r.refId, r.userId, r.note])).toEqual(
      expect.arrayContaining([
        [12, 'received', 'adjustment', id, managerUser.id, 'delivery'],
        [-2, 'damaged', 'adjustment', id, managerUser.id, 'delivery'],
      ]),
    );
    const [audit] = await auditRows('inventory.adjusted', id);
    expect(audit).toMatchObject({ storeId: own.id, actorUserId: managerUser.id, entityType: 'adjustment' });
    expect(audit!.details).toMatchObject({ note: 'delivery', lines: response.body.lines });
  });

  it('a store that forbids negative stock → 409 INSUFFICIENT_STOCK naming the product, nothing written', async () => {
    const response = await adjust(manager, strict.id, {
      lines: [
        { productId: litter.id, delta: 3, reason: 'found' },
        { productId: kibble.id, delta: -1, reason: 'shrink' },
      ],
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('INSUFFICIENT_STOCK');
    expect(response.body.error.details).toEqual([{ path: kibble.id, message: expect.any(String) }]);
    expect(await ledgerRows(strict.id, litter.id)).toEqual([]);
    expect(await onHandOf(strict.id, litter.id)).toBeUndefined();
  });

  it('a store that allows negative stock goes below zero', async () => {
    const response = await adjust(admin, own.id, {
      lines: [{ productId: treats.id, delta: -250, reason: 'expired' }],
    });
    expect(response.status).toBe(201);
    expect(response.body.lines[0].onHand).toBe(-250);
    expect(await onHandOf(own.id, treats.id)).toBe(-250);
  });

  it('zero delta, bad reason, unknown field → 400 naming each field', async () => {
    const response = await adjust(manager, own.id, {
      lines: [
        { productId: kibble.id, delta: 0, reason: 'damaged' },
        { productId: kibble.id, delta: 1.5, reason: 'stolen' },
      ],
      colour: 'red',
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'colour',
      'lines.0.delta',
      'lines.1.delta',
      'lines.1.reason',
    ]);
    const empty = await adjust(manager, own.id, { lines: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('lines');
  });

  it('an unknown product → 400 naming lines.N.productId, nothing written', async () => {
    const ghost = '00000000-0000-4000-8000-000000000001';
    const response = await adjust(manager, own.id, {
      lines: [
        { productId: kibble.id, delta: 1, reason: 'found' },
        { productId: ghost, delta: 1, reason: 'found' },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ path: 'lines.1.productId', message: 'no such product' }]);
    expect(await onHandOf(own.id, kibble.id)).toBe(10);
  });

  it('401 anonymous, 403 cashier, 404 another store, 403 CSRF without the token', async () => {
    const body = { lines: [{ productId: kibble.id, delta: 1, reason: 'found' }] };
    expect((await request(t.app).post(`/api/stores/${own.id}/inventory/adjustments`).send(body)).status).toBe(
      401,
    );
    expect((await adjust(cashier, own.id, body)).status).toBe(403);
    const hidden = await adjust(manager, other.id, body);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('NOT_FOUND');
    const noCsrf = await manager.agent.post(`/api/stores/${own.id}/inventory/adjustments`).send(body);
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.error.code).toBe('CSRF_FAILED');
    expect(await ledgerRows(other.id, kibble.id)).toEqual([]);
  });

  it('another store with a malformed body → still 404 (scope before validation), own store → 400', async () => {
    const hidden = await adjust(manager, other.id, { lines: 'nope' });
    expect(hidden.status).toBe(404);
    const own400 = await adjust(manager, own.id, { lines: 'nope' });
    expect(own400.status).toBe(400);
    expect(own400.body.error.details[0].path).toBe('lines');
  });

  it('GET /api/openapi.json documents the adjustment body schema', async () => {
    const response = await request(t.app).get('/api/openapi.json').expect(200);
    const schema =
      response.body.paths['/api/stores/{storeId}/inventory/adjustments'].post.requestBody.content[
        'application/json'
      ].schema;
    expect(schema.properties.lines.items.properties.reason.enum).toContain('count_correction');
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('GET /api/stores/:storeId/inventory', () => {
  it('lists every active product by name, 0 without an inventory row; inactive products left out', async () => {
    const response = await cashier.agent.get(`/api/stores/${own.id}/inventory`).expect(200);
    const items = response.body.items as { sku: string }[];
    expect(items.map((i) => i.sku)).toEqual(['INV-KIBBLE', 'INV-LITTER', 'INV-TREATS']);
    expect(response.body.items[0]).toEqual({
      productId: kibble.id,
      sku: 'INV-KIBBLE',
      name: 'Alpha Kibble 2 kg',
      unit: 'each',
      onHand: 10,
      reorderPoint: 0,
      reorderQuantity: 0,
    });
    expect(response.body.nextCursor).toBeNull();
    const elsewhere = await admin.agent.get(`/api/stores/${other.id}/inventory`).expect(200);
    expect(elsewhere.body.items.map((i: { onHand: number }) => i.onHand)).toEqual([0, 0, 0]);
    expect(items.map((i) => i.sku)).not.toContain(retired.sku);
  });

  it('q matches name, SKU and barcode (UPC-A or EAN-13 form)', async () => {
    const byName = await cashier.agent.get(`/api/stores/${own.id}/inventory?q=litter`).expect(200);
    expect(byName.body.items.map((i: { sku: string }) => i.sku)).toEqual(['INV-LITTER']);
    const bySku = await cashier.agent.get(`/api/stores/${own.id}/inventory?q=inv-treats`).expect(200);
    expect(bySku.body.items.map((i: { sku: string }) => i.sku)).toEqual(['INV-TREATS']);
    const byBarcode = await cashier.agent.get(`/api/stores/${own.id}/inventory?q=4006381333931`).expect(200);
    expect(byBarcode.body.items.map((i: { sku: string }) => i.sku)).toEqual(['INV-LITTER']);
    const wildcard = await cashier.agent.get(`/api/stores/${own.id}/inventory?q=%25`).expect(200);
    expect(wildcard.body.items).toEqual([]);
  });

  it('paginates by name with a cursor; a forged cursor → 400', async () => {
    const first = await cashier.agent.get(`/api/stores/${own.id}/inventory?limit=2`).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await cashier.agent
      .get(`/api/stores/${own.id}/inventory?limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.items.map((i: { sku: string }) => i.sku)).toEqual(['INV-TREATS']);
    expect(second.body.nextCursor).toBeNull();
    const forged = Buffer.from(JSON.stringify(['x', 'not-a-uuid'])).toString('base64url');
    const bad = await cashier.agent.get(`/api/stores/${own.id}/inventory?cursor=${forged}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('cursor');
  });

  it('bad query fields → 400 naming them; another store → 404; anonymous → 401', async () => {
    const bad = await cashier.agent.get(`/api/stores/${own.id}/inventory?lowStock=yes&categoryId=1&limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'categoryId',
      'limit',
      'lowStock',
    ]);
    expect((await cashier.agent.get(`/api/stores/${other.id}/inventory`)).status).toBe(404);
    expect((await cashier.agent.get(`/api/stores/${strict.id}/inventory`)).status).toBe(404);
    expect((await request(t.app).get(`/api/stores/${own.id}/inventory`)).status).toBe(401);
  });
});

describe('PATCH /api/stores/:storeId/inventory/:productId', () => {
  it('sets reorder levels → 200 with the item, audited; lowStock lists it while on-hand ≤ the point', async () => {
    const response = await manager.agent
      .patch(`/api/stores/${own.id}/inventory/${litter.id}`)
      .set(manager.csrf)
      .send({ reorderPoint: 5, reorderQuantity: 24 });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      productId: litter.id,
      onHand: 5,
      reorderPoint: 5,
      reorderQuantity: 24,
    });
    const [audit] = await auditRows('inventory.reorder_changed', litter.id);
    expect(audit).toMatchObject({ storeId: own.id, actorUserId: managerUser.id });
    expect(audit!.details).toMatchObject({
      before: { reorderPoint: 0, reorderQuantity: 0 },
      after: { reorderPoint: 5, reorderQuantity: 24 },
    });
    const low = await cashier.agent.get(`/api/stores/${own.id}/inventory?lowStock=true`).expect(200);
    expect(low.body.items.map((i: { sku: string }) => i.sku)).toEqual(['INV-LITTER']);
    await adjust(manager, own.id, { lines: [{ productId: litter.id, delta: 1, reason: 'found' }] }).expect(
      201,
    );
    const none = await cashier.agent.get(`/api/stores/${own.id}/inventory?lowStock=true`).expect(200);
    expect(none.body.items).toEqual([]);
  });

  it('a product with no stock row yet gets one (on-hand 0, no ledger row); one field alone is fine', async () => {
    const response = await admin.agent
      .patch(`/api/stores/${other.id}/inventory/${kibble.id}`)
      .set(admin.csrf)
      .send({ reorderQuantity: 6 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ onHand: 0, reorderPoint: 0, reorderQuantity: 6 });
    expect(await onHandOf(other.id, kibble.id)).toBe(0);
    expect(await ledgerRows(other.id, kibble.id)).toEqual([]);
  });

  it('negative or missing values → 400; unknown product → 404; cashier → 403; another store → 404', async () => {
    const url = `/api/stores/${own.id}/inventory/${kibble.id}`;
    const negative = await manager.agent
      .patch(url)
      .set(manager.csrf)
      .send({ reorderPoint: -1, reorderQuantity: 2 });
    expect(negative.status).toBe(400);
    expect(negative.body.error.details[0].path).toBe('reorderPoint');
    expect((await manager.agent.patch(url).set(manager.csrf).send({})).status).toBe(400);
    const ghost = await manager.agent
      .patch(`/api/stores/${own.id}/inventory/00000000-0000-4000-8000-000000000002`)
      .set(manager.csrf)
      .send({ reorderPoint: 1 });
    expect(ghost.status).toBe(404);
    expect((await cashier.agent.patch(url).set(cashier.csrf).send({ reorderPoint: 1 })).status).toBe(403);
    const hidden = await manager.agent
      .patch(`/api/stores/${other.id}/inventory/${kibble.id}`)
      .set(manager.csrf)
      .send({ reorderPoint: 1 });
    expect(hidden.status).toBe(404);
    const badId = await manager.agent.patch(`/api/stores/${own.id}/inventory/nope`).set(manager.csrf).send({
      reorderPoint: 1,
    });
    expect(badId.status).toBe(400);
    expect(badId.body.error.details[0].path).toBe('productId');
  });
});

describe('GET /api/stores/:storeId/inventory/movements', () => {
  it('the ledger newest first, filtered by product, paginated; cashiers may read it', async () => {
    const all = await cashier.agent
      .get(`/api/stores/${own.id}/inventory/movements?productId=${kibble.id}`)
      .expect(200);
    expect(all.body.items.map((m: { delta: number }) => m.delta).sort()).toEqual([-2, 12]);
    expect(all.body.items[0]).toEqual({
      id: expect.any(String),
      productId: kibble.id,
      delta: expect.any(Number),
      reason: expect.any(String),
      refType: 'adjustment',
      refId: expect.any(String),
      userId: managerUser.id,
      lotId: null,
      note: 'delivery',
      createdAt: expect.any(String),
    });
    const everything = await cashier.agent.get(`/api/stores/${own.id}/inventory/movements`).expect(200);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const pageResponse: request.Response = await cashier.agent
        .get(`/api/stores/${own.id}/inventory/movements?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      ids.push(...pageResponse.body.items.map((m: { id: string }) => m.id));
      cursor = pageResponse.body.nextCursor;
    } while (cursor);
    expect(ids).toEqual(everything.body.items.map((m: { id: string }) => m.id));
    const times = everything.body.items.map((m: { createdAt: string }) => m.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('from/to as timestamps or business dates', async () => {
    const future = await cashier.agent
      .get(`/api/stores/${own.id}/inventory/movements?from=2999-01-01T00:00:00Z`)
      .expect(200);
    expect(future.body.items).toEqual([]);
    const past = await cashier.agent
      .get(`/api/stores/${own.id}/inventory/movements?to=2000-01-01`)
      .expect(200);
    expect(past.body.items).toEqual([]);
    const today = new Date().toLocaleDateString('en-CA', { timeZone: own.timezone });
    const window = await cashier.agent
      .get(`/api/stores/${own.id}/inventory/movements?from=${today}&to=${today}`)
      .expect(200);
    expect(window.body.items.length).toBeGreaterThan(0);
    const bad = await cashier.agent.get(
      `/api/stores/${own.id}/inventory/movements?from=yesterday&productId=1`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['from', 'productId']);
  });

  it('another store → 404; anonymous → 401', async () => {
    expect((await cashier.agent.get(`/api/stores/${other.id}/inventory/movements`)).status).toBe(404);
    expect((await request(t.app).get(`/api/stores/${own.id}/inventory/movements`)).status).toBe(401);
  });
});
