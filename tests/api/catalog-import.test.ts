import http from 'node:http';
import { stringify } from 'csv-stringify/sync';
import { and, eq, inArray, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeEan13 } from '../../shared/barcode/ean';
import { PRODUCT_CSV_COLUMNS } from '../../shared/schemas/catalog-files';
import { auditLog, categories, productBarcodes, products } from '../../server/db/schema';
import { bearerToken, type SessionClient, signIn } from '../helpers/auth';
import { makeProduct, makeUser } from '../helpers/factories';
import { createTestApp, type TestApp, usingPostgres } from '../helpers/test-app';

let t: TestApp;
let admin: SessionClient;
let manager: SessionClient;
let cashier: SessionClient;
let dogFoodId: string;
let managerToken: string;

type CsvRow = Record<(typeof PRODUCT_CSV_COLUMNS)[number], string>;

let serial = 0;
/** A distinct valid EAN-13 per call (prefix 40, not a scale label). */
function nextEan(): string {
  serial++;
  return completeEan13(`40${String(process.pid % 1000).padStart(3, '0')}${String(serial).padStart(7, '0')}`);
}

function row(overrides: Partial<CsvRow> = {}): CsvRow {
  serial++;
  return {
    sku: `IMP-${serial}`,
    name: `Imported kibble ${serial}`,
    brand: 'Acme',
    category: 'Dog/Food',
    species: 'dog;cat',
    barcodes: nextEan(),
    price_cents: '1299',
    cost_cents: '650',
    tax_class: 'standard',
    unit: 'each',
    active: 'true',
    lot_tracked: 'false',
    ...overrides,
  };
}

function csvOf(rows: CsvRow[], columns: readonly string[] = PRODUCT_CSV_COLUMNS): string {
  return stringify(rows, { header: true, columns: [...columns] });
}

function postCsv(client: SessionClient, body: string | Buffer, dryRun: boolean) {
  return client.agent
    .post(`/api/products/import?dryRun=${dryRun}`)
    .set(client.csrf)
    .set('Content-Type', 'text/csv')
    .send(body);
}

async function productCount(): Promise<number> {
  const [result] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(products);
  return Number(result!.n);
}

async function importAudits() {
  return t.database.db.select().from(auditLog).where(eq(auditLog.action, 'product.imported'));
}

beforeAll(async () => {
  t = await createTestApp();
  const a = await makeUser(t.database.db, { role: 'admin' });
  const m = await makeUser(t.database.db, { role: 'manager' });
  const c = await makeUser(t.database.db, { role: 'cashier' });
  admin = await signIn(t.app, a.username, a.password);
  manager = await signIn(t.app, m.username, m.password);
  managerToken = await bearerToken(t.app, m.username, m.password);
  cashier = await signIn(t.app, c.username, c.password);
  const [dog] = await t.database.db.insert(categories).values({ name: 'Dog' }).returning();
  const [food] = await t.database.db
    .insert(categories)
    .values({ name: 'Food', parentId: dog!.id })
    .returning();
  await t.database.db.insert(categories).values({ name: 'Cat' });
  dogFoodId = food!.id;
});
afterAll(() => t.close());

