import { and, asc, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  inventory,
  products,
  purchaseOrderLines,
  purchaseOrders,
  stockLots,
  stockMovements,
  supplierProducts,
} from '../../server/db/schema';
import { withTransaction } from '../../server/db/transaction';
import { applyStockMovements } from '../../server/modules/inventory/stock-ledger.service';
import { weightedAverageCostCents } from '../../server/modules/purchasing/purchasing.service';
import { type SessionClient, signIn } from '../helpers/auth';
import { makeProduct, makeStore, makeUser, type StoreFixture, type UserFixture } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let own: StoreFixture;
let other: StoreFixture;
let managerUser: UserFixture;
let admin: SessionClient;
let manager: SessionClient;
let cashier: SessionClient;
let supplierId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { DB_MAX_CONNECTIONS: '10' } });
  own = await makeStore(t.database.db, { code: 'PUR1' });
  other = await makeStore(t.database.db, { code: 'PUR2' });
  const a = await makeUser(t.database.db, { role: 'admin' });
  managerUser = await makeUser(t.database.db, { role: 'manager', storeIds: [own.id] });
  const c = await makeUser(t.database.db, { role: 'cashier', storeIds: [own.id] });
  admin = await signIn(t.app, a.username, a.password);
  manager = await signIn(t.app, managerUser.username, managerUser.password);
  cashier = await signIn(t.app, c.username, c.password);
  const created = await manager.agent
    .post('/api/suppliers')
    .set(manager.csrf)
    .send({ name: 'Kibble Wholesale Co' })
    .expect(201);
  supplierId = created.body.id;
});
afterAll(() => t.close());

async function onHandOf(storeId: string, productId: string): Promise<number> {
  const [row] = await t.database.db
    .select({ onHand: inventory.onHand })
    .from(inventory)
    .where(and(eq(inventory.storeId, storeId), eq(inventory.productId, productId)));
  return row?.onHand ?? 0;
}

async function costOf(productId: string): Promise<number> {
  const [row] = await t.database.db
    .select({ costCents: products.costCents })
    .from(products)
    .where(eq(products.id, productId));
  return Number(row?.costCents);
}

/** Puts opening stock on the shelf directly through the ledger, as a count would. */
async function stockUp(storeId: string, productId: string, quantity: number): Promise<void> {
  await withTransaction(t.database.db, (tx) =>
    applyStockMovements(tx, [{ storeId, productId, delta: quantity, reason: 'count', userId: null }], {
      allowNegative: true,
    }),
  );
}

async function createOrder(
  client: SessionClient,
  storeId: string,
  lines: { productId: string; quantityOrdered: number; unitCostCents: number }[],
) {
  return client.agent
    .post(`/api/stores/${storeId}/purchase-orders`)
    .set(client.csrf)
    .send({ supplierId, lines });
}

async function orderedPurchaseOrder(
  storeId: string,
  lines: { productId: string; quantityOrdered: number; unitCostCents: number }[],
): Promise<string> {
  const created = await createOrder(admin, storeId, lines);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  await admin.agent
    .post(`/api/stores/${storeId}/purchase-orders/${created.body.id}/order`)
    .set(admin.csrf)
    .expect(200);
  return created.body.id as string;
}

