import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SessionClient, signIn } from '../helpers/auth';
import {
  makeProduct,
  makePurchaseOrder,
  makeSale,
  makeShift,
  makeStockCount,
  makeStore,
  makeTransfer,
  makeUser,
  type PurchaseOrderFixture,
  type SaleFixture,
  type ShiftFixture,
  type StockCountFixture,
  type StoreFixture,
} from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

/**
 * The matrix (security-matrix.test.ts) covers store ids in paths. Here: another store named where the route
 * table cannot see it — a query parameter, a request body, or an object of store B under store A's path —
 * by the manager and the cashier of store A. Each must be refused (404, or 403 where the service says why);
 * never a 2xx, never a row of store B.
 */
let t: TestApp;
let storeA: StoreFixture;
let storeB: StoreFixture;
let manager: SessionClient;
let cashier: SessionClient;
let saleB: SaleFixture;
let shiftB: ShiftFixture;
let orderB: PurchaseOrderFixture;
let countB: StockCountFixture;
let productId: string;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  storeA = await makeStore(db);
  storeB = await makeStore(db);
  const storeC = await makeStore(db);
  const admin = await makeUser(db, { role: 'admin' });
  const managerA = await makeUser(db, { role: 'manager', storeIds: [storeA.id] });
  const cashierA = await makeUser(db, { role: 'cashier', storeIds: [storeA.id] });
  saleB = await makeSale(db, { storeId: storeB.id, cashierId: admin.id });
  shiftB = await makeShift(db, { storeId: storeB.id, openedBy: admin.id });
  orderB = await makePurchaseOrder(db, { storeId: storeB.id, createdBy: admin.id });
  countB = await makeStockCount(db, { storeId: storeB.id, startedBy: admin.id });
  await makeTransfer(db, { fromStoreId: storeB.id, toStoreId: storeC.id, createdBy: admin.id });
  productId = (await makeProduct(db)).id;
  manager = await signIn(t.app, managerA.username, managerA.password);
  cashier = await signIn(t.app, cashierA.username, cashierA.password);
});
afterAll(() => t?.close());

describe("another store's data named in a query, a body or a nested path", () => {
  it('is refused to the staff of store A', async () => {
    const otherStore = () => storeB.id;
    const reads: [SessionClient, string][] = [
      ...['daily-sales', 'dashboard', 'inventory-valuation'].map(
        (report) => [manager, `/api/reports/${report}?storeId=${otherStore()}`] as [SessionClient, string],
      ),
      ...['sales', 'tax', 'tenders', 'discounts', 'voids-returns', 'shrink', 'shift-over-short'].map(
        (report) =>
          [manager, `/api/reports/${report}?storeId=${otherStore()}&from=2026-01-01&to=2026-12-31`] as [
            SessionClient,
            string,
          ],
      ),
      [manager, `/api/sales?storeId=${otherStore()}`],
      [cashier, `/api/sales/by-receipt/${saleB.receiptNumber}?storeId=${otherStore()}`],
      [manager, `/api/shifts?storeId=${otherStore()}`],
      [cashier, `/api/shifts/current?storeId=${otherStore()}&registerId=${shiftB.registerId}`],
      [cashier, `/api/parked-carts?storeId=${otherStore()}`],
      [cashier, `/api/loyalty-programs?storeId=${otherStore()}`],
      [manager, `/api/stores/${storeA.id}/purchase-orders/${orderB.id}`],
      [manager, `/api/stores/${storeA.id}/stock-counts/${countB.id}`],
    ];
    const refusedWrongly: string[] = [];
    for (const [client, url] of reads) {
      const response = await client.agent.get(url);
      if (response.status !== 404 && response.status !== 403) {
        refusedWrongly.push(`GET ${url}: ${response.status} ${response.text.slice(0, 120)}`);
      }
    }
    const sale = (storeId: string, shift: ShiftFixture) => ({
      id: randomUUID(),
      storeId,
      registerId: shift.registerId,
      shiftId: shift.id,
      lines: [{ productId, quantity: 1 }],
      tenders: [{ method: 'cash', amountCents: 100_000 }],
    });
    const writes: [SessionClient, string, string, unknown][] = [
      [
        cashier,
        'post',
        '/api/shifts',
        { storeId: otherStore(), registerId: 'till-x', openingFloatCents: 100 },
      ],
      [cashier, 'post', '/api/sales', sale(otherStore(), shiftB)],
      // Store A's sale on store B's shift.
      [cashier, 'post', '/api/sales', sale(storeA.id, shiftB)],
      [
        manager,
        'post',
        '/api/transfers',
        { fromStoreId: otherStore(), toStoreId: storeA.id, lines: [{ productId, quantity: 1 }] },
      ],
      [cashier, 'post', `/api/stores/${otherStore()}/registers/till-1/receipt-sequence`, undefined],
      [manager, 'post', `/api/stores/${storeA.id}/purchase-orders/${orderB.id}/cancel`, undefined],
      [manager, 'post', `/api/stores/${storeA.id}/stock-counts/${countB.id}/cancel`, undefined],
    ];
    for (const [client, method, url, body] of writes) {
      const pending = (client.agent[method as 'post'](url) as ReturnType<typeof client.agent.post>).set(
        client.csrf,
      );
      const response = await (body === undefined ? pending : pending.send(body as object));
      if (response.status !== 404 && response.status !== 403) {
        refusedWrongly.push(
          `${method.toUpperCase()} ${url}: ${response.status} ${response.text.slice(0, 120)}`,
        );
      }
    }
    // Lists filtered by another store show nothing of it.
    const transfers = await manager.agent.get(`/api/transfers?storeId=${otherStore()}`);
    if (transfers.status === 200 && transfers.body.items.length > 0) {
      refusedWrongly.push(
        `GET /api/transfers?storeId=B: ${transfers.body.items.length} transfers of store B`,
      );
    }
    console.log(
      `[security] ${reads.length} reads and ${writes.length + 1} writes/lists naming store B: all refused`,
    );
    expect(refusedWrongly).toEqual([]);
  });
});
