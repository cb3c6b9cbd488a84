import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventory, salesTransactions, stockLots, stockMovements } from '../../server/db/schema';
import { withTransaction } from '../../server/db/transaction';
import { findLedgerMismatches } from '../../server/modules/inventory/inventory.repo';
import { allocateFromLots } from '../../server/modules/inventory/lots.service';
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
let own: StoreFixture;
let other: StoreFixture;
let cashierUser: UserFixture;
let admin: SessionClient;
let manager: SessionClient;
let otherManager: SessionClient;
let cashier: SessionClient;

beforeAll(async () => {
  t = await createTestApp({ env: { DB_MAX_CONNECTIONS: '10' } });
  // Time zones far apart, so "today" really is the store's.
  own = await makeStore(t.database.db, { code: 'LOT1', timezone: 'Pacific/Kiritimati' });
  other = await makeStore(t.database.db, { code: 'LOT2', timezone: 'Pacific/Pago_Pago' });
  const a = await makeUser(t.database.db, { role: 'admin' });
  const m = await makeUser(t.database.db, { role: 'manager', storeIds: [own.id] });
  const m2 = await makeUser(t.database.db, { role: 'manager', storeIds: [other.id] });
  cashierUser = await makeUser(t.database.db, { role: 'cashier', storeIds: [own.id] });
  admin = await signIn(t.app, a.username, a.password);
  manager = await signIn(t.app, m.username, m.password);
  otherManager = await signIn(t.app, m2.username, m2.password);
  cashier = await signIn(t.app, cashierUser.username, cashierUser.password);
});
afterAll(() => t.close());

/** The calendar date in a time zone, `offsetDays` from today there. */
function dateIn(timezone: string, offsetDays = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offsetDays);
  return date.toISOString().slice(0, 10);
}

