import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sale, saleSchema } from '../../shared/schemas/sales';
import { salesTransactionItems, salesTransactions } from '../../server/db/schema';
import { findSale } from '../../server/modules/sales/sale-reads.service';
import { type SessionClient, signIn } from '../helpers/auth';
import {
  makeCustomer,
  makeProduct,
  makeSale,
  makeStore,
  makeUser,
  type SaleFixture,
  type StoreFixture,
  type UserFixture,
} from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let east: StoreFixture;
let west: StoreFixture;
let far: StoreFixture;
let eastCashierUser: UserFixture;
let eastManagerUser: UserFixture;
let admin: SessionClient;
let eastCashier: SessionClient;
let eastManager: SessionClient;
let westManager: SessionClient;
/** A sale with three lines and a split tender, written out of order to show the reads sort them. */
let detailed: SaleFixture;
let westSale: SaleFixture;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  east = await makeStore(db, { code: 'EAST1', timezone: 'America/Chicago' });
  west = await makeStore(db, { code: 'WEST1', timezone: 'America/Los_Angeles' });
  far = await makeStore(db, { code: 'FAR1' });
  const a = await makeUser(db, { role: 'admin' });
  eastCashierUser = await makeUser(db, { role: 'cashier', storeIds: [east.id] });
  eastManagerUser = await makeUser(db, { role: 'manager', storeIds: [east.id, far.id] });
  const wm = await makeUser(db, { role: 'manager', storeIds: [west.id] });
  admin = await signIn(t.app, a.username, a.password);
  eastCashier = await signIn(t.app, eastCashierUser.username, eastCashierUser.password);
  eastManager = await signIn(t.app, eastManagerUser.username, eastManagerUser.password);
  westManager = await signIn(t.app, wm.username, wm.password);

  const food = await makeProduct(db, { sku: 'SR-FOOD', name: 'Salmon kibble 5 kg', priceCents: 5499 });
  const treats = await makeProduct(db, { sku: 'SR-TREATS', name: 'Chicken treats', priceCents: 899 });
  const seed = await makeProduct(db, { sku: 'SR-SEED', name: 'Bird seed', priceCents: 349 });
  detailed = await makeSale(db, {
    storeId: east.id,
    cashierId: eastCashierUser.id,
    transactionDate: new Date('2024-03-01T18:00:00.000Z'),
    lines: [
      { productId: food.id, sku: food.sku, name: food.name, quantity: 2, unitPriceCents: 5499 },
      {
        productId: treats.id,
        sku: treats.sku,
        name: treats.name,
        quantity: 1,
        unitPriceCents: 899,
        discountCents: 90,
        discountReason: 'damaged box',
      },
      {
        productId: seed.id,
        sku: seed.sku,
        name: seed.name,
        quantity: 3,
        unitPriceCents: 349,
        taxClass: 'reduced',
      },
    ],
    tenders: [
      { method: 'card', amountCents: 10000, reference: 'AUTH123' },
      { method: 'cash', amountCents: 5000 },
    ],
  });
  westSale = await makeSale(db, { storeId: west.id, cashierId: wm.id });
}, 120_000);
afterAll(() => t.close());

