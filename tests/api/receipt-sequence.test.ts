import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSequences, salesTransactions } from '../../server/db/schema';
import { businessDateAt, zonedTimeToInstant } from '../../shared/time';
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
let otherStore: StoreFixture;
let managerUser: UserFixture;
let cashier: SessionClient;
let otherCashier: SessionClient;
let shiftId: string;
let kibble: ProductFixture;

const REGISTER = 'till-1';
const TIME_ZONE = 'America/Chicago';

beforeAll(async () => {
  t = await createTestApp({ env: { DB_MAX_CONNECTIONS: '10' } });
  const db = t.database.db;
  store = await makeStore(db, { code: 'OFF1', timezone: TIME_ZONE });
  otherStore = await makeStore(db, { code: 'OFF2' });
  managerUser = await makeUser(db, { role: 'manager', storeIds: [store.id] });
  const cashierUser = await makeUser(db, { role: 'cashier', storeIds: [store.id] });
  const otherCashierUser = await makeUser(db, { role: 'cashier', storeIds: [otherStore.id] });
  cashier = await signIn(t.app, cashierUser.username, cashierUser.password);
  otherCashier = await signIn(t.app, otherCashierUser.username, otherCashierUser.password);
  kibble = await makeProduct(db, { sku: 'OFF-KIBBLE', name: 'Offline Kibble', priceCents: 1000 });
  shiftId = await openShiftRow(db, { storeId: store.id, registerId: REGISTER, openedBy: cashierUser.id });
});
afterAll(() => t.close());

const sequenceOf = (registerId: string, client = cashier, storeId = store.id) =>
  client.agent.post(`/api/stores/${storeId}/registers/${registerId}/receipt-sequence`).set(client.csrf);

/** A one-line cash sale on till-1, with whatever the register adds (receiptNumber, soldAt…). */
const sale = (parts: Record<string, unknown> = {}) =>
  saleBody(
    { storeId: store.id, registerId: REGISTER, shiftId },
    {
      lines: [{ productId: kibble.id, quantity: 1 }],
      tenders: [{ method: 'cash', amountCents: 2000 }],
      ...parts,
    },
  );

const postSale = (body: Record<string, unknown>) =>
  cashier.agent.post('/api/sales').set(cashier.csrf).send(body);

const numbered = (sequence: number) => `OFF1-1-${String(sequence).padStart(6, '0')}`;

async function counterOf(registerId: string): Promise<number | undefined> {
  const [row] = await t.database.db
    .select({ next: registerSequences.nextNumber })
    .from(registerSequences)
    .where(and(eq(registerSequences.storeId, store.id), eq(registerSequences.registerId, registerId)));
  return row?.next;
}

describe('POST /api/stores/:storeId/registers/:registerId/receipt-sequence', () => {
  it('registers a register that never sold, and answers its prefix and next number without moving it', async () => {
    const first = await sequenceOf(REGISTER);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ prefix: 'OFF1-1-', nextNumber: 1 });
    expect(await counterOf(REGISTER)).toBe(1);
    expect((await sequenceOf(REGISTER)).body).toEqual({ prefix: 'OFF1-1-', nextNumber: 1 });
    expect((await sequenceOf('till-2')).body).toEqual({ prefix: 'OFF1-2-', nextNumber: 1 });

    // A server-numbered sale takes the number the register was told, and the next one is announced.
    const response = await postSale(sale());
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.receiptNumber).toBe('OFF1-1-000001');
    expect((await sequenceOf(REGISTER)).body).toEqual({ prefix: 'OFF1-1-', nextNumber: 2 });
  });

  it('another store → 404, no sign-in → 401, a bad register id → 400 naming registerId', async () => {
    const other = await sequenceOf(REGISTER, otherCashier);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    const anonymous = await request(t.app).post(
      `/api/stores/${store.id}/registers/${REGISTER}/receipt-sequence`,
    );
    expect(anonymous.status).toBe(401);
    const bad = await sequenceOf('bad%20id!');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['registerId']);
    // A bearer token (a register signed in without cookies) works too.
    const token = await bearerToken(t.app, managerUser.username, managerUser.password);
    const withToken = await request(t.app)
      .post(`/api/stores/${store.id}/registers/${REGISTER}/receipt-sequence`)
      .set('Authorization', `Bearer ${token}`);
    expect(withToken.status).toBe(200);
  });
});