describe('POST /api/products/import access and format', () => {
  it('POST /api/products/import as cashier → 403; anonymous → 401', async () => {
    const csv = csvOf([row()]);
    const forbidden = await postCsv(cashier, csv, true);
    expect(forbidden.status).toBe(403);
    const anonymous = await request(t.app)
      .post('/api/products/import?dryRun=true')
      .set('Content-Type', 'text/csv')
      .send(csv);
    expect(anonymous.status).toBe(401);
  });

  it('POST /api/products/import as JSON or without a body → 415 naming Content-Type', async () => {
    const json = await manager.agent
      .post('/api/products/import?dryRun=true')
      .set(manager.csrf)
      .send({ sku: 'X' });
    expect([400, 415]).toContain(json.status);
    const none = await manager.agent.post('/api/products/import?dryRun=true').set(manager.csrf);
    expect(none.status).toBe(415);
    expect(none.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(none.body.error.message).toMatch(/text\/csv/);
  });

  it('POST /api/products/import?dryRun=maybe → 400 naming dryRun', async () => {
    const response = await postCsv(manager, csvOf([row()]), true).query({ dryRun: 'maybe' });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toBe('dryRun');
  });

  it('POST /api/products/import with a wrong header → 400 listing the expected columns', async () => {
    const columns: string[] = [...PRODUCT_CSV_COLUMNS.filter((c) => c !== 'unit'), 'colour'];
    const csv = stringify([Object.values(row())], { header: true, columns });
    const response = await postCsv(manager, csv, true);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    const detail = response.body.error.details[0];
    expect(detail.path).toBe('header');
    expect(detail.message).toContain(PRODUCT_CSV_COLUMNS.join(','));
    expect(detail.message).toContain('missing unit');
    expect(detail.message).toContain('unknown "colour"');
  });

  it('POST /api/products/import with the columns in another order → read by name', async () => {
    const reversed = [...PRODUCT_CSV_COLUMNS].reverse();
    const response = await postCsv(manager, csvOf([row()], reversed), true).expect(200);
    expect(response.body).toMatchObject({ rows: 1, created: 1, updated: 0, errors: [] });
  });

  it('POST /api/products/import of an empty body → 400 asking for the header', async () => {
    const response = await postCsv(manager, '', true);
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toBe('header');
  });

  it('POST /api/products/import of 25 MiB → 413 PAYLOAD_TOO_LARGE, nothing written', async () => {
    const before = await productCount();
    const header = `${PRODUCT_CSV_COLUMNS.join(',')}\n`;
    const big = Buffer.alloc(25 * 1024 * 1024, 'a');
    big.write(header, 0);
    const response = await postCsv(manager, big, false);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await productCount()).toBe(before);
  });

  it('POST /api/products/import streamed without Content-Length over 20 MiB → 413', async () => {
    const server = t.app.listen(0);
    try {
      const { port } = server.address() as { port: number };
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            port,
            method: 'POST',
            path: '/api/products/import?dryRun=true',
            headers: {
              'Content-Type': 'text/csv',
              'Transfer-Encoding': 'chunked',
              Authorization: `Bearer ${managerToken}`,
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.write(`${PRODUCT_CSV_COLUMNS.join(',')}\n"`);
        // One endless quoted field: cheap to parse, so the test measures the limit, not validation.
        const chunk = Buffer.alloc(1024 * 1024, 'x');
        for (let i = 0; i < 22; i++) {
          req.write(chunk);
        }
        req.end();
      });
      expect(status).toBe(413);
    } finally {
      server.close();
    }
  });
});

