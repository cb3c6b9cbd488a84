import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from '../../server/db/query-rows';
import {
  auditLog,
  customers,
  inventory,
  salesPayments,
  salesTransactionItems,
  salesTransactions,
  stockMovements,
} from '../../server/db/schema';
import { bearerToken, type SessionClient, signIn } from '../helpers/auth';
import {
  makeProduct,
  makeStore,
  makeUser,
  type ProductFixture,
  type StoreFixture,
  type UserFixture,
} from '../helpers/factories';
import { openShiftRow, saleBody, worldSnapshot } from '../helpers/sales';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let store: StoreFixture;
let strictStore: StoreFixture;
let otherStore: StoreFixture;
let managerUser: UserFixture;
let cashierUser: UserFixture;
let manager: SessionClient;
let cashier: SessionClient;
let otherCashier: SessionClient;
let shiftId: string;
let otherShiftId: string;
let food: ProductFixture;
let treats: ProductFixture;
let seed: ProductFixture;
let bulk: ProductFixture;
let retired: ProductFixture;

async function stock(client: SessionClient, storeId: string, productId: string, delta: number) {
  const response = await client.agent
    .post(`/api/stores/${storeId}/inventory/adjustments`)
    .set(client.csrf)
    .send({ lines: [{ productId, delta, reason: 'received' }] });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

async function onHandOf(storeId: string, productId: string): Promise<number> {
  const [row] = await t.database.db
    .select({ onHand: inventory.onHand })
    .from(inventory)
    .where(and(eq(inventory.storeId, storeId), eq(inventory.productId, productId)));
  return row?.onHand ?? 0;
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  store = await makeStore(db, { code: 'SAL1' });
  strictStore = await makeStore(db, { code: 'SAL2', allowNegativeStock: false });
  otherStore = await makeStore(db, { code: 'SAL3' });
  managerUser = await makeUser(db, { role: 'manager', storeIds: [store.id, strictStore.id] });
  cashierUser = await makeUser(db, { role: 'cashier', storeIds: [store.id, strictStore.id] });
  const otherCashierUser = await makeUser(db, { role: 'cashier', storeIds: [otherStore.id] });
  manager = await signIn(t.app, managerUser.username, managerUser.password);
  cashier = await signIn(t.app, cashierUser.username, cashierUser.password);
  otherCashier = await signIn(t.app, otherCashierUser.username, otherCashierUser.password);
  // The contract's worked example A: 5499 and 899 at the standard rate, 349 at the reduced one.
  food = await makeProduct(db, {
    sku: 'SAL-FOOD',
    name: 'Salmon Kibble 12 kg',
    priceCents: 5499,
    costCents: 3000,
  });
  treats = await makeProduct(db, { sku: 'SAL-TREATS', name: 'Chew Treats', priceCents: 899, costCents: 400 });
  seed = await makeProduct(db, {
    sku: 'SAL-SEED',
    name: 'Millet Seed 1 kg',
    priceCents: 349,
    costCents: 150,
    taxClass: 'reduced',
  });
  bulk = await makeProduct(db, {
    sku: 'SAL-BULK',
    name: 'Bird Seed by weight',
    priceCents: 1299,
    unit: 'weight',
  });
  retired = await makeProduct(db, { sku: 'SAL-OLD', name: 'Retired Toy', active: false });
  shiftId = await openShiftRow(db, { storeId: store.id, registerId: 'till-1', openedBy: cashierUser.id });
  otherShiftId = await openShiftRow(db, {
    storeId: otherStore.id,
    registerId: 'till-1',
    openedBy: cashierUser.id,
  });
  await stock(manager, store.id, food.id, 100);
  await stock(manager, store.id, treats.id, 100);
  await stock(manager, store.id, seed.id, 100);
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

const exampleA = () =>
  saleBody(
    { storeId: store.id, shiftId },
    {
      lines: [
        { productId: food.id, quantity: 2 },
        {
          productId: treats.id,
          quantity: 1,
          discount: { type: 'percent', value: 10, reason: 'damaged box' },
        },
        { productId: seed.id, quantity: 3 },
      ],
      cartDiscount: { type: 'amount', value: 500, reason: 'loyalty' },
      tenders: [
        { method: 'card', amountCents: 10_000, reference: 'AUTH123' },
        { method: 'cash', amountCents: 5000 },
      ],
    },
  );

describe('POST /api/sales', () => {
  it('prices the contract’s example A from the catalog, takes the stock and answers 201 with the sale', async () => {
    const before = await Promise.all([food, treats, seed].map((p) => onHandOf(store.id, p.id)));
    const body = exampleA();
    const response = await cashier.agent.post('/api/sales').set(cashier.csrf).send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const sale = response.body;
    expect(sale).toMatchObject({
      id: body.id,
      status: 'completed',
      subtotalCents: 12944,
      discountCents: 590,
      taxCents: 961,
      totalCents: 13315,
      roundingCents: 0,
      changeDueCents: 1685,
      cashierId: cashierUser.id,
      shiftId,
    });
    expect(sale.receiptNumber).toMatch(/^SAL1-1-\d{6}$/);
    expect(sale.lines.map((l: { grossCents: number }) => l.grossCents)).toEqual([10998, 899, 1047]);
    expect(sale.lines.map((l: { discountCents: number }) => l.discountCents)).toEqual([428, 121, 41]);
    expect(sale.lines.map((l: { taxCents: number }) => l.taxCents)).toEqual([872, 64, 25]);
    expect(sale.lines.map((l: { totalCents: number }) => l.totalCents)).toEqual([11442, 842, 1031]);
    expect(sale.tenders).toEqual([
      { method: 'card', amountCents: 10_000, reference: 'AUTH123' },
      { method: 'cash', amountCents: 5000, reference: null },
    ]);

    const after = await Promise.all([food, treats, seed].map((p) => onHandOf(store.id, p.id)));
    expect(after).toEqual([before[0]! - 2, before[1]! - 1, before[2]! - 3]);
    const movements = await t.database.db
      .select()
      .from(stockMovements)
      .where(eq(stockMovements.refId, body.id as string));
    expect(movements.map((m) => [m.productId, m.delta, m.reason, m.refType]).sort()).toEqual(
      [
        [food.id, -2, 'sale', 'sale'],
        [treats.id, -1, 'sale', 'sale'],
        [seed.id, -3, 'sale', 'sale'],
      ].sort(),
    );
    const [row] = await t.database.db
      .select()
      .from(salesTransactions)
      .where(eq(salesTransactions.id, body.id as string));
    expect(row).toMatchObject({
      totalCents: 13315,
      kind: 'sale',
      requestHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const items = await t.database.db
      .select({ cost: salesTransactionItems.costCents })
      .from(salesTransactionItems)
      .where(eq(salesTransactionItems.transactionId, body.id as string))
      .orderBy(salesTransactionItems.lineNumber);
    expect(items.map((i) => i.cost)).toEqual([6000, 400, 450]);
    const metrics = await request(t.app).get('/metrics');
    expect(metrics.text).toContain(`pos_sales_total{store="${store.id}"} 1`);
    expect(metrics.text).toContain(`pos_sales_revenue_cents_total{store="${store.id}"} 13315`);
  });

  it('the same id and body again → 200 with the very same sale; another body → 422 IDEMPOTENCY_MISMATCH', async () => {
    const body = exampleA();
    const first = await cashier.agent.post('/api/sales').set(cashier.csrf).send(body);
    expect(first.status).toBe(201);
    const stockAfterFirst = await onHandOf(store.id, food.id);
    // Key order does not matter to the fingerprint.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await cashier.agent.post('/api/sales').set(cashier.csrf).send(reordered);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await onHandOf(store.id, food.id)).toBe(stockAfterFirst);

    const changed = {
      ...body,
      lines: [{ productId: food.id, quantity: 1 }],
      tenders: [{ method: 'cash', amountCents: 9000 }],
    };
    const before = await worldSnapshot(t.database.db);
    const mismatch = await cashier.agent.post('/api/sales').set(cashier.csrf).send(changed);
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.error.code).toBe('IDEMPOTENCY_MISMATCH');
    expect(await worldSnapshot(t.database.db)).toEqual(before);
  });

  it('a copy of another store’s sale, id and all, does not reveal it (404)', async () => {
    const body = exampleA();
    expect((await cashier.agent.post('/api/sales').set(cashier.csrf).send(body)).status).toBe(201);
    const copy = await otherCashier.agent.post('/api/sales').set(otherCashier.csrf).send(body);
    expect(copy.status).toBe(404);
    expect(JSON.stringify(copy.body)).not.toContain('receiptNumber');
  });

  it('ten concurrent copies of one sale → one sale, ten identical answers', async () => {
    const body = saleBody(
      { storeId: store.id, shiftId },
      { lines: [{ productId: treats.id, quantity: 1 }], tenders: [{ method: 'cash', amountCents: 1000 }] },
    );
    const stockBefore = await onHandOf(store.id, treats.id);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => cashier.agent.post('/api/sales').set(cashier.csrf).send(body)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 201)).toBe(true);
    for (const answer of answers) {
      expect(answer.body).toEqual(answers[0]!.body);
    }
    const rows = await t.database.db
      .select()
      .from(salesTransactions)
      .where(eq(salesTransactions.id, body.id as string));
    expect(rows).toHaveLength(1);
    expect(await onHandOf(store.id, treats.id)).toBe(stockBefore - 1);
  });

  it('a weighed line is priced per kg from the grams (example C) and cash rounding is recorded (example D)', async () => {
    const nickel = await makeStore(t.database.db, { code: 'SALN', cashRoundingCents: 5 });
    const admin = await makeUser(t.database.db, { role: 'admin' });
    const adminClient = await signIn(t.app, admin.username, admin.password);
    const nickelShift = await openShiftRow(t.database.db, {
      storeId: nickel.id,
      registerId: 'till-9',
      openedBy: admin.id,
    });
    const response = await adminClient.agent
      .post('/api/sales')
      .set(adminClient.csrf)
      .send(
        saleBody(
          { storeId: nickel.id, registerId: 'till-9', shiftId: nickelShift },
          {
            lines: [{ productId: bulk.id, quantity: 750 }],
            tenders: [{ method: 'cash', amountCents: 2000 }],
          },
        ),
      );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    // 1299 per kg × 750 g = 974.25 → 974; tax 8.25 % → 80; total 1054 → due 1055 in cash.
    expect(response.body.lines[0]).toMatchObject({
      grossCents: 974,
      taxCents: 80,
      totalCents: 1054,
      quantity: 750,
    });
    expect(response.body).toMatchObject({ totalCents: 1054, roundingCents: 1, changeDueCents: 945 });
    expect(response.body.receiptNumber).toBe('SALN-1-000001');
  });

  it('a sale at 23:30 in Chicago belongs to that day there', async () => {
    // A bearer token, not a session: the database's clock (session expiry) does not move with the test's.
    const token = await bearerToken(t.app, cashierUser.username, cashierUser.password);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-15T05:30:00Z'));
    const response = await request(t.app)
      .post('/api/sales')
      .set('Authorization', `Bearer ${token}`)
      .send(
        saleBody(
          { storeId: store.id },
          {
            lines: [{ productId: seed.id, quantity: 1 }],
            tenders: [{ method: 'card', amountCents: 358, reference: 'A1' }],
          },
        ),
      );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.businessDate).toBe('2026-01-14');
    expect(response.body.createdAt).toBe('2026-01-15T05:30:00.000Z');
  });

  it('a price override needs a manager’s PIN; the approval is audit-logged with both users', async () => {
    const body = saleBody(
      { storeId: store.id },
      {
        lines: [
          { productId: food.id, quantity: 1, unitPriceOverrideCents: 4999, overrideReason: 'price match' },
        ],
        tenders: [{ method: 'card', amountCents: 5411, reference: 'PM1' }],
      },
    );
    const before = await worldSnapshot(t.database.db);
    const refused = await cashier.agent.post('/api/sales').set(cashier.csrf).send(body);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('APPROVAL_REQUIRED');
    expect(refused.body.error.details[0].path).toBe('lines.0.unitPriceOverrideCents');
    const wrongPin = await cashier.agent
      .post('/api/sales')
      .set(cashier.csrf)
      .send({ ...body, approval: { username: managerUser.username, pin: '0000' } });
    expect(wrongPin.status).toBe(422);
    expect(wrongPin.body.error.details[0].path).toBe('approval');
    const byCashier = await cashier.agent
      .post('/api/sales')
      .set(cashier.csrf)
      .send({ ...body, approval: { username: cashierUser.username, pin: cashierUser.pin } });
    expect(byCashier.status).toBe(422);
    expect(await worldSnapshot(t.database.db)).toEqual({ ...before });

    const approved = await cashier.agent
      .post('/api/sales')
      .set(cashier.csrf)
      .send({ ...body, approval: { username: managerUser.username, pin: managerUser.pin } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(201);
    expect(approved.body).toMatchObject({ totalCents: 5411, approvedBy: managerUser.id });
    expect(approved.body.lines[0].unitPriceCents).toBe(4999);
    const entries = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, body.id as string));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'sale.approved',
      actorUserId: cashierUser.id,
      approverUserId: managerUser.id,
      storeId: store.id,
    });
    expect(JSON.stringify(entries[0]!.details)).not.toContain(managerUser.pin);
  });

  it('a discount above the cashier limit needs approval; one at the limit does not', async () => {
    const atLimit = await cashier.agent
      .post('/api/sales')
      .set(cashier.csrf)
      .send(
        saleBody(
          { storeId: store.id },
          {
            lines: [
              {
                productId: treats.id,
                quantity: 1,
                discount: { type: 'percent', value: 10, reason: 'dented' },
              },
            ],
            tenders: [{ method: 'card', amountCents: 876, reference: 'D10' }],
          },
        ),
      );
    expect(atLimit.status, JSON.stringify(atLimit.body)).toBe(201);
    const over = await cashier.agent
      .post('/api/sales')
      .set(cashier.csrf)
      .send(
        saleBody(
          { storeId: store.id },
          {
            lines: [{ productId: treats.id, quantity: 1 }],
            cartDiscount: { type: 'percent', value: 25, reason: 'staff' },
            tenders: [{ method: 'card', amountCents: 730, reference: 'D25' }],
          },
        ),
      );
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({ code: 'APPROVAL_REQUIRED', details: [{ path: 'cartDiscount' }] });
  });

  it('with allowNegativeStock false a sale beyond on-hand → 409 INSUFFICIENT_STOCK naming the product, stock unchanged', async () => {
    await stock(manager, strictStore.id, food.id, 3);
    const strictShift = await openShiftRow(t.database.db, {
      storeId: strictStore.id,
      registerId: 'till-1',
      openedBy: cashierUser.id,
    });
    const before = await worldSnapshot(t.database.db);
    const response = await cashier.agent
      .post('/api/sales')
      .set(cashier.csrf)
      .send(
        saleBody(
          { storeId: strictStore.id, shiftId: strictShift },
          {
            lines: [
              { productId: food.id, quantity: 2 },
              { productId: food.id, quantity: 2 },
            ],
            tenders: [{ method: 'cash', amountCents: 30_000 }],
          },
        ),
      );
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('INSUFFICIENT_STOCK');
    expect(response.body.error.details).toEqual([
      { path: 'lines.0.quantity', message: expect.stringContaining('3 available, 4 requested') },
    ]);
    expect(response.body.error.details[0].message).toContain('Salmon Kibble 12 kg');
    expect(await worldSnapshot(t.database.db)).toEqual(before);
    expect(await onHandOf(strictStore.id, food.id)).toBe(3);
  });
});

