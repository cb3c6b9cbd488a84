import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  categories,
  inventory,
  productBarcodes,
  stockCountLines,
  stockCounts,
  stockMovements,
} from '../../server/db/schema';
import { withTransaction } from '../../server/db/transaction';
import { startStockCount } from '../../server/modules/inventory/stock-counts.service';
import { applyStockMovements } from '../../server/modules/inventory/stock-ledger.service';
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
let store: StoreFixture;
let other: StoreFixture;
let managerUser: UserFixture;
let cashierUser: UserFixture;
let admin: SessionClient;
let manager: SessionClient;
let cashier: SessionClient;
let otherManager: SessionClient;
let food: string;
let dryFood: string;
let toys: string;
let kibble: ProductFixture;
let dryKibble: ProductFixture;
let ball: ProductFixture;
let retired: ProductFixture;

// A valid UPC-A; the catalog stores it in its 13-digit EAN form.
const UPC_A = '036000291452';

async function addCategory(name: string, parentId: string | null = null): Promise<string> {
  const [row] = await t.database.db.insert(categories).values({ name, parentId }).returning();
  return row!.id;
}

async function receive(storeId: string, productId: string, quantity: number): Promise<void> {
  await withTransaction(t.database.db, (tx) =>
    applyStockMovements(tx, [{ storeId, productId, delta: quantity, reason: 'received', userId: null }], {
      allowNegative: false,
    }),
  );
}

async function onHandOf(storeId: string, productId: string): Promise<number | undefined> {
  const [row] = await t.database.db
    .select({ onHand: inventory.onHand })
    .from(inventory)
    .where(and(eq(inventory.storeId, storeId), eq(inventory.productId, productId)));
  return row?.onHand;
}

async function cancelOpenCounts(): Promise<void> {
  await t.database.db.update(stockCounts).set({ status: 'cancelled' }).where(eq(stockCounts.status, 'open'));
}

const base = (storeId: string) => `/api/stores/${storeId}/stock-counts`;

beforeAll(async () => {
  t = await createTestApp();
  store = await makeStore(t.database.db);
  other = await makeStore(t.database.db);
  const a = await makeUser(t.database.db, { role: 'admin' });
  managerUser = await makeUser(t.database.db, { role: 'manager', storeIds: [store.id] });
  cashierUser = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
  const om = await makeUser(t.database.db, { role: 'manager', storeIds: [other.id] });
  admin = await signIn(t.app, a.username, a.password);
  manager = await signIn(t.app, managerUser.username, managerUser.password);
  cashier = await signIn(t.app, cashierUser.username, cashierUser.password);
  otherManager = await signIn(t.app, om.username, om.password);

  food = await addCategory('Food');
  dryFood = await addCategory('Dry food', food);
  toys = await addCategory('Toys');
  kibble = await makeProduct(t.database.db, { categoryId: food, name: 'Kibble' });
  dryKibble = await makeProduct(t.database.db, { categoryId: dryFood, name: 'Dry kibble' });
  ball = await makeProduct(t.database.db, { categoryId: toys, name: 'Ball' });
  retired = await makeProduct(t.database.db, { categoryId: food, name: 'Retired', active: false });
  await t.database.db.insert(productBarcodes).values({ barcode: `0${UPC_A}`, productId: dryKibble.id });
  for (const product of [kibble, dryKibble, ball]) {
    await receive(store.id, product.id, 10);
  }
}, 180_000); // PGlite set-up is slow on a loaded two-core machine
afterAll(() => t?.close());