async function receiveLots(
  client: SessionClient,
  storeId: string,
  lines: { productId: string; quantity: number; lotNumber: string; expiryDate: string }[],
): Promise<void> {
  const response = await client.agent
    .post(`/api/stores/${storeId}/receipts`)
    .set(client.csrf)
    .send({ lines: lines.map((line) => ({ ...line, unitCostCents: 250 })) });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

async function lotOnHand(storeId: string, productId: string, lotNumber: string): Promise<number | undefined> {
  const [row] = await t.database.db
    .select({ onHand: stockLots.onHand })
    .from(stockLots)
    .where(
      and(
        eq(stockLots.storeId, storeId),
        eq(stockLots.productId, productId),
        eq(stockLots.lotNumber, lotNumber),
      ),
    );
  return row?.onHand;
}

/** Sells from the lots first-expiry-first-out, the way the sales service will. */
async function sellFromLots(storeId: string, productId: string, quantity: number, saleId?: string) {
  return withTransaction(t.database.db, async (tx) => {
    const parts = await allocateFromLots(tx, { storeId, productId, quantity });
    await applyStockMovements(
      tx,
      parts.map((part) => ({
        storeId,
        productId,
        delta: -part.quantity,
        reason: 'sale' as const,
        userId: cashierUser.id,
        ...(saleId ? { refType: 'sale' as const, refId: saleId } : {}),
        ...(part.lotId ? { lotId: part.lotId } : {}),
      })),
      { allowNegative: true },
    );
    return parts;
  });
}

describe('allocateFromLots (first expiry, first out)', () => {
  let food: ProductFixture;

  beforeAll(async () => {
    food = await makeProduct(t.database.db, { isLotTracked: true });
    // Received May first, March second: the order of arrival must not matter.
    await receiveLots(manager, own.id, [
      { productId: food.id, quantity: 10, lotNumber: 'MAY', expiryDate: '2027-05-31' },
      { productId: food.id, quantity: 5, lotNumber: 'MAR', expiryDate: '2027-03-31' },
    ]);
  });

  it('7 units over lots of 5 (March) and 10 (May) → 5 + 2; lots then hold 0 and 8, inventory 8', async () => {
    const [march] = await t.database.db.select().from(stockLots).where(eq(stockLots.lotNumber, 'MAR'));
    const [may] = await t.database.db.select().from(stockLots).where(eq(stockLots.lotNumber, 'MAY'));
    const parts = await sellFromLots(own.id, food.id, 7);
    expect(parts).toEqual([
      { lotId: march!.id, quantity: 5 },
      { lotId: may!.id, quantity: 2 },
    ]);
    expect(await lotOnHand(own.id, food.id, 'MAR')).toBe(0);
    expect(await lotOnHand(own.id, food.id, 'MAY')).toBe(8);
    const [row] = await t.database.db
      .select({ onHand: inventory.onHand })
      .from(inventory)
      .where(and(eq(inventory.storeId, own.id), eq(inventory.productId, food.id)));
    expect(row?.onHand).toBe(8);
    const sold = await t.database.db
      .select({ lotId: stockMovements.lotId, delta: stockMovements.delta })
      .from(stockMovements)
      .where(and(eq(stockMovements.productId, food.id), eq(stockMovements.reason, 'sale')));
    expect(sold).toEqual(
      expect.arrayContaining([
        { lotId: march!.id, delta: -5 },
        { lotId: may!.id, delta: -2 },
      ]),
    );
  });

  it('more than the lots hold → empty lots skipped, the rest comes back with lotId null', async () => {
    const [may] = await t.database.db.select().from(stockLots).where(eq(stockLots.lotNumber, 'MAY'));
    const parts = await sellFromLots(own.id, food.id, 12);
    expect(parts).toEqual([
      { lotId: may!.id, quantity: 8 },
      { lotId: null, quantity: 4 },
    ]);
    expect(await lotOnHand(own.id, food.id, 'MAY')).toBe(0);
  });

  it('a product with no lots in the store → one part with lotId null', async () => {
    const plain = await makeProduct(t.database.db);
    const parts = await withTransaction(t.database.db, (tx) =>
      allocateFromLots(tx, { storeId: own.id, productId: plain.id, quantity: 3 }),
    );
    expect(parts).toEqual([{ lotId: null, quantity: 3 }]);
  });

  it('two sales of the same lot at once never oversell it', async () => {
    const treats = await makeProduct(t.database.db, { isLotTracked: true });
    await receiveLots(manager, own.id, [
      { productId: treats.id, quantity: 6, lotNumber: 'T1', expiryDate: '2027-01-31' },
    ]);
    const results = await Promise.all([
      sellFromLots(own.id, treats.id, 4),
      sellFromLots(own.id, treats.id, 4),
    ]);
    const fromLot = results.flat().filter((part) => part.lotId !== null);
    expect(fromLot.reduce((sum, part) => sum + part.quantity, 0)).toBe(6);
    expect(await lotOnHand(own.id, treats.id, 'T1')).toBe(0);
  });
});

describe('stock leaving without a named lot', () => {
  it('an adjustment or a transfer out takes from the lots soonest expiry first, then from unlotted stock', async () => {
    const treats = await makeProduct(t.database.db, { isLotTracked: true });
    await receiveLots(manager, own.id, [
      { productId: treats.id, quantity: 4, lotNumber: 'T-JUN', expiryDate: '2027-06-30' },
      { productId: treats.id, quantity: 3, lotNumber: 'T-APR', expiryDate: '2027-04-30' },
    ]);
    const adjust = (delta: number, reason: string) =>
      manager.agent
        .post(`/api/stores/${own.id}/inventory/adjustments`)
        .set(manager.csrf)
        .send({ lines: [{ productId: treats.id, delta, reason }] });
    // 2 found without a lot: unlotted stock (9 on hand, lots hold 7).
    expect((await adjust(2, 'found')).status).toBe(201);
    expect((await adjust(-5, 'damaged')).status).toBe(201);
    expect(await lotOnHand(own.id, treats.id, 'T-APR')).toBe(0);
    expect(await lotOnHand(own.id, treats.id, 'T-JUN')).toBe(2);
    const damaged = await t.database.db
      .select({ lotId: stockMovements.lotId, delta: stockMovements.delta })
      .from(stockMovements)
      .where(and(eq(stockMovements.productId, treats.id), eq(stockMovements.reason, 'damaged')));
    expect(damaged.map((m) => m.delta).sort()).toEqual([-2, -3]);
    expect(damaged.every((m) => m.lotId !== null)).toBe(true);

    const sent = await admin.agent
      .post('/api/transfers')
      .set(admin.csrf)
      .send({ fromStoreId: own.id, toStoreId: other.id, lines: [{ productId: treats.id, quantity: 3 }] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    // The June lot gives its last 2; the third unit is unlotted stock.
    expect(await lotOnHand(own.id, treats.id, 'T-JUN')).toBe(0);
    const [row] = await t.database.db
      .select({ onHand: inventory.onHand })
      .from(inventory)
      .where(and(eq(inventory.storeId, own.id), eq(inventory.productId, treats.id)));
    expect(row?.onHand).toBe(1);
    expect(await findLedgerMismatches(t.database.db)).toEqual([]);
  });
});

describe('GET /api/stores/:storeId/lots/expiring', () => {
  let food: ProductFixture;

  beforeAll(async () => {
    food = await makeProduct(t.database.db, { isLotTracked: true, name: 'Wet Food 85 g' });
    const tz = own.timezone;
    await receiveLots(manager, own.id, [
      { productId: food.id, quantity: 4, lotNumber: 'E-SOON', expiryDate: dateIn(tz, 10) },
      { productId: food.id, quantity: 4, lotNumber: 'E-LATER', expiryDate: dateIn(tz, 40) },
      { productId: food.id, quantity: 2, lotNumber: 'E-PAST', expiryDate: dateIn(tz, -2) },
      { productId: food.id, quantity: 3, lotNumber: 'E-EDGE', expiryDate: dateIn(tz, 30) },
      { productId: food.id, quantity: 1, lotNumber: 'E-GONE', expiryDate: dateIn(tz, 5) },
    ]);
    // E-GONE sold out: a lot with nothing on hand is not reported.
    const [gone] = await t.database.db.select().from(stockLots).where(eq(stockLots.lotNumber, 'E-GONE'));
    await withTransaction(t.database.db, (tx) =>
      applyStockMovements(
        tx,
        [
          {
            storeId: own.id,
            productId: food.id,
            delta: -1,
            reason: 'expired',
            userId: null,
            lotId: gone!.id,
          },
        ],
        { allowNegative: true },
      ),
    );
  });

  it('cashier → lots with stock expiring within 30 days of the store’s today, soonest first', async () => {
    const response = await cashier.agent.get(`/api/stores/${own.id}/lots/expiring`).expect(200);
    expect(response.body).toMatchObject({ storeId: own.id, today: dateIn(own.timezone), days: 30 });
    const mine = response.body.items.filter((lot: { productId: string }) => lot.productId === food.id);
    expect(mine).toEqual([
      expect.objectContaining({ lotNumber: 'E-PAST', daysUntilExpiry: -2, onHand: 2, sku: food.sku }),
      expect.objectContaining({ lotNumber: 'E-SOON', daysUntilExpiry: 10, onHand: 4, name: 'Wet Food 85 g' }),
      expect.objectContaining({ lotNumber: 'E-EDGE', daysUntilExpiry: 30, onHand: 3 }),
    ]);
    const wider = await manager.agent.get(`/api/stores/${own.id}/lots/expiring?days=45&limit=2`).expect(200);
    expect(wider.body.items).toHaveLength(2);
    const rest = await manager.agent
      .get(`/api/stores/${own.id}/lots/expiring?days=45&limit=2&cursor=${wider.body.nextCursor}`)
      .expect(200);
    const numbers = [...wider.body.items, ...rest.body.items]
      .filter((lot: { productId: string }) => lot.productId === food.id)
      .map((lot: { lotNumber: string }) => lot.lotNumber);
    expect(numbers).toEqual(['E-PAST', 'E-SOON', 'E-EDGE', 'E-LATER']);
  });

  it('days outside 1–365 → 400 naming days; anonymous → 401; another store → 404', async () => {
    for (const days of ['0', '366', 'abc', '1.5']) {
      const response = await cashier.agent.get(`/api/stores/${own.id}/lots/expiring?days=${days}`);
      expect(response.status, days).toBe(400);
      expect(response.body.error.details[0].path).toBe('days');
    }
    await request(t.app).get(`/api/stores/${own.id}/lots/expiring`).expect(401);
    await cashier.agent.get(`/api/stores/${other.id}/lots/expiring`).expect(404);
    await admin.agent.get(`/api/stores/${other.id}/lots/expiring`).expect(200);
  });
});

describe('GET /api/lots/recall', () => {
  let food: ProductFixture;
  let saleId: string;

  beforeAll(async () => {
    food = await makeProduct(t.database.db, { isLotTracked: true });
    await receiveLots(manager, own.id, [
      { productId: food.id, quantity: 10, lotNumber: 'RC-42', expiryDate: '2027-08-31' },
    ]);
    await receiveLots(admin, other.id, [
      { productId: food.id, quantity: 6, lotNumber: 'RC-42', expiryDate: '2027-08-31' },
    ]);
    // The sales area comes later: write the sale row by hand and sell 3 from the lot against it.
    saleId = randomUUID();
    await t.database.db.insert(salesTransactions).values({
      id: saleId,
      kind: 'sale',
      storeId: own.id,
      registerId: 'till-1',
      cashierId: cashierUser.id,
      receiptNumber: 'LOT1-1-000007',
      businessDate: '2026-11-24',
      subtotalCents: 1497,
      totalCents: 1497,
      requestHash: 'test',
    });
    await sellFromLots(own.id, food.id, 3, saleId);
    // A sale of another lot must not show up.
    await receiveLots(manager, own.id, [
      { productId: food.id, quantity: 5, lotNumber: 'RC-43', expiryDate: '2026-12-31' },
    ]);
  });

  it('admin → the lot’s on-hand in every store and the sales that took units of it', async () => {
    const response = await admin.agent
      .get(`/api/lots/recall?productId=${food.id}&lotNumber=RC-42`)
      .expect(200);
    expect(response.body.productId).toBe(food.id);
    expect(response.body.lotNumber).toBe('RC-42');
    expect(
      response.body.stores.map((s: { storeId: string; onHand: number }) => [s.storeId, s.onHand]).sort(),
    ).toEqual(
      [
        [own.id, 7],
        [other.id, 6],
      ].sort(),
    );
    expect(response.body.sales).toEqual([
      {
        saleId,
        storeId: own.id,
        receiptNumber: 'LOT1-1-000007',
        businessDate: '2026-11-24',
        quantity: 3,
        customerId: null,
      },
    ]);
  });

  it('a manager sees only their stores; a lot only elsewhere → 404; cashier → 403; bad query → 400', async () => {
    const mine = await manager.agent.get(`/api/lots/recall?productId=${food.id}&lotNumber=RC-42`).expect(200);
    expect(mine.body.stores.map((s: { storeId: string }) => s.storeId)).toEqual([own.id]);
    expect(mine.body.sales).toHaveLength(1);
    const theirs = await otherManager.agent
      .get(`/api/lots/recall?productId=${food.id}&lotNumber=RC-42`)
      .expect(200);
    expect(theirs.body.stores.map((s: { storeId: string }) => s.storeId)).toEqual([other.id]);
    expect(theirs.body.sales).toEqual([]);
    await otherManager.agent.get(`/api/lots/recall?productId=${food.id}&lotNumber=RC-43`).expect(404);
    await admin.agent.get(`/api/lots/recall?productId=${food.id}&lotNumber=NOPE`).expect(404);
    await cashier.agent.get(`/api/lots/recall?productId=${food.id}&lotNumber=RC-42`).expect(403);
    await request(t.app).get(`/api/lots/recall?productId=${food.id}&lotNumber=RC-42`).expect(401);
    const bad = await admin.agent.get('/api/lots/recall?productId=xyz');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'lotNumber',
      'productId',
    ]);
  });
});
