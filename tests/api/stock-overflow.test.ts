import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerToken } from '../helpers/auth';
import {
  makeProduct,
  makeStore,
  makeUser,
  type ProductFixture,
  type StoreFixture,
} from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

/**
 * Found by the API fuzzer: each adjustment line may move up to 1,000,000,000 units, but on hand is a 32-bit
 * integer, so a few large adjustments overflowed it and the API answered 500 (SQLSTATE 22003). Now 409, with
 * the stock and the ledger left as they were.
 */
let t: TestApp;
let store: StoreFixture;
let product: ProductFixture;
let token: string;

async function figures(): Promise<{ onHand: number; movements: number; sum: number }> {
  const result = (await t.database.db.execute(
    sql`select (select coalesce(sum(on_hand), 0) from inventory where product_id = ${product.id})::float8 as "onHand",
               (select count(*) from stock_movements where product_id = ${product.id})::int as movements,
               (select coalesce(sum(delta), 0) from stock_movements where product_id = ${product.id})::float8 as sum`,
  )) as unknown as { rows: { onHand: number; movements: number; sum: number }[] };
  return result.rows[0]!;
}

function adjust(delta: number) {
  return request(t.app)
    .post(`/api/stores/${store.id}/inventory/adjustments`)
    .set('Authorization', `Bearer ${token}`)
    .send({ lines: [{ productId: product.id, delta, reason: 'found' }], note: 'overflow' });
}

beforeAll(async () => {
  t = await createTestApp();
  store = await makeStore(t.database.db);
  product = await makeProduct(t.database.db);
  const admin = await makeUser(t.database.db, { role: 'admin' });
  token = await bearerToken(t.app, admin.username, admin.password);
});
afterAll(() => t.close());

describe('stock past the 32-bit range', () => {
  it('is refused with 409 CONFLICT and leaves the stock and the ledger unchanged', async () => {
    expect((await adjust(1_000_000_000)).status).toBe(201);
    expect((await adjust(1_000_000_000)).status).toBe(201);
    const before = await figures();
    expect(before).toEqual({ onHand: 2_000_000_000, movements: 2, sum: 2_000_000_000 });

    const response = await adjust(1_000_000_000);
    expect(response.status, response.text).toBe(409);
    expect(response.body.error.code).toBe('CONFLICT');
    expect(await figures()).toEqual(before);
  });
});
