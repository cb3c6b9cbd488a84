import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogChanges, RegisterProduct } from '../../shared/schemas/catalog-changes';
import { type SessionClient, signIn } from '../helpers/auth';
import {
  addBarcodes,
  makeProduct,
  makeStore,
  makeUser,
  type ProductFixture,
  type StoreFixture,
} from '../helpers/factories';
import { createTestApp, type TestApp, usingPostgres } from '../helpers/test-app';

let t: TestApp;
let store: StoreFixture;
let otherStore: StoreFixture;
let cashier: SessionClient;
let manager: SessionClient;
let admin: SessionClient;
let catalog: ProductFixture[] = [];
/** Where the register stands after reading everything so far. */
let cursor = '';

const PRODUCT_KEYS = [
  'active',
  'barcodes',
  'brand',
  'categoryId',
  'id',
  'name',
  'priceCents',
  'sku',
  'taxClass',
  'unit',
  'updatedAt',
];

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  store = await makeStore(db, { code: 'FEED1' });
  otherStore = await makeStore(db, { code: 'FEED2' });
  const cashierUser = await makeUser(db, { role: 'cashier', storeIds: [store.id] });
  const managerUser = await makeUser(db, { role: 'manager', storeIds: [store.id] });
  const adminUser = await makeUser(db, { role: 'admin' });
  cashier = await signIn(t.app, cashierUser.username, cashierUser.password);
  manager = await signIn(t.app, managerUser.username, managerUser.password);
  admin = await signIn(t.app, adminUser.username, adminUser.password);
});
afterAll(() => t.close());

async function changes(query: Record<string, string | number>, client = cashier, storeId = store.id) {
  return client.agent.get(`/api/stores/${storeId}/catalog/changes`).query(query);
}

async function readPage(since: string, limit: number): Promise<CatalogChanges> {
  const response = await changes(since ? { since, limit } : { limit });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as CatalogChanges;
}

/** Pages until hasMore is false, as the register does; the new cursor and everything read. */
async function readAll(
  since: string,
  limit: number,
): Promise<{ products: RegisterProduct[]; cursor: string; pages: number }> {
  const products: RegisterProduct[] = [];
  let at = since;
  for (let pages = 1; pages < 100; pages++) {
    const page = await readPage(at, limit);
    products.push(...page.products);
    at = page.cursor;
    if (!page.hasMore) {
      return { products, cursor: at, pages };
    }
  }
  throw new Error('the feed never said hasMore: false');
}