describe('POST /api/sales: bad input changes nothing', () => {
  const line = () => ({ productId: food.id, quantity: 1 });
  const card = (amountCents = 5953) => ({ method: 'card', amountCents, reference: 'OK1' });
  const cases: [string, () => Record<string, unknown>, number, string, string][] = [
    [
      'unknown product',
      () => ({ lines: [{ productId: randomUUID(), quantity: 1 }], tenders: [card()] }),
      422,
      'UNKNOWN_PRODUCT',
      'lines.0.productId',
    ],
    [
      'inactive product',
      () => ({ lines: [line(), { productId: retired.id, quantity: 1 }], tenders: [card()] }),
      422,
      'INACTIVE_PRODUCT',
      'lines.1.productId',
    ],
    [
      'quantity 0',
      () => ({ lines: [{ productId: food.id, quantity: 0 }], tenders: [card()] }),
      400,
      'VALIDATION_FAILED',
      'lines.0.quantity',
    ],
    [
      'negative quantity',
      () => ({ lines: [{ productId: food.id, quantity: -1 }], tenders: [card()] }),
      400,
      'VALIDATION_FAILED',
      'lines.0.quantity',
    ],
    [
      'fractional pieces',
      () => ({ lines: [{ productId: food.id, quantity: 1.5 }], tenders: [card()] }),
      400,
      'VALIDATION_FAILED',
      'lines.0.quantity',
    ],
    [
      'over 10,000 pieces on a line',
      () => ({ lines: [{ productId: food.id, quantity: 10_001 }], tenders: [card()] }),
      400,
      'VALIDATION_FAILED',
      'lines.0.quantity',
    ],
    [
      'over 500 lines',
      () => ({ lines: Array.from({ length: 501 }, line), tenders: [card()] }),
      400,
      'VALIDATION_FAILED',
      'lines',
    ],
    [
      'a discount over 100 %',
      () => ({
        lines: [{ ...line(), discount: { type: 'percent', value: 101, reason: 'x' } }],
        tenders: [card()],
      }),
      400,
      'VALIDATION_FAILED',
      'lines.0.discount.value',
    ],
    [
      'an amount discount over the gross',
      () => ({
        lines: [{ ...line(), discount: { type: 'amount', value: 5500, reason: 'x' } }],
        tenders: [card(1)],
      }),
      400,
      'VALIDATION_FAILED',
      'lines.0.discount.value',
    ],
    ['tenders short', () => ({ lines: [line()], tenders: [card(5000)] }), 422, 'TENDER_SHORT', 'tenders'],
    [
      'a card tender over the amount due',
      () => ({ lines: [line()], tenders: [card(6000)] }),
      400,
      'VALIDATION_FAILED',
      'tenders',
    ],
    [
      'a card number as the reference',
      () => ({
        lines: [line()],
        tenders: [{ method: 'card', amountCents: 5953, reference: '4111 1111 1111 1111' }],
      }),
      400,
      'VALIDATION_FAILED',
      'tenders.0.reference',
    ],
    [
      'an unknown field',
      () => ({ lines: [line()], tenders: [card()], totalCents: 1 }),
      400,
      'VALIDATION_FAILED',
      'totalCents',
    ],
    [
      'store credit without a customer',
      () => ({ lines: [line()], tenders: [{ method: 'store_credit', amountCents: 5953 }] }),
      400,
      'VALIDATION_FAILED',
      'tenders.0.method',
    ],
  ];
  it.each(cases)('%s → %s %s', async (_name, parts, status, code, path) => {
    const before = await worldSnapshot(t.database.db);
    const response = await cashier.agent
      .post('/api/sales')
      .set(cashier.csrf)
      .send(saleBody({ storeId: store.id }, parts()));
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await worldSnapshot(t.database.db)).toEqual(before);
  });

  it('tenders short says how much is due', async () => {
    const response = await cashier.agent
      .post('/api/sales')
      .set(cashier.csrf)
      .send(saleBody({ storeId: store.id }, { lines: [line()], tenders: [card(5000)] }));
    expect(response.body.error.details[0].message).toContain('953 cents more are due (5953 in all)');
  });

  it('cash without an open shift → 409 SHIFT_CLOSED; another store’s shift → 404; another store → 404', async () => {
    const before = await worldSnapshot(t.database.db);
    const noShift = await cashier.agent
      .post('/api/sales')
      .set(cashier.csrf)
      .send(
        saleBody(
          { storeId: store.id },
          { lines: [line()], tenders: [{ method: 'cash', amountCents: 6000 }] },
        ),
      );
    expect(noShift.status).toBe(409);
    expect(noShift.body.error.code).toBe('SHIFT_CLOSED');
    const foreignShift = await cashier.agent
      .post('/api/sales')
      .set(cashier.csrf)
      .send(
        saleBody(
          { storeId: store.id, shiftId: otherShiftId },
          { lines: [line()], tenders: [{ method: 'cash', amountCents: 6000 }] },
        ),
      );
    expect(foreignShift.status).toBe(404);
    const foreignStore = await otherCashier.agent
      .post('/api/sales')
      .set(otherCashier.csrf)
      .send(saleBody({ storeId: store.id }, { lines: [line()], tenders: [card()] }));
    expect(foreignStore.status).toBe(404);
    expect(await worldSnapshot(t.database.db)).toEqual(before);
  });

  it('without a session → 401, and nothing is written', async () => {
    const before = await worldSnapshot(t.database.db);
    const response = await request(t.app)
      .post('/api/sales')
      .send(saleBody({ storeId: store.id }, { lines: [line()], tenders: [card()] }));
    expect(response.status).toBe(401);
    expect(await worldSnapshot(t.database.db)).toEqual(before);
  });

  it('a failure after the sale’s first statements (a payment the database refuses) leaves nothing behind', async () => {
    const db = t.database.db;
    await db.execute(sql`create function refuse_payment() returns trigger language plpgsql as $$
      begin raise exception 'simulated crash after the sale and its lines were written'; end $$`);
    await db.execute(sql`create trigger refuse_payment before insert on sales_payments
      for each row when (new.amount_cents = 6666) execute function refuse_payment()`);
    try {
      const before = await worldSnapshot(db);
      const stockBefore = await onHandOf(store.id, food.id);
      const response = await cashier.agent
        .post('/api/sales')
        .set(cashier.csrf)
        .send(
          saleBody(
            { storeId: store.id, shiftId },
            {
              lines: [line()],
              tenders: [
                { method: 'card', amountCents: 1, reference: 'X' },
                { method: 'cash', amountCents: 6666 },
              ],
            },
          ),
        );
      expect(response.status).toBe(500);
      expect(response.body.error.code).toBe('INTERNAL');
      expect(await worldSnapshot(db)).toEqual(before);
      expect(await onHandOf(store.id, food.id)).toBe(stockBefore);
    } finally {
      await db.execute(sql`drop trigger refuse_payment on sales_payments`);
      await db.execute(sql`drop function refuse_payment()`);
    }
  });
});