describe('POST /api/stores/:storeId/stock-counts', () => {
  it('a category → 201 with one uncounted line per active product in it and its sub-categories, audited', async () => {
    const response = await manager.agent
      .post(base(store.id))
      .set(manager.csrf)
      .send({ categoryId: food, note: 'weekly food count' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      storeId: store.id,
      categoryId: food,
      status: 'open',
      note: 'weekly food count',
      startedBy: managerUser.id,
      submittedAt: null,
      lineCount: 2,
      countedLineCount: 0,
    });
    const productIds = response.body.lines.map((line: { productId: string }) => line.productId);
    expect(productIds.sort()).toEqual([kibble.id, dryKibble.id].sort());
    expect(productIds).not.toContain(retired.id);
    expect(response.body.lines[0]).toMatchObject({
      countedQuantity: null,
      systemQuantityAtCount: null,
      currentOnHand: 10,
      variance: null,
    });
    const lines = await t.database.db
      .select()
      .from(stockCountLines)
      .where(eq(stockCountLines.countId, response.body.id));
    expect(lines).toHaveLength(2);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, response.body.id));
    expect(audit.map((row) => row.action)).toEqual(['stock_count.started']);
    expect(audit[0]!.actorUserId).toBe(managerUser.id);
  });

  it('a scope overlapping an open count (sub-category, whole store) → 409; a disjoint category → 201', async () => {
    const sub = await manager.agent.post(base(store.id)).set(manager.csrf).send({ categoryId: dryFood });
    expect(sub.status).toBe(409);
    expect(sub.body.error.code).toBe('CONFLICT');
    expect(sub.body.error.details[0].path).toBe('categoryId');
    const whole = await manager.agent.post(base(store.id)).set(manager.csrf).send({});
    expect(whole.status).toBe(409);
    const disjoint = await admin.agent.post(base(store.id)).set(admin.csrf).send({ categoryId: toys });
    expect(disjoint.status).toBe(201);
    expect(disjoint.body.lines.map((line: { productId: string }) => line.productId)).toEqual([ball.id]);
    // The same category in another store does not clash.
    const elsewhere = await otherManager.agent
      .post(base(other.id))
      .set(otherManager.csrf)
      .send({ categoryId: food });
    expect(elsewhere.status).toBe(201);
    await cancelOpenCounts();
  });

  it('anonymous → 401, cashier → 403, another store → 404, bad fields → 400 naming them', async () => {
    expect((await request(t.app).post(base(store.id)).send({})).status).toBe(401);
    expect((await cashier.agent.post(base(store.id)).set(cashier.csrf).send({})).status).toBe(403);
    expect((await otherManager.agent.post(base(store.id)).set(otherManager.csrf).send({})).status).toBe(404);
    const bad = await manager.agent
      .post(base(store.id))
      .set(manager.csrf)
      .send({ categoryId: 'nope', extra: 1 });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['categoryId']));
    expect(bad.body.error.details.length).toBeGreaterThanOrEqual(2);
    const unknown = await manager.agent
      .post(base(store.id))
      .set(manager.csrf)
      .send({ categoryId: '00000000-0000-4000-8000-000000000001' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'categoryId', message: 'no such category' }]);
    expect((await manager.agent.post(base('not-a-uuid')).set(manager.csrf).send({})).status).toBe(400);
  });
});