describe('POST /api/sales and /api/returns with the register’s own receipt number', () => {
  it('records the sale under the client number and moves the counter past it', async () => {
    const { nextNumber } = (await sequenceOf(REGISTER)).body as { nextNumber: number };
    // Offline, the register numbered a few sales; this one is sent first.
    const ahead = nextNumber + 3;
    const body = sale({ receiptNumber: numbered(ahead) });
    const response = await postSale(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.receiptNumber).toBe(numbered(ahead));
    const [row] = await t.database.db
      .select({ receiptNumber: salesTransactions.receiptNumber })
      .from(salesTransactions)
      .where(eq(salesTransactions.id, body.id as string));
    expect(row!.receiptNumber).toBe(numbered(ahead));
    expect((await sequenceOf(REGISTER)).body.nextNumber).toBe(ahead + 1);

    // The next sale the server numbers comes after it.
    const serverNumbered = await postSale(sale());
    expect(serverNumbered.body.receiptNumber).toBe(numbered(ahead + 1));

    // An unused number below the counter (the other queued offline sales) is taken as it is; the counter stays.
    const queued = await postSale(sale({ receiptNumber: numbered(nextNumber) }));
    expect(queued.status, JSON.stringify(queued.body)).toBe(201);
    expect(queued.body.receiptNumber).toBe(numbered(nextNumber));
    expect(await counterOf(REGISTER)).toBe(ahead + 2);
  });

  it('a number of another register, another store or in the wrong form → 422 naming receiptNumber, nothing written', async () => {
    await sequenceOf('till-2');
    const before = await worldSnapshot(t.database.db);
    for (const receiptNumber of [
      'OFF1-2-000050',
      'OFF2-1-000050',
      'OFF1-1-50',
      'OFF1-1-0000050',
      'OFF1-1-000000',
      '',
      'x',
    ]) {
      const response = await postSale(sale({ receiptNumber }));
      expect(response.status, `${receiptNumber}: ${JSON.stringify(response.body)}`).toBe(422);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.details).toEqual([{ path: 'receiptNumber', message: expect.any(String) }]);
    }
    expect(await worldSnapshot(t.database.db)).toEqual(before);
  });

  it('a number already used in the store → 409 RECEIPT_NUMBER_TAKEN, nothing written', async () => {
    const before = await worldSnapshot(t.database.db);
    const response = await postSale(sale({ receiptNumber: 'OFF1-1-000001' }));
    expect(response.status, JSON.stringify(response.body)).toBe(409);
    expect(response.body.error.code).toBe('RECEIPT_NUMBER_TAKEN');
    expect(response.body.error.details).toEqual([{ path: 'receiptNumber', message: expect.any(String) }]);
    expect(await worldSnapshot(t.database.db)).toEqual(before);
  });

  it('the same id and body again → 200 with the identical sale; another number under that id → 422', async () => {
    const number = (await counterOf(REGISTER))! + 10;
    const body = sale({
      receiptNumber: numbered(number),
      soldAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const first = await postSale(body);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const before = await worldSnapshot(t.database.db);
    const again = await postSale(body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await worldSnapshot(t.database.db)).toEqual(before);
    const changed = await postSale({ ...body, receiptNumber: numbered(number + 1) });
    expect(changed.status).toBe(422);
    expect(changed.body.error.code).toBe('IDEMPOTENCY_MISMATCH');
    expect(await worldSnapshot(t.database.db)).toEqual(before);
  });

  it('two sales sent at once with one number: one is recorded, the other → 409', async () => {
    const number = numbered((await counterOf(REGISTER))! + 5);
    const responses = await Promise.all([0, 1, 2].map(() => postSale(sale({ receiptNumber: number }))));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const rows = await t.database.db
      .select({ id: salesTransactions.id })
      .from(salesTransactions)
      .where(and(eq(salesTransactions.storeId, store.id), eq(salesTransactions.receiptNumber, number)));
    expect(rows).toHaveLength(1);
  });

  it('a return takes the register’s number too, and one already used → 409', async () => {
    const original = await postSale(sale());
    expect(original.status).toBe(201);
    const number = numbered((await counterOf(REGISTER))! + 2);
    const returnBody = {
      id: randomUUID(),
      storeId: store.id,
      registerId: REGISTER,
      shiftId,
      originalSaleId: original.body.id,
      lines: [{ originalLineId: original.body.lines[0].id, quantity: 1 }],
      refundTenders: [{ method: 'cash', amountCents: original.body.totalCents }],
      reason: 'changed mind',
      receiptNumber: number,
    };
    const response = await cashier.agent.post('/api/returns').set(cashier.csrf).send(returnBody);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.receiptNumber).toBe(number);
    expect((await sequenceOf(REGISTER)).body.nextNumber).toBe(Number(number.slice(-6)) + 1);

    const again = await cashier.agent.post('/api/returns').set(cashier.csrf).send(returnBody);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(response.body);
    const another = await postSale(sale());
    const before = await worldSnapshot(t.database.db);
    const taken = await cashier.agent
      .post('/api/returns')
      .set(cashier.csrf)
      .send({
        ...returnBody,
        id: randomUUID(),
        originalSaleId: another.body.id,
        lines: [{ originalLineId: another.body.lines[0].id, quantity: 1 }],
        receiptNumber: original.body.receiptNumber,
      });
    expect(taken.status, JSON.stringify(taken.body)).toBe(409);
    expect(taken.body.error.code).toBe('RECEIPT_NUMBER_TAKEN');
    expect(await worldSnapshot(t.database.db)).toEqual(before);
  });
});