describe('POST /api/products/import validation (all or nothing)', () => {
  it('POST /api/products/import?dryRun=true of valid rows → counts reported, nothing written', async () => {
    const existing = await makeProduct(t.database.db, { sku: 'DRY-EXISTING' });
    const before = await productCount();
    const rows = [row({ sku: existing.sku }), row(), row()];
    const response = await postCsv(manager, csvOf(rows), true).expect(200);
    expect(response.body).toEqual({
      dryRun: true,
      rows: 3,
      created: 2,
      updated: 1,
      errors: [],
      errorCount: 0,
    });
    expect(await productCount()).toBe(before);
    const [unchanged] = await t.database.db.select().from(products).where(eq(products.id, existing.id));
    expect(unchanged!.name).toBe(existing.name);
    expect(await importAudits()).toHaveLength(0);
  });

  it('POST /api/products/import with one bad row in 100 → 400 naming row and column, nothing written', async () => {
    const before = await productCount();
    const rows = Array.from({ length: 100 }, () => row());
    rows[41] = { ...rows[41]!, price_cents: '12.99' };
    const dry = await postCsv(manager, csvOf(rows), true).expect(200);
    // Row numbers as a spreadsheet shows them: the header is row 1, so rows[41] is row 43.
    expect(dry.body.errors).toEqual([{ row: 43, column: 'price_cents', message: expect.any(String) }]);
    expect(dry.body).toMatchObject({ rows: 100, created: 99, updated: 0, errorCount: 1 });

    const real = await postCsv(manager, csvOf(rows), false);
    expect(real.status).toBe(400);
    expect(real.body.error.code).toBe('VALIDATION_FAILED');
    expect(real.body.error.message).toMatch(/nothing was imported/);
    expect(real.body.error.details).toEqual([
      { path: 'rows.43.price_cents', message: 'must be an integer number of cents' },
    ]);
    expect(await productCount()).toBe(before);
    expect(await importAudits()).toHaveLength(0);
  });

  it('POST /api/products/import collects every problem, using the JSON API field rules', async () => {
    const rows = [
      row({ sku: 'has space' }),
      row({ name: '' }),
      row({ barcodes: '4006381333931;4006381333933' }),
      row({ species: 'dog;hamster' }),
      row({ tax_class: 'luxury', unit: 'litre' }),
      row({ active: 'maybe', price_cents: '-5' }),
      row({ category: 'Dog/Fod' }),
      row({ price_cents: '' }),
    ];
    const response = await postCsv(manager, csvOf(rows), true).expect(200);
    const found = response.body.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`);
    expect(found).toEqual([
      '2:sku',
      '3:name',
      '4:barcodes',
      '5:species',
      '6:tax_class',
      '6:unit',
      '7:price_cents',
      '7:active',
      '8:category',
      '9:price_cents',
    ]);
    const messages = response.body.errors.map((e: { message: string }) => e.message);
    expect(messages[2]).toMatch(/4006381333933 has a wrong check digit/);
    expect(messages[3]).toMatch(/"hamster"/);
    expect(messages[8]).toMatch(/no category "Fod" under "Dog"/);
    expect(messages[9]).toBe('is required');
    expect(response.body).toMatchObject({ rows: 8, created: 0, updated: 0, errorCount: 10 });
  });

  it('POST /api/products/import with a barcode twice in the file → the later row is an error on barcodes', async () => {
    const shared = nextEan();
    const rows = [row(), row({ barcodes: shared }), row(), row({ barcodes: `${nextEan()};${shared}` })];
    const response = await postCsv(manager, csvOf(rows), true).expect(200);
    expect(response.body.errors).toEqual([
      { row: 5, column: 'barcodes', message: `${shared} is also on row 3` },
    ]);
    expect(response.body.created).toBe(3);
  });

  it('POST /api/products/import with a SKU twice in the file → error on sku', async () => {
    const rows = [row({ sku: 'TWICE-1' }), row({ sku: 'TWICE-1' })];
    const response = await postCsv(manager, csvOf(rows), true).expect(200);
    expect(response.body.errors).toEqual([
      { row: 3, column: 'sku', message: 'TWICE-1 is also on row 2; each SKU may appear once' },
    ]);
  });

  it('POST /api/products/import with a barcode of another product in the database → error on barcodes', async () => {
    const owner = await makeProduct(t.database.db, { sku: 'OWNER-1' });
    const code = nextEan();
    await t.database.db.insert(productBarcodes).values({ barcode: code, productId: owner.id });
    const response = await postCsv(manager, csvOf([row({ barcodes: code })]), true).expect(200);
    expect(response.body.errors).toEqual([
      { row: 2, column: 'barcodes', message: `${code} already belongs to product OWNER-1` },
    ]);
    // The same barcode may move when its owner is re-imported without it.
    const moved = await postCsv(
      manager,
      csvOf([row({ sku: 'OWNER-1', barcodes: '' }), row({ barcodes: code })]),
      true,
    ).expect(200);
    expect(moved.body.errors).toEqual([]);
  });

  it('POST /api/products/import with a row of the wrong width → a row error, not a crash', async () => {
    const csv = `${csvOf([row()])}ONLY-TWO,fields\n`;
    const response = await postCsv(manager, csv, true).expect(200);
    expect(response.body.errors).toEqual([
      { row: 3, column: 'row', message: expect.stringMatching(/2 fields/) },
    ]);
  });

  it('POST /api/products/import with an unclosed quote → 400 naming the row', async () => {
    const csv = `${csvOf([row()])}"BROKEN,name\n`;
    const response = await postCsv(manager, csv, true);
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].path).toMatch(/^rows\.\d+$/);
  });
});

describe('POST /api/products/import?dryRun=false', () => {
  it('creates new SKUs and updates existing ones in one go, barcodes replaced, audited once', async () => {
    const existing = await makeProduct(t.database.db, { sku: 'UPD-1', name: 'Old name', priceCents: 100 });
    const oldCode = nextEan();
    await t.database.db.insert(productBarcodes).values({ barcode: oldCode, productId: existing.id });
    const newCode = nextEan();
    const upc = '036000291452';
    const rows = [
      row({ sku: 'UPD-1', name: 'New name', price_cents: '2599', barcodes: `${newCode};${upc}` }),
      row({ sku: 'NEW-1', category: 'dog/FOOD', species: '', unit: 'weight', lot_tracked: 'true' }),
      row({ sku: 'NEW-2', category: '', barcodes: '', active: 'false', cost_cents: '', tax_class: '' }),
    ];
    const response = await postCsv(admin, csvOf(rows), false).expect(200);
    expect(response.body).toEqual({
      dryRun: false,
      rows: 3,
      created: 2,
      updated: 1,
      errors: [],
      errorCount: 0,
    });

    const written = await t.database.db
      .select()
      .from(products)
      .where(inArray(products.sku, ['UPD-1', 'NEW-1', 'NEW-2']));
    const bySku = new Map(written.map((p) => [p.sku, p]));
    expect(bySku.get('UPD-1')).toMatchObject({ id: existing.id, name: 'New name', priceCents: 2599 });
    expect(bySku.get('NEW-1')).toMatchObject({
      categoryId: dogFoodId,
      species: [],
      unit: 'weight',
      isLotTracked: true,
    });
    expect(bySku.get('NEW-2')).toMatchObject({
      categoryId: null,
      active: false,
      costCents: 0,
      taxClass: 'standard',
    });
    const codes = await t.database.db
      .select({ barcode: productBarcodes.barcode })
      .from(productBarcodes)
      .where(eq(productBarcodes.productId, existing.id));
    // The UPC-A is stored in its EAN-13 form, exactly as the JSON API stores it; the old code is gone.
    expect(codes.map((c) => c.barcode).sort()).toEqual([newCode, `0${upc}`].sort());

    const audits = await importAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toMatchObject({ rows: 3, created: 2, updated: 1 });
  });
});

