import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeEan13 } from '../../shared/barcode/ean';
import { type SessionClient, signIn } from '../helpers/auth';
import {
  addBarcodes,
  type CategoryFixture,
  makeCategory,
  makeProduct,
  makeStore,
  makeUser,
  type ProductFixture,
} from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let cashier: SessionClient;
let managerUser: { username: string; password: string };
let dogs: CategoryFixture;
let dogFood: CategoryFixture;
let dogTreats: CategoryFixture;
let cats: CategoryFixture;
const p = {} as Record<
  'kibble' | 'jerky' | 'bites' | 'post' | 'flakes' | 'catFood' | 'retired' | 'scratcher',
  ProductFixture
>;
const SCRATCHER_EAN = completeEan13('400638133393');

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const store = await makeStore(db);
  const c = await makeUser(db, { role: 'cashier', storeIds: [store.id] });
  cashier = await signIn(t.app, c.username, c.password);
  managerUser = await makeUser(db, { role: 'manager', storeIds: [store.id] });
  dogs = await makeCategory(db, { name: 'Dogs' });
  dogFood = await makeCategory(db, { name: 'Food', parentId: dogs.id });
  dogTreats = await makeCategory(db, { name: 'Treats', parentId: dogFood.id });
  cats = await makeCategory(db, { name: 'Cats' });
  p.kibble = await makeProduct(db, {
    name: 'Chicken Kibble Adult 12 kg',
    brand: 'Acme',
    sku: 'ACM-CK-12',
    categoryId: dogFood.id,
    species: ['dog'],
  });
  p.jerky = await makeProduct(db, {
    name: 'Jerky Strips',
    brand: 'Barkley',
    sku: 'BRK-JS',
    categoryId: dogTreats.id,
    species: ['dog'],
  });
  p.bites = await makeProduct(db, {
    name: 'Roasted Chicken Bites',
    brand: 'Barkley',
    sku: 'BRK-RCB',
    categoryId: dogTreats.id,
    species: ['dog', 'cat'],
  });
  p.post = await makeProduct(db, { name: 'Sisal Scratching Post', brand: 'Purrfect', sku: 'CHICK' });
  p.flakes = await makeProduct(db, {
    name: 'Tropical Fish Flakes',
    brand: 'Aqua',
    sku: 'AQ-FF',
    species: ['fish'],
  });
  p.catFood = await makeProduct(db, {
    name: 'Salmon Pate for Cats',
    brand: 'Purrfect',
    sku: 'PUR-SP',
    categoryId: cats.id,
    species: ['cat'],
  });
  p.retired = await makeProduct(db, {
    name: 'Chicken Chews Classic',
    brand: 'Acme',
    sku: 'ACM-CC',
    active: false,
  });
  p.scratcher = await makeProduct(db, { name: 'Cardboard Scratcher', brand: 'Purrfect', sku: 'PUR-CS' });
  await addBarcodes(db, p.scratcher.id, [SCRATCHER_EAN]);
});
afterAll(() => t.close());

type Item = { id: string; name: string };
const search = async (query: Record<string, string | number | boolean>) => {
  const response = await cashier.agent.get('/api/products').query(query);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as { items: Item[]; nextCursor: string | null };
};
const idsOf = (body: { items: Item[] }) => body.items.map((item) => item.id);

