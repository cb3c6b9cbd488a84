import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  SalesFigures,
  SalesReport,
  SalesReportGroup,
  SalesReportRow,
} from '../../shared/schemas/reports';
import type { Return, Sale } from '../../shared/schemas/sales';
import { users } from '../../server/db/schema';
import { bearerToken } from '../helpers/auth';
import {
  type CategoryFixture,
  makeCategory,
  makeProduct,
  makeStore,
  makeUser,
  type ProductFixture,
  type StoreFixture,
  type UserFixture,
} from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

/**
 * GET /api/reports/sales must agree with the sales it groups. A few days of two stores in different time zones
 * (one with tax inside its prices) are rung up through the real checkout: two cashiers, two categories and
 * an uncategorised product, a weighed line, line and cart discounts, a void, returns on a later date than their
 * sales, a sale at 23:30 local (the next day in UTC) and one after the range. For every groupBy the test then
 * recomputes each row from the sales and returns as GET /api/sales/:id and GET /api/returns/:id show them,
 * with the factories' costs, and compares; the CSV must parse back to the same figures.
 */
let t: TestApp;
let chicago: StoreFixture;
let newYork: StoreFixture;
let cashier1: UserFixture;
let cashier2: UserFixture;
let cashierB: UserFixture;
let managerA: UserFixture;
let admin: UserFixture;
const tokens = new Map<string, string>();
let foodCategory: CategoryFixture;
let toyCategory: CategoryFixture;
let food: ProductFixture;
let toy: ProductFixture;
let seed: ProductFixture;
let bulk: ProductFixture;
let productsById: Map<string, ProductFixture>;
let categoryNames: Map<string, string>;
let userNames: Map<string, string>;
const saleIds: string[] = [];
const returnIds: string[] = [];
const sales: Record<string, Sale> = {};

const FROM = '2026-03-02';
const TO = '2026-03-05';
const GROUPS: SalesReportGroup[] = ['day', 'category', 'product', 'cashier', 'store'];

async function as<T = Record<string, unknown>>(
  user: UserFixture,
  at: string,
  method: 'post' | 'get',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  vi.setSystemTime(new Date(at));
  const pending = request(t.app)
    [method](path)
    .set('Authorization', `Bearer ${tokens.get(user.id)}`);
  const response = body === undefined ? await pending : await pending.send(body as object);
  return { status: response.status, body: response.body as T };
}

