import { fillPlaceholders, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeEan13 } from '../../shared/barcode/ean';
import { encodeVariableMeasure } from '../../shared/barcode/normalize';
import { withTransaction } from '../../server/db/transaction';
import { queryRows } from '../../server/db/query-rows';
import { prepareProductLookup } from '../../server/modules/catalog/catalog.repo';
import { applyStockMovements } from '../../server/modules/inventory/stock-ledger.service';
import { type SessionClient, signIn } from '../helpers/auth';
import {
  addBarcodes,
  makeProduct,
  makeStore,
  makeUser,
  type ProductFixture,
  type StoreFixture,
} from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let own: StoreFixture;
let priceStore: StoreFixture;
let other: StoreFixture;
let admin: SessionClient;
let cashier: SessionClient;
let kibble: ProductFixture;
let cheese: ProductFixture;
let salmon: ProductFixture;
let retired: ProductFixture;

const KIBBLE_EAN = completeEan13('501234567890');
const UPC_A = '036000291452';
const WEIGHT_LAYOUT = { itemDigits: 5, valueKind: 'weight' } as const;
const PRICE_LAYOUT = { itemDigits: 5, valueKind: 'price' } as const;
/** The barcode a scale-priced product carries: its item code with the value zeroed. */
const CHEESE_BASE = encodeVariableMeasure('21', '12345', 0, WEIGHT_LAYOUT);
/** A store-internal fixed code in the 2x range, stored whole on a product. */
const FIXED_2X = encodeVariableMeasure('22', '77777', 123, WEIGHT_LAYOUT);

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  own = await makeStore(db, { scaleBarcodeLayout: WEIGHT_LAYOUT });
  priceStore = await makeStore(db, { scaleBarcodeLayout: PRICE_LAYOUT });
  other = await makeStore(db);
  const a = await makeUser(db, { role: 'admin' });
  const c = await makeUser(db, { role: 'cashier', storeIds: [own.id, priceStore.id] });
  admin = await signIn(t.app, a.username, a.password);
  cashier = await signIn(t.app, c.username, c.password);

  kibble = await makeProduct(db, { name: 'Chicken Kibble 2 kg', sku: 'KIB-2KG' });
  cheese = await makeProduct(db, {
    name: 'Deli Dog Cheese',
    sku: 'DELI-CHEESE',
    unit: 'weight',
    priceCents: 2400,
  });
  salmon = await makeProduct(db, { name: 'Salmon Treats', sku: 'SAL-TR' });
  retired = await makeProduct(db, { name: 'Old Chews', sku: 'OLD-CHEWS', active: false });
  await addBarcodes(db, kibble.id, [KIBBLE_EAN]);
  await addBarcodes(db, salmon.id, [`0${UPC_A}`]);
  await addBarcodes(db, cheese.id, [CHEESE_BASE]);
  await addBarcodes(db, retired.id, [FIXED_2X]);
  await withTransaction(db, (tx) =>
    applyStockMovements(
      tx,
      [
        { storeId: own.id, productId: kibble.id, delta: 12, reason: 'received', userId: null },
        { storeId: other.id, productId: kibble.id, delta: 40, reason: 'received', userId: null },
        { storeId: own.id, productId: cheese.id, delta: 5_000, reason: 'received', userId: null },
      ],
      { allowNegative: false },
    ),
  );
});
afterAll(() => t.close());

const lookup = (client: SessionClient, code: string, storeId: string) =>
  client.agent.get('/api/products/lookup').query({ code, storeId });

