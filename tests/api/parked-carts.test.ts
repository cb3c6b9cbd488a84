import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parkedCarts } from '../../server/db/schema';
import { type SessionClient, signIn } from '../helpers/auth';
import {
  makeProduct,
  makeStore,
  makeUser,
  type ProductFixture,
  type StoreFixture,
} from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let store: StoreFixture;
let otherStore: StoreFixture;
let cashier: SessionClient;
let secondCashier: SessionClient;
let outsider: SessionClient;
let food: ProductFixture;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  store = await makeStore(db, { code: 'PRK1' });
  otherStore = await makeStore(db, { code: 'PRK2' });
  const a = await makeUser(db, { role: 'cashier', storeIds: [store.id] });
  const b = await makeUser(db, { role: 'cashier', storeIds: [store.id] });
  const c = await makeUser(db, { role: 'cashier', storeIds: [otherStore.id] });
  cashier = await signIn(t.app, a.username, a.password);
  secondCashier = await signIn(t.app, b.username, b.password);
  outsider = await signIn(t.app, c.username, c.password);
  food = await makeProduct(db, { sku: 'PRK-FOOD' });
});
afterAll(() => t.close());

const park = (client: SessionClient, parts: Record<string, unknown> = {}) =>
  client.agent
    .post('/api/parked-carts')
    .set(client.csrf)
    .send({
      storeId: store.id,
      registerId: 'till-1',
      label: 'Mrs Jones',
      cart: { lines: [{ productId: food.id, quantity: 2 }] },
      ...parts,
    });

describe('parked carts', () => {
  it('a cart parked on one register is recalled on another, exactly once', async () => {
    const parked = await park(cashier);
    expect(parked.status, JSON.stringify(parked.body)).toBe(201);
    expect(parked.body).toMatchObject({
      label: 'Mrs Jones',
      registerId: 'till-1',
      cart: { lines: [{ quantity: 2 }] },
    });
    const listed = await secondCashier.agent.get(`/api/parked-carts?storeId=${store.id}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(parked.body.id);

    const [first, second] = await Promise.all([
      secondCashier.agent.post(`/api/parked-carts/${parked.body.id}/recall`).set(secondCashier.csrf),
      cashier.agent.post(`/api/parked-carts/${parked.body.id}/recall`).set(cashier.csrf),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 404]);
    const recalled = first.status === 200 ? first : second;
    expect(recalled.body).toEqual(parked.body);
    const after = await cashier.agent.get(`/api/parked-carts?storeId=${store.id}`);
    expect(after.body.items.map((c: { id: string }) => c.id)).not.toContain(parked.body.id);
  });

  it('a cart from an earlier business day has expired: not listed, not recalled, cleared at the next park', async () => {
    const parked = await park(cashier, { label: 'yesterday' });
    await t.database.db.execute(
      sql`update parked_carts set created_at = created_at - interval '2 days' where id = ${parked.body.id}`,
    );
    const listed = await cashier.agent.get(`/api/parked-carts?storeId=${store.id}`);
    expect(listed.body.items.map((c: { id: string }) => c.id)).not.toContain(parked.body.id);
    const recall = await cashier.agent.post(`/api/parked-carts/${parked.body.id}/recall`).set(cashier.csrf);
    expect(recall.status).toBe(404);
    await park(cashier, { label: 'today' });
    const rows = await t.database.db.select().from(parkedCarts).where(sql`id = ${parked.body.id}`);
    expect(rows).toHaveLength(0);
  });

  it('another store’s carts do not exist for the caller; a bad cart names the field', async () => {
    const parked = await park(cashier);
    const foreign = await outsider.agent
      .post(`/api/parked-carts/${parked.body.id}/recall`)
      .set(outsider.csrf);
    expect(foreign.status).toBe(404);
    const foreignList = await outsider.agent.get(`/api/parked-carts?storeId=${store.id}`);
    expect(foreignList.status).toBe(404);
    const foreignPark = await park(outsider);
    expect(foreignPark.status).toBe(404);
    const bad = await park(cashier, { label: '', cart: { lines: [{ productId: food.id, quantity: 0 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'cart.lines.0.quantity',
      'label',
    ]);
    const discard = await cashier.agent.delete(`/api/parked-carts/${parked.body.id}`).set(cashier.csrf);
    expect(discard.status).toBe(204);
    expect((await request(t.app).get(`/api/parked-carts?storeId=${store.id}`)).status).toBe(401);
  });
});