async function openShift(user: UserFixture, at: string, storeId: string, registerId: string) {
  const response = await as(user, at, 'post', '/api/shifts', {
    storeId,
    registerId,
    openingFloatCents: 10_000,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { storeId, registerId, shiftId: response.body.id as string };
}

async function sell(
  name: string,
  user: UserFixture,
  at: string,
  body: Record<string, unknown>,
): Promise<Sale> {
  const response = await as<Sale>(user, at, 'post', '/api/sales', { id: randomUUID(), ...body });
  expect(response.status, `${name}: ${JSON.stringify(response.body)}`).toBe(201);
  sales[name] = response.body;
  saleIds.push(response.body.id);
  return response.body;
}

async function giveBack(user: UserFixture, at: string, body: Record<string, unknown>): Promise<void> {
  const id = randomUUID();
  const response = await as(user, at, 'post', '/api/returns', { id, reason: 'not wanted', ...body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  returnIds.push(id);
}

const lineOf = (sale: Sale, productId: string) => sale.lines.find((line) => line.productId === productId)!;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  chicago = await makeStore(db, { code: 'SRA', name: 'Chicago Loop', timezone: 'America/Chicago' });
  newYork = await makeStore(db, {
    code: 'SRB',
    name: 'Brooklyn',
    timezone: 'America/New_York',
    pricesIncludeTax: true,
  });
  cashier1 = await makeUser(db, { role: 'cashier', storeIds: [chicago.id] });
  cashier2 = await makeUser(db, { role: 'cashier', storeIds: [chicago.id] });
  cashierB = await makeUser(db, { role: 'cashier', storeIds: [newYork.id] });
  managerA = await makeUser(db, { role: 'manager', storeIds: [chicago.id] });
  admin = await makeUser(db, { role: 'admin' });
  // Distinct names, so the label order is not left to ties.
  for (const [user, name] of [
    [cashier1, 'Avery'],
    [cashier2, 'Blake'],
    [cashierB, 'Casey'],
    [managerA, 'Drew'],
  ] as const) {
    await db.update(users).set({ name }).where(eq(users.id, user.id));
    user.name = name;
  }
  const everyone = [cashier1, cashier2, cashierB, managerA, admin];
  for (const user of everyone) {
    tokens.set(user.id, await bearerToken(t.app, user.username, user.password));
  }
  userNames = new Map(everyone.map((user) => [user.id, user.name]));
  foodCategory = await makeCategory(db, { name: 'Food' });
  toyCategory = await makeCategory(db, { name: 'Toys' });
  categoryNames = new Map([
    [foodCategory.id, foodCategory.name],
    [toyCategory.id, toyCategory.name],
  ]);
  food = await makeProduct(db, {
    sku: 'SR-FOOD',
    name: 'Salmon Kibble 12 kg',
    priceCents: 5499,
    costCents: 3000,
    categoryId: foodCategory.id,
  });
  toy = await makeProduct(db, {
    sku: 'SR-TOY',
    name: 'Rope toy, "large"',
    priceCents: 899,
    costCents: 400,
    categoryId: toyCategory.id,
  });
  seed = await makeProduct(db, { sku: 'SR-SEED', name: 'Millet Seed 1 kg', priceCents: 349, costCents: 150 });
  bulk = await makeProduct(db, {
    sku: 'SR-BULK',
    name: 'Bird Seed by weight',
    priceCents: 1299,
    costCents: 700,
    unit: 'weight',
    categoryId: foodCategory.id,
  });
  productsById = new Map([food, toy, seed, bulk].map((p) => [p.id, p]));

  vi.useFakeTimers({ toFake: ['Date'] });
  // Chicago is UTC−6 in early March (DST starts 8 March): local 09:15 is 15:15Z.
  const a1 = await openShift(cashier1, '2026-03-02T14:00:00Z', chicago.id, 'sr-1');
  const a2 = await openShift(cashier2, '2026-03-02T14:00:00Z', chicago.id, 'sr-2');
  // The day before the range: its toy comes back inside it.
  await sell('S0', cashier2, '2026-03-02T04:00:00Z', {
    storeId: chicago.id,
    registerId: 'sr-3',
    lines: [{ productId: toy.id, quantity: 1 }],
    tenders: [{ method: 'card', amountCents: 973, reference: 'AUTH-S0' }],
  });
  // 2 March 09:15: line and cart discounts, three products.
  await sell('S1', cashier1, '2026-03-02T15:15:00Z', {
    ...a1,
    lines: [
      { productId: food.id, quantity: 2 },
      { productId: toy.id, quantity: 1, discount: { type: 'percent', value: 10, reason: 'damaged box' } },
      { productId: seed.id, quantity: 3 },
    ],
    cartDiscount: { type: 'amount', value: 500, reason: 'loyalty' },
    tenders: [{ method: 'cash', amountCents: 15_000 }],
  });
  // 2 March 10:40: 750 g by weight and seed.
  await sell('S2', cashier2, '2026-03-02T16:40:00Z', {
    ...a2,
    lines: [
      { productId: bulk.id, quantity: 750 },
      { productId: seed.id, quantity: 3 },
    ],
    tenders: [{ method: 'cash', amountCents: 3000 }],
  });
  // 3 March 10:55, voided at 11:00: counts nowhere.
  await sell('S3', cashier1, '2026-03-03T16:55:00Z', {
    ...a1,
    lines: [{ productId: toy.id, quantity: 2 }],
    tenders: [{ method: 'cash', amountCents: 2000 }],
  });
  const voided = await as(managerA, '2026-03-03T17:00:00Z', 'post', `/api/sales/${sales.S3!.id}/void`, {
    reason: 'rang up on the wrong till',
  });
  expect(voided.status, JSON.stringify(voided.body)).toBe(200);
  // 3 March 23:30 local is 05:30Z on the 4th: still the 3rd in Chicago.
  await sell('S4', cashier2, '2026-03-04T05:30:00Z', {
    ...a2,
    lines: [
      { productId: seed.id, quantity: 1 },
      { productId: toy.id, quantity: 2 },
    ],
    tenders: [{ method: 'cash', amountCents: 3000 }],
  });
  // 5 March: one of S1's two bags comes back to cashier 2, and S0's toy to cashier 1.
  await giveBack(cashier2, '2026-03-05T16:20:00Z', {
    ...a2,
    originalSaleId: sales.S1!.id,
    lines: [{ originalLineId: lineOf(sales.S1!, food.id).id, quantity: 1, restock: false }],
    refundTenders: [{ method: 'cash', amountCents: 5721 }],
  });
  await giveBack(cashier1, '2026-03-05T17:00:00Z', {
    ...a1,
    originalSaleId: sales.S0!.id,
    lines: [{ originalLineId: lineOf(sales.S0!, toy.id).id, quantity: 1 }],
    refundTenders: [{ method: 'cash', amountCents: 973 }],
  });
  // 6 March: after the range.
  await sell('S5', cashier1, '2026-03-06T16:00:00Z', {
    ...a1,
    lines: [{ productId: food.id, quantity: 1 }],
    tenders: [{ method: 'cash', amountCents: 6000 }],
  });

  // New York (UTC−5), tax inside the prices.
  const b1 = await openShift(cashierB, '2026-03-02T13:00:00Z', newYork.id, 'srb-1');
  await sell('B1', cashierB, '2026-03-02T14:05:00Z', {
    ...b1,
    lines: [
      { productId: food.id, quantity: 1 },
      { productId: toy.id, quantity: 3 },
    ],
    cartDiscount: { type: 'percent', value: 10, reason: 'new customer' },
    tenders: [{ method: 'cash', amountCents: 10_000 }],
  });
  // 4 March 23:50 local is 04:50Z on the 5th: the 4th in New York.
  await sell('B2', cashierB, '2026-03-05T04:50:00Z', {
    ...b1,
    lines: [{ productId: bulk.id, quantity: 500 }],
    tenders: [{ method: 'cash', amountCents: 700 }],
  });
  await giveBack(cashierB, '2026-03-05T15:10:00Z', {
    ...b1,
    originalSaleId: sales.B1!.id,
    lines: [{ originalLineId: lineOf(sales.B1!, toy.id).id, quantity: 2 }],
    refundTenders: [
      { method: 'cash', amountCents: Math.round((lineOf(sales.B1!, toy.id).totalCents * 2) / 3) },
    ],
  });
  vi.useRealTimers();
}, 120_000);
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------------------
// The report recomputed from the sales and returns as the API shows them.

async function readAll<T>(kind: 'sales' | 'returns', ids: string[]): Promise<T[]> {
  const all: T[] = [];
  for (const id of ids) {
    const response = await request(t.app)
      .get(`/api/${kind}/${id}`)
      .set('Authorization', `Bearer ${tokens.get(admin.id)}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    all.push(response.body as T);
  }
  return all;
}

const itemsOf = (productId: string, quantity: number) =>
  productsById.get(productId)!.unit === 'weight' ? 1 : quantity;

const costOf = (productId: string, quantity: number) => {
  const product = productsById.get(productId)!;
  return product.unit === 'weight'
    ? Math.round((product.costCents * quantity) / 1000)
    : product.costCents * quantity;
};

type Identity = Pick<SalesReportRow, 'key' | 'label' | 'sku' | 'code'>;
type Tally = Omit<SalesFigures, 'transactions' | 'returns' | 'netSalesCents' | 'grossMarginCents'> & {
  costCents: number;
  saleIds: Set<string>;
  returnIds: Set<string>;
};

function identityOf(
  groupBy: SalesReportGroup,
  at: { storeId: string; businessDate: string; cashierId: string },
  productId: string,
): Identity {
  switch (groupBy) {
    case 'day':
      return { key: at.businessDate, label: at.businessDate };
    case 'category': {
      const categoryId = productsById.get(productId)!.categoryId;
      return { key: categoryId, label: categoryId ? categoryNames.get(categoryId)! : 'Uncategorised' };
    }
    case 'product': {
      const product = productsById.get(productId)!;
      return { key: product.id, label: product.name, sku: product.sku };
    }
    case 'cashier':
      return { key: at.cashierId, label: userNames.get(at.cashierId)! };
    case 'store': {
      const store = [chicago, newYork].find((s) => s.id === at.storeId)!;
      return { key: store.id, label: store.name, code: store.code };
    }
  }
}

function figuresOf(tally: Tally): SalesFigures {
  const net = tally.grossSalesCents - tally.discountCents - tally.returnsCents;
  return {
    grossSalesCents: tally.grossSalesCents,
    discountCents: tally.discountCents,
    returnsCents: tally.returnsCents,
    netSalesCents: net,
    taxCents: tally.taxCents,
    transactions: tally.saleIds.size,
    returns: tally.returnIds.size,
    itemsSold: tally.itemsSold,
    grossMarginCents: net - tally.costCents,
  };
}

/** Rows and totals from the raw sales and returns: completed sales and returns dated inside [from, to]. */
function recompute(
  groupBy: SalesReportGroup,
  allSales: Sale[],
  allReturns: Return[],
  storeIds: string[],
): Pick<SalesReport, 'rows' | 'totals'> {
  const inRange = (r: { storeId: string; businessDate: string }) =>
    storeIds.includes(r.storeId) && r.businessDate >= FROM && r.businessDate <= TO;
  const groups = new Map<string, { identity: Identity; tally: Tally }>();
  const newTally = (): Tally => ({
    grossSalesCents: 0,
    discountCents: 0,
    returnsCents: 0,
    taxCents: 0,
    itemsSold: 0,
    costCents: 0,
    saleIds: new Set(),
    returnIds: new Set(),
  });
  const totals = newTally();
  const tallyOf = (identity: Identity) => {
    const name = String(identity.key);
    if (!groups.has(name)) {
      groups.set(name, { identity, tally: newTally() });
    }
    return groups.get(name)!.tally;
  };
  for (const sale of allSales.filter((s) => s.status === 'completed' && inRange(s))) {
    for (const line of sale.lines) {
      for (const tally of [tallyOf(identityOf(groupBy, sale, line.productId)), totals]) {
        // Before tax: a tax-inclusive store's line gross holds its tax.
        tally.grossSalesCents += line.grossCents - (sale.pricesIncludeTax ? line.taxCents : 0);
        tally.discountCents += line.discountCents;
        tally.taxCents += line.taxCents;
        tally.itemsSold += itemsOf(line.productId, line.quantity);
        tally.costCents += costOf(line.productId, line.quantity);
        tally.saleIds.add(sale.id);
      }
    }
  }
  for (const r of allReturns.filter(inRange)) {
    for (const line of r.lines) {
      for (const tally of [tallyOf(identityOf(groupBy, r, line.productId)), totals]) {
        tally.returnsCents += line.refundCents - line.taxCents;
        tally.taxCents -= line.taxCents;
        tally.itemsSold -= itemsOf(line.productId, line.quantity);
        tally.costCents -= costOf(line.productId, line.quantity);
        tally.returnIds.add(r.id);
      }
    }
  }
  const rows = [...groups.values()].map(({ identity, tally }) => ({ ...identity, ...figuresOf(tally) }));
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  rows.sort((a, b) =>
    groupBy === 'day'
      ? byText(a.key!, b.key!)
      : b.netSalesCents - a.netSalesCents || byText(a.label, b.label) || byText(a.key ?? '', b.key ?? ''),
  );
  return { rows, totals: figuresOf(totals) };
}

function reportOf(user: UserFixture, query: Record<string, string>) {
  return request(t.app)
    .get('/api/reports/sales')
    .query(query)
    .set('Authorization', `Bearer ${tokens.get(user.id)}`);
}

describe('GET /api/reports/sales agrees with the sales it groups', () => {
  let allSales: Sale[];
  let allReturns: Return[];
  beforeAll(async () => {
    allSales = await readAll<Sale>('sales', saleIds);
    allReturns = await readAll<Return>('returns', returnIds);
  });

  for (const groupBy of GROUPS) {
    it(`groupBy=${groupBy}, both stores (admin): every row and the totals recomputed from the sales and returns`, async () => {
      const response = await reportOf(admin, { from: FROM, to: TO, groupBy });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const report = response.body as SalesReport;
      expect(report).toMatchObject({ groupBy, from: FROM, to: TO, storeId: null, currency: 'USD' });
      const expected = recompute(groupBy, allSales, allReturns, [chicago.id, newYork.id]);
      expect(report.rows).toEqual(expected.rows);
      expect(report.totals).toEqual(expected.totals);
    });

    it(`groupBy=${groupBy}, Chicago only (its manager): the same recomputation over one store`, async () => {
      const response = await reportOf(managerA, { storeId: chicago.id, from: FROM, to: TO, groupBy });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const expected = recompute(groupBy, allSales, allReturns, [chicago.id]);
      expect(response.body.rows).toEqual(expected.rows);
      expect(response.body.totals).toEqual(expected.totals);
      // Without storeId a manager gets the same: their only store.
      const unscoped = await reportOf(managerA, { from: FROM, to: TO, groupBy });
      expect(unscoped.body.rows).toEqual(expected.rows);
    });
  }

  it('the recomputation is not vacuous: the figures a person works out by hand', async () => {
    const byDay = (await reportOf(managerA, { storeId: chicago.id, from: FROM, to: TO, groupBy: 'day' }))
      .body as SalesReport;
    // 2 March: S1 (12354 before tax, 590 off) and S2 (2021); 3 March: S4 only (S3 voided), 23:30 local;
    // 4 March: nothing; 5 March: the two returns (S1's bag 5721 − 436 tax, S0's toy 899).
    expect(byDay.rows.map((row) => row.key)).toEqual(['2026-03-02', '2026-03-03', '2026-03-05']);
    expect(byDay.rows[0]).toMatchObject({
      transactions: 2,
      discountCents: 590,
      netSalesCents: 12_354 + 2021,
      // Pieces: 2 + 1 + 3, the weighed line 1, + 3.
      itemsSold: 10,
    });
    expect(byDay.rows[1]).toMatchObject({ transactions: 1, netSalesCents: 349 + 2 * 899, itemsSold: 3 });
    expect(byDay.rows[2]).toMatchObject({
      transactions: 0,
      returns: 2,
      grossSalesCents: 0,
      returnsCents: 5285 + 899,
      netSalesCents: -(5285 + 899),
      itemsSold: -2,
      grossMarginCents: -(5285 + 899) + 3000 + 400,
    });
    // The return counts at the cashier who refunded it, against the product and category of its line.
    const byCashier = (
      await reportOf(managerA, { storeId: chicago.id, from: FROM, to: TO, groupBy: 'cashier' })
    ).body as SalesReport;
    expect(byCashier.rows.find((row) => row.key === cashier1.id)).toMatchObject({
      transactions: 1,
      returns: 1,
    });
    const byCategory = (
      await reportOf(managerA, { storeId: chicago.id, from: FROM, to: TO, groupBy: 'category' })
    ).body as SalesReport;
    expect(byCategory.rows.map((row) => row.label).sort()).toEqual(['Food', 'Toys', 'Uncategorised']);
    expect(byCategory.rows.find((row) => row.key === null)!.label).toBe('Uncategorised');
    // S1, S2 and S4 each hold food or seed: a sale spanning categories counts in each, once in the totals.
    expect(byCategory.totals.transactions).toBe(3);
    const categoryTransactions = byCategory.rows.reduce((sum, row) => sum + row.transactions, 0);
    expect(categoryTransactions).toBeGreaterThan(byCategory.totals.transactions);
    // New York's weighed sale at 23:50 on the 4th is on the 4th.
    const byDayNy = (await reportOf(admin, { storeId: newYork.id, from: FROM, to: TO, groupBy: 'day' }))
      .body as SalesReport;
    expect(byDayNy.rows.map((row) => [row.key, row.transactions, row.itemsSold])).toEqual([
      ['2026-03-02', 1, 4],
      ['2026-03-04', 1, 1],
      ['2026-03-05', 0, -2],
    ]);
  });

  it('each day row equals the daily-sales report of that store-day', async () => {
    for (const store of [chicago, newYork]) {
      const byDay = (await reportOf(admin, { storeId: store.id, from: FROM, to: TO, groupBy: 'day' }))
        .body as SalesReport;
      expect(byDay.rows.length).toBeGreaterThan(1);
      for (const row of byDay.rows) {
        const daily = await request(t.app)
          .get('/api/reports/daily-sales')
          .query({ storeId: store.id, date: row.key })
          .set('Authorization', `Bearer ${tokens.get(admin.id)}`);
        expect(daily.status).toBe(200);
        const { key, label, ...figures } = row;
        expect(figures).toEqual({
          grossSalesCents: daily.body.grossSalesCents,
          discountCents: daily.body.discountCents,
          returnsCents: daily.body.returnsCents,
          netSalesCents: daily.body.netSalesCents,
          taxCents: daily.body.taxCents,
          transactions: daily.body.transactions,
          returns: daily.body.returns,
          itemsSold: daily.body.itemsSold,
          grossMarginCents: daily.body.grossMarginCents,
        });
      }
    }
  });

  it('a range without sales: no rows, every total 0', async () => {
    const response = await reportOf(managerA, { from: '2025-01-01', to: '2025-12-31', groupBy: 'product' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.rows).toEqual([]);
    expect(response.body.totals).toEqual({
      grossSalesCents: 0,
      discountCents: 0,
      returnsCents: 0,
      netSalesCents: 0,
      taxCents: 0,
      transactions: 0,
      returns: 0,
      itemsSold: 0,
      grossMarginCents: 0,
    });
  });

  it('format=csv: text/csv attachment, a header line, and rows that parse back to the same figures', async () => {
    const toCents = (decimal: string) => {
      expect(decimal).toMatch(/^-?\d+\.\d{2}$/);
      return Math.round(Number(decimal) * 100);
    };
    for (const groupBy of GROUPS) {
      const json = (await reportOf(admin, { from: FROM, to: TO, groupBy })).body as SalesReport;
      const response = await reportOf(admin, { from: FROM, to: TO, groupBy, format: 'csv' });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="sales-by-${groupBy}-${FROM}-${TO}.csv"`,
      );
      const records = parse(response.text, { columns: true }) as Record<string, string>[];
      expect(records).toHaveLength(json.rows.length);
      records.forEach((record, index) => {
        const row = json.rows[index]!;
        const idColumn = groupBy === 'day' ? 'date' : `${groupBy}_id`;
        expect(record[idColumn]).toBe(row.key ?? '');
        if (groupBy !== 'day') {
          expect(record[groupBy]).toBe(row.label);
        }
        expect({
          grossSalesCents: toCents(record.gross_sales!),
          discountCents: toCents(record.discounts!),
          returnsCents: toCents(record.returns!),
          netSalesCents: toCents(record.net_sales!),
          taxCents: toCents(record.tax!),
          transactions: Number(record.transactions),
          returns: Number(record.return_transactions),
          itemsSold: Number(record.items_sold),
          grossMarginCents: toCents(record.gross_margin!),
        }).toEqual({
          grossSalesCents: row.grossSalesCents,
          discountCents: row.discountCents,
          returnsCents: row.returnsCents,
          netSalesCents: row.netSalesCents,
          taxCents: row.taxCents,
          transactions: row.transactions,
          returns: row.returns,
          itemsSold: row.itemsSold,
          grossMarginCents: row.grossMarginCents,
        });
      });
      if (groupBy === 'product') {
        // The toy's name holds a comma and quotes: RFC 4180 quoting keeps it one field.
        expect(response.text).toContain('"Rope toy, ""large"""');
        expect(records.find((record) => record.product_id === toy.id)!.sku).toBe('SR-TOY');
      }
      if (groupBy === 'store') {
        expect(records.map((record) => record.store_code).sort()).toEqual(['SRA', 'SRB']);
      }
    }
    // Negative money keeps its sign and two digits (the 5th of March is returns only).
    const days = await reportOf(managerA, { from: FROM, to: TO, groupBy: 'day', format: 'csv' });
    const fifth = (parse(days.text, { columns: true }) as Record<string, string>[]).find(
      (record) => record.date === '2026-03-05',
    )!;
    expect(fifth.net_sales).toBe('-61.84');
  });
});

