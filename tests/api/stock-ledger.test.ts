import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventory, stockMovements } from '../../server/db/schema';
import { withTransaction } from '../../server/db/transaction';
import {
  applyStockMovements,
  InsufficientStockError,
} from '../../server/modules/inventory/stock-ledger.service';
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
let user: UserFixture;
let items: ProductFixture[];

beforeAll(async () => {
  t = await createTestApp({ env: { DB_MAX_CONNECTIONS: '10' } });
  store = await makeStore(t.database.db);
  user = await makeUser(t.database.db, { role: 'manager', storeIds: [store.id] });
  items = [];
  for (let i = 0; i < 4; i++) {
    items.push(await makeProduct(t.database.db));
  }
});
afterAll(() => t.close());

async function onHandOf(productId: string): Promise<number | undefined> {
  const [row] = await t.database.db
    .select({ onHand: inventory.onHand })
    .from(inventory)
    .where(and(eq(inventory.storeId, store.id), eq(inventory.productId, productId)));
  return row?.onHand;
}

async function ledgerSum(productId: string): Promise<number> {
  const [row] = await t.database.db
    .select({ sum: sql<number>`coalesce(sum(${stockMovements.delta}), 0)::int` })
    .from(stockMovements)
    .where(and(eq(stockMovements.storeId, store.id), eq(stockMovements.productId, productId)));
  return row?.sum ?? 0;
}

describe('applyStockMovements', () => {
  it('writes one ledger row per movement and moves on-hand by the same amount', async () => {
    const [a, b] = items as [ProductFixture, ProductFixture];
    const result = await withTransaction(t.database.db, (tx) =>
      applyStockMovements(
        tx,
        [
          { storeId: store.id, productId: a.id, delta: 10, reason: 'received', userId: user.id },
          { storeId: store.id, productId: b.id, delta: 5, reason: 'found', userId: user.id },
          {
            storeId: store.id,
            productId: a.id,
            delta: -3,
            reason: 'damaged',
            userId: user.id,
            note: 'torn bag',
          },
        ],
        { allowNegative: false },
      ),
    );
    expect(result.get(`${store.id}:${a.id}`)).toBe(7);
    expect(await onHandOf(a.id)).toBe(7);
    expect(await onHandOf(b.id)).toBe(5);
    expect(await ledgerSum(a.id)).toBe(7);
    const rows = await t.database.db.select().from(stockMovements).where(eq(stockMovements.productId, a.id));
    expect(rows.map((r) => [r.delta, r.reason, r.userId])).toEqual(
      expect.arrayContaining([
        [10, 'received', user.id],
        [-3, 'damaged', user.id],
      ]),
    );
  });

  it('refuses to go below zero when negative stock is not allowed, writing nothing', async () => {
    const [a] = items as [ProductFixture];
    const before = await onHandOf(a.id);
    const attempt = withTransaction(t.database.db, (tx) =>
      applyStockMovements(
        tx,
        [{ storeId: store.id, productId: a.id, delta: -100, reason: 'shrink', userId: user.id }],
        {
          allowNegative: false,
        },
      ),
    );
    await expect(attempt).rejects.toBeInstanceOf(InsufficientStockError);
    await expect(attempt).rejects.toMatchObject({
      status: 409,
      code: 'INSUFFICIENT_STOCK',
      details: [{ path: a.id }],
    });
    expect(await onHandOf(a.id)).toBe(before);
    expect(await ledgerSum(a.id)).toBe(before);
  });

  it('an empty list changes nothing', async () => {
    const result = await withTransaction(t.database.db, (tx) =>
      applyStockMovements(tx, [], { allowNegative: false }),
    );
    expect(result.size).toBe(0);
  });

  it('allows negative stock when the store does', async () => {
    const [, , c] = items as [ProductFixture, ProductFixture, ProductFixture];
    await withTransaction(t.database.db, (tx) =>
      applyStockMovements(
        tx,
        [{ storeId: store.id, productId: c.id, delta: -2, reason: 'sale', userId: user.id }],
        {
          allowNegative: true,
        },
      ),
    );
    expect(await onHandOf(c.id)).toBe(-2);
    expect(await ledgerSum(c.id)).toBe(-2);
  });

  it('concurrent writers on the same products in different orders never deadlock or lose an update', async () => {
    const ids = items.map((p) => p.id);
    const before = await Promise.all(ids.map(onHandOf));
    const writers = Array.from({ length: 8 }, (_, writer) =>
      (async () => {
        for (let round = 0; round < 10; round++) {
          // Each writer names the products in its own order; the ledger locks them in one order anyway.
          const order = writer % 2 === 0 ? ids : [...ids].reverse();
          await withTransaction(t.database.db, (tx) =>
            applyStockMovements(
              tx,
              order.map((productId) => ({
                storeId: store.id,
                productId,
                delta: 1,
                reason: 'found' as const,
                userId: user.id,
              })),
              { allowNegative: true },
            ),
          );
        }
      })(),
    );
    await Promise.all(writers);
    const after = await Promise.all(ids.map(onHandOf));
    for (let i = 0; i < ids.length; i++) {
      expect(after[i]).toBe((before[i] ?? 0) + 80);
      expect(await ledgerSum(ids[i]!)).toBe(after[i]);
    }
  });
});
