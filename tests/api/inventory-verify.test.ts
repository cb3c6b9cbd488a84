import { execFile } from 'node:child_process';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventory, stockLots, stockMovements } from '../../server/db/schema';
import { countLedgerPairs, findLedgerMismatches } from '../../server/modules/inventory/inventory.repo';
import { signIn } from '../helpers/auth';
import {
  makeProduct,
  makeStore,
  makeUser,
  type ProductFixture,
  type StoreFixture,
} from '../helpers/factories';
import { createTestApp, type TestApp, usingPostgres } from '../helpers/test-app';

let t: TestApp;
let store: StoreFixture;
let products: ProductFixture[];

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  store = await makeStore(db, { code: 'VER1' });
  const other = await makeStore(db, { code: 'VER2' });
  const admin = await makeUser(db, { role: 'admin' });
  products = [];
  for (const sku of ['VER-A', 'VER-B', 'VER-C', 'VER-D']) {
    products.push(await makeProduct(db, { sku }));
  }
  const client = await signIn(t.app, admin.username, admin.password);
  await client.agent
    .post(`/api/stores/${store.id}/inventory/adjustments`)
    .set(client.csrf)
    .send({
      lines: [
        { productId: products[0]!.id, delta: 9, reason: 'received' },
        { productId: products[1]!.id, delta: -3, reason: 'shrink' },
      ],
    })
    .expect(201);
  await client.agent
    .post('/api/transfers')
    .set(client.csrf)
    .send({
      fromStoreId: store.id,
      toStoreId: other.id,
      lines: [{ productId: products[0]!.id, quantity: 2 }],
    })
    .expect(201);
});
afterAll(() => t.close());

type ScriptResult = { code: number; stdout: string; stderr: string };

/** Runs `scripts/inventory-verify.ts` as npm would, against this file's scratch database. */
function runVerifyScript(): Promise<ScriptResult> {
  const db = t.config.db;
  if (db.kind !== 'postgres') {
    throw new Error('the script needs a database another process can open');
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/inventory-verify.ts'],
      {
        cwd: path.resolve(import.meta.dirname, '../..'),
        env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: db.url },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('findLedgerMismatches (npm run inventory:verify)', () => {
  it('after adjustments and a transfer through the API → no differences', async () => {
    expect(await findLedgerMismatches(t.database.db)).toEqual([]);
    const checked = await countLedgerPairs(t.database.db);
    expect(checked.pairs).toBe(2);
  });

  it.runIf(usingPostgres())('the script on a balanced database → exit 0, "ledger OK"', async () => {
    const result = await runVerifyScript();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('ledger OK: 2 store/product pairs checked');
  });

  it('a corrupted on_hand, a row without movements, movements without a row, a lot and lots above on-hand → each named', async () => {
    const db = t.database.db;
    const [a, b, c, d] = products as [ProductFixture, ProductFixture, ProductFixture, ProductFixture];
    // Written straight to the tables on purpose: this is the damage the check exists to find.
    await db
      .update(inventory)
      .set({ onHand: sql`${inventory.onHand} + 5` })
      .where(and(eq(inventory.storeId, store.id), eq(inventory.productId, a.id)));
    await db.insert(inventory).values({ storeId: store.id, productId: c.id, onHand: 7 });
    await db.insert(stockMovements).values({ storeId: store.id, productId: d.id, delta: 4, reason: 'found' });
    await db.insert(stockLots).values({ storeId: store.id, productId: b.id, lotNumber: 'L-42', onHand: 3 });

    const mismatches = await findLedgerMismatches(db);
    expect(mismatches).toEqual([
      expect.objectContaining({
        kind: 'inventory',
        storeCode: 'VER1',
        sku: 'VER-A',
        onHand: 12,
        ledgerSum: 7,
      }),
      expect.objectContaining({ kind: 'lot', storeCode: 'VER1', sku: 'VER-B', lotNumber: 'L-42', onHand: 3 }),
      // The same stray lot also holds more than VER-B has on hand (−3 after the shrink).
      expect.objectContaining({ kind: 'lots', storeCode: 'VER1', sku: 'VER-B', onHand: -3, ledgerSum: 3 }),
      expect.objectContaining({
        kind: 'inventory',
        storeCode: 'VER1',
        sku: 'VER-C',
        onHand: 7,
        ledgerSum: 0,
      }),
      expect.objectContaining({
        kind: 'inventory',
        storeCode: 'VER1',
        sku: 'VER-D',
        onHand: null,
        ledgerSum: 4,
      }),
    ]);
    expect(mismatches[1]).toMatchObject({ ledgerSum: 0, productId: b.id });

    if (usingPostgres()) {
      const result = await runVerifyScript();
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('store VER1  SKU VER-A  inventory: on_hand 12, ledger sum 7');
      expect(result.stderr).toContain('SKU VER-D  inventory: on_hand (no row), ledger sum 4');
      expect(result.stderr).toContain('lot L-42');
      expect(result.stderr).toContain('SKU VER-B  lots hold 3, more than on_hand -3');
    }
  });
});