describe('GET /api/reports/sales: access and validation', () => {
  it('a cashier → 403; a manager asking for another store → 404; an unknown store → 404 even for an admin', async () => {
    expect((await reportOf(cashier1, { from: FROM, to: TO })).status).toBe(403);
    const foreign = await reportOf(managerA, { storeId: newYork.id, from: FROM, to: TO });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    const nowhere = await reportOf(admin, { storeId: randomUUID(), from: FROM, to: TO });
    expect(nowhere.status).toBe(404);
    const anonymous = await request(t.app).get('/api/reports/sales').query({ from: FROM, to: TO });
    expect(anonymous.status).toBe(401);
  });

  it('a manager without storeId sees only their stores; an admin every store', async () => {
    const own = (await reportOf(managerA, { from: FROM, to: TO, groupBy: 'store' })).body as SalesReport;
    expect(own.rows.map((row) => row.key)).toEqual([chicago.id]);
    const all = (await reportOf(admin, { from: FROM, to: TO, groupBy: 'store' })).body as SalesReport;
    expect(all.rows.map((row) => row.key).sort()).toEqual([chicago.id, newYork.id].sort());
  });

  it('bad input → 400 VALIDATION_FAILED naming the field', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ from: '2026-02-30', to: TO }, 'from'],
      [{ from: 'yesterday', to: TO }, 'from'],
      [{ from: FROM, to: '05/03/2026' }, 'to'],
      [{ to: TO }, 'from'],
      [{ from: FROM }, 'to'],
      [{ from: TO, to: FROM }, 'to'],
      [{ from: '2025-01-01', to: '2026-01-02' }, 'to'],
      [{ from: FROM, to: TO, groupBy: 'week' }, 'groupBy'],
      [{ from: FROM, to: TO, format: 'xlsx' }, 'format'],
      [{ from: FROM, to: TO, storeId: 'not-a-uuid' }, 'storeId'],
      [{ from: FROM, to: TO, colour: 'red' }, ''],
    ];
    for (const [query, field] of cases) {
      const response = await reportOf(managerA, query);
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      if (field) {
        expect(
          response.body.error.details.map((d: { path: string }) => d.path),
          JSON.stringify(query),
        ).toContain(field);
      }
    }
    // 366 days inclusive is the limit: a leap year's whole range is allowed, one more day is not.
    expect((await reportOf(managerA, { from: '2028-01-01', to: '2028-12-31' })).status).toBe(200);
    expect((await reportOf(managerA, { from: '2027-12-31', to: '2028-12-31' })).status).toBe(400);
  });

  it('stores with different currencies: currency is null (the money is mixed), one store keeps its own', async () => {
    // Last in the file: the new store joins every admin report after it.
    const toronto = await makeStore(t.database.db, {
      code: 'SRC',
      timezone: 'America/Toronto',
      currency: 'CAD',
    });
    const all = await reportOf(admin, { from: FROM, to: TO });
    expect(all.body.currency).toBeNull();
    const one = await reportOf(admin, { storeId: toronto.id, from: FROM, to: TO });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ currency: 'CAD', rows: [] });
  });

  it('GET /api/openapi.json documents the route, its query and both media types', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    const operation = doc.paths['/api/reports/sales'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
      ['format', 'from', 'groupBy', 'storeId', 'to'].sort(),
    );
    expect(Object.keys(operation.responses['200'].content).sort()).toEqual(['application/json', 'text/csv']);
  });
});