describe('counting and submitting', () => {
  it('sales after counting are kept: A counted 10 at 10, sold 2 → no correction; B counted 7 at 10 → −3', async () => {
    const started = await manager.agent.post(base(store.id)).set(manager.csrf).send({ categoryId: null });
    expect(started.status).toBe(201);
    const countId = started.body.id as string;
    expect(started.body.lineCount).toBe(3);

    // Staff count: A by product id, B by scanning its UPC-A (stored in EAN-13 form).
    const entered = await cashier.agent
      .put(`${base(store.id)}/${countId}/lines`)
      .set(cashier.csrf)
      .send({
        lines: [
          { productId: kibble.id, countedQuantity: 10 },
          { barcode: UPC_A, countedQuantity: 7 },
        ],
      });
    expect(entered.status, JSON.stringify(entered.body)).toBe(200);
    const byId = (body: { lines: { productId: string }[] }, id: string) =>
      body.lines.find((line) => line.productId === id);
    expect(byId(entered.body, kibble.id)).toMatchObject({
      countedQuantity: 10,
      systemQuantityAtCount: 10,
      variance: 0,
      countedBy: cashierUser.id,
    });
    expect(byId(entered.body, dryKibble.id)).toMatchObject({
      countedQuantity: 7,
      systemQuantityAtCount: 10,
      variance: -3,
    });

    // A sale of 2 of A happens between counting and submitting.
    await withTransaction(t.database.db, (tx) =>
      applyStockMovements(
        tx,
        [{ storeId: store.id, productId: kibble.id, delta: -2, reason: 'sale', userId: cashierUser.id }],
        { allowNegative: false },
      ),
    );
    const preview = await cashier.agent.get(`${base(store.id)}/${countId}`).expect(200);
    expect(byId(preview.body, kibble.id)).toMatchObject({ currentOnHand: 8, variance: 0 });

    const submitted = await manager.agent.post(`${base(store.id)}/${countId}/submit`).set(manager.csrf);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.corrections).toEqual([{ productId: dryKibble.id, sku: dryKibble.sku, delta: -3 }]);
    expect(submitted.body.uncounted).toEqual([{ productId: ball.id, sku: ball.sku, name: ball.name }]);
    expect(submitted.body.count).toMatchObject({ status: 'submitted', submittedBy: managerUser.id });
    expect(await onHandOf(store.id, kibble.id)).toBe(8);
    expect(await onHandOf(store.id, dryKibble.id)).toBe(7);
    expect(await onHandOf(store.id, ball.id)).toBe(10);

    const ledger = await t.database.db
      .select()
      .from(stockMovements)
      .where(and(eq(stockMovements.refType, 'stock_count'), eq(stockMovements.refId, countId)));
    expect(ledger.map((row) => [row.productId, row.delta, row.reason, row.userId])).toEqual([
      [dryKibble.id, -3, 'count_correction', managerUser.id],
    ]);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, countId), eq(auditLog.action, 'stock_count.submitted')));
    expect(audit?.details).toMatchObject({
      lineCount: 3,
      countedLineCount: 2,
      uncountedLineCount: 1,
      correctionCount: 1,
      unitsAdded: 0,
      unitsRemoved: 3,
    });

    const again = await manager.agent.post(`${base(store.id)}/${countId}/submit`).set(manager.csrf);
    expect(again.status).toBe(409);
    const late = await cashier.agent
      .put(`${base(store.id)}/${countId}/lines`)
      .set(cashier.csrf)
      .send({ lines: [{ productId: ball.id, countedQuantity: 1 }] });
    expect(late.status).toBe(409);
    expect((await manager.agent.post(`${base(store.id)}/${countId}/cancel`).set(manager.csrf)).status).toBe(
      409,
    );
    const ledgerAfter = await t.database.db
      .select()
      .from(stockMovements)
      .where(eq(stockMovements.refId, countId));
    expect(ledgerAfter).toHaveLength(1);
  });

  it('a count above the system figure adds stock, and may correct stock that went negative', async () => {
    await withTransaction(t.database.db, (tx) =>
      applyStockMovements(
        tx,
        [{ storeId: store.id, productId: ball.id, delta: -12, reason: 'sale', userId: null }],
        { allowNegative: true },
      ),
    );
    expect(await onHandOf(store.id, ball.id)).toBe(-2);
    const started = await manager.agent.post(base(store.id)).set(manager.csrf).send({ categoryId: toys });
    const countId = started.body.id as string;
    await manager.agent
      .put(`${base(store.id)}/${countId}/lines`)
      .set(manager.csrf)
      .send({ lines: [{ productId: ball.id, countedQuantity: 4 }] })
      .expect(200);
    const submitted = await manager.agent.post(`${base(store.id)}/${countId}/submit`).set(manager.csrf);
    expect(submitted.status).toBe(200);
    expect(submitted.body.corrections).toEqual([{ productId: ball.id, sku: ball.sku, delta: 6 }]);
    expect(await onHandOf(store.id, ball.id)).toBe(4);
  });

  it('re-entering a line replaces it; mode add counts one scan per unit', async () => {
    const started = await manager.agent.post(base(store.id)).set(manager.csrf).send({ categoryId: food });
    const countId = started.body.id as string;
    const path = `${base(store.id)}/${countId}/lines`;
    await cashier.agent
      .put(path)
      .set(cashier.csrf)
      .send({ lines: [{ productId: kibble.id, countedQuantity: 3 }] })
      .expect(200);
    const replaced = await cashier.agent
      .put(path)
      .set(cashier.csrf)
      .send({ lines: [{ productId: kibble.id, countedQuantity: 5 }] })
      .expect(200);
    const kibbleLine = (body: { lines: { productId: string; countedQuantity: number | null }[] }) =>
      body.lines.find((line) => line.productId === kibble.id);
    expect(kibbleLine(replaced.body)?.countedQuantity).toBe(5);

    const scan = { barcode: `0${UPC_A}`, countedQuantity: 1, mode: 'add' };
    await cashier.agent
      .put(path)
      .set(cashier.csrf)
      .send({ lines: [scan] })
      .expect(200);
    const twice = await cashier.agent
      .put(path)
      .set(cashier.csrf)
      .send({ lines: [scan, scan] })
      .expect(200);
    const dry = twice.body.lines.find((line: { productId: string }) => line.productId === dryKibble.id);
    expect(dry).toMatchObject({ countedQuantity: 3, systemQuantityAtCount: 7 });
    const [row] = await t.database.db
      .select()
      .from(stockCountLines)
      .where(and(eq(stockCountLines.countId, countId), eq(stockCountLines.productId, dryKibble.id)));
    expect(row).toMatchObject({ countedQuantity: 3, systemQuantityAtCount: 7, countedBy: cashierUser.id });
  });

  it('PUT lines with bad lines → 400 naming lines.N; nothing is written', async () => {
    const [open] = await t.database.db.select().from(stockCounts).where(eq(stockCounts.status, 'open'));
    const path = `${base(store.id)}/${open!.id}/lines`;
    const outside = await cashier.agent
      .put(path)
      .set(cashier.csrf)
      .send({
        lines: [
          { productId: kibble.id, countedQuantity: 9 },
          { productId: ball.id, countedQuantity: 1 },
          { barcode: '4006381333931', countedQuantity: 1 },
        ],
      });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details).toEqual([
      { path: 'lines.2.barcode', message: 'no product has this barcode' },
      { path: 'lines.1', message: 'this product is not part of this count' },
    ]);
    const [kibbleRow] = await t.database.db
      .select()
      .from(stockCountLines)
      .where(and(eq(stockCountLines.countId, open!.id), eq(stockCountLines.productId, kibble.id)));
    expect(kibbleRow?.countedQuantity).toBe(5);

    const malformed = await cashier.agent
      .put(path)
      .set(cashier.csrf)
      .send({
        lines: [
          { productId: kibble.id, barcode: UPC_A, countedQuantity: 1 },
          { productId: kibble.id, countedQuantity: -1 },
          { countedQuantity: 1 },
          { productId: kibble.id, countedQuantity: 1.5 },
          { productId: kibble.id, countedQuantity: 0, mode: 'add' },
        ],
      });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'lines.0.productId',
      'lines.1.countedQuantity',
      'lines.2.productId',
      'lines.3.countedQuantity',
      'lines.4.countedQuantity',
    ]);
    const empty = await cashier.agent.put(path).set(cashier.csrf).send({ lines: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('lines');
  });

  it('another store → 404 for reads and writes; an unknown count → 404; anonymous → 401', async () => {
    const [open] = await t.database.db.select().from(stockCounts).where(eq(stockCounts.status, 'open'));
    const countId = open!.id;
    expect((await otherManager.agent.get(`${base(store.id)}/${countId}`)).status).toBe(404);
    expect((await otherManager.agent.get(base(store.id))).status).toBe(404);
    // The count's id under a store the caller can see, but the count is not that store's.
    expect((await admin.agent.get(`${base(other.id)}/${countId}`)).status).toBe(404);
    expect(
      (await otherManager.agent.post(`${base(store.id)}/${countId}/submit`).set(otherManager.csrf)).status,
    ).toBe(404);
    expect((await manager.agent.get(`${base(store.id)}/00000000-0000-4000-8000-000000000001`)).status).toBe(
      404,
    );
    expect((await request(t.app).get(`${base(store.id)}/${countId}`)).status).toBe(401);
    expect((await cashier.agent.post(`${base(store.id)}/${countId}/submit`).set(cashier.csrf)).status).toBe(
      403,
    );
    expect((await cashier.agent.post(`${base(store.id)}/${countId}/cancel`).set(cashier.csrf)).status).toBe(
      403,
    );
  });

  it('POST cancel → cancelled, stock untouched, audited; cancelling again → 409', async () => {
    const [open] = await t.database.db.select().from(stockCounts).where(eq(stockCounts.status, 'open'));
    const countId = open!.id;
    const before = await onHandOf(store.id, kibble.id);
    const cancelled = await manager.agent.post(`${base(store.id)}/${countId}/cancel`).set(manager.csrf);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(await onHandOf(store.id, kibble.id)).toBe(before);
    expect(
      await t.database.db.select().from(stockMovements).where(eq(stockMovements.refId, countId)),
    ).toEqual([]);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, countId));
    expect(audit.map((row) => row.action).sort()).toEqual(['stock_count.cancelled', 'stock_count.started']);
    expect((await manager.agent.post(`${base(store.id)}/${countId}/cancel`).set(manager.csrf)).status).toBe(
      409,
    );
  });
});