describe('GET /api/stores/:storeId/catalog/changes', () => {
  it('an empty catalog: no products, cursor "" and nothing more', async () => {
    expect(await readPage('', 10)).toEqual({ products: [], cursor: '', hasMore: false });
  });

  it('pages through the whole catalog in (updatedAt, id) order, every product once, without cost', async () => {
    const db = t.database.db;
    catalog = [];
    for (let i = 0; i < 23; i++) {
      catalog.push(
        await makeProduct(db, {
          sku: `FEED-${String(i).padStart(2, '0')}`,
          name: `Feed product ${i}`,
          costCents: 1234,
          unit: i === 3 ? 'weight' : 'each',
        }),
      );
    }
    await addBarcodes(db, catalog[0]!.id, ['2000000000008', 'INT-FEED-0']);

    const all = await readAll('', 5);
    expect(all.pages).toBe(5);
    expect(all.products.map((p) => p.id).sort()).toEqual(catalog.map((p) => p.id).sort());
    // Oldest change first (updatedAt is shown to the millisecond; the feed orders by the microsecond, then id).
    const times = all.products.map((p) => p.updatedAt);
    expect([...times].sort()).toEqual(times);
    for (const product of all.products) {
      expect(Object.keys(product).sort()).toEqual(PRODUCT_KEYS);
    }
    expect(JSON.stringify(all.products)).not.toMatch(/cost|1234/i);
    const first = all.products.find((p) => p.id === catalog[0]!.id)!;
    expect(first).toMatchObject({
      sku: 'FEED-00',
      priceCents: 499,
      active: true,
      unit: 'each',
      taxClass: 'standard',
    });
    expect(first.barcodes).toEqual(['2000000000008', 'INT-FEED-0']);
    expect(all.products.find((p) => p.id === catalog[3]!.id)!.unit).toBe('weight');

    // Caught up: nothing new, and the cursor comes back as it was sent.
    expect(await readPage(all.cursor, 5)).toEqual({ products: [], cursor: all.cursor, hasMore: false });
    // The largest page takes the whole catalog at once.
    const whole = await readPage('', 5000);
    expect(whole.products).toHaveLength(23);
    expect(whole.hasMore).toBe(false);
    expect(whole.cursor).toBe(all.cursor);
    cursor = all.cursor;
  });

  it('an update, a barcode change and a deactivation after the cursor come next, and nothing else', async () => {
    const [priced, recoded, retired] = [catalog[5]!, catalog[10]!, catalog[15]!];
    const patch = async (id: string, body: Record<string, unknown>) => {
      const response = await manager.agent.patch(`/api/products/${id}`).set(manager.csrf).send(body);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    };
    await patch(priced.id, { priceCents: 650 });
    await patch(recoded.id, { barcodes: ['96385074'] });
    await patch(retired.id, { active: false });

    const next = await readAll(cursor, 2);
    expect(next.products.map((p) => p.id).sort()).toEqual([priced.id, recoded.id, retired.id].sort());
    const byId = new Map(next.products.map((p) => [p.id, p]));
    expect(byId.get(priced.id)!.priceCents).toBe(650);
    expect(byId.get(recoded.id)!.barcodes).toEqual(['96385074']);
    expect(byId.get(retired.id)!.active).toBe(false);
    cursor = next.cursor;

    // Removing the barcode again is a change too, and an unchanged save is not.
    await patch(recoded.id, { barcodes: [] });
    await patch(priced.id, { barcodes: [] });
    const after = await readAll(cursor, 2);
    expect(after.products.map((p) => p.id)).toEqual([recoded.id]);
    expect(after.products[0]!.barcodes).toEqual([]);
    cursor = after.cursor;
    expect((await readPage(cursor, 10)).products).toEqual([]);
  });

  it('barcodes written outside the product editor (import, scripts) still bring the product back', async () => {
    const product = catalog[20]!;
    await addBarcodes(t.database.db, product.id, ['INT-FEED-20']);
    const next = await readAll(cursor, 10);
    expect(next.products.map((p) => [p.id, p.barcodes])).toEqual([[product.id, ['INT-FEED-20']]]);
    cursor = next.cursor;
  });

  it('a malformed since → 400 naming since; a bad limit → 400 naming limit', async () => {
    for (const since of ['garbage', Buffer.from('2026-01-01T00:00:00Z|x').toString('base64url'), '%%%']) {
      const response = await changes({ since });
      expect(response.status, since).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(response.body.error.details).toEqual([{ path: 'since', message: expect.any(String) }]);
    }
    for (const limit of [0, 5001, 'many']) {
      const response = await changes({ limit });
      expect(response.status).toBe(400);
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toEqual(['limit']);
    }
  });

  it('another store → 404, a store that does not exist → 404 (admin too), no sign-in → 401', async () => {
    const other = await changes({}, cashier, otherStore.id);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    expect((await changes({}, admin, otherStore.id)).status).toBe(200);
    expect((await changes({}, admin, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const anonymous = await request(t.app).get(`/api/stores/${store.id}/catalog/changes`);
    expect(anonymous.status).toBe(401);
    expect((await changes({}, cashier, 'not-a-uuid')).status).toBe(400);
  });

  it.skipIf(!usingPostgres())(
    'a change still uncommitted holds back later changes until it commits, so no cursor passes it',
    async () => {
      if (t.config.db.kind !== 'postgres') {
        throw new Error('needs PostgreSQL');
      }
      const [slow, quick] = [catalog[1]!, catalog[2]!];
      const writer = new pg.Client({ connectionString: t.config.db.url });
      await writer.connect();
      try {
        // A long transaction (an import, say) stamps its change with its start time, then takes its time.
        await writer.query('begin');
        await writer.query(`update products set name = 'Slow import', updated_at = now() where id = $1`, [
          slow.id,
        ]);
        const response = await manager.agent
          .patch(`/api/products/${quick.id}`)
          .set(manager.csrf)
          .send({ name: 'Quick edit' });
        expect(response.status).toBe(200);
        // The quick edit committed later than the slow one started: it waits with it.
        const during = await readAll(cursor, 10);
        expect(during.products).toEqual([]);
        expect(during.cursor).toBe(cursor);
        await writer.query('commit');
      } finally {
        await writer.end();
      }
      const after = await readAll(cursor, 10);
      expect(after.products.map((p) => p.name)).toEqual(['Slow import', 'Quick edit']);
      cursor = after.cursor;
    },
  );
});
