import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditLog,
  customers,
  inventory,
  salesTransactionItems,
  stockMovements,
} from '../../server/db/schema';
import { type SessionClient, signIn } from '../helpers/auth';
import {
  makeCustomer,
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
let otherStore: StoreFixture;
let managerUser: UserFixture;
let cashier: SessionClient;
let manager: SessionClient;
let outsider: SessionClient;
let shiftId: string;
let food: ProductFixture;
let treats: ProductFixture;
let seed: ProductFixture;

async function onHandOf(productId: string): Promise<number> {
  const [row] = await t.database.db
    .select({ onHand: inventory.onHand })
    .from(inventory)
    .where(and(eq(inventory.storeId, store.id), eq(inventory.productId, productId)));
  return row?.onHand ?? 0;
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  store = await makeStore(db, { code: 'RET1' });
  otherStore = await makeStore(db, { code: 'RET2' });
  managerUser = await makeUser(db, { role: 'manager', storeIds: [store.id] });
  const cashierUser = await makeUser(db, { role: 'cashier', storeIds: [store.id] });
  const outsiderUser = await makeUser(db, { role: 'cashier', storeIds: [otherStore.id] });
  cashier = await signIn(t.app, cashierUser.username, cashierUser.password);
  manager = await signIn(t.app, managerUser.username, managerUser.password);
  outsider = await signIn(t.app, outsiderUser.username, outsiderUser.password);
  food = await makeProduct(db, {
    sku: 'RET-FOOD',
    name: 'Salmon Kibble 12 kg',
    priceCents: 5499,
    costCents: 3000,
  });
  treats = await makeProduct(db, { sku: 'RET-TREATS', name: 'Chew Treats', priceCents: 899, costCents: 400 });
  seed = await makeProduct(db, { sku: 'RET-SEED', name: 'Millet', priceCents: 349, taxClass: 'reduced' });
  shiftId = await openShiftRow(db, { storeId: store.id, registerId: 'till-1', openedBy: cashierUser.id });
});
afterAll(() => t.close());

