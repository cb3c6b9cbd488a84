import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../server/db/client';
import {
  auditLog,
  cashMovements,
  salesPayments,
  salesTransactionItems,
  salesTransactions,
  shifts,
} from '../../server/db/schema';
import { withTransaction } from '../../server/db/transaction';
import { PRINT_COLUMNS } from '../../server/modules/shifts/shift-report-print';
import { lockShiftForSale } from '../../server/modules/shifts/shifts.service';
import { type SessionClient, signIn } from '../helpers/auth';
import {
  makeProduct,
  makeShift,
  makeStore,
  makeUser,
  type ProductFixture,
  type StoreFixture,
  type UserFixture,
} from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let store: StoreFixture;
let otherStore: StoreFixture;
let cashierUser: UserFixture;
let managerUser: UserFixture;
let cashier: SessionClient;
let manager: SessionClient;
let outsider: SessionClient;
let admin: SessionClient;
let kibble: ProductFixture;
let treats: ProductFixture;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  store = await makeStore(db, { code: 'SHF1', name: 'Paws Uptown', timezone: 'America/Chicago' });
  otherStore = await makeStore(db, { code: 'SHF2' });
  cashierUser = await makeUser(db, { role: 'cashier', storeIds: [store.id] });
  managerUser = await makeUser(db, { role: 'manager', storeIds: [store.id] });
  const other = await makeUser(db, { role: 'manager', storeIds: [otherStore.id] });
  const a = await makeUser(db, { role: 'admin' });
  cashier = await signIn(t.app, cashierUser.username, cashierUser.password);
  manager = await signIn(t.app, managerUser.username, managerUser.password);
  outsider = await signIn(t.app, other.username, other.password);
  admin = await signIn(t.app, a.username, a.password);
  kibble = await makeProduct(db, { sku: 'SHF-KIBBLE' });
  treats = await makeProduct(db, { sku: 'SHF-TREATS', taxClass: 'reduced' });
});
afterAll(() => t.close());

function openShiftAs(client: SessionClient, body: object) {
  return client.agent.post('/api/shifts').set(client.csrf).send(body);
}

async function openShift(registerId: string, openingFloatCents = 10_000): Promise<string> {
  const response = await openShiftAs(cashier, { storeId: store.id, registerId, openingFloatCents });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
}

function auditOf(shiftId: string, action: string) {
  return t.database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityId, shiftId), eq(auditLog.action, action)));
}

type LineInput = {
  product: ProductFixture;
  taxRate: string;
  gross: number;
  discount: number;
  tax: number;
  total: number;
};

let receiptSequence = 0;

/**
 * A sale or return written straight to the tables the checkout writes (the checkout itself is another
 * module): header, lines and tenders. Amounts are magnitudes; the header's sums are the lines' sums.
 */
async function writeTransaction(
  ex: Executor,
  input: {
    shiftId: string;
    registerId: string;
    kind?: 'sale' | 'return';
    voided?: boolean;
    lines: LineInput[];
    payments: { method: 'cash' | 'card' | 'store_credit'; amountCents: number }[];
    changeDueCents?: number;
    roundingCents?: number;
    storeId?: string;
  },
): Promise<string> {
  const id = randomUUID();
  const sum = (pick: (line: LineInput) => number) =>
    input.lines.reduce((total, line) => total + pick(line), 0);
  receiptSequence += 1;
  await ex.insert(salesTransactions).values({
    id,
    kind: input.kind ?? 'sale',
    status: input.voided ? 'voided' : 'completed',
    storeId: input.storeId ?? store.id,
    registerId: input.registerId,
    shiftId: input.shiftId,
    cashierId: cashierUser.id,
    receiptNumber: `SHF-T-${String(receiptSequence).padStart(6, '0')}`,
    businessDate: '2025-03-14',
    subtotalCents: sum((line) => line.gross),
    discountCents: sum((line) => line.discount),
    taxCents: sum((line) => line.tax),
    totalCents: sum((line) => line.total),
    roundingCents: input.roundingCents ?? 0,
    changeDueCents: input.changeDueCents ?? 0,
    requestHash: 'test',
    ...(input.voided ? { voidedAt: new Date(), voidedBy: managerUser.id, voidReason: 'wrong item' } : {}),
    ...(input.kind === 'return' ? { returnReason: 'changed mind' } : {}),
  });
  await ex.insert(salesTransactionItems).values(
    input.lines.map((line, index) => ({
      transactionId: id,
      lineNumber: index + 1,
      productId: line.product.id,
      sku: line.product.sku,
      name: line.product.name,
      quantity: 1,
      unitPriceCents: line.gross,
      grossCents: line.gross,
      discountCents: line.discount,
      taxClass: line.taxRate === '8.25' ? ('standard' as const) : ('reduced' as const),
      taxRate: line.taxRate,
      taxCents: line.tax,
      totalCents: line.total,
    })),
  );
  await ex
    .insert(salesPayments)
    .values(input.payments.map((payment, position) => ({ transactionId: id, position, ...payment })));
  return id;
}