describe('POST /api/sales with soldAt', () => {
  it('a sale made yesterday (store time) is dated yesterday and counts on yesterday’s daily sales', async () => {
    const today = businessDateAt(new Date(), TIME_ZONE);
    const yesterday = businessDateAt(
      new Date(zonedTimeToInstant(today, 0, TIME_ZONE).getTime() - 1),
      TIME_ZONE,
    );
    // 23:30 yesterday, Chicago time, sent with Chicago's offset.
    const soldAt = zonedTimeToInstant(yesterday, 23.5 * 3600, TIME_ZONE);
    const offsetMinutes = Math.round(
      (zonedTimeToInstant(yesterday, 0, 'UTC').getTime() -
        zonedTimeToInstant(yesterday, 0, TIME_ZONE).getTime()) /
        60_000,
    );
    const sign = offsetMinutes < 0 ? '-' : '+';
    const abs = Math.abs(offsetMinutes);
    const local = new Date(soldAt.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 23);
    const soldAtText = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    expect(new Date(soldAtText).getTime()).toBe(soldAt.getTime());

    const token = await bearerToken(t.app, managerUser.username, managerUser.password);
    const reportOf = (date: string) =>
      request(t.app)
        .get('/api/reports/daily-sales')
        .query({ storeId: store.id, date })
        .set('Authorization', `Bearer ${token}`);
    const before = (await reportOf(yesterday)).body;
    const todayBefore = (await reportOf(today)).body;

    const response = await postSale(sale({ soldAt: soldAtText }));
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.businessDate).toBe(yesterday);
    expect(response.body.createdAt).toBe(soldAt.toISOString());

    const after = (await reportOf(yesterday)).body;
    expect(after.transactions).toBe(before.transactions + 1);
    expect(after.netSalesCents).toBe(before.netSalesCents + 1000);
    const todayAfter = (await reportOf(today)).body;
    expect(todayAfter.transactions).toBe(todayBefore.transactions);
  });

  it('soldAt more than 5 minutes ahead or 14 days back → 422 naming soldAt; not a date-time → 400; nothing written', async () => {
    const before = await worldSnapshot(t.database.db);
    for (const soldAt of [
      new Date(Date.now() + 10 * 60_000).toISOString(),
      new Date(Date.now() - 15 * 24 * 3600_000).toISOString(),
    ]) {
      const response = await postSale(sale({ soldAt }));
      expect(response.status, `${soldAt}: ${JSON.stringify(response.body)}`).toBe(422);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.details).toEqual([{ path: 'soldAt', message: expect.any(String) }]);
    }
    for (const soldAt of ['yesterday', '2026-11-20T10:00:00', 1_700_000_000_000]) {
      const response = await postSale(sale({ soldAt }));
      expect(response.status).toBe(400);
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toEqual(['soldAt']);
    }
    expect(await worldSnapshot(t.database.db)).toEqual(before);
    // Four minutes ahead (a register clock running fast) is fine.
    const fast = await postSale(sale({ soldAt: new Date(Date.now() + 4 * 60_000).toISOString() }));
    expect(fast.status, JSON.stringify(fast.body)).toBe(201);
  });
});