describe('POST /api/sales/:id/void', () => {
  async function sellOne(): Promise<string> {
    const body = saleBody(
      { storeId: store.id, shiftId },
      { lines: [{ productId: treats.id, quantity: 2 }], tenders: [{ method: 'cash', amountCents: 2000 }] },
    );
    const response = await cashier.agent.post('/api/sales').set(cashier.csrf).send(body);
    expect(response.status).toBe(201);
    return body.id as string;
  }

  it('a manager voids today’s sale: stock comes back through the ledger, audit-logged; again → 409 ALREADY_VOIDED', async () => {
    const id = await sellOne();
    const stockBefore = await onHandOf(store.id, treats.id);
    const response = await manager.agent
      .post(`/api/sales/${id}/void`)
      .set(manager.csrf)
      .send({ reason: 'rang up twice' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ id, status: 'voided', voidReason: 'rang up twice' });
    expect(await onHandOf(store.id, treats.id)).toBe(stockBefore + 2);
    const back = await t.database.db
      .select()
      .from(stockMovements)
      .where(and(eq(stockMovements.refId, id), eq(stockMovements.reason, 'void')));
    expect(back.map((m) => m.delta)).toEqual([2]);
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'sale.voided')));
    expect(entry).toMatchObject({ actorUserId: managerUser.id, storeId: store.id });

    const before = await worldSnapshot(t.database.db);
    const twice = await manager.agent
      .post(`/api/sales/${id}/void`)
      .set(manager.csrf)
      .send({ reason: 'again' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ALREADY_VOIDED');
    expect(await worldSnapshot(t.database.db)).toEqual(before);
  });

  it('a cashier needs a manager’s approval to void', async () => {
    const id = await sellOne();
    const refused = await cashier.agent
      .post(`/api/sales/${id}/void`)
      .set(cashier.csrf)
      .send({ reason: 'wrong item' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('APPROVAL_REQUIRED');
    const approved = await cashier.agent
      .post(`/api/sales/${id}/void`)
      .set(cashier.csrf)
      .send({ reason: 'wrong item', approval: { username: managerUser.username, pin: managerUser.pin } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const [row] = await t.database.db.select().from(salesTransactions).where(eq(salesTransactions.id, id));
    expect(row).toMatchObject({ status: 'voided', voidedBy: managerUser.id });
  });

  it('a sale of an earlier business date cannot be voided (409); another store’s sale → 404', async () => {
    const id = await sellOne();
    await t.database.db.execute(
      sql`update sales_transactions set business_date = business_date - 1 where id = ${id}`,
    );
    const old = await manager.agent.post(`/api/sales/${id}/void`).set(manager.csrf).send({ reason: 'late' });
    expect(old.status).toBe(409);
    expect(old.body.error.code).toBe('CONFLICT');
    const foreign = await otherCashier.agent
      .post(`/api/sales/${id}/void`)
      .set(otherCashier.csrf)
      .send({ reason: 'x' });
    expect(foreign.status).toBe(404);
  });
});

describe('sale rows', () => {
  it('every completed sale’s payments cover its total plus rounding, with the change recorded', async () => {
    const rows = await queryRows<{ id: string; due: string; paid: string; change: string }>(
      t.database.db,
      sql`select t.id, (t.total_cents + t.rounding_cents)::text as due, sum(p.amount_cents)::text as paid,
            t.change_due_cents::text as change
          from ${salesTransactions} t join ${salesPayments} p on p.transaction_id = t.id
          where t.kind = 'sale' group by t.id`,
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      expect(Number(row.paid) - Number(row.change)).toBe(Number(row.due));
    }
    const [credit] = await t.database.db
      .select({ total: sql<string>`coalesce(sum(${customers.storeCreditCents}), 0)::text` })
      .from(customers);
    expect(credit!.total).toBe('0');
  });
});

describe('OpenAPI', () => {
  it('documents the sale body and answer, and both forms of a route that prints', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    const post = doc.paths['/api/sales'].post;
    expect(post.requestBody.content['application/json'].schema.properties).toHaveProperty('tenders');
    expect(post.responses['201'].content['application/json'].schema.properties).toHaveProperty(
      'receiptNumber',
    );
    const receipt = doc.paths['/api/sales/{id}/receipt'].get.responses['200'].content;
    expect(Object.keys(receipt)).toEqual(expect.arrayContaining(['text/html', 'text/plain']));
    const report = doc.paths['/api/shifts/{id}/report'].get.responses['200'].content;
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['application/json', 'text/plain', 'text/html']),
    );
    expect(
      doc.paths['/api/returns'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('refundTenders');
  });
});

describe('approvals by the manager at the till', () => {
  it('a manager’s own override needs no PIN and is audit-logged with the manager as approver', async () => {
    const body = saleBody(
      { storeId: store.id },
      {
        lines: [
          { productId: treats.id, quantity: 1, unitPriceOverrideCents: 799, overrideReason: 'shelf label' },
        ],
        tenders: [{ method: 'card', amountCents: 865, reference: 'MGR1' }],
      },
    );
    const response = await manager.agent.post('/api/sales').set(manager.csrf).send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.approvedBy).toBe(managerUser.id);
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, body.id as string));
    expect(entry).toMatchObject({
      action: 'sale.approved',
      actorUserId: managerUser.id,
      approverUserId: managerUser.id,
    });
    const plain = await manager.agent
      .post('/api/sales')
      .set(manager.csrf)
      .send(
        saleBody(
          { storeId: store.id },
          {
            lines: [{ productId: treats.id, quantity: 1 }],
            tenders: [{ method: 'card', amountCents: 973, reference: 'MGR2' }],
          },
        ),
      );
    expect(plain.status, JSON.stringify(plain.body)).toBe(201);
    expect(plain.body.approvedBy).toBeNull();
  });
});

describe('store settings at the till', () => {
  it('a change of tax rate applies to the very next sale (the settings copy is forgotten on update)', async () => {
    const shop = await makeStore(t.database.db, { code: 'SALT' });
    const admin = await makeUser(t.database.db, { role: 'admin' });
    const client = await signIn(t.app, admin.username, admin.password);
    const sell = (amountCents: number) =>
      client.agent
        .post('/api/sales')
        .set(client.csrf)
        .send(
          saleBody(
            { storeId: shop.id },
            {
              lines: [{ productId: treats.id, quantity: 1 }],
              tenders: [{ method: 'card', amountCents, reference: 'T1' }],
            },
          ),
        );
    expect((await sell(973)).status).toBe(201);
    const patched = await client.agent
      .patch(`/api/stores/${shop.id}`)
      .set(client.csrf)
      .send({ taxRates: { standard: '10', reduced: '2.5', exempt: '0' } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const after = await sell(989);
    expect(after.status, JSON.stringify(after.body)).toBe(201);
    expect(after.body.lines[0]).toMatchObject({ taxRate: '10', taxCents: 90 });
  });
});