describe('POST /api/shifts', () => {
  it('a cashier of the store opens a shift → 201 with the business date; row and audit written', async () => {
    const response = await openShiftAs(cashier, {
      storeId: store.id,
      registerId: 'till-1',
      openingFloatCents: 15_000,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      storeId: store.id,
      registerId: 'till-1',
      status: 'open',
      openingFloatCents: 15_000,
      openedBy: cashierUser.id,
      closedAt: null,
      closedBy: null,
      expectedCashCents: null,
      countedCashCents: null,
      overShortCents: null,
    });
    const chicagoToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
    expect(response.body.businessDate).toBe(chicagoToday);
    const [row] = await t.database.db.select().from(shifts).where(eq(shifts.id, response.body.id));
    expect(row).toMatchObject({ status: 'open', openingFloatCents: 15_000, registerId: 'till-1' });
    const audit = await auditOf(response.body.id, 'shift.opened');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorUserId: cashierUser.id,
      storeId: store.id,
      details: { registerId: 'till-1', openingFloatCents: 15_000 },
    });
  });

  it('a second open shift on the same register → 409 CONFLICT naming registerId; another register is fine', async () => {
    await openShift('till-2');
    const again = await openShiftAs(manager, {
      storeId: store.id,
      registerId: 'till-2',
      openingFloatCents: 0,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    expect(again.body.error.details).toEqual([{ path: 'registerId', message: expect.any(String) }]);
    const open = await t.database.db
      .select()
      .from(shifts)
      .where(and(eq(shifts.registerId, 'till-2'), eq(shifts.status, 'open')));
    expect(open).toHaveLength(1);
    // Two tills opening the same register at once: the partial unique index lets exactly one win.
    const race = await Promise.all(
      [cashier, manager].map((client) =>
        openShiftAs(client, { storeId: store.id, registerId: 'till-race', openingFloatCents: 0 }),
      ),
    );
    expect(race.map((response) => response.status).sort()).toEqual([201, 409]);
    // The same register name in another store is another register.
    const elsewhere = await openShiftAs(admin, {
      storeId: otherStore.id,
      registerId: 'till-2',
      openingFloatCents: 0,
    });
    expect(elsewhere.status).toBe(201);
  });

  it('another store → 404; anonymous → 401; bad fields → 400 naming each', async () => {
    const other = await openShiftAs(outsider, {
      storeId: store.id,
      registerId: 'till-9',
      openingFloatCents: 0,
    });
    expect(other.status).toBe(404);
    await request(t.app)
      .post('/api/shifts')
      .send({ storeId: store.id, registerId: 'till-9', openingFloatCents: 0 })
      .expect(401);
    const bad = await openShiftAs(cashier, {
      storeId: 'nope',
      registerId: 'till 9!',
      openingFloatCents: -1,
      drawer: 'left',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'drawer',
      'openingFloatCents',
      'registerId',
      'storeId',
    ]);
    const fractional = await openShiftAs(cashier, {
      storeId: store.id,
      registerId: 'till-9',
      openingFloatCents: 10.5,
    });
    expect(fractional.status).toBe(400);
    expect(fractional.body.error.details[0].path).toBe('openingFloatCents');
    expect(await t.database.db.select().from(shifts).where(eq(shifts.registerId, 'till-9'))).toHaveLength(0);
  });
});