describe('GET /api/stores/:storeId/stock-counts', () => {
  it('lists the store’s counts newest first for staff, filters by status and paginates', async () => {
    const all = await cashier.agent.get(base(store.id)).expect(200);
    expect(all.body.items.length).toBeGreaterThanOrEqual(4);
    expect(all.body.items.every((item: { storeId: string }) => item.storeId === store.id)).toBe(true);
    const startedAts = all.body.items.map((item: { startedAt: string }) => item.startedAt);
    expect([...startedAts].sort().reverse()).toEqual(startedAts);

    const submitted = await cashier.agent.get(`${base(store.id)}?status=submitted`).expect(200);
    expect(submitted.body.items.map((item: { status: string }) => item.status)).toEqual([
      'submitted',
      'submitted',
    ]);
    expect(submitted.body.items[1]).toMatchObject({ lineCount: 3, countedLineCount: 2 });

    const first = await manager.agent.get(`${base(store.id)}?limit=2`).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await manager.agent
      .get(`${base(store.id)}?limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    const ids = [...first.body.items, ...second.body.items].map((item: { id: string }) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(all.body.items.slice(0, ids.length).map((item: { id: string }) => item.id));

    const bad = await manager.agent.get(`${base(store.id)}?status=done&cursor=zz`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('status');
    expect((await request(t.app).get(base(store.id))).status).toBe(401);
  });
});

describe('concurrency', () => {
  it('overlapping counts started at the same moment → exactly one starts, the other is refused (409)', async () => {
    const deps = { db: t.database.db };
    const actor = (userId: string) => ({
      userId,
      visibleStoreIds: null,
      origin: { ip: null, userAgent: null },
    });
    for (let round = 0; round < 8; round++) {
      await cancelOpenCounts();
      const results = await Promise.allSettled([
        startStockCount(deps, actor(managerUser.id), store.id, { categoryId: food }),
        startStockCount(deps, actor(cashierUser.id), store.id, { categoryId: null }),
        startStockCount(deps, actor(managerUser.id), store.id, { categoryId: dryFood }),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') {
          expect(result.reason).toMatchObject({ status: 409 });
        }
      }
      const open = await t.database.db
        .select()
        .from(stockCounts)
        .where(and(eq(stockCounts.storeId, store.id), eq(stockCounts.status, 'open')));
      expect(open).toHaveLength(1);
    }
  });
});
