import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesTransactions } from '../../server/db/schema';
import { type SessionClient, signIn } from '../helpers/auth';
import {
  makeProduct,
  makeStore,
  makeUser,
  type ProductFixture,
  type StoreFixture,
} from '../helpers/factories';
import { worldSnapshot } from '../helpers/sales';
import { createTestApp, type TestApp } from '../helpers/test-app';

/**
 * A drawer's day through the real endpoints: a shift opened with POST /api/shifts, sales rung up through
 * POST /api/sales (cash with change, card + cash, card), a void, a cash return, paid in and paid out, then the
 * close. Every figure of the close and the Z report is checked against literals worked out by hand below, so
 * the checkout and the shift report must agree on what the drawer holds.
 */
let t: TestApp;
let store: StoreFixture;
let nickelStore: StoreFixture;
let cashier: SessionClient;
let manager: SessionClient;
let tins: ProductFixture;
let bag: ProductFixture;
let chews: ProductFixture;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  store = await makeStore(db, { code: 'SHS1' });
  nickelStore = await makeStore(db, { code: 'SHS5', cashRoundingCents: 5 });
  const cashierUser = await makeUser(db, { role: 'cashier', storeIds: [store.id, nickelStore.id] });
  const managerUser = await makeUser(db, { role: 'manager', storeIds: [store.id, nickelStore.id] });
  cashier = await signIn(t.app, cashierUser.username, cashierUser.password);
  manager = await signIn(t.app, managerUser.username, managerUser.password);
  // Prices chosen so no 8.25 % tax lands on half a cent: 1200 → 99, 4800 → 396, 2160 → 178.2 → 178, 973 → 80.27 → 80.
  tins = await makeProduct(db, { sku: 'SHS-TINS', name: 'Cat food tins', priceCents: 1200 });
  bag = await makeProduct(db, { sku: 'SHS-BAG', name: 'Dog food bag', priceCents: 2400 });
  chews = await makeProduct(db, { sku: 'SHS-CHEW', name: 'Dental chews', priceCents: 973 });
});
afterAll(() => t.close());