describe('GET /api/products/export', () => {
  it('GET /api/products/export as cashier → 403', async () => {
    await cashier.agent.get('/api/products/export').expect(403);
  });

  it('GET /api/products/export → a CSV attachment in the import columns; it re-imports with 0 errors, all updated', async () => {
    const response = await manager.agent
      .get('/api/products/export')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => done(null, text));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const today = new Date().toISOString().slice(0, 10);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="products-${today}.csv"`);
    const csv = response.body as string;
    expect(csv.split('\n')[0]).toBe(PRODUCT_CSV_COLUMNS.join(','));
    expect(csv).toContain('Dog/Food');
    const total = await productCount();

    const roundTrip = await postCsv(manager, csv, true).expect(200);
    expect(roundTrip.body).toMatchObject({ rows: total, created: 0, updated: total, errors: [] });
  });

  it('GET /api/products/export then a real re-import → the catalog is unchanged', async () => {
    const snapshot = async () =>
      t.database.db
        .select({
          sku: products.sku,
          name: products.name,
          brand: products.brand,
          categoryId: products.categoryId,
          species: products.species,
          priceCents: products.priceCents,
          costCents: products.costCents,
          taxClass: products.taxClass,
          unit: products.unit,
          active: products.active,
          isLotTracked: products.isLotTracked,
          barcodes: sql<string>`(select string_agg(barcode, ';' order by barcode) from product_barcodes b where b.product_id = ${products.id})`,
        })
        .from(products)
        .orderBy(products.sku);
    const before = await snapshot();
    const exported = await manager.agent
      .get('/api/products/export')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => done(null, text));
      });
    await postCsv(manager, exported.body as string, false).expect(200);
    expect(await snapshot()).toEqual(before);
  });
});

describe('POST /api/products/import at scale', () => {
  it.runIf(usingPostgres())(
    'POST /api/products/import of 50,000 rows → written in one transaction within 30 s (PostgreSQL)',
    async () => {
      const rows = Array.from({ length: 50_000 }, (_, i) =>
        row({
          sku: `BULK-${String(i).padStart(6, '0')}`,
          barcodes: completeEan13(`41${String(i).padStart(10, '0')}`),
        }),
      );
      const csv = csvOf(rows);
      const started = performance.now();
      const response = await postCsv(manager, csv, false).expect(200);
      const seconds = (performance.now() - started) / 1000;
      expect(response.body).toMatchObject({ rows: 50_000, created: 50_000, updated: 0, errorCount: 0 });
      const again = performance.now();
      const update = await postCsv(manager, csv, false).expect(200);
      const updateSeconds = (performance.now() - again) / 1000;
      expect(update.body).toMatchObject({ created: 0, updated: 50_000 });
      const phases = t.logs
        .filter((line) => line.message === 'products imported')
        .slice(-2)
        .map((line) => `parse ${line.parseMs} ms, check ${line.checkMs} ms, total ${line.totalMs} ms`);
      console.info(
        `50k-row import (${(csv.length / 1024 / 1024).toFixed(1)} MiB): create ${seconds.toFixed(1)} s [${phases[0]}], update ${updateSeconds.toFixed(1)} s [${phases[1]}]`,
      );
      expect(seconds).toBeLessThan(30);
      expect(updateSeconds).toBeLessThan(30);
      const [count] = await t.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(productBarcodes)
        .where(and(sql`${productBarcodes.barcode} like '41%'`));
      expect(Number(count!.n)).toBe(50_000);
    },
    120_000,
  );
});