describe('GET /api/sales/:id', () => {
  it('a cashier of the store gets the sale: lines by line number, tenders in order, the stored totals', async () => {
    const response = await eastCashier.agent.get(`/api/sales/${detailed.id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const sale = saleSchema.parse(response.body);
    expect(sale).toMatchObject({
      id: detailed.id,
      storeId: east.id,
      registerId: 'till-1',
      receiptNumber: detailed.receiptNumber,
      status: 'completed',
      businessDate: '2024-03-01',
      createdAt: '2024-03-01T18:00:00.000Z',
      cashierId: eastCashierUser.id,
      customerId: null,
      subtotalCents: 10998 + 899 + 1047,
      discountCents: 90,
      changeDueCents: detailed.changeDueCents,
      voidedAt: null,
    });
    expect(sale.lines.map((line) => [line.sku, line.quantity, line.discountCents, line.taxRate])).toEqual([
      ['SR-FOOD', 2, 0, '8.25'],
      ['SR-TREATS', 1, 90, '8.25'],
      ['SR-SEED', 3, 0, '2.5'],
    ]);
    expect(sale.lines[1]!.discountReason).toBe('damaged box');
    expect(sale.tenders).toEqual([
      { method: 'card', amountCents: 10000, reference: 'AUTH123' },
      { method: 'cash', amountCents: 5000, reference: null },
    ]);
    const [row] = await t.database.db
      .select()
      .from(salesTransactions)
      .where(eq(salesTransactions.id, detailed.id));
    expect(sale.totalCents).toBe(row!.totalCents);
    expect(sale.taxCents).toBe(row!.taxCents);
    const items = await t.database.db
      .select({ id: salesTransactionItems.id })
      .from(salesTransactionItems)
      .where(eq(salesTransactionItems.transactionId, detailed.id))
      .orderBy(asc(salesTransactionItems.lineNumber));
    expect(sale.lines.map((line) => line.id)).toEqual(items.map((item) => item.id));
  });

  it('findSale (used for idempotent replays) answers the same Sale, and null for an unknown id', async () => {
    const response = await admin.agent.get(`/api/sales/${detailed.id}`).expect(200);
    expect(await findSale(t.database.db, detailed.id)).toEqual(response.body);
    expect(await findSale(t.database.db, randomUUID())).toBeNull();
  });

  it("another store's sale → 404 NOT_FOUND, as an unknown id; admins see every store", async () => {
    const other = await eastManager.agent.get(`/api/sales/${westSale.id}`);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    const unknown = await eastManager.agent.get(`/api/sales/${randomUUID()}`);
    expect(unknown.status).toBe(404);
    expect(other.body.error.message).toBe(unknown.body.error.message);
    await westManager.agent.get(`/api/sales/${westSale.id}`).expect(200);
    await admin.agent.get(`/api/sales/${westSale.id}`).expect(200);
  });

  it('a return is not a sale → 404', async () => {
    const returnId = randomUUID();
    await t.database.db.insert(salesTransactions).values({
      id: returnId,
      kind: 'return',
      storeId: east.id,
      registerId: 'till-1',
      cashierId: eastCashierUser.id,
      originalTransactionId: detailed.id,
      receiptNumber: `${east.code}-1-R${returnId.slice(0, 6)}`,
      businessDate: '2024-03-02',
      subtotalCents: 349,
      totalCents: 358,
      requestHash: 'test',
    });
    await eastManager.agent.get(`/api/sales/${returnId}`).expect(404);
    expect(await findSale(t.database.db, returnId)).toBeNull();
  });

  it('not signed in → 401; a malformed id → 400 naming id', async () => {
    await request(t.app).get(`/api/sales/${detailed.id}`).expect(401);
    const bad = await eastManager.agent.get('/api/sales/not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'id', message: 'must be a UUID' }]);
  });

  it('a voided sale shows its status, time and reason', async () => {
    const voided = await makeSale(t.database.db, {
      storeId: far.id,
      cashierId: eastManagerUser.id,
      status: 'voided',
      voidReason: 'customer changed their mind',
    });
    const response = await eastManager.agent.get(`/api/sales/${voided.id}`).expect(200);
    expect(response.body).toMatchObject({
      status: 'voided',
      voidReason: 'customer changed their mind',
      voidedAt: voided.voidedAt!.toISOString(),
    });
  });
});

describe('GET /api/sales', () => {
  let listStore: StoreFixture;
  let otherCashier: UserFixture;
  const made: SaleFixture[] = [];

  beforeAll(async () => {
    const db = t.database.db;
    listStore = await makeStore(db, { code: 'LIST1', timezone: 'America/Chicago' });
    otherCashier = await makeUser(db, { role: 'cashier', storeIds: [listStore.id] });
    const product = await makeProduct(db, { sku: 'SR-LIST' });
    const line = {
      productId: product.id,
      sku: product.sku,
      name: product.name,
      quantity: 1,
      unitPriceCents: 100,
    };
    const sale = (at: string, extra: Partial<Parameters<typeof makeSale>[1]> = {}) =>
      makeSale(db, {
        storeId: listStore.id,
        cashierId: eastManagerUser.id,
        transactionDate: new Date(at),
        lines: [line],
        ...extra,
      });
    // 23:30 on March 9 in Chicago is already March 10 in UTC: its business date is the 9th.
    made.push(await sale('2024-03-10T05:30:00.000Z'));
    made.push(await sale('2024-03-10T15:00:00.000Z', { cashierId: otherCashier.id }));
    made.push(await sale('2024-03-10T16:00:00.000Z', { registerId: 'till-2' }));
    made.push(await sale('2024-03-11T15:00:00.000Z', { status: 'voided' }));
    // Three sales in the same instant: only the id tells them apart, and paging must not lose one.
    for (let i = 0; i < 3; i++) {
      made.push(await sale('2024-03-12T15:00:00.000Z'));
    }
  });

  async function walk(client: SessionClient, query: string, limit: number): Promise<Sale[]> {
    const seen: Sale[] = [];
    let cursor: string | null = null;
    do {
      const response = await client.agent.get(
        `/api/sales?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(limit);
      seen.push(...response.body.items.map((item: unknown) => saleSchema.parse(item)));
      cursor = response.body.nextCursor;
    } while (cursor);
    return seen;
  }

  function newestFirst(sales: SaleFixture[]): string[] {
    return [...sales]
      .sort(
        (a, b) =>
          b.transactionDate.getTime() - a.transactionDate.getTime() ||
          (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
      )
      .map((sale) => sale.id);
  }

  it('one store, newest first, pages of 2 walk every sale once with full lines and tenders', async () => {
    const all = await walk(admin, `storeId=${listStore.id}`, 2);
    expect(all.map((sale) => sale.id)).toEqual(newestFirst(made));
    expect(all.every((sale) => sale.lines.length === 1 && sale.tenders.length === 1)).toBe(true);
  });

  it('storeId of a store the caller is not assigned to → 404, like other store-scoped lists', async () => {
    const response = await eastManager.agent.get(`/api/sales?storeId=${listStore.id}`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
    await eastManager.agent.get(`/api/sales?storeId=${randomUUID()}`).expect(404);
  });

  it("without storeId: only the caller's stores", async () => {
    const mine = await walk(eastManager, 'status=completed', 50);
    expect(new Set(mine.map((sale) => sale.storeId))).toEqual(new Set([east.id]));
    expect(mine.map((sale) => sale.id)).toContain(detailed.id);
    const westOnly = await walk(westManager, 'status=completed', 50);
    expect(westOnly.map((sale) => sale.id)).toEqual([westSale.id]);
    const everything = await walk(admin, 'status=completed', 3);
    expect(everything.map((sale) => sale.id)).toEqual(
      expect.arrayContaining([detailed.id, westSale.id, made[0]!.id]),
    );
    const times = everything.map((sale) => Date.parse(sale.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('from/to are business dates in the store time zone, both inclusive', async () => {
    const ninth = await walk(admin, `storeId=${listStore.id}&from=2024-03-09&to=2024-03-09`, 50);
    expect(ninth.map((sale) => sale.id)).toEqual([made[0]!.id]);
    expect(ninth[0]!.businessDate).toBe('2024-03-09');
    const tenthToEleventh = await walk(admin, `storeId=${listStore.id}&from=2024-03-10&to=2024-03-11`, 50);
    expect(tenthToEleventh.map((sale) => sale.id)).toEqual(newestFirst(made.slice(1, 4)));
    const fromTwelfth = await walk(admin, `storeId=${listStore.id}&from=2024-03-12`, 2);
    expect(fromTwelfth.map((sale) => sale.id)).toEqual(newestFirst(made.slice(4)));
    const untilNinth = await walk(admin, `storeId=${listStore.id}&to=2024-03-09`, 2);
    expect(untilNinth.map((sale) => sale.id)).toEqual([made[0]!.id]);
  });

  it('filters by cashier, status and register', async () => {
    const byCashier = await walk(admin, `storeId=${listStore.id}&cashierId=${otherCashier.id}`, 50);
    expect(byCashier.map((sale) => sale.id)).toEqual([made[1]!.id]);
    const voided = await walk(admin, `storeId=${listStore.id}&status=voided`, 50);
    expect(voided.map((sale) => sale.id)).toEqual([made[3]!.id]);
    const completed = await walk(admin, `storeId=${listStore.id}&status=completed`, 50);
    expect(completed).toHaveLength(made.length - 1);
    const till2 = await walk(admin, `storeId=${listStore.id}&registerId=till-2`, 50);
    expect(till2.map((sale) => sale.id)).toEqual([made[2]!.id]);
  });

  it("customerId lists that customer's sales across the caller's stores, and nobody else's", async () => {
    const db = t.database.db;
    const customer = await makeCustomer(db, { name: 'History Customer' });
    const other = await makeCustomer(db, { name: 'Someone Else' });
    const theirs = [
      await makeSale(db, { storeId: east.id, cashierId: eastCashierUser.id, customerId: customer.id }),
      await makeSale(db, { storeId: west.id, cashierId: eastCashierUser.id, customerId: customer.id }),
    ];
    await makeSale(db, { storeId: east.id, cashierId: eastCashierUser.id, customerId: other.id });
    const all = await walk(admin, `customerId=${customer.id}`, 1);
    expect(all.map((sale) => sale.id).sort()).toEqual(theirs.map((sale) => sale.id).sort());
    expect(all.every((sale) => sale.customerId === customer.id)).toBe(true);
    const eastOnly = await walk(eastManager, `customerId=${customer.id}`, 50);
    expect(eastOnly.map((sale) => sale.id)).toEqual([theirs[0]!.id]);
    const bad = await admin.agent.get('/api/sales?customerId=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail: { path: string }) => detail.path)).toEqual(['customerId']);
  });

  it('bad query fields → 400 naming each; a tampered cursor → 400', async () => {
    const bad = await admin.agent.get(
      '/api/sales?from=2024-02-30&status=open&limit=0&cashierId=x&colour=red',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'cashierId',
      'colour',
      'from',
      'limit',
      'status',
    ]);
    const backwards = await admin.agent.get('/api/sales?from=2024-03-10&to=2024-03-09');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details).toEqual([{ path: 'to', message: 'must not be before from' }]);
    const tampered = Buffer.from(JSON.stringify(["2024-03-10'; drop table x; --", randomUUID()])).toString(
      'base64url',
    );
    const cursor = await admin.agent.get(`/api/sales?cursor=${tampered}`);
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.details).toEqual([
      { path: 'cursor', message: 'is not a cursor this API returned' },
    ]);
  });

  it('not signed in → 401', async () => {
    await request(t.app).get('/api/sales').expect(401);
  });
});

describe('GET /api/sales/by-receipt/:receiptNumber', () => {
  it('finds the sale by its printed number, in any case and with spaces around it', async () => {
    const exact = await eastCashier.agent
      .get(`/api/sales/by-receipt/${detailed.receiptNumber}`)
      .query({ storeId: east.id });
    expect(exact.status, JSON.stringify(exact.body)).toBe(200);
    expect(exact.body.id).toBe(detailed.id);
    const typed = await eastCashier.agent
      .get(`/api/sales/by-receipt/${encodeURIComponent(`  ${detailed.receiptNumber.toLowerCase()} `)}`)
      .query({ storeId: east.id });
    expect(typed.status).toBe(200);
    expect(typed.body).toEqual(exact.body);
  });

  it("another store's receipt, or one asked of another store → 404", async () => {
    // The west sale's number asked of the east store: receipt numbers are only unique per store.
    await eastManager.agent
      .get(`/api/sales/by-receipt/${westSale.receiptNumber}`)
      .query({ storeId: east.id })
      .expect(404);
    const otherStore = await eastManager.agent
      .get(`/api/sales/by-receipt/${westSale.receiptNumber}`)
      .query({ storeId: west.id });
    expect(otherStore.status).toBe(404);
    expect(otherStore.body.error.code).toBe('NOT_FOUND');
    await westManager.agent
      .get(`/api/sales/by-receipt/${westSale.receiptNumber}`)
      .query({ storeId: west.id })
      .expect(200);
    await eastManager.agent
      .get('/api/sales/by-receipt/EAST1-9-999999')
      .query({ storeId: east.id })
      .expect(404);
  });

  it('without storeId → 400 naming storeId', async () => {
    const response = await eastManager.agent.get(`/api/sales/by-receipt/${detailed.receiptNumber}`);
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ path: 'storeId', message: 'must be a UUID' }]);
  });
});