async function openShift(storeId: string, registerId: string, openingFloatCents: number): Promise<string> {
  const response = await cashier.agent
    .post('/api/shifts')
    .set(cashier.csrf)
    .send({ storeId, registerId, openingFloatCents });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

async function sell(body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await cashier.agent
    .post('/api/sales')
    .set(cashier.csrf)
    .send({ id: randomUUID(), ...body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

describe('a shift rung up through the checkout and closed', () => {
  it('expected cash, over/short and every Z report figure match the hand count; a void after the close → 409 SHIFT_CLOSED', async () => {
    const registerId = 'till-3';
    const shiftId = await openShift(store.id, registerId, 10_000);
    const base = { storeId: store.id, registerId, shiftId };

    // 1. Tins ×1: 1200 + 99 tax = 1299, paid 2000 cash → 701 change.
    const cashSale = await sell({
      ...base,
      lines: [{ productId: tins.id, quantity: 1 }],
      tenders: [{ method: 'cash', amountCents: 2000 }],
    });
    expect(cashSale).toMatchObject({ totalCents: 1299, taxCents: 99, changeDueCents: 701 });
    // 2. Bag ×2: 4800 + 396 = 5196, card 3000 + cash 2500 → 304 change.
    const split = await sell({
      ...base,
      lines: [{ productId: bag.id, quantity: 2 }],
      tenders: [
        { method: 'card', amountCents: 3000, reference: 'AUTH-S2' },
        { method: 'cash', amountCents: 2500 },
      ],
    });
    expect(split).toMatchObject({ totalCents: 5196, taxCents: 396, changeDueCents: 304 });
    // 3. Tins ×2: 2400 + 198 = 2598, paid 3000 cash → 402 change; voided below, so it counts only as a void.
    const mistake = await sell({
      ...base,
      lines: [{ productId: tins.id, quantity: 2 }],
      tenders: [{ method: 'cash', amountCents: 3000 }],
    });
    expect(mistake).toMatchObject({ totalCents: 2598, changeDueCents: 402 });
    // 4. Bag ×1 at 10 % off: 2400 − 240 = 2160 + 178 = 2338, exact on a card.
    const carded = await sell({
      ...base,
      lines: [{ productId: bag.id, quantity: 1, discount: { type: 'percent', value: 10, reason: 'dented' } }],
      tenders: [{ method: 'card', amountCents: 2338, reference: 'AUTH-S4' }],
    });
    expect(carded).toMatchObject({ totalCents: 2338, discountCents: 240, taxCents: 178, changeDueCents: 0 });

    const voided = await manager.agent
      .post(`/api/sales/${mistake.id}/void`)
      .set(manager.csrf)
      .send({ reason: 'rang up twice' });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);

    // The tins of sale 1 come back: 1299 refunded in cash (99 of it tax).
    const cashSaleLines = cashSale.lines as { id: string }[];
    const returned = await cashier.agent
      .post('/api/returns')
      .set(cashier.csrf)
      .send({
        id: randomUUID(),
        ...base,
        originalSaleId: cashSale.id,
        lines: [{ originalLineId: cashSaleLines[0]!.id, quantity: 1, restock: true }],
        refundTenders: [{ method: 'cash', amountCents: 1299 }],
        reason: 'wrong flavour',
      });
    expect(returned.status, JSON.stringify(returned.body)).toBe(201);
    expect(returned.body).toMatchObject({ refundTotalCents: 1299, taxCents: 99, roundingCents: 0 });

    for (const movement of [
      { type: 'paid_in', amountCents: 200, reason: 'change from the bank' },
      { type: 'paid_out', amountCents: 500, reason: 'window cleaner' },
    ]) {
      const response = await cashier.agent
        .post(`/api/shifts/${shiftId}/cash-movements`)
        .set(cashier.csrf)
        .send(movement);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
    }

    // Cash kept from sales: (2000 − 701) + (2500 − 304) = 3495. Expected in the drawer:
    // 10000 float + 3495 − 1299 refunded + 200 paid in − 500 paid out = 11896. Counted 11850: 46 short.
    const closed = await cashier.agent
      .post(`/api/shifts/${shiftId}/close`)
      .set(cashier.csrf)
      .send({ countedCashCents: 11_850, note: 'two quarters missing' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({
      expectedCashCents: 11_896,
      countedCashCents: 11_850,
      overShortCents: -46,
    });
    expect(closed.body.shift).toMatchObject({
      id: shiftId,
      status: 'closed',
      expectedCashCents: 11_896,
      countedCashCents: 11_850,
      overShortCents: -46,
    });
    const report = closed.body.report;
    expect(report).toMatchObject({
      kind: 'Z',
      // Sales 1, 2 and 4; the voided one counts only under voids.
      salesCount: 3,
      grossSalesCents: 1200 + 4800 + 2400,
      discountCents: 240,
      netSalesCents: 8160,
      taxCents: 99 + 396 + 178,
      roundingCents: 0,
      salesTotalCents: 1299 + 5196 + 2338,
      returns: { count: 1, refundCents: 1299, taxCents: 99 },
      voids: { count: 1, totalCents: 2598 },
      noSaleCount: 0,
      cash: {
        openingFloatCents: 10_000,
        cashSalesCents: 3495,
        cashRefundsCents: 1299,
        paidInCents: 200,
        paidOutCents: 500,
        expectedCashCents: 11_896,
      },
    });
    // One rate: sales' nets 1200 + 4800 + 2160 less the returned 1200; tax 673 less the returned 99.
    expect(report.taxByRate).toHaveLength(1);
    expect(Number(report.taxByRate[0].taxRate)).toBe(8.25);
    expect(report.taxByRate[0]).toMatchObject({ taxableCents: 6960, taxCents: 574 });
    expect(report.tenders).toEqual([
      { method: 'cash', salesCents: 3495, refundsCents: 1299, netCents: 2196 },
      { method: 'card', salesCents: 5338, refundsCents: 0, netCents: 5338 },
      { method: 'store_credit', salesCents: 0, refundsCents: 0, netCents: 0 },
    ]);
    expect(
      report.cashMovements.map((m: { type: string; amountCents: number }) => [m.type, m.amountCents]),
    ).toEqual([
      ['paid_in', 200],
      ['paid_out', 500],
    ]);

    // The Z report read later says the same.
    const reread = await manager.agent.get(`/api/shifts/${shiftId}/report`);
    expect(reread.status).toBe(200);
    expect({ ...reread.body, generatedAt: null }).toEqual({ ...report, generatedAt: null });

    // The drawer was counted with sale 4 in it: voiding it now would change a closed count.
    const before = await worldSnapshot(t.database.db);
    const late = await manager.agent
      .post(`/api/sales/${carded.id}/void`)
      .set(manager.csrf)
      .send({ reason: 'customer changed mind' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('SHIFT_CLOSED');
    expect(await worldSnapshot(t.database.db)).toEqual(before);
    const [row] = await t.database.db
      .select({ status: salesTransactions.status })
      .from(salesTransactions)
      .where(eq(salesTransactions.id, carded.id as string));
    expect(row!.status).toBe('completed');

    // Nor does the closed shift take another cash sale.
    const after = await cashier.agent
      .post('/api/sales')
      .set(cashier.csrf)
      .send({
        id: randomUUID(),
        ...base,
        lines: [{ productId: tins.id, quantity: 1 }],
        tenders: [{ method: 'cash', amountCents: 2000 }],
      });
    expect(after.status).toBe(409);
    expect(after.body.error.code).toBe('SHIFT_CLOSED');
  });

  it('in a store rounding cash to 5 cents the drawer expects what was paid, rounding included', async () => {
    const registerId = 'till-5';
    const shiftId = await openShift(nickelStore.id, registerId, 5000);
    // Chews ×1: 973 + 80 = 1053, due 1055 in cash; 2000 paid → 945 change.
    const sale = await sell({
      storeId: nickelStore.id,
      registerId,
      shiftId,
      lines: [{ productId: chews.id, quantity: 1 }],
      tenders: [{ method: 'cash', amountCents: 2000 }],
    });
    expect(sale).toMatchObject({ totalCents: 1053, roundingCents: 2, changeDueCents: 945 });
    const closed = await cashier.agent
      .post(`/api/shifts/${shiftId}/close`)
      .set(cashier.csrf)
      .send({ countedCashCents: 6055 });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ expectedCashCents: 6055, overShortCents: 0 });
    expect(closed.body.report).toMatchObject({
      salesCount: 1,
      grossSalesCents: 973,
      netSalesCents: 973,
      taxCents: 80,
      roundingCents: 2,
      salesTotalCents: 1055,
      cash: { cashSalesCents: 1055, expectedCashCents: 6055 },
    });
  });
});