describe('GET /api/products/lookup', () => {
  it('by EAN-13 → the product with its on-hand at that store and scanned null', async () => {
    const response = await lookup(cashier, KIBBLE_EAN, own.id);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      id: kibble.id,
      sku: 'KIB-2KG',
      barcodes: [KIBBLE_EAN],
      active: true,
      onHand: 12,
      scanned: null,
    });
  });

  it('by UPC-A → the product stored under its EAN-13 form; no inventory row → onHand 0', async () => {
    const upc = await lookup(cashier, UPC_A, own.id).expect(200);
    expect(upc.body).toMatchObject({ id: salmon.id, barcodes: [`0${UPC_A}`], onHand: 0, scanned: null });
    const ean = await lookup(cashier, `0${UPC_A}`, own.id).expect(200);
    expect(ean.body.id).toBe(salmon.id);
  });

  it('by SKU → the product', async () => {
    const response = await lookup(cashier, 'KIB-2KG', own.id).expect(200);
    expect(response.body).toMatchObject({ id: kibble.id, onHand: 12, scanned: null });
  });

  it('a weight label (prefix 21) → the product whose barcode is the base code, with the grams', async () => {
    const label = encodeVariableMeasure('21', '12345', 1234, WEIGHT_LAYOUT);
    const response = await lookup(cashier, label, own.id);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      id: cheese.id,
      unit: 'weight',
      onHand: 5_000,
      scanned: { code: label, quantity: 1234, priceCents: null },
    });
  });

  it('a price label in a store whose scales print prices → the product with the price', async () => {
    const label = encodeVariableMeasure('21', '12345', 799, PRICE_LAYOUT);
    const response = await lookup(cashier, label, priceStore.id).expect(200);
    expect(response.body).toMatchObject({
      id: cheese.id,
      onHand: 0,
      scanned: { code: label, quantity: null, priceCents: 799 },
    });
  });

  it('a 2x code stored whole on a product is that product, not a scale label; inactive → found, active false', async () => {
    const response = await lookup(cashier, FIXED_2X, own.id).expect(200);
    expect(response.body).toMatchObject({ id: retired.id, active: false, scanned: null });
  });

  it('a store the caller is not assigned to → 404; an admin sees it', async () => {
    const hidden = await lookup(cashier, KIBBLE_EAN, other.id);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('NOT_FOUND');
    const visible = await lookup(admin, KIBBLE_EAN, other.id).expect(200);
    expect(visible.body.onHand).toBe(40);
    const nowhere = await lookup(admin, KIBBLE_EAN, '00000000-0000-4000-8000-000000000009');
    expect(nowhere.status).toBe(404);
  });

  it('unknown code, wrong check digit, unknown scale item → 404', async () => {
    for (const code of ['9999999999994', `${KIBBLE_EAN.slice(0, 12)}${(Number(KIBBLE_EAN[12]) + 1) % 10}`]) {
      const response = await lookup(cashier, code, own.id);
      expect(response.status, code).toBe(404);
    }
    const unknownItem = encodeVariableMeasure('21', '54321', 500, WEIGHT_LAYOUT);
    await lookup(cashier, unknownItem, own.id).expect(404);
  });

  it('missing code or storeId → 400 naming each; anonymous → 401', async () => {
    const response = await cashier.agent.get('/api/products/lookup');
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'code',
      'storeId',
    ]);
    await request(t.app).get('/api/products/lookup').query({ code: KIBBLE_EAN, storeId: own.id }).expect(401);
  });

  it('is one statement, and every table in it is reached through an index', async () => {
    const query = prepareProductLookup(t.database.db).getQuery();
    const values = fillPlaceholders(query.params, {
      code: KIBBLE_EAN,
      baseCode: KIBBLE_EAN,
      sku: KIBBLE_EAN,
      storeId: own.id,
    }) as string[];
    expect(query.sql).not.toContain(';');
    // Inline the values (test data only) so EXPLAIN can run the statement as the app does.
    const text = query.sql.replace(/\$(\d+)/g, (_, n: string) => `'${values[Number(n) - 1]}'`);
    const plan = await withTransaction(t.database.db, async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return queryRows<{ 'QUERY PLAN': unknown }>(tx, sql.raw(`explain (format json) ${text}`));
    });
    type PlanNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PlanNode[] };
    const scans: string[] = [];
    const walk = (node: PlanNode) => {
      if (node['Relation Name']) {
        scans.push(`${node['Relation Name']}: ${node['Node Type']}`);
      }
      node.Plans?.forEach(walk);
    };
    walk((plan[0]!['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]!.Plan);
    expect(scans.map((scan) => scan.split(':')[0]).sort()).toEqual(
      [
        'inventory',
        'product_barcodes',
        'product_barcodes',
        'product_barcodes',
        'products',
        'products',
        'stores',
      ].sort(),
    );
    for (const scan of scans) {
      expect(scan).toMatch(/(Index( Only)? Scan|Bitmap Heap Scan)$/);
    }
  });
});