/** The contract's example A, paid card 10000 (AUTH123) + cash 5000; lines: food ×2, treats ×1, seed ×3. */
async function sellExampleA(customerId: string | null = null) {
  const body = saleBody(
    { storeId: store.id, shiftId },
    {
      customerId,
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
  const response = await cashier.agent.post('/api/sales').set(cashier.csrf).send(body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; totalCents: number; lines: { id: string; totalCents: number }[] };
}

const returnBody = (parts: Record<string, unknown>) => ({
  id: randomUUID(),
  storeId: store.id,
  registerId: 'till-1',
  shiftId,
  reason: 'changed mind',
  ...parts,
});

const postReturn = (client: SessionClient, body: Record<string, unknown>) =>
  client.agent.post('/api/returns').set(client.csrf).send(body);

describe('POST /api/returns with a receipt', () => {
  it('refunds a line at what was paid, restocks it, and counts it returned; the whole sale comes back to the cent', async () => {
    const sale = await sellExampleA();
    const [foodLine, treatsLine, seedLine] = sale.lines;
    const foodBefore = await onHandOf(food.id);
    // One of two kibble bags: half of 11442 (net 10570 + tax 872) = 5285 + 436 = 5721.
    const first = await postReturn(
      cashier,
      returnBody({
        originalSaleId: sale.id,
        lines: [{ originalLineId: foodLine!.id, quantity: 1, restock: true }],
        refundTenders: [{ method: 'cash', amountCents: 5721 }],
      }),
    );
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      originalSaleId: sale.id,
      refundTotalCents: 5721,
      taxCents: 436,
      lines: [
        { originalLineId: foodLine!.id, quantity: 1, netCents: 5285, taxCents: 436, refundCents: 5721 },
      ],
    });
    expect(first.body.receiptNumber).toMatch(/^RET1-1-\d{6}$/);
    expect(await onHandOf(food.id)).toBe(foodBefore + 1);
    const [item] = await t.database.db
      .select({ returned: salesTransactionItems.returnedQuantity })
      .from(salesTransactionItems)
      .where(eq(salesTransactionItems.id, foodLine!.id));
    expect(item!.returned).toBe(1);
    const [entry] = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, first.body.id));
    expect(entry).toMatchObject({ action: 'return.recorded', storeId: store.id });

    // The rest, in two more returns, refunds exactly what the sale cost: 13315 in all.
    const second = await postReturn(
      cashier,
      returnBody({
        originalSaleId: sale.id,
        lines: [
          { originalLineId: foodLine!.id, quantity: 1 },
          { originalLineId: seedLine!.id, quantity: 2 },
        ],
        refundTenders: [{ method: 'card', amountCents: 5721 + 688 }],
      }),
    );
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    const third = await postReturn(
      cashier,
      returnBody({
        originalSaleId: sale.id,
        lines: [
          { originalLineId: treatsLine!.id, quantity: 1 },
          { originalLineId: seedLine!.id, quantity: 1 },
        ],
        refundTenders: [{ method: 'card', amountCents: 842 + 343, reference: 'AUTH123' }],
      }),
    );
    expect(third.status, JSON.stringify(third.body)).toBe(201);
    expect(first.body.refundTotalCents + second.body.refundTotalCents + third.body.refundTotalCents).toBe(
      sale.totalCents,
    );
    expect(second.body.refundTenders).toEqual([{ method: 'card', amountCents: 6409, reference: 'AUTH123' }]);

    // Nothing is left: one more unit → 409, nothing written.
    const before = await worldSnapshot(t.database.db);
    const fourth = await postReturn(
      cashier,
      returnBody({
        originalSaleId: sale.id,
        lines: [{ originalLineId: seedLine!.id, quantity: 1 }],
        refundTenders: [{ method: 'cash', amountCents: 343 }],
      }),
    );
    expect(fourth.status).toBe(409);
    expect(fourth.body.error).toMatchObject({
      code: 'RETURN_EXCEEDS_SOLD',
      details: [{ path: 'lines.0.quantity', message: 'only 0 of 3 can still be returned' }],
    });
    expect(await worldSnapshot(t.database.db)).toEqual(before);
    // A sale with returns can no longer be voided.
    const voided = await manager.agent
      .post(`/api/sales/${sale.id}/void`)
      .set(manager.csrf)
      .send({ reason: 'x' });
    expect(voided.status).toBe(409);
  });

  it('an item not fit to sell comes back and goes out as damaged: on hand unchanged, both in the ledger', async () => {
    const sale = await sellExampleA();
    const before = await onHandOf(treats.id);
    const response = await postReturn(
      cashier,
      returnBody({
        originalSaleId: sale.id,
        lines: [{ originalLineId: sale.lines[1]!.id, quantity: 1, restock: false }],
        refundTenders: [{ method: 'cash', amountCents: 842 }],
      }),
    );
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.lines[0].restock).toBe(false);
    expect(await onHandOf(treats.id)).toBe(before);
    const rows = await t.database.db
      .select()
      .from(stockMovements)
      .where(eq(stockMovements.refId, response.body.id));
    expect(rows.map((r) => [r.reason, r.delta]).sort()).toEqual([
      ['damaged', -1],
      ['return', 1],
    ]);
  });

  it('refund tenders must pay out exactly the refund, and a card refund goes back to a card of the sale', async () => {
    const sale = await sellExampleA();
    const line = sale.lines[1]!;
    const cases: [Record<string, unknown>[], number, string, string][] = [
      [[{ method: 'cash', amountCents: 800 }], 422, 'TENDER_SHORT', 'refundTenders'],
      [[{ method: 'cash', amountCents: 900 }], 400, 'VALIDATION_FAILED', 'refundTenders'],
      [
        [{ method: 'card', amountCents: 842, reference: 'OTHER9' }],
        400,
        'VALIDATION_FAILED',
        'refundTenders.0.reference',
      ],
      [
        [{ method: 'card', amountCents: 842, reference: '4111111111111111' }],
        400,
        'VALIDATION_FAILED',
        'refundTenders.0.reference',
      ],
    ];
    for (const [refundTenders, status, code, path] of cases) {
      const before = await worldSnapshot(t.database.db);
      const response = await postReturn(
        cashier,
        returnBody({
          originalSaleId: sale.id,
          lines: [{ originalLineId: line.id, quantity: 1 }],
          refundTenders,
        }),
      );
      expect(response.status, JSON.stringify(response.body)).toBe(status);
      expect(response.body.error.code).toBe(code);
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
      expect(await worldSnapshot(t.database.db)).toEqual(before);
    }
  });

  it('the same id and body → 200 with the same return; five at once → one return; another body → 422', async () => {
    const sale = await sellExampleA();
    const body = returnBody({
      originalSaleId: sale.id,
      lines: [{ originalLineId: sale.lines[2]!.id, quantity: 1 }],
      refundTenders: [{ method: 'cash', amountCents: 343 }],
    });
    const answers = await Promise.all(Array.from({ length: 5 }, () => postReturn(cashier, body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    for (const answer of answers) {
      expect(answer.body).toEqual(answers[0]!.body);
    }
    const [item] = await t.database.db
      .select({ returned: salesTransactionItems.returnedQuantity })
      .from(salesTransactionItems)
      .where(eq(salesTransactionItems.id, sale.lines[2]!.id));
    expect(item!.returned).toBe(1);
    const other = await postReturn(cashier, { ...body, reason: 'another reason' });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_MISMATCH');
    const fetched = await cashier.agent.get(`/api/returns/${body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(answers[0]!.body);
    expect((await outsider.agent.get(`/api/returns/${body.id}`)).status).toBe(404);
  });

  it('another store’s sale → 404; a cash refund without an open shift → 409 SHIFT_CLOSED', async () => {
    const sale = await sellExampleA();
    const line = sale.lines[2]!.id;
    const foreign = await postReturn(outsider, {
      ...returnBody({ originalSaleId: sale.id, lines: [{ originalLineId: line, quantity: 1 }] }),
      storeId: otherStore.id,
      refundTenders: [{ method: 'cash', amountCents: 343 }],
    });
    expect(foreign.status).toBe(404);
    const noShift = await postReturn(cashier, {
      ...returnBody({ originalSaleId: sale.id, lines: [{ originalLineId: line, quantity: 1 }] }),
      shiftId: null,
      refundTenders: [{ method: 'cash', amountCents: 343 }],
    });
    expect(noShift.status).toBe(409);
    expect(noShift.body.error.code).toBe('SHIFT_CLOSED');
  });
});

describe('POST /api/returns without a receipt', () => {
  it('needs a manager’s approval and refunds today’s price as store credit', async () => {
    const customer = await makeCustomer(t.database.db, { name: 'Walk-in Jones' });
    const body = returnBody({
      originalSaleId: null,
      customerId: customer.id,
      lines: [{ productId: treats.id, quantity: 2 }],
      refundTenders: [{ method: 'store_credit', amountCents: 1946 }],
    });
    const before = await worldSnapshot(t.database.db);
    const refused = await postReturn(cashier, body);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('APPROVAL_REQUIRED');
    const asCash = await postReturn(cashier, {
      ...body,
      refundTenders: [{ method: 'cash', amountCents: 1946 }],
      approval: { username: managerUser.username, pin: managerUser.pin },
    });
    expect(asCash.status).toBe(400);
    expect(asCash.body.error.details[0].path).toBe('refundTenders.0.method');
    expect(await worldSnapshot(t.database.db)).toEqual(before);

    // 2 × 899 = 1798 + 8.25 % tax (148) = 1946.
    const approved = await postReturn(cashier, {
      ...body,
      approval: { username: managerUser.username, pin: managerUser.pin },
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(201);
    expect(approved.body).toMatchObject({
      originalSaleId: null,
      refundTotalCents: 1946,
      approvedBy: managerUser.id,
    });
    const [row] = await t.database.db.select().from(customers).where(eq(customers.id, customer.id));
    expect(row!.storeCreditCents).toBe(1946);
    const [entry] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, body.id as string));
    expect(entry).toMatchObject({ action: 'return.no_receipt', approverUserId: managerUser.id });

    // The credit pays for a later sale; more than the balance → 422 TENDER_SHORT, nothing taken.
    const spend = (amountCents: number) =>
      cashier.agent
        .post('/api/sales')
        .set(cashier.csrf)
        .send(
          saleBody(
            { storeId: store.id },
            {
              customerId: customer.id,
              lines: [{ productId: treats.id, quantity: 2 }],
              tenders: [{ method: 'store_credit', amountCents }],
            },
          ),
        );
    const paid = await spend(1946);
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    const [after] = await t.database.db.select().from(customers).where(eq(customers.id, customer.id));
    expect(after!.storeCreditCents).toBe(0);
    const beforeOverdraw = await worldSnapshot(t.database.db);
    const overdrawn = await spend(1946);
    expect(overdrawn.status).toBe(422);
    expect(overdrawn.body.error.code).toBe('TENDER_SHORT');
    expect(await worldSnapshot(t.database.db)).toEqual(beforeOverdraw);
  });
});