describe('suppliers', () => {
  it('POST /api/suppliers → 201 and supplier.created audited; same name in other case → 409 naming name', async () => {
    const response = await manager.agent.post('/api/suppliers').set(manager.csrf).send({
      name: 'Aquatic Supplies',
      contactName: 'Ana',
      email: 'orders@aquatic.example',
      phone: '555-0100',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      name: 'Aquatic Supplies',
      contactName: 'Ana',
      email: 'orders@aquatic.example',
      notes: '',
      active: true,
    });
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, response.body.id));
    expect(audit.map((row) => row.action)).toEqual(['supplier.created']);

    const duplicate = await manager.agent
      .post('/api/suppliers')
      .set(manager.csrf)
      .send({ name: 'AQUATIC SUPPLIES' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.details).toEqual([{ path: 'name', message: expect.any(String) }]);
  });

  it('POST /api/suppliers bad fields → 400 naming each; cashier → 403; anonymous → 401', async () => {
    const bad = await admin.agent
      .post('/api/suppliers')
      .set(admin.csrf)
      .send({ name: ' ', email: 'not-an-email', color: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'color',
      'email',
      'name',
    ]);
    await cashier.agent.post('/api/suppliers').set(cashier.csrf).send({ name: 'X' }).expect(403);
    await cashier.agent.get('/api/suppliers').expect(403);
    await request(t.app).get('/api/suppliers').expect(401);
  });

  it('GET /api/suppliers?q= matches part of the name, paginated by name', async () => {
    const found = await manager.agent.get('/api/suppliers?q=aquatic').expect(200);
    expect(found.body.items.map((s: { name: string }) => s.name)).toEqual(['Aquatic Supplies']);
    const first = await manager.agent.get('/api/suppliers?limit=1').expect(200);
    expect(first.body.items[0].name).toBe('Aquatic Supplies');
    const second = await manager.agent
      .get(`/api/suppliers?limit=1&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body.items[0].name).toBe('Kibble Wholesale Co');
  });

  it('PATCH /api/suppliers/:id → 200 and supplier.updated audited; unknown id → 404', async () => {
    const created = await admin.agent.post('/api/suppliers').set(admin.csrf).send({ name: 'Bird Seed Ltd' });
    const response = await manager.agent
      .patch(`/api/suppliers/${created.body.id}`)
      .set(manager.csrf)
      .send({ phone: '555-0199', active: false });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ phone: '555-0199', active: false });
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, created.body.id), eq(auditLog.action, 'supplier.updated')));
    expect(audit?.details).toMatchObject({ changed: ['active', 'phone'] });
    await manager.agent
      .patch('/api/suppliers/00000000-0000-4000-8000-000000000001')
      .set(manager.csrf)
      .send({ phone: '1' })
      .expect(404);
    const empty = await manager.agent.patch(`/api/suppliers/${created.body.id}`).set(manager.csrf).send({});
    expect(empty.status).toBe(400);
  });

  it('PUT /api/suppliers/:id/products/:productId: preferring a second supplier unsets the first', async () => {
    const product = await makeProduct(t.database.db);
    const second = await admin.agent.post('/api/suppliers').set(admin.csrf).send({ name: 'Second Source' });
    const first = await manager.agent
      .put(`/api/suppliers/${supplierId}/products/${product.id}`)
      .set(manager.csrf)
      .send({ supplierSku: 'KW-1', unitCostCents: 180, isPreferred: true });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ supplierSku: 'KW-1', unitCostCents: 180, isPreferred: true });
    const switched = await manager.agent
      .put(`/api/suppliers/${second.body.id}/products/${product.id}`)
      .set(manager.csrf)
      .send({ unitCostCents: 175, isPreferred: true });
    expect(switched.status).toBe(200);
    const rows = await t.database.db
      .select()
      .from(supplierProducts)
      .where(eq(supplierProducts.productId, product.id));
    const preferred = Object.fromEntries(rows.map((row) => [row.supplierId, row.isPreferred]));
    expect(preferred).toEqual({ [supplierId]: false, [second.body.id]: true });
    // Updating terms keeps what was not sent.
    const again = await manager.agent
      .put(`/api/suppliers/${supplierId}/products/${product.id}`)
      .set(manager.csrf)
      .send({ isPreferred: false, unitCostCents: 170 });
    expect(again.body).toMatchObject({ supplierSku: 'KW-1', unitCostCents: 170, isPreferred: false });

    await manager.agent
      .put(`/api/suppliers/${supplierId}/products/00000000-0000-4000-8000-000000000001`)
      .set(manager.csrf)
      .send({ isPreferred: true })
      .expect(404);
    const bad = await manager.agent
      .put(`/api/suppliers/${supplierId}/products/${product.id}`)
      .set(manager.csrf)
      .send({ unitCostCents: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'isPreferred',
      'unitCostCents',
    ]);
  });
});

describe('purchase orders', () => {
  it('POST /api/stores/:storeId/purchase-orders → 201 draft numbered per store; audited', async () => {
    const product = await makeProduct(t.database.db);
    const response = await createOrder(manager, own.id, [
      { productId: product.id, quantityOrdered: 12, unitCostCents: 310 },
    ]);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      storeId: own.id,
      supplierId,
      supplierName: 'Kibble Wholesale Co',
      status: 'draft',
      number: expect.stringMatching(/^PO-PUR1-\d{6}$/),
      totalCostCents: 3720,
      lines: [
        {
          productId: product.id,
          sku: product.sku,
          quantityOrdered: 12,
          quantityReceived: 0,
          overReceived: 0,
          unitCostCents: 310,
        },
      ],
    });
    const next = await createOrder(manager, own.id, [
      { productId: product.id, quantityOrdered: 1, unitCostCents: 310 },
    ]);
    const sequence = (n: string) => Number(n.split('-').at(-1));
    expect(sequence(next.body.number)).toBe(sequence(response.body.number) + 1);
    const elsewhere = await createOrder(admin, other.id, [
      { productId: product.id, quantityOrdered: 1, unitCostCents: 310 },
    ]);
    expect(elsewhere.body.number).toBe('PO-PUR2-000001');
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, response.body.id));
    expect(audit.map((row) => [row.action, row.storeId])).toEqual([['purchase_order.created', own.id]]);
  });

  it('POST …/purchase-orders bad fields → 400 naming each path; unknown product/supplier → 400', async () => {
    const product = await makeProduct(t.database.db);
    const bad = await manager.agent
      .post(`/api/stores/${own.id}/purchase-orders`)
      .set(manager.csrf)
      .send({
        supplierId,
        lines: [
          { productId: product.id, quantityOrdered: 0, unitCostCents: 1.5 },
          { productId: 'nope', quantityOrdered: 1, unitCostCents: 1 },
        ],
        expectedDate: '2026-02-30',
        extra: true,
      });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'expectedDate',
      'extra',
      'lines.0.quantityOrdered',
      'lines.0.unitCostCents',
      'lines.1.productId',
    ]);
    const twice = await manager.agent
      .post(`/api/stores/${own.id}/purchase-orders`)
      .set(manager.csrf)
      .send({
        supplierId,
        lines: [
          { productId: product.id, quantityOrdered: 1, unitCostCents: 1 },
          { productId: product.id, quantityOrdered: 2, unitCostCents: 1 },
        ],
      });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details).toEqual([{ path: 'lines.1.productId', message: 'appears twice' }]);
    const unknown = await manager.agent
      .post(`/api/stores/${own.id}/purchase-orders`)
      .set(manager.csrf)
      .send({
        supplierId,
        lines: [{ productId: '00000000-0000-4000-8000-000000000009', quantityOrdered: 1, unitCostCents: 1 }],
      });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'lines.0.productId', message: 'no such product' }]);
    const noSupplier = await manager.agent
      .post(`/api/stores/${own.id}/purchase-orders`)
      .set(manager.csrf)
      .send({
        supplierId: '00000000-0000-4000-8000-000000000009',
        lines: [{ productId: product.id, quantityOrdered: 1, unitCostCents: 1 }],
      });
    expect(noSupplier.status).toBe(400);
    expect(noSupplier.body.error.details[0].path).toBe('supplierId');
  });

  it('purchase orders: anonymous → 401, cashier → 403, other store → 404, other store’s order under own store → 404', async () => {
    const product = await makeProduct(t.database.db);
    const otherOrder = await createOrder(admin, other.id, [
      { productId: product.id, quantityOrdered: 1, unitCostCents: 1 },
    ]);
    await request(t.app).get(`/api/stores/${own.id}/purchase-orders`).expect(401);
    await cashier.agent.get(`/api/stores/${own.id}/purchase-orders`).expect(403);
    await cashier.agent
      .post(`/api/stores/${own.id}/receipts`)
      .set(cashier.csrf)
      .send({ lines: [{ productId: product.id, quantity: 1, unitCostCents: 1 }] })
      .expect(403);
    await manager.agent.get(`/api/stores/${other.id}/purchase-orders`).expect(404);
    await manager.agent.get(`/api/stores/${other.id}/purchase-orders/${otherOrder.body.id}`).expect(404);
    await manager.agent.get(`/api/stores/${own.id}/purchase-orders/${otherOrder.body.id}`).expect(404);
    await manager.agent
      .post(`/api/stores/${own.id}/purchase-orders/${otherOrder.body.id}/order`)
      .set(manager.csrf)
      .expect(404);
    const hidden = await createOrder(manager, other.id, [
      { productId: product.id, quantityOrdered: 1, unitCostCents: 1 },
    ]);
    expect(hidden.status).toBe(404);
    // Scope comes first: another store answers 404 even when the body is wrong too.
    await manager.agent.post(`/api/stores/${other.id}/receipts`).set(manager.csrf).send({}).expect(404);
    await manager.agent
      .post(`/api/stores/${other.id}/purchase-orders/${otherOrder.body.id}/receive`)
      .set(manager.csrf)
      .send({ lines: 'all' })
      .expect(404);
    const badId = await manager.agent.get(`/api/stores/${own.id}/purchase-orders/42`);
    expect(badId.status).toBe(400);
    expect(badId.body.error.details[0].path).toBe('purchaseOrderId');
    await admin.agent.get(`/api/stores/${other.id}/purchase-orders/${otherOrder.body.id}`).expect(200);
    const stillDraft = await t.database.db
      .select({ status: purchaseOrders.status })
      .from(purchaseOrders)
      .where(eq(purchaseOrders.id, otherOrder.body.id));
    expect(stillDraft).toEqual([{ status: 'draft' }]);
  });

  it('the whole lifecycle: draft edited → ordered → partial receipt → full receipt with over-delivery', async () => {
    const kibble = await makeProduct(t.database.db, { costCents: 200 });
    const litter = await makeProduct(t.database.db, { costCents: 500 });
    const treats = await makeProduct(t.database.db, { costCents: 100 });
    await stockUp(own.id, kibble.id, 10);

    const created = await createOrder(manager, own.id, [
      { productId: kibble.id, quantityOrdered: 5, unitCostCents: 290 },
    ]);
    const poId = created.body.id as string;
    const path = `/api/stores/${own.id}/purchase-orders/${poId}`;

    // While a draft, the lines can be replaced.
    const edited = await manager.agent
      .patch(path)
      .set(manager.csrf)
      .send({
        lines: [
          { productId: kibble.id, quantityOrdered: 30, unitCostCents: 300 },
          { productId: litter.id, quantityOrdered: 4, unitCostCents: 500 },
        ],
        note: 'spring restock',
        expectedDate: '2026-12-01',
      });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.lines).toHaveLength(2);
    expect(edited.body).toMatchObject({
      note: 'spring restock',
      expectedDate: '2026-12-01',
      totalCostCents: 11000,
    });

    // A draft cannot be received.
    const early = await manager.agent
      .post(`${path}/receive`)
      .set(manager.csrf)
      .send({ lines: [{ productId: kibble.id, quantity: 1 }] });
    expect(early.status).toBe(409);

    const ordered = await manager.agent.post(`${path}/order`).set(manager.csrf).expect(200);
    expect(ordered.body.status).toBe('ordered');
    expect(ordered.body.orderedAt).toEqual(expect.any(String));
    await manager.agent.patch(path).set(manager.csrf).send({ note: 'too late' }).expect(409);
    await manager.agent.post(`${path}/order`).set(manager.csrf).expect(409);

    // Partial: all the kibble, half the litter.
    const partial = await manager.agent
      .post(`${path}/receive`)
      .set(manager.csrf)
      .send({
        lines: [
          { productId: kibble.id, quantity: 30 },
          { productId: litter.id, quantity: 2 },
        ],
        note: 'pallet 1',
      });
    expect(partial.status, JSON.stringify(partial.body)).toBe(200);
    expect(partial.body.purchaseOrder.status).toBe('partially_received');
    // Weighted average: 10 on hand at 200, 30 received at 300 → (2000 + 9000) / 40 = 275.
    expect(partial.body.lines).toEqual([
      expect.objectContaining({
        productId: kibble.id,
        quantity: 30,
        onHand: 40,
        costCents: 275,
        overReceived: 0,
      }),
      expect.objectContaining({
        productId: litter.id,
        quantity: 2,
        onHand: 2,
        costCents: 500,
        overReceived: 0,
      }),
    ]);
    expect(await costOf(kibble.id)).toBe(275);
    expect(await onHandOf(own.id, kibble.id)).toBe(40);
    expect(await onHandOf(own.id, litter.id)).toBe(2);
    const ledger = await t.database.db
      .select()
      .from(stockMovements)
      .where(and(eq(stockMovements.refType, 'purchase_order'), eq(stockMovements.refId, poId)))
      .orderBy(asc(stockMovements.delta));
    expect(ledger.map((row) => [row.productId, row.delta, row.reason, row.userId, row.note])).toEqual([
      [litter.id, 2, 'received', managerUser.id, 'pallet 1'],
      [kibble.id, 30, 'received', managerUser.id, 'pallet 1'],
    ]);
    // Something received: it can no longer be cancelled.
    await manager.agent.post(`${path}/cancel`).set(manager.csrf).expect(409);

    // The rest, plus one litter more than ordered; a product not on the order is refused first.
    const stranger = await manager.agent
      .post(`${path}/receive`)
      .set(manager.csrf)
      .send({
        lines: [
          { productId: litter.id, quantity: 3 },
          { productId: treats.id, quantity: 1 },
        ],
      });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.details).toEqual([
      { path: 'lines.1.productId', message: 'is not on this purchase order' },
    ]);
    expect(await onHandOf(own.id, litter.id)).toBe(2);

    const rest = await manager.agent
      .post(`${path}/receive`)
      .set(manager.csrf)
      .send({ lines: [{ productId: litter.id, quantity: 3 }] });
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect(rest.body.purchaseOrder.status).toBe('received');
    expect(rest.body.purchaseOrder.receivedAt).toEqual(expect.any(String));
    expect(rest.body.lines).toEqual([
      expect.objectContaining({ productId: litter.id, quantity: 3, onHand: 5, overReceived: 1 }),
    ]);
    const fetched = await manager.agent.get(path).expect(200);
    const litterLine = fetched.body.lines.find((l: { productId: string }) => l.productId === litter.id);
    expect(litterLine).toMatchObject({ quantityOrdered: 4, quantityReceived: 5, overReceived: 1 });
    const dbLines = await t.database.db
      .select({ productId: purchaseOrderLines.productId, received: purchaseOrderLines.quantityReceived })
      .from(purchaseOrderLines)
      .where(eq(purchaseOrderLines.purchaseOrderId, poId));
    expect(Object.fromEntries(dbLines.map((l) => [l.productId, l.received]))).toEqual({
      [kibble.id]: 30,
      [litter.id]: 5,
    });

    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, poId))
      .orderBy(asc(auditLog.occurredAt));
    expect(audit.map((row) => row.action)).toEqual([
      'purchase_order.created',
      'purchase_order.updated',
      'purchase_order.ordered',
      'purchase_order.received',
      'purchase_order.received',
      'purchase_order.over_received',
    ]);
    expect(audit.at(-1)?.details).toMatchObject({
      lines: [{ productId: litter.id, quantityOrdered: 4, quantityReceived: 5, overReceived: 1 }],
    });
    // Received is final.
    await manager.agent
      .post(`${path}/receive`)
      .set(manager.csrf)
      .send({ lines: [{ productId: litter.id, quantity: 1 }] })
      .expect(409);

    const list = await manager.agent.get(`/api/stores/${own.id}/purchase-orders?status=received`).expect(200);
    expect(list.body.items.map((o: { id: string }) => o.id)).toEqual([poId]);
    const badStatus = await manager.agent.get(`/api/stores/${own.id}/purchase-orders?status=lost`);
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.details[0].path).toBe('status');
  });

  it('POST …/cancel: a draft or ordered order → cancelled and audited; cancelled again → 409', async () => {
    const product = await makeProduct(t.database.db);
    const poId = await orderedPurchaseOrder(own.id, [
      { productId: product.id, quantityOrdered: 3, unitCostCents: 100 },
    ]);
    const response = await manager.agent
      .post(`/api/stores/${own.id}/purchase-orders/${poId}/cancel`)
      .set(manager.csrf)
      .expect(200);
    expect(response.body.status).toBe('cancelled');
    await manager.agent
      .post(`/api/stores/${own.id}/purchase-orders/${poId}/cancel`)
      .set(manager.csrf)
      .expect(409);
    await manager.agent
      .post(`/api/stores/${own.id}/purchase-orders/${poId}/receive`)
      .set(manager.csrf)
      .send({ lines: [{ productId: product.id, quantity: 1 }] })
      .expect(409);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, poId), eq(auditLog.action, 'purchase_order.cancelled')));
    expect(audit).toHaveLength(1);
  });

  it('POST …/receive of a lot-tracked product without lot and expiry → 400 naming both, nothing written', async () => {
    const food = await makeProduct(t.database.db, { isLotTracked: true });
    const poId = await orderedPurchaseOrder(own.id, [
      { productId: food.id, quantityOrdered: 10, unitCostCents: 400 },
    ]);
    const response = await manager.agent
      .post(`/api/stores/${own.id}/purchase-orders/${poId}/receive`)
      .set(manager.csrf)
      .send({ lines: [{ productId: food.id, quantity: 10 }] });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'lines.0.lotNumber',
      'lines.0.expiryDate',
    ]);
    expect(await onHandOf(own.id, food.id)).toBe(0);

    const withLot = await manager.agent
      .post(`/api/stores/${own.id}/purchase-orders/${poId}/receive`)
      .set(manager.csrf)
      .send({ lines: [{ productId: food.id, quantity: 10, lotNumber: 'L-778', expiryDate: '2027-06-30' }] });
    expect(withLot.status, JSON.stringify(withLot.body)).toBe(200);
    const [lot] = await t.database.db.select().from(stockLots).where(eq(stockLots.productId, food.id));
    expect(lot).toMatchObject({ storeId: own.id, lotNumber: 'L-778', expiryDate: '2027-06-30', onHand: 10 });
    expect(withLot.body.lines[0]).toMatchObject({
      lotId: lot!.id,
      lotNumber: 'L-778',
      expiryDate: '2027-06-30',
    });
    const [movement] = await t.database.db
      .select()
      .from(stockMovements)
      .where(eq(stockMovements.productId, food.id));
    expect(movement?.lotId).toBe(lot!.id);
  });
});

describe('POST /api/stores/:storeId/receipts (no purchase order)', () => {
  it('→ 201: received movements with refType receipt, weighted-average cost, stock.received audited', async () => {
    const product = await makeProduct(t.database.db, { costCents: 200 });
    await stockUp(own.id, product.id, 10);
    const response = await manager.agent
      .post(`/api/stores/${own.id}/receipts`)
      .set(manager.csrf)
      .send({
        supplierId,
        lines: [{ productId: product.id, quantity: 30, unitCostCents: 300 }],
        note: 'cash buy',
      });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      storeId: own.id,
      supplierId,
      note: 'cash buy',
      lines: [{ productId: product.id, quantity: 30, onHand: 40, costCents: 275, lotId: null }],
    });
    expect(await costOf(product.id)).toBe(275);
    const ledger = await t.database.db
      .select()
      .from(stockMovements)
      .where(and(eq(stockMovements.refType, 'receipt'), eq(stockMovements.refId, response.body.id)));
    expect(ledger.map((row) => [row.productId, row.delta, row.reason])).toEqual([
      [product.id, 30, 'received'],
    ]);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, response.body.id));
    expect(audit.map((row) => [row.action, row.storeId])).toEqual([['stock.received', own.id]]);
  });

  it('negative on-hand counts as zero in the average; a lot number on an untracked product → 400', async () => {
    const product = await makeProduct(t.database.db, { costCents: 999 });
    await stockUp(own.id, product.id, -4);
    const response = await manager.agent
      .post(`/api/stores/${own.id}/receipts`)
      .set(manager.csrf)
      .send({ lines: [{ productId: product.id, quantity: 6, unitCostCents: 150 }] })
      .expect(201);
    expect(response.body.lines[0]).toMatchObject({ onHand: 2, costCents: 150 });
    const bad = await manager.agent
      .post(`/api/stores/${own.id}/receipts`)
      .set(manager.csrf)
      .send({ lines: [{ productId: product.id, quantity: 1, unitCostCents: 1, lotNumber: 'X1' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([
      { path: 'lines.0.lotNumber', message: 'the product is not lot-tracked' },
    ]);
  });

  it('the same lot again with another expiry date → 400 naming lines.N.expiryDate', async () => {
    const food = await makeProduct(t.database.db, { isLotTracked: true });
    const line = {
      productId: food.id,
      quantity: 5,
      unitCostCents: 300,
      lotNumber: 'B-1',
      expiryDate: '2027-01-31',
    };
    await manager.agent
      .post(`/api/stores/${own.id}/receipts`)
      .set(manager.csrf)
      .send({ lines: [line] })
      .expect(201);
    await manager.agent
      .post(`/api/stores/${own.id}/receipts`)
      .set(manager.csrf)
      .send({ lines: [line] })
      .expect(201);
    const clash = await manager.agent
      .post(`/api/stores/${own.id}/receipts`)
      .set(manager.csrf)
      .send({ lines: [{ ...line, expiryDate: '2027-02-28' }] });
    expect(clash.status).toBe(400);
    expect(clash.body.error.details[0].path).toBe('lines.0.expiryDate');
    const lots = await t.database.db.select().from(stockLots).where(eq(stockLots.productId, food.id));
    expect(lots.map((lot) => lot.onHand)).toEqual([10]);
    expect(await onHandOf(own.id, food.id)).toBe(10);
  });

  it('bad fields → 400 naming each; another store → 404 for a manager, 201 for an admin', async () => {
    const product = await makeProduct(t.database.db);
    const bad = await manager.agent
      .post(`/api/stores/${own.id}/receipts`)
      .set(manager.csrf)
      .send({ lines: [{ productId: 'nope', quantity: -1, unitCostCents: 'x', expiryDate: 'soon' }] });
    expect(bad.status).toBe(400);
    expect([...new Set(bad.body.error.details.map((d: { path: string }) => d.path))].sort()).toEqual([
      'lines.0.expiryDate',
      'lines.0.productId',
      'lines.0.quantity',
      'lines.0.unitCostCents',
    ]);
    const line = { productId: product.id, quantity: 1, unitCostCents: 100 };
    await manager.agent
      .post(`/api/stores/${other.id}/receipts`)
      .set(manager.csrf)
      .send({ lines: [line] })
      .expect(404);
    expect(await onHandOf(other.id, product.id)).toBe(0);
    await admin.agent
      .post(`/api/stores/${other.id}/receipts`)
      .set(admin.csrf)
      .send({ lines: [line] })
      .expect(201);
    expect(await onHandOf(other.id, product.id)).toBe(1);
  });
});

describe('weighted-average cost', () => {
  it('rounds half up in exact integer arithmetic', () => {
    expect(weightedAverageCostCents(10, 200, 30, 9000)).toBe(275);
    expect(weightedAverageCostCents(0, 999, 3, 300)).toBe(100);
    expect(weightedAverageCostCents(1, 100, 1, 101)).toBe(101); // 100.5 → 101
    expect(weightedAverageCostCents(-5, 100, 2, 500)).toBe(250);
    expect(weightedAverageCostCents(2_000_000_000, 99_999_999, 1, 0)).toBe(99_999_999);
  });

  it('two receipts of the same product at once → on-hand and cost as if one ran after the other', async () => {
    const product = await makeProduct(t.database.db, { costCents: 200 });
    await stockUp(own.id, product.id, 10);
    const receive = (quantity: number, unitCostCents: number) =>
      manager.agent
        .post(`/api/stores/${own.id}/receipts`)
        .set(manager.csrf)
        .send({ lines: [{ productId: product.id, quantity, unitCostCents }] });
    const [a, b] = await Promise.all([receive(30, 300), receive(20, 100)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    // Either order: 30@300 then 20@100 → 275 → 216.67 → 217; 20@100 then 30@300 → 133.33 → 133 → 216.5 → 217.
    // A stale on-hand or cost would give 275, 133 or 167.
    expect(await costOf(product.id)).toBe(217);
    expect(await onHandOf(own.id, product.id)).toBe(60);
    const onHands = [a.body.lines[0].onHand, b.body.lines[0].onHand].sort((x, y) => x - y);
    expect([
      [40, 60],
      [30, 60],
    ]).toContainEqual(onHands);
  });

  it('receipts of one product in two stores at once → the global cost blends both, weighted by each store', async () => {
    const product = await makeProduct(t.database.db, { costCents: 200 });
    await stockUp(own.id, product.id, 10);
    await stockUp(other.id, product.id, 30);
    const [a, b] = await Promise.all([
      manager.agent
        .post(`/api/stores/${own.id}/receipts`)
        .set(manager.csrf)
        .send({ lines: [{ productId: product.id, quantity: 10, unitCostCents: 400 }] }),
      admin.agent
        .post(`/api/stores/${other.id}/receipts`)
        .set(admin.csrf)
        .send({ lines: [{ productId: product.id, quantity: 10, unitCostCents: 600 }] }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    // own first: (10×200 + 10×400)/20 = 300, then (30×300 + 10×600)/40 = 375.
    // other first: (30×200 + 10×600)/40 = 300, then (10×300 + 10×400)/20 = 350.
    const final = await costOf(product.id);
    expect([350, 375]).toContain(final);
    expect(Math.max(a.body.lines[0].costCents, b.body.lines[0].costCents)).toBe(final);
  });

  it('purchase orders created at once get distinct, consecutive numbers', async () => {
    const product = await makeProduct(t.database.db);
    const responses = await Promise.all(
      [1, 2, 3, 4].map(() =>
        createOrder(manager, own.id, [{ productId: product.id, quantityOrdered: 1, unitCostCents: 1 }]),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const sequences = responses
      .map((r) => Number(String(r.body.number).split('-').at(-1)))
      .sort((x, y) => x - y);
    expect(sequences.at(-1)! - sequences[0]!).toBe(3);
    expect(new Set(sequences).size).toBe(4);
  });

  it('many receipts of one product in parallel → on-hand equals the ledger, cost equals a serial replay', async () => {
    const product = await makeProduct(t.database.db, { costCents: 100 });
    const batches = [
      [5, 120],
      [7, 90],
      [3, 200],
      [11, 101],
      [2, 333],
      [9, 150],
    ] as const;
    const responses = await Promise.all(
      batches.map(([quantity, unitCostCents]) =>
        manager.agent
          .post(`/api/stores/${own.id}/receipts`)
          .set(manager.csrf)
          .send({ lines: [{ productId: product.id, quantity, unitCostCents }] }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(batches.map(() => 201));
    // Replay in the order the ledger committed them (each response's onHand says where it landed).
    const order = responses
      .map((r, index) => ({ index, onHand: r.body.lines[0].onHand as number }))
      .sort((x, y) => x.onHand - y.onHand);
    let onHand = 0;
    let cost = 100;
    for (const { index } of order) {
      const [quantity, unitCostCents] = batches[index]!;
      cost = weightedAverageCostCents(onHand, cost, quantity, quantity * unitCostCents);
      onHand += quantity;
    }
    expect(await onHandOf(own.id, product.id)).toBe(37);
    expect(await costOf(product.id)).toBe(cost);
  });
});