describe('GET /api/shifts/current, /api/shifts/:id, /api/shifts', () => {
  it('current → 200 the open shift; a register without one → 404; another store → 404', async () => {
    const id = await openShift('till-3');
    const current = await cashier.agent.get(`/api/shifts/current?storeId=${store.id}&registerId=till-3`);
    expect(current.status).toBe(200);
    expect(current.body.id).toBe(id);
    await cashier.agent.get(`/api/shifts/current?storeId=${store.id}&registerId=till-none`).expect(404);
    await outsider.agent.get(`/api/shifts/current?storeId=${store.id}&registerId=till-3`).expect(404);
    const bad = await cashier.agent.get('/api/shifts/current?storeId=x');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'registerId',
      'storeId',
    ]);
  });

  it('GET /api/shifts/:id → 200 for its staff, 404 for another store', async () => {
    const id = await openShift('till-4');
    const own = await manager.agent.get(`/api/shifts/${id}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id, registerId: 'till-4', status: 'open' });
    await outsider.agent.get(`/api/shifts/${id}`).expect(404);
    await admin.agent.get(`/api/shifts/${id}`).expect(200);
  });

  it('GET /api/shifts lists newest first with filters and a cursor; another store → 404', async () => {
    const listStore = await makeStore(t.database.db, { code: 'SHF3' });
    const lister = await makeUser(t.database.db, { role: 'manager', storeIds: [listStore.id] });
    const first = await makeShift(t.database.db, {
      storeId: listStore.id,
      openedBy: lister.id,
      registerId: 'a',
      openedAt: new Date(Date.now() - 3 * 60_000),
    });
    const second = await makeShift(t.database.db, {
      storeId: listStore.id,
      openedBy: lister.id,
      registerId: 'b',
      openedAt: new Date(Date.now() - 2 * 60_000),
    });
    const third = await makeShift(t.database.db, {
      storeId: listStore.id,
      openedBy: lister.id,
      registerId: 'c',
      openedAt: new Date(Date.now() - 1 * 60_000),
    });
    const client = await signIn(t.app, lister.username, lister.password);
    const all = await client.agent.get('/api/shifts').expect(200);
    expect(all.body.items.map((s: { id: string }) => s.id)).toEqual([third.id, second.id, first.id]);
    const page1 = await client.agent.get('/api/shifts?limit=2').expect(200);
    expect(page1.body.items.map((s: { id: string }) => s.id)).toEqual([third.id, second.id]);
    const page2 = await client.agent.get(`/api/shifts?limit=2&cursor=${page1.body.nextCursor}`).expect(200);
    expect(page2.body).toEqual({ items: [expect.objectContaining({ id: first.id })], nextCursor: null });
    const byRegister = await client.agent.get(`/api/shifts?storeId=${listStore.id}&registerId=b`).expect(200);
    expect(byRegister.body.items.map((s: { id: string }) => s.id)).toEqual([second.id]);
    const closed = await client.agent.get('/api/shifts?status=closed').expect(200);
    expect(closed.body.items).toEqual([]);
    const today = first.businessDate;
    const inRange = await client.agent.get(`/api/shifts?from=${today}&to=${today}`).expect(200);
    expect(inRange.body.items).toHaveLength(3);
    const before = await client.agent.get('/api/shifts?to=2000-01-01').expect(200);
    expect(before.body.items).toEqual([]);
    await client.agent.get(`/api/shifts?storeId=${store.id}`).expect(404);
    const bad = await client.agent.get('/api/shifts?status=ajar&from=2025-02-30&cursor=zzz');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['from', 'status']);
    await client.agent.get('/api/shifts?cursor=zzz').expect(400);
  });
});

describe('drawer events', () => {
  it('paid in and paid out → 201, rows and audit entries; bad fields → 400 naming each', async () => {
    const id = await openShift('till-5');
    const paidIn = await cashier.agent
      .post(`/api/shifts/${id}/cash-movements`)
      .set(cashier.csrf)
      .send({ type: 'paid_in', amountCents: 2_500, reason: 'Change from the bank' });
    expect(paidIn.status, JSON.stringify(paidIn.body)).toBe(201);
    expect(paidIn.body).toMatchObject({
      shiftId: id,
      type: 'paid_in',
      amountCents: 2_500,
      reason: 'Change from the bank',
      userId: cashierUser.id,
    });
    const paidOut = await cashier.agent
      .post(`/api/shifts/${id}/cash-movements`)
      .set(cashier.csrf)
      .send({ type: 'paid_out', amountCents: 1_200, reason: 'Window cleaner' });
    expect(paidOut.status).toBe(201);
    const rows = await t.database.db.select().from(cashMovements).where(eq(cashMovements.shiftId, id));
    expect(rows.map((r) => [r.type, r.amountCents, r.reason]).sort()).toEqual([
      ['paid_in', 2_500, 'Change from the bank'],
      ['paid_out', 1_200, 'Window cleaner'],
    ]);
    const [audit] = await auditOf(id, 'shift.paid_out');
    expect(audit).toMatchObject({
      actorUserId: cashierUser.id,
      storeId: store.id,
      details: {
        registerId: 'till-5',
        amountCents: 1_200,
        reason: 'Window cleaner',
        movementId: paidOut.body.id,
      },
    });
    expect(await auditOf(id, 'shift.paid_in')).toHaveLength(1);

    const bad = await cashier.agent
      .post(`/api/shifts/${id}/cash-movements`)
      .set(cashier.csrf)
      .send({ type: 'no_sale', amountCents: 0, reason: '   ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'amountCents',
      'reason',
      'type',
    ]);
    const missingReason = await cashier.agent
      .post(`/api/shifts/${id}/cash-movements`)
      .set(cashier.csrf)
      .send({ type: 'paid_out', amountCents: 100 });
    expect(missingReason.status).toBe(400);
    expect(missingReason.body.error.details.map((d: { path: string }) => d.path)).toEqual(['reason']);
    // Scope before validation: another store's shift is not found, whatever the body.
    await outsider.agent.post(`/api/shifts/${id}/cash-movements`).set(outsider.csrf).send({}).expect(404);
    expect(
      await t.database.db.select().from(cashMovements).where(eq(cashMovements.shiftId, id)),
    ).toHaveLength(2);
  });

  it('no-sale → 201: a zero no_sale row and a shift.no_sale audit entry; reason optional', async () => {
    const id = await openShift('till-6');
    const bare = await cashier.agent.post(`/api/shifts/${id}/no-sale`).set(cashier.csrf);
    expect(bare.status, JSON.stringify(bare.body)).toBe(201);
    expect(bare.body).toMatchObject({ type: 'no_sale', amountCents: 0, reason: '' });
    const withReason = await cashier.agent
      .post(`/api/shifts/${id}/no-sale`)
      .set(cashier.csrf)
      .send({ reason: 'Customer needed change for the meter' });
    expect(withReason.status).toBe(201);
    const rows = await t.database.db.select().from(cashMovements).where(eq(cashMovements.shiftId, id));
    expect(rows.map((r) => [r.type, r.amountCents]).sort()).toEqual([
      ['no_sale', 0],
      ['no_sale', 0],
    ]);
    const audit = await auditOf(id, 'shift.no_sale');
    expect(audit.map((row) => row.details.reason).sort()).toEqual([
      '',
      'Customer needed change for the meter',
    ]);
    expect(audit.every((row) => row.actorUserId === cashierUser.id && row.storeId === store.id)).toBe(true);
    const bad = await cashier.agent
      .post(`/api/shifts/${id}/no-sale`)
      .set(cashier.csrf)
      .send({ amountCents: 5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['amountCents']);
    await outsider.agent.post(`/api/shifts/${id}/no-sale`).set(outsider.csrf).expect(404);
  });
});

describe('closing and the X/Z report', () => {
  it('close computes expected cash and over/short exactly; the Z report adds up to the cent', async () => {
    const registerId = 'till-7';
    const shiftId = await openShift(registerId, 10_000);
    const db = t.database.db;

    // A cash sale of 3315 paid with 5000: 1685 change.
    await writeTransaction(db, {
      shiftId,
      registerId,
      lines: [
        { product: kibble, taxRate: '8.25', gross: 3_000, discount: 0, tax: 248, total: 3_248 },
        { product: treats, taxRate: '2.5', gross: 70, discount: 5, tax: 2, total: 67 },
      ],
      payments: [{ method: 'cash', amountCents: 5_000 }],
      changeDueCents: 1_685,
    });
    // The contract's case A paid card 10000 + cash 5000: total 13315, change 1685.
    const split = await writeTransaction(db, {
      shiftId,
      registerId,
      lines: [
        { product: kibble, taxRate: '8.25', gross: 10_998, discount: 428, tax: 872, total: 11_442 },
        { product: kibble, taxRate: '8.25', gross: 899, discount: 121, tax: 64, total: 842 },
        { product: treats, taxRate: '2.5', gross: 1_047, discount: 41, tax: 25, total: 1_031 },
      ],
      payments: [
        { method: 'card', amountCents: 10_000 },
        { method: 'cash', amountCents: 5_000 },
      ],
      changeDueCents: 1_685,
    });
    // A cash sale rounded to 5 cents: 1033 due 1035, paid 2000, 965 change.
    await writeTransaction(db, {
      shiftId,
      registerId,
      lines: [{ product: kibble, taxRate: '8.25', gross: 954, discount: 0, tax: 79, total: 1_033 }],
      payments: [{ method: 'cash', amountCents: 2_000 }],
      changeDueCents: 965,
      roundingCents: 2,
    });
    // A voided cash sale counts only under voids.
    await writeTransaction(db, {
      shiftId,
      registerId,
      voided: true,
      lines: [{ product: kibble, taxRate: '8.25', gross: 1_848, discount: 0, tax: 152, total: 2_000 }],
      payments: [{ method: 'cash', amountCents: 2_000 }],
    });
    // A cash return of the split sale's treats line: 1031 refunded, 25 of it tax.
    await writeTransaction(db, {
      shiftId,
      registerId,
      kind: 'return',
      lines: [{ product: treats, taxRate: '2.5', gross: 1_047, discount: 41, tax: 25, total: 1_031 }],
      payments: [{ method: 'cash', amountCents: 1_031 }],
    });
    await db
      .update(salesTransactions)
      .set({ originalTransactionId: split })
      .where(and(eq(salesTransactions.shiftId, shiftId), eq(salesTransactions.kind, 'return')));
    // Another register's sale is not this shift's.
    const elsewhere = await openShift('till-8');
    await writeTransaction(db, {
      shiftId: elsewhere,
      registerId: 'till-8',
      lines: [{ product: kibble, taxRate: '8.25', gross: 923, discount: 0, tax: 76, total: 999 }],
      payments: [{ method: 'cash', amountCents: 999 }],
    });
    await cashier.agent
      .post(`/api/shifts/${shiftId}/cash-movements`)
      .set(cashier.csrf)
      .send({ type: 'paid_in', amountCents: 2_500, reason: 'Change from the bank' })
      .expect(201);
    await cashier.agent
      .post(`/api/shifts/${shiftId}/cash-movements`)
      .set(cashier.csrf)
      .send({ type: 'paid_out', amountCents: 1_200, reason: 'Window cleaner' })
      .expect(201);
    await cashier.agent.post(`/api/shifts/${shiftId}/no-sale`).set(cashier.csrf).expect(201);

    // By hand: cash kept 3315 + 3315 + 1035 = 7665 (12000 tendered − 4335 change);
    // expected = 10000 float + 7665 − 1031 refund + 2500 paid in − 1200 paid out = 17934.
    const figures = {
      salesCount: 3,
      grossSalesCents: 16_968,
      discountCents: 595,
      netSalesCents: 16_373,
      taxCents: 1_290,
      roundingCents: 2,
      salesTotalCents: 17_665,
      returns: { count: 1, refundCents: 1_031, taxCents: 25 },
      voids: { count: 1, totalCents: 2_000 },
      taxByRate: [
        { taxRate: '8.25', taxableCents: 15_302, taxCents: 1_263 },
        { taxRate: '2.5', taxableCents: 65, taxCents: 2 },
      ],
      tenders: [
        { method: 'cash', salesCents: 7_665, refundsCents: 1_031, netCents: 6_634 },
        { method: 'card', salesCents: 10_000, refundsCents: 0, netCents: 10_000 },
        { method: 'store_credit', salesCents: 0, refundsCents: 0, netCents: 0 },
      ],
      cash: {
        openingFloatCents: 10_000,
        cashSalesCents: 7_665,
        cashRefundsCents: 1_031,
        paidInCents: 2_500,
        paidOutCents: 1_200,
        expectedCashCents: 17_934,
      },
      noSaleCount: 1,
    };

    const x = await manager.agent.get(`/api/shifts/${shiftId}/report`);
    expect(x.status, JSON.stringify(x.body)).toBe(200);
    expect(x.body).toMatchObject({ kind: 'X', ...figures });
    expect(x.body.shift).toMatchObject({
      id: shiftId,
      status: 'open',
      storeCode: 'SHF1',
      storeName: 'Paws Uptown',
      registerId,
      openedByName: cashierUser.name,
      countedCashCents: null,
      overShortCents: null,
    });
    expect(x.body.cashMovements.map((m: { type: string }) => m.type)).toEqual([
      'paid_in',
      'paid_out',
      'no_sale',
    ]);

    const close = await cashier.agent
      .post(`/api/shifts/${shiftId}/close`)
      .set(cashier.csrf)
      .send({ countedCashCents: 17_900, note: 'two quarters missing?' });
    expect(close.status, JSON.stringify(close.body)).toBe(200);
    expect(close.body).toMatchObject({
      expectedCashCents: 17_934,
      countedCashCents: 17_900,
      overShortCents: -34,
    });
    expect(close.body.shift).toMatchObject({
      id: shiftId,
      status: 'closed',
      closedBy: cashierUser.id,
      expectedCashCents: 17_934,
      countedCashCents: 17_900,
      overShortCents: -34,
    });
    expect(close.body.report).toMatchObject({ kind: 'Z', ...figures });
    expect(close.body.report.shift).toMatchObject({ status: 'closed', closedByName: cashierUser.name });

    const [row] = await db.select().from(shifts).where(eq(shifts.id, shiftId));
    expect(row).toMatchObject({ status: 'closed', expectedCashCents: 17_934, countedCashCents: 17_900 });
    expect(row?.closedAt).toBeInstanceOf(Date);
    const [audit] = await auditOf(shiftId, 'shift.closed');
    expect(audit).toMatchObject({
      actorUserId: cashierUser.id,
      storeId: store.id,
      details: {
        registerId,
        expectedCashCents: 17_934,
        countedCashCents: 17_900,
        overShortCents: -34,
        note: 'two quarters missing?',
      },
    });

    const z = await manager.agent.get(`/api/shifts/${shiftId}/report`).expect(200);
    expect(z.body).toMatchObject({ kind: 'Z', ...figures });
    expect(z.body.shift).toMatchObject({ countedCashCents: 17_900, overShortCents: -34 });

    const text = await manager.agent.get(`/api/shifts/${shiftId}/report`).set('Accept', 'text/plain');
    expect(text.status).toBe(200);
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    const lines = text.text.trimEnd().split('\n');
    expect(lines.filter((line) => line.length > PRINT_COLUMNS)).toEqual([]);
    expect(text.text).toContain('Z REPORT');
    expect(text.text).toMatch(/Sales total +176\.65\n/);
    expect(text.text).toMatch(/Expected cash +179\.34\n/);
    expect(text.text).toMatch(/Counted cash +179\.00\n/);
    expect(text.text).toMatch(/Short +-0\.34\n/);
    expect(text.text).toMatch(/Voids \(1\) +20\.00\n/);
    expect(text.text).toContain('Window cleaner');

    const html = await manager.agent.get(`/api/shifts/${shiftId}/report`).set('Accept', 'text/html');
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toMatch(/@page\s*\{\s*size:\s*80mm/);
    expect(html.text).not.toMatch(/<script/i);
    expect(html.text).toContain('179.34');
    expect(html.headers['content-security-policy']).toContain("style-src 'unsafe-inline'");
    expect(html.headers.vary).toMatch(/Accept/);
  });

  it('closing twice → 409 SHIFT_CLOSED; paid out or no-sale on a closed shift → 409; the register can open again', async () => {
    const id = await openShift('till-10', 5_000);
    const first = await manager.agent
      .post(`/api/shifts/${id}/close`)
      .set(manager.csrf)
      .send({ countedCashCents: 5_100 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      expectedCashCents: 5_000,
      countedCashCents: 5_100,
      overShortCents: 100,
    });
    expect(first.body.report.salesCount).toBe(0);
    const again = await manager.agent
      .post(`/api/shifts/${id}/close`)
      .set(manager.csrf)
      .send({ countedCashCents: 0 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('SHIFT_CLOSED');
    const paidOut = await cashier.agent
      .post(`/api/shifts/${id}/cash-movements`)
      .set(cashier.csrf)
      .send({ type: 'paid_out', amountCents: 100, reason: 'Stamps' });
    expect(paidOut.status).toBe(409);
    expect(paidOut.body.error.code).toBe('SHIFT_CLOSED');
    const noSale = await cashier.agent.post(`/api/shifts/${id}/no-sale`).set(cashier.csrf);
    expect(noSale.status).toBe(409);
    expect(await t.database.db.select().from(cashMovements).where(eq(cashMovements.shiftId, id))).toEqual([]);
    expect(await auditOf(id, 'shift.closed')).toHaveLength(1);
    await cashier.agent.get(`/api/shifts/current?storeId=${store.id}&registerId=till-10`).expect(404);
    await openShift('till-10');
  });

  it('close: bad fields → 400 naming each; another store → 404 whatever the body; anonymous → 401', async () => {
    const id = await openShift('till-11');
    const bad = await cashier.agent
      .post(`/api/shifts/${id}/close`)
      .set(cashier.csrf)
      .send({ countedCashCents: -5, note: 'x'.repeat(501), extra: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'countedCashCents',
      'extra',
      'note',
    ]);
    await outsider.agent
      .post(`/api/shifts/${id}/close`)
      .set(outsider.csrf)
      .send({ countedCashCents: 1 })
      .expect(404);
    await outsider.agent.post(`/api/shifts/${id}/close`).set(outsider.csrf).send({ bogus: 1 }).expect(404);
    await request(t.app).post(`/api/shifts/${id}/close`).send({ countedCashCents: 1 }).expect(401);
    await outsider.agent.get(`/api/shifts/${id}/report`).expect(404);
    const [row] = await t.database.db.select().from(shifts).where(eq(shifts.id, id));
    expect(row?.status).toBe('open');
  });
});

describe('lockShiftForSale (the checkout calls it inside its sale transaction)', () => {
  it('null without a shift id; unknown or another store’s shift → NOT_FOUND; another register → SHIFT_CLOSED', async () => {
    const id = await openShift('till-12');
    const db = t.database.db;
    await withTransaction(db, async (tx) => {
      expect(
        await lockShiftForSale(tx, { storeId: store.id, registerId: 'till-12', shiftId: null }),
      ).toBeNull();
      expect(
        await lockShiftForSale(tx, { storeId: store.id, registerId: 'till-12', shiftId: undefined }),
      ).toBeNull();
      expect(await lockShiftForSale(tx, { storeId: store.id, registerId: 'till-12', shiftId: id })).toEqual({
        id,
      });
    });
    await expect(
      withTransaction(db, (tx) =>
        lockShiftForSale(tx, { storeId: otherStore.id, registerId: 'till-12', shiftId: id }),
      ),
    ).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await expect(
      withTransaction(db, (tx) =>
        lockShiftForSale(tx, { storeId: store.id, registerId: 'till-12', shiftId: randomUUID() }),
      ),
    ).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await expect(
      withTransaction(db, (tx) =>
        lockShiftForSale(tx, { storeId: store.id, registerId: 'till-99', shiftId: id }),
      ),
    ).rejects.toMatchObject({ status: 409, code: 'SHIFT_CLOSED' });
  });

  it('a close waits for a sale holding the shift, counts it, and later sales get SHIFT_CLOSED', async () => {
    const registerId = 'till-13';
    const id = await openShift(registerId, 1_000);
    const db = t.database.db;
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sale = withTransaction(db, async (tx) => {
      await lockShiftForSale(tx, { storeId: store.id, registerId, shiftId: id });
      await writeTransaction(tx, {
        shiftId: id,
        registerId,
        lines: [{ product: kibble, taxRate: '8.25', gross: 462, discount: 0, tax: 38, total: 500 }],
        payments: [{ method: 'cash', amountCents: 500 }],
      });
      locked();
      await held;
    });
    await lockTaken;
    let settled = false;
    const closing = cashier.agent
      .post(`/api/shifts/${id}/close`)
      .set(cashier.csrf)
      .send({ countedCashCents: 1_500 })
      .then((response) => {
        settled = true;
        return response;
      });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    release();
    await sale;
    const closed = await closing;
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ expectedCashCents: 1_500, overShortCents: 0 });
    expect(closed.body.report.salesCount).toBe(1);
    await expect(
      withTransaction(db, (tx) => lockShiftForSale(tx, { storeId: store.id, registerId, shiftId: id })),
    ).rejects.toMatchObject({ status: 409, code: 'SHIFT_CLOSED' });
  });
});
