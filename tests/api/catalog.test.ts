import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeEan13 } from '../../shared/barcode/ean';
import { auditLog, categories, productBarcodes, products } from '../../server/db/schema';
import { type SessionClient, signIn } from '../helpers/auth';
import { addBarcodes, makeCategory, makeProduct, makeStore, makeUser } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let admin: SessionClient;
let manager: SessionClient;
let cashier: SessionClient;

let ean = 100_000;
/** A fresh valid EAN-13 (prefix 400, not a scale label). */
function nextEan13(): string {
  ean += 1;
  return completeEan13(`400000${String(ean).padStart(6, '0')}`);
}

const newProduct = (overrides: Record<string, unknown> = {}) => ({
  sku: `SKU-${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
  name: 'Chicken Kibble 2 kg',
  brand: 'Acme',
  priceCents: 1999,
  costCents: 1100,
  species: ['dog'],
  ...overrides,
});

async function auditOf(entityId: string) {
  return t.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.entityId, entityId))
    .orderBy(auditLog.occurredAt, auditLog.id);
}

beforeAll(async () => {
  t = await createTestApp();
  const store = await makeStore(t.database.db);
  const a = await makeUser(t.database.db, { role: 'admin' });
  const m = await makeUser(t.database.db, { role: 'manager', storeIds: [store.id] });
  const c = await makeUser(t.database.db, { role: 'cashier', storeIds: [store.id] });
  admin = await signIn(t.app, a.username, a.password);
  manager = await signIn(t.app, m.username, m.password);
  cashier = await signIn(t.app, c.username, c.password);
});
afterAll(() => t.close());

describe('categories', () => {
  it('POST /api/categories builds a tree; GET /api/categories lists it depth first to any role', async () => {
    const dogs = await manager.agent
      .post('/api/categories')
      .set(manager.csrf)
      .send({ name: 'Dogs', position: 1 });
    expect(dogs.status, JSON.stringify(dogs.body)).toBe(201);
    const cats = await manager.agent
      .post('/api/categories')
      .set(manager.csrf)
      .send({ name: 'Cats', position: 2 });
    const food = await admin.agent
      .post('/api/categories')
      .set(admin.csrf)
      .send({ name: 'Dog food', parentId: dogs.body.id });
    expect(food.status).toBe(201);
    expect(food.body).toEqual({
      id: expect.any(String),
      parentId: dogs.body.id,
      name: 'Dog food',
      position: 0,
    });

    const list = await cashier.agent.get('/api/categories').expect(200);
    const ids = list.body.items.map((c: { id: string }) => c.id);
    expect(ids.indexOf(food.body.id)).toBe(ids.indexOf(dogs.body.id) + 1);
    expect(ids.indexOf(cats.body.id)).toBeGreaterThan(ids.indexOf(food.body.id));
    expect(list.body.nextCursor).toBeNull();
    const [stored] = await t.database.db.select().from(categories).where(eq(categories.id, food.body.id));
    expect(stored?.parentId).toBe(dogs.body.id);
    expect((await auditOf(food.body.id)).map((row) => row.action)).toEqual(['category.created']);
  });

  it('POST /api/categories duplicate name under the same parent (any case) → 409; elsewhere → 201', async () => {
    const parent = await makeCategory(t.database.db);
    await manager.agent
      .post('/api/categories')
      .set(manager.csrf)
      .send({ name: 'Treats', parentId: parent.id })
      .expect(201);
    const duplicate = await manager.agent
      .post('/api/categories')
      .set(manager.csrf)
      .send({ name: 'treats', parentId: parent.id });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('CONFLICT');
    expect(duplicate.body.error.details[0].path).toBe('name');
    await manager.agent.post('/api/categories').set(manager.csrf).send({ name: 'Treats' }).expect(201);
  });

  it('POST /api/categories unknown parent → 400 naming parentId; cashier → 403', async () => {
    const unknown = await manager.agent
      .post('/api/categories')
      .set(manager.csrf)
      .send({ name: 'Orphans', parentId: '00000000-0000-4000-8000-000000000001' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'parentId', message: 'no such category' }]);
    const forbidden = await cashier.agent.post('/api/categories').set(cashier.csrf).send({ name: 'Nope' });
    expect(forbidden.status).toBe(403);
    expect(await t.database.db.select().from(categories).where(eq(categories.name, 'Nope'))).toEqual([]);
  });
});

describe('POST /api/products', () => {
  it('valid product → 201; product, barcodes and a product.created audit row are stored', async () => {
    const category = await makeCategory(t.database.db);
    const code = nextEan13();
    const upc = '036000291452'; // a UPC-A: stored in its EAN-13 form
    const body = newProduct({ categoryId: category.id, barcodes: [code, upc], taxClass: 'reduced' });
    const response = await manager.agent.post('/api/products').set(manager.csrf).send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(String),
      sku: body.sku,
      name: 'Chicken Kibble 2 kg',
      brand: 'Acme',
      categoryId: category.id,
      species: ['dog'],
      barcodes: expect.arrayContaining([code, `0${upc}`]),
      priceCents: 1999,
      costCents: 1100,
      taxClass: 'reduced',
      unit: 'each',
      active: true,
      isLotTracked: false,
      imageUrl: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(response.body.barcodes).toHaveLength(2);
    const stored = await t.database.db
      .select()
      .from(productBarcodes)
      .where(eq(productBarcodes.productId, response.body.id));
    expect(stored.map((row) => row.barcode).sort()).toEqual([code, `0${upc}`].sort());
    const audit = await auditOf(response.body.id);
    expect(audit.map((row) => row.action)).toEqual(['product.created']);
    expect(audit[0]?.details).toMatchObject({ sku: body.sku, priceCents: 1999 });

    const fetched = await cashier.agent.get(`/api/products/${response.body.id}`).expect(200);
    expect(fetched.body).toEqual(response.body);
  });

  it('duplicate SKU → 409 CONFLICT naming sku; nothing written', async () => {
    const existing = await makeProduct(t.database.db);
    const code = nextEan13();
    const response = await manager.agent
      .post('/api/products')
      .set(manager.csrf)
      .send(newProduct({ sku: existing.sku, barcodes: [code] }));
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('CONFLICT');
    expect(response.body.error.details).toEqual([{ path: 'sku', message: expect.any(String) }]);
    expect(
      await t.database.db.select().from(productBarcodes).where(eq(productBarcodes.barcode, code)),
    ).toEqual([]);
  });

  it('duplicate barcode → 409 naming barcodes.N, also when a UPC-A matches a stored EAN-13 form', async () => {
    const owner = await makeProduct(t.database.db);
    const code = nextEan13();
    await addBarcodes(t.database.db, owner.id, [code, '0012345678905']);
    const body = newProduct({ barcodes: [nextEan13(), code] });
    const response = await manager.agent.post('/api/products').set(manager.csrf).send(body);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('CONFLICT');
    expect(response.body.error.details).toEqual([
      { path: 'barcodes.1', message: expect.stringContaining(code) },
    ]);
    expect(await t.database.db.select().from(products).where(eq(products.sku, body.sku))).toEqual([]);

    const upc = await manager.agent
      .post('/api/products')
      .set(manager.csrf)
      .send(newProduct({ barcodes: ['012345678905'] }));
    expect(upc.status).toBe(409);
    expect(upc.body.error.details[0].path).toBe('barcodes.0');
  });

  it('wrong check digit → 400 naming barcodes.N; the same code twice → 400', async () => {
    const good = nextEan13();
    const bad = `${good.slice(0, 12)}${(Number(good[12]) + 1) % 10}`;
    const response = await manager.agent
      .post('/api/products')
      .set(manager.csrf)
      .send(newProduct({ barcodes: [good, bad] }));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details).toEqual([
      { path: 'barcodes.1', message: expect.stringContaining('check digit') },
    ]);

    const twice = await manager.agent
      .post('/api/products')
      .set(manager.csrf)
      .send(newProduct({ barcodes: ['036000291452', '0036000291452'] }));
    expect(twice.status).toBe(400);
    expect(twice.body.error.details[0].path).toBe('barcodes.1');
  });

  it('negative or fractional price → 400 naming priceCents; unknown category → 400 naming categoryId', async () => {
    for (const priceCents of [-1, 19.99]) {
      const response = await manager.agent
        .post('/api/products')
        .set(manager.csrf)
        .send(newProduct({ priceCents }));
      expect(response.status).toBe(400);
      expect(response.body.error.details.map((d: { path: string }) => d.path)).toEqual(['priceCents']);
    }
    const body = newProduct({ categoryId: '00000000-0000-4000-8000-000000000002' });
    const response = await manager.agent.post('/api/products').set(manager.csrf).send(body);
    expect(response.status).toBe(400);
    expect(response.body.error.details).toEqual([{ path: 'categoryId', message: 'no such category' }]);
    expect(await t.database.db.select().from(products).where(eq(products.sku, body.sku))).toEqual([]);
  });

  it('unknown field → 400; cashier → 403; anonymous → 401', async () => {
    const unknown = await manager.agent
      .post('/api/products')
      .set(manager.csrf)
      .send(newProduct({ colour: 'red' }));
    expect(unknown.status).toBe(400);
    const body = newProduct();
    const forbidden = await cashier.agent.post('/api/products').set(cashier.csrf).send(body);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    await request(t.app).post('/api/products').send(body).expect(401);
    expect(await t.database.db.select().from(products).where(eq(products.sku, body.sku))).toEqual([]);
  });
});

describe('GET /api/products/:id', () => {
  it('unknown product → 404; malformed id → 400 naming id', async () => {
    const missing = await cashier.agent.get('/api/products/00000000-0000-4000-8000-000000000003');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const malformed = await cashier.agent.get('/api/products/nope');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details[0].path).toBe('id');
  });

  it('GET /api/products/:id with a stored image → imageUrl of the image route', async () => {
    const product = await makeProduct(t.database.db, { imageKey: 'products/abc.jpg' });
    const response = await cashier.agent.get(`/api/products/${product.id}`).expect(200);
    expect(response.body.imageUrl).toMatch(new RegExp(`^/api/products/${product.id}/image\\?v=[0-9a-f]+$`));
  });
});

describe('PATCH /api/products/:id', () => {
  it('a price change → product.price_changed with old and new price; other fields → product.updated', async () => {
    const created = await manager.agent
      .post('/api/products')
      .set(manager.csrf)
      .send(newProduct())
      .expect(201);
    const response = await manager.agent
      .patch(`/api/products/${created.body.id}`)
      .set(manager.csrf)
      .send({ priceCents: 2199, name: 'Chicken Kibble 2.5 kg', active: false });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ priceCents: 2199, name: 'Chicken Kibble 2.5 kg', active: false });
    const [stored] = await t.database.db.select().from(products).where(eq(products.id, created.body.id));
    expect(stored).toMatchObject({ priceCents: 2199, active: false });

    // Both entries commit in one transaction (same timestamp): compare them by action.
    const audit = await auditOf(created.body.id);
    expect(audit.map((row) => row.action).sort()).toEqual([
      'product.created',
      'product.price_changed',
      'product.updated',
    ]);
    const byAction = new Map(audit.map((row) => [row.action, row.details]));
    expect(byAction.get('product.price_changed')).toMatchObject({ oldPriceCents: 1999, newPriceCents: 2199 });
    expect(byAction.get('product.updated')).toEqual({ changed: ['active', 'name'] });
  });

  it('an unchanged price is not audited as a price change', async () => {
    const created = await manager.agent
      .post('/api/products')
      .set(manager.csrf)
      .send(newProduct())
      .expect(201);
    await manager.agent
      .patch(`/api/products/${created.body.id}`)
      .set(manager.csrf)
      .send({ priceCents: 1999, brand: 'Other' })
      .expect(200);
    const audit = await auditOf(created.body.id);
    expect(audit.map((row) => row.action)).toEqual(['product.created', 'product.updated']);
    expect(audit[1]?.details).toEqual({ changed: ['brand'] });
  });

  it('barcodes replace the list; a barcode of another product → 409 naming barcodes.N', async () => {
    const [first, second, third] = [nextEan13(), nextEan13(), nextEan13()];
    const created = await manager.agent
      .post('/api/products')
      .set(manager.csrf)
      .send(newProduct({ barcodes: [first, second] }))
      .expect(201);
    const response = await manager.agent
      .patch(`/api/products/${created.body.id}`)
      .set(manager.csrf)
      .send({ barcodes: [second, third] });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect([...response.body.barcodes].sort()).toEqual([second, third].sort());
    const stored = await t.database.db
      .select()
      .from(productBarcodes)
      .where(eq(productBarcodes.productId, created.body.id));
    expect(stored.map((row) => row.barcode).sort()).toEqual([second, third].sort());
    expect((await auditOf(created.body.id)).at(-1)?.details).toEqual({ changed: ['barcodes'] });

    const other = await makeProduct(t.database.db);
    const taken = await manager.agent
      .patch(`/api/products/${other.id}`)
      .set(manager.csrf)
      .send({ barcodes: [nextEan13(), third] });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details).toEqual([{ path: 'barcodes.1', message: expect.any(String) }]);
    expect(
      await t.database.db
        .select()
        .from(productBarcodes)
        .where(and(eq(productBarcodes.productId, other.id))),
    ).toEqual([]);
  });

  it('a SKU taken by another product → 409 naming sku; unknown product → 404; cashier → 403', async () => {
    const [one, two] = [await makeProduct(t.database.db), await makeProduct(t.database.db)];
    const response = await admin.agent
      .patch(`/api/products/${one.id}`)
      .set(admin.csrf)
      .send({ sku: two.sku });
    expect(response.status).toBe(409);
    expect(response.body.error.details[0].path).toBe('sku');
    const [stored] = await t.database.db.select().from(products).where(eq(products.id, one.id));
    expect(stored?.sku).toBe(one.sku);

    const missing = await admin.agent
      .patch('/api/products/00000000-0000-4000-8000-000000000004')
      .set(admin.csrf)
      .send({ name: 'Ghost' });
    expect(missing.status).toBe(404);
    const forbidden = await cashier.agent
      .patch(`/api/products/${one.id}`)
      .set(cashier.csrf)
      .send({ priceCents: 1 });
    expect(forbidden.status).toBe(403);
    const [unchanged] = await t.database.db.select().from(products).where(eq(products.id, one.id));
    expect(unchanged?.priceCents).toBe(one.priceCents);
  });
});