describe('GET /api/products without q', () => {
  it('lists by name with a keyset cursor that walks every product once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Item[]; nextCursor: string | null } = await search({
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((item) => item.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(Object.keys(p).length);
    expect(seen).toEqual([...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('categoryId includes sub-categories; species and active filter', async () => {
    expect(idsOf(await search({ categoryId: dogs.id })).sort()).toEqual(
      [p.kibble.id, p.jerky.id, p.bites.id].sort(),
    );
    expect(idsOf(await search({ categoryId: dogTreats.id })).sort()).toEqual([p.jerky.id, p.bites.id].sort());
    expect(idsOf(await search({ species: 'cat' })).sort()).toEqual([p.bites.id, p.catFood.id].sort());
    expect(idsOf(await search({ species: 'fish' }))).toEqual([p.flakes.id]);
    expect(idsOf(await search({ active: 'false' }))).toEqual([p.retired.id]);
    expect(idsOf(await search({ active: 'true' }))).not.toContain(p.retired.id);
  });

  it('bad filters → 400 naming each', async () => {
    const response = await cashier.agent
      .get('/api/products')
      .query({ species: 'horse', active: 'yes', cursor: 'x' });
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'active',
      'species',
    ]);
  });
});

describe('GET /api/products?q=', () => {
  it('an exact barcode comes first (UPC-A/EAN-13 forms alike)', async () => {
    const body = await search({ q: SCRATCHER_EAN });
    expect(body.items[0]?.id).toBe(p.scratcher.id);
  });

  it('an exact SKU first, then names starting with q, then names containing it', async () => {
    const ids = idsOf(await search({ q: 'chick' }));
    expect(ids[0]).toBe(p.post.id);
    expect(ids.indexOf(p.kibble.id)).toBeGreaterThan(0);
    expect(ids.indexOf(p.bites.id)).toBeGreaterThan(ids.indexOf(p.kibble.id));
    expect(ids.indexOf(p.retired.id)).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('typos are tolerated: "chiken" finds Chicken; "chiken kibel" ranks Chicken Kibble first', async () => {
    const single = idsOf(await search({ q: 'chiken' }));
    expect(single).toEqual(expect.arrayContaining([p.kibble.id, p.bites.id]));
    expect(single).not.toContain(p.flakes.id);
    const twoWords = idsOf(await search({ q: 'chiken kibel' }));
    expect(twoWords[0]).toBe(p.kibble.id);
    expect(twoWords).not.toContain(p.bites.id);
  });

  it("typo'd brands, words in any order, and a prefix being typed", async () => {
    expect(idsOf(await search({ q: 'barkly' })).sort()).toEqual([p.jerky.id, p.bites.id].sort());
    expect(idsOf(await search({ q: 'chicken barkley' }))).toEqual([p.bites.id]);
    expect(idsOf(await search({ q: 'tropcial flak' }))).toEqual([p.flakes.id]);
    expect(idsOf(await search({ q: 'salmon 4' }))).toEqual([]);
  });

  it('a renamed product is found by its new words, typos and all', async () => {
    const manager = await signIn(t.app, managerUser.username, managerUser.password);
    expect(idsOf(await search({ q: 'spirulnia' }))).toEqual([]);
    await manager.agent
      .patch(`/api/products/${p.flakes.id}`)
      .set('X-CSRF-Token', manager.csrfToken)
      .send({ name: 'Tropical Fish Flakes with Spirulina' })
      .expect(200);
    expect(idsOf(await search({ q: 'spirulnia flkes' }))).toEqual([p.flakes.id]);
  });

  it('matches brand and SKU as well as name', async () => {
    expect(idsOf(await search({ q: 'barkley' })).sort()).toEqual([p.jerky.id, p.bites.id].sort());
    expect(idsOf(await search({ q: 'AQ-FF' }))[0]).toBe(p.flakes.id);
    expect(idsOf(await search({ q: 'ck-12' }))).toEqual([p.kibble.id]);
  });

  it('combines with the category, species and active filters', async () => {
    expect(idsOf(await search({ q: 'chicken', categoryId: dogs.id })).sort()).toEqual(
      [p.kibble.id, p.bites.id].sort(),
    );
    expect(idsOf(await search({ q: 'chicken', species: 'cat' }))).toEqual([p.bites.id]);
    expect(idsOf(await search({ q: 'chicken', active: 'false' }))).toEqual([p.retired.id]);
    expect(idsOf(await search({ q: 'zzzqqq' }))).toEqual([]);
  });

  it('pages ranked results with an offset cursor; a list cursor is rejected here', async () => {
    const all = idsOf(await search({ q: 'chicken' }));
    expect(all.length).toBeGreaterThanOrEqual(3);
    const first = await search({ q: 'chicken', limit: 2 });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await search({ q: 'chicken', limit: 2, cursor: first.nextCursor! });
    expect([...idsOf(first), ...idsOf(second)]).toEqual(
      all.slice(0, idsOf(first).length + idsOf(second).length),
    );
    const listCursor = (await search({ limit: 1 })).nextCursor!;
    const mixed = await cashier.agent.get('/api/products').query({ q: 'chicken', cursor: listCursor });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.details[0].path).toBe('cursor');
  });
});
