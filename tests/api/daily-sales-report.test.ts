import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DailySalesReport } from '../../shared/schemas/reports';
import type { Return, Sale } from '../../shared/schemas/sales';
import { products } from '../../server/db/schema';
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
 * GET /api/reports/daily-sales must agree with the sales it summarises. A day is rung up through the real
 * checkout (several cashiers, categories, a weighed product, line and cart discounts, a split tender, a void,
 * returns, a sale at 23:30 and one just after midnight, a tax-inclusive second store in another time zone);
 * the test then recomputes every figure from what GET /api/sales and GET /api/returns/:id say, with the
 * definitions of shared/schemas/reports.ts and the costs the factories gave the products, and compares.
 */
let t: TestApp;
let chicago: StoreFixture;
let newYork: StoreFixture;
let cashier1: UserFixture;
let cashier2: UserFixture;
let managerA: UserFixture;
let cashierB: UserFixture;
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
const returnIds: string[] = [];

const DAY = '2026-02-10';
const DAY_BEFORE = '2026-02-09';
const DAY_AFTER = '2026-02-11';
const sales: Record<string, Sale> = {};

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

async function openShift(
  user: UserFixture,
  at: string,
  storeId: string,
  registerId: string,
): Promise<string> {
  const response = await as(user, at, 'post', '/api/shifts', {
    storeId,
    registerId,
    openingFloatCents: 10_000,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body.id as string;
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
  return response.body;
}

async function giveBack(user: UserFixture, at: string, body: Record<string, unknown>): Promise<Return> {
  const id = randomUUID();
  const response = await as<Return>(user, at, 'post', '/api/returns', { id, reason: 'not wanted', ...body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  returnIds.push(id);
  return response.body;
}

const lineOf = (sale: Sale, productId: string) => sale.lines.find((line) => line.productId === productId)!;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  chicago = await makeStore(db, { code: 'RPT1', timezone: 'America/Chicago' });
  newYork = await makeStore(db, { code: 'RPT2', timezone: 'America/New_York', pricesIncludeTax: true });
  cashier1 = await makeUser(db, { role: 'cashier', storeIds: [chicago.id] });
  cashier2 = await makeUser(db, { role: 'cashier', storeIds: [chicago.id] });
  managerA = await makeUser(db, { role: 'manager', storeIds: [chicago.id] });
  cashierB = await makeUser(db, { role: 'cashier', storeIds: [newYork.id] });
  admin = await makeUser(db, { role: 'admin' });
  const users = [cashier1, cashier2, managerA, cashierB, admin];
  for (const user of users) {
    tokens.set(user.id, await bearerToken(t.app, user.username, user.password));
  }
  userNames = new Map(users.map((user) => [user.id, user.name]));
  foodCategory = await makeCategory(db, { name: 'Food' });
  toyCategory = await makeCategory(db, { name: 'Toys' });
  categoryNames = new Map([
    [foodCategory.id, foodCategory.name],
    [toyCategory.id, toyCategory.name],
  ]);
  food = await makeProduct(db, {
    sku: 'RPT-FOOD',
    name: 'Salmon Kibble 12 kg',
    priceCents: 5499,
    costCents: 3000,
    categoryId: foodCategory.id,
  });
  toy = await makeProduct(db, {
    sku: 'RPT-TOY',
    name: 'Rope toy',
    priceCents: 899,
    costCents: 400,
    categoryId: toyCategory.id,
  });
  seed = await makeProduct(db, {
    sku: 'RPT-SEED',
    name: 'Millet Seed 1 kg',
    priceCents: 349,
    costCents: 150,
    taxClass: 'reduced',
  });
  bulk = await makeProduct(db, {
    sku: 'RPT-BULK',
    name: 'Bird Seed by weight',
    priceCents: 1299,
    costCents: 700,
    unit: 'weight',
    categoryId: foodCategory.id,
  });
  productsById = new Map([food, toy, seed, bulk].map((p) => [p.id, p]));

  // Chicago is UTC−6 in February: local 09:15 is 15:15Z.
  vi.useFakeTimers({ toFake: ['Date'] });
  const till1 = await openShift(cashier1, '2026-02-10T02:00:00Z', chicago.id, 'a-1');
  const till2 = await openShift(cashier2, '2026-02-10T02:00:00Z', chicago.id, 'a-2');
  const a1 = { storeId: chicago.id, registerId: 'a-1', shiftId: till1 };
  const a2 = { storeId: chicago.id, registerId: 'a-2', shiftId: till2 };

  // The evening before (22:00 local): its toy comes back on the day.
  await sell('S0', cashier2, '2026-02-10T04:00:00Z', {
    ...a2,
    lines: [
      { productId: toy.id, quantity: 1 },
      { productId: food.id, quantity: 1 },
    ],
    tenders: [{ method: 'cash', amountCents: 10_000 }],
  });
  // 09:15: the contract's example A with line and cart discounts, all cash (13315, 1685 change).
  await sell('S1', cashier1, '2026-02-10T15:15:00Z', {
    ...a1,
    lines: [
      { productId: food.id, quantity: 2 },
      { productId: toy.id, quantity: 1, discount: { type: 'percent', value: 10, reason: 'damaged box' } },
      { productId: seed.id, quantity: 3 },
    ],
    cartDiscount: { type: 'amount', value: 500, reason: 'loyalty' },
    tenders: [{ method: 'cash', amountCents: 15_000 }],
  });
  // 10:40: 750 g by weight and seed, split card 1000 + cash 2000 (2127 due, 873 change).
  await sell('S2', cashier2, '2026-02-10T16:40:00Z', {
    ...a2,
    lines: [
      { productId: bulk.id, quantity: 750 },
      { productId: seed.id, quantity: 3 },
    ],
    tenders: [
      { method: 'card', amountCents: 1000, reference: 'AUTH-S2' },
      { method: 'cash', amountCents: 2000 },
    ],
  });
  // 10:55, voided at 11:00: counts nowhere.
  await sell('S3', cashier1, '2026-02-10T16:55:00Z', {
    ...a1,
    lines: [{ productId: toy.id, quantity: 2 }],
    tenders: [{ method: 'cash', amountCents: 2000 }],
  });
  const voided = await as(managerA, '2026-02-10T17:00:00Z', 'post', `/api/sales/${sales.S3!.id}/void`, {
    reason: 'rang up on the wrong till',
  });
  expect(voided.status, JSON.stringify(voided.body)).toBe(200);
  // 12:30: yesterday's toy comes back, refunded in cash.
  await giveBack(cashier2, '2026-02-10T18:30:00Z', {
    ...a2,
    originalSaleId: sales.S0!.id,
    lines: [{ originalLineId: lineOf(sales.S0!, toy.id).id, quantity: 1 }],
    refundTenders: [{ method: 'cash', amountCents: lineOf(sales.S0!, toy.id).totalCents }],
  });
  // 14:05: the manager rings one bag on a card (5499 + 454 tax).
  await sell('S4', managerA, '2026-02-10T20:05:00Z', {
    storeId: chicago.id,
    registerId: 'a-3',
    lines: [{ productId: food.id, quantity: 1 }],
    tenders: [{ method: 'card', amountCents: 5953, reference: 'AUTH-S4' }],
  });
  // 16:20: one of S1's two bags comes back, to cash (5721).
  await giveBack(cashier1, '2026-02-10T22:20:00Z', {
    ...a1,
    originalSaleId: sales.S1!.id,
    lines: [{ originalLineId: lineOf(sales.S1!, food.id).id, quantity: 1, restock: false }],
    refundTenders: [{ method: 'cash', amountCents: 5721 }],
  });
  // 23:30 local is 05:30Z the next day: still the 10th in Chicago.
  await sell('S5', cashier2, '2026-02-11T05:30:00Z', {
    ...a2,
    lines: [{ productId: seed.id, quantity: 1 }],
    tenders: [{ method: 'card', amountCents: 358, reference: 'AUTH-S5' }],
  });
  // 00:10 local on the 11th: not the 10th.
  await sell('S6', cashier1, '2026-02-11T06:10:00Z', {
    ...a1,
    lines: [{ productId: toy.id, quantity: 1 }],
    tenders: [{ method: 'card', amountCents: 973, reference: 'AUTH-S6' }],
  });

  // New York (UTC−5), prices include tax.
  const tillB = await openShift(cashierB, '2026-02-10T13:00:00Z', newYork.id, 'b-1');
  const b1 = { storeId: newYork.id, registerId: 'b-1', shiftId: tillB };
  await sell('B1', cashierB, '2026-02-10T14:05:00Z', {
    ...b1,
    lines: [
      { productId: food.id, quantity: 1 },
      { productId: toy.id, quantity: 3 },
    ],
    cartDiscount: { type: 'percent', value: 10, reason: 'new customer' },
    tenders: [{ method: 'cash', amountCents: 10_000 }],
  });
  await sell('B2', cashierB, '2026-02-10T18:45:00Z', {
    ...b1,
    lines: [{ productId: bulk.id, quantity: 500 }],
    tenders: [
      { method: 'card', amountCents: 300, reference: 'AUTH-B2' },
      { method: 'cash', amountCents: 500 },
    ],
  });
  await giveBack(cashierB, '2026-02-10T22:10:00Z', {
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

async function salesOf(storeId: string, date: string): Promise<Sale[]> {
  const response = await request(t.app)
    .get('/api/sales')
    .query({ storeId, from: date, to: date, limit: 500 })
    .set('Authorization', `Bearer ${tokens.get(admin.id)}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  expect(response.body.nextCursor).toBeNull();
  return response.body.items as Sale[];
}

async function returnsOf(storeId: string, date: string): Promise<Return[]> {
  const all: Return[] = [];
  for (const id of returnIds) {
    const response = await request(t.app)
      .get(`/api/returns/${id}`)
      .set('Authorization', `Bearer ${tokens.get(admin.id)}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    all.push(response.body as Return);
  }
  return all.filter((r) => r.storeId === storeId && r.businessDate === date);
}

function hourIn(timezone: string, instant: string): number {
  const hour = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hour: 'numeric',
    hourCycle: 'h23',
  }).format(new Date(instant));
  return Number(hour);
}

/** Pieces, a weighed line counting as one item. */
const itemsOf = (productId: string, quantity: number) =>
  productsById.get(productId)!.unit === 'weight' ? 1 : quantity;

/** Cost of goods from the factory's cost: per piece, or per kg of the grams sold (half-up). */
const costOf = (productId: string, quantity: number) => {
  const product = productsById.get(productId)!;
  return product.unit === 'weight'
    ? Math.round((product.costCents * quantity) / 1000)
    : product.costCents * quantity;
};

function add<K>(map: Map<K, Record<string, number>>, key: K, figures: Record<string, number>): void {
  const entry = map.get(key) ?? {};
  for (const [name, value] of Object.entries(figures)) {
    entry[name] = (entry[name] ?? 0) + value;
  }
  map.set(key, entry);
}

/** Every figure of the report from the day's sales and returns; money excludes tax, returns subtract. */
function recompute(
  store: StoreFixture,
  date: string,
  daySales: Sale[],
  dayReturns: Return[],
): DailySalesReport {
  const completed = daySales.filter((sale) => sale.status === 'completed');
  const sum = <T>(rows: T[], pick: (row: T) => number) => rows.reduce((total, row) => total + pick(row), 0);
  // What the sale or line brought in before tax: in a tax-inclusive store the tax is inside the total.
  const revenue = (row: { totalCents: number; taxCents: number }) => row.totalCents - row.taxCents;
  const salesRevenue = sum(completed, revenue);
  const discountCents = sum(completed, (sale) => sale.discountCents);
  const returnsCents = sum(dayReturns, (r) => r.refundTotalCents - r.taxCents);
  const grossSalesCents = sum(
    completed,
    (sale) => sale.subtotalCents - (sale.pricesIncludeTax ? sale.taxCents : 0),
  );
  const netSalesCents = grossSalesCents - discountCents - returnsCents;
  const soldCost = sum(completed, (sale) => sum(sale.lines, (line) => costOf(line.productId, line.quantity)));
  const returnedCost = sum(dayReturns, (r) => sum(r.lines, (line) => costOf(line.productId, line.quantity)));

  const hours = new Map<number, Record<string, number>>();
  const categories = new Map<string | null, Record<string, number>>();
  const tenders = new Map<string, Record<string, number>>();
  const cashiers = new Map<string, Record<string, number>>();
  const products = new Map<string, Record<string, number>>();
  for (const sale of completed) {
    add(hours, hourIn(store.timezone, sale.createdAt), { netSalesCents: revenue(sale), transactions: 1 });
    add(cashiers, sale.cashierId, { netSalesCents: revenue(sale), transactions: 1 });
    for (const line of sale.lines) {
      const categoryId = productsById.get(line.productId)!.categoryId;
      add(categories, categoryId, {
        netSalesCents: revenue(line),
        itemsSold: itemsOf(line.productId, line.quantity),
      });
      add(products, line.productId, { netSalesCents: revenue(line), quantity: line.quantity });
    }
    for (const tender of sale.tenders) {
      add(tenders, tender.method, { salesCents: tender.amountCents, refundsCents: 0 });
    }
    // The change came out of the drawer's cash.
    add(tenders, 'cash', { salesCents: -sale.changeDueCents, refundsCents: 0 });
  }
  for (const r of dayReturns) {
    const refunded = r.refundTotalCents - r.taxCents;
    add(hours, hourIn(store.timezone, r.createdAt), { netSalesCents: -refunded, transactions: 0 });
    add(cashiers, r.cashierId, { netSalesCents: -refunded, transactions: 0 });
    for (const line of r.lines) {
      const categoryId = productsById.get(line.productId)!.categoryId;
      add(categories, categoryId, {
        netSalesCents: -(line.refundCents - line.taxCents),
        itemsSold: -itemsOf(line.productId, line.quantity),
      });
      add(products, line.productId, {
        netSalesCents: -(line.refundCents - line.taxCents),
        quantity: -line.quantity,
      });
    }
    for (const tender of r.refundTenders) {
      add(tenders, tender.method, { salesCents: 0, refundsCents: tender.amountCents });
    }
  }
  const byRevenue = (a: { netSalesCents: number }, b: { netSalesCents: number }) =>
    b.netSalesCents - a.netSalesCents;
  return {
    storeId: store.id,
    date,
    currency: 'USD',
    grossSalesCents,
    discountCents,
    returnsCents,
    netSalesCents,
    taxCents: sum(completed, (sale) => sale.taxCents) - sum(dayReturns, (r) => r.taxCents),
    transactions: completed.length,
    returns: dayReturns.length,
    averageBasketCents: completed.length > 0 ? Math.round(salesRevenue / completed.length) : 0,
    itemsSold:
      sum(completed, (sale) => sum(sale.lines, (line) => itemsOf(line.productId, line.quantity))) -
      sum(dayReturns, (r) => sum(r.lines, (line) => itemsOf(line.productId, line.quantity))),
    grossMarginCents: netSalesCents - (soldCost - returnedCost),
    byHour: [...hours]
      .sort(([a], [b]) => a - b)
      .map(([hour, f]) => ({ hour, netSalesCents: f.netSalesCents!, transactions: f.transactions! })),
    byCategory: [...categories]
      .map(([categoryId, f]) => ({
        categoryId,
        name: categoryId ? categoryNames.get(categoryId)! : 'Uncategorised',
        netSalesCents: f.netSalesCents!,
        itemsSold: f.itemsSold!,
      }))
      .sort(byRevenue),
    byTender: [...tenders]
      .map(([method, f]) => ({
        method,
        salesCents: f.salesCents!,
        refundsCents: f.refundsCents!,
        netCents: f.salesCents! - f.refundsCents!,
      }))
      .sort((a, b) => a.method.localeCompare(b.method)),
    byCashier: [...cashiers]
      .map(([cashierId, f]) => ({
        cashierId,
        name: userNames.get(cashierId)!,
        transactions: f.transactions!,
        netSalesCents: f.netSalesCents!,
      }))
      .sort(byRevenue),
    topProducts: [...products]
      .map(([productId, f]) => ({
        productId,
        sku: productsById.get(productId)!.sku,
        name: productsById.get(productId)!.name,
        unit: productsById.get(productId)!.unit,
        quantity: f.quantity!,
        netSalesCents: f.netSalesCents!,
      }))
      .sort(byRevenue)
      .slice(0, 10),
  };
}

async function reportOf(user: UserFixture, storeId: string, date?: string) {
  return request(t.app)
    .get('/api/reports/daily-sales')
    .query(date ? { storeId, date } : { storeId })
    .set('Authorization', `Bearer ${tokens.get(user.id)}`);
}

describe('GET /api/reports/daily-sales agrees with the sales it summarises', () => {
  it('Chicago, tax on top: every figure recomputed from the day’s sales and returns', async () => {
    const daySales = await salesOf(chicago.id, DAY);
    const dayReturns = await returnsOf(chicago.id, DAY);
    // The day as rung up: S1–S5 (S3 voided), the two returns; S0 was the day before, S6 the day after.
    expect(daySales.map((sale) => sale.id).sort()).toEqual(
      ['S1', 'S2', 'S3', 'S4', 'S5'].map((name) => sales[name]!.id).sort(),
    );
    expect(daySales.find((sale) => sale.id === sales.S3!.id)!.status).toBe('voided');
    expect(dayReturns).toHaveLength(2);

    const response = await reportOf(managerA, chicago.id, DAY);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const report = response.body as DailySalesReport;
    const expected = recompute(chicago, DAY, daySales, dayReturns);
    expect({
      ...report,
      byTender: [...report.byTender].sort((a, b) => a.method.localeCompare(b.method)),
    }).toEqual(expected);

    // The recomputation is not vacuous: the literals a person would work out by hand.
    // Sales before tax: S1 13315 − 961, S2 2127 − 106, S4 5953 − 454, S5 358 − 9 = 12354 + 2021 + 5499 + 349.
    expect(report.transactions).toBe(4);
    expect(report.discountCents).toBe(590);
    expect(report.grossSalesCents).toBe(20_223 + 590);
    // Returns before tax: S1's bag 5721 − 436, S0's toy 899.
    expect(report.returnsCents).toBe(5285 + 899);
    expect(report.netSalesCents).toBe(20_223 - 5285 - 899);
    expect(report.averageBasketCents).toBe(Math.round(20_223 / 4));
    // Pieces: S1 2 + 1 + 3, S2 1 (weighed) + 3, S4 1, S5 1 = 12, less the two returned.
    expect(report.itemsSold).toBe(10);
    // Costs: S1 6000 + 400 + 450, S2 525 + 450, S4 3000, S5 150 = 10975, less returned 3000 + 400.
    expect(report.grossMarginCents).toBe(20_223 - 5285 - 899 - (10_975 - 3400));
    expect(report.byHour.map((h) => h.hour)).toEqual([9, 10, 12, 14, 16, 23]);
    expect(report.byHour.find((h) => h.hour === 23)).toEqual({
      hour: 23,
      netSalesCents: 349,
      transactions: 1,
    });
    expect(report.byTender.find((tender) => tender.method === 'cash')).toEqual({
      method: 'cash',
      salesCents: 15_000 - 1685 + 2000 - 873,
      refundsCents: 5721 + 973,
      netCents: 15_000 - 1685 + 2000 - 873 - 5721 - 973,
    });
    expect(report.byCategory.map((c) => c.name)).toContain('Uncategorised');
  });

  it('New York, tax inside the prices: the tax comes out of every money figure', async () => {
    const daySales = await salesOf(newYork.id, DAY);
    const dayReturns = await returnsOf(newYork.id, DAY);
    expect(daySales).toHaveLength(2);
    expect(dayReturns).toHaveLength(1);
    const response = await reportOf(admin, newYork.id, DAY);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const report = response.body as DailySalesReport;
    expect({
      ...report,
      byTender: [...report.byTender].sort((a, b) => a.method.localeCompare(b.method)),
    }).toEqual(recompute(newYork, DAY, daySales, dayReturns));
    // Tax-inclusive: the sales' totals are what was rung up, so gross + tax = Σ line gross.
    const linesGross = daySales.reduce((total, sale) => total + sale.subtotalCents, 0);
    const salesTax = daySales.reduce((total, sale) => total + sale.taxCents, 0);
    expect(report.grossSalesCents + salesTax).toBe(linesGross);
    expect(report.taxCents).toBeGreaterThan(0);
    // Hours on New York's clock: 09:05, 13:45 and the return at 17:10.
    expect(report.byHour.map((h) => h.hour)).toEqual([9, 13, 17]);
  });

  it('a return counts on the day it happens, not on the day of its sale; the next day keeps its own sale', async () => {
    const before = await reportOf(managerA, chicago.id, DAY_BEFORE);
    expect(before.status).toBe(200);
    expect(before.body).toEqual(
      recompute(
        chicago,
        DAY_BEFORE,
        await salesOf(chicago.id, DAY_BEFORE),
        await returnsOf(chicago.id, DAY_BEFORE),
      ),
    );
    // S0: toy 899 + bag 5499 before tax, nothing returned that day although its toy came back later.
    expect(before.body).toMatchObject({ transactions: 1, returns: 0, returnsCents: 0, netSalesCents: 6398 });

    const after = await reportOf(managerA, chicago.id, DAY_AFTER);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      transactions: 1,
      netSalesCents: 899,
      byHour: [{ hour: 0, transactions: 1 }],
    });
  });

  it('a day without sales: every figure 0 and every breakdown empty', async () => {
    // The report is one statement whose sections are aggregates over the day's rows: with no rows they must
    // still answer zeros and empty lists, not nulls.
    const empty = await reportOf(managerA, chicago.id, '2026-02-12');
    expect(empty.status, JSON.stringify(empty.body)).toBe(200);
    expect(empty.body).toEqual({
      storeId: chicago.id,
      date: '2026-02-12',
      currency: chicago.currency,
      grossSalesCents: 0,
      discountCents: 0,
      returnsCents: 0,
      netSalesCents: 0,
      taxCents: 0,
      transactions: 0,
      returns: 0,
      averageBasketCents: 0,
      itemsSold: 0,
      grossMarginCents: 0,
      byHour: [],
      byCategory: [],
      byTender: [],
      byCashier: [],
      topProducts: [],
    });
  });

  it('a voided sale counts nowhere: not in transactions, tenders, cashiers, categories or products', async () => {
    const report = (await reportOf(managerA, chicago.id, DAY)).body as DailySalesReport;
    const withoutVoid = recompute(
      chicago,
      DAY,
      (await salesOf(chicago.id, DAY)).filter((sale) => sale.status === 'completed'),
      await returnsOf(chicago.id, DAY),
    );
    expect(report.transactions).toBe(withoutVoid.transactions);
    // S3 was two toys at 10:55 for cash by cashier 1: had it counted, hour 10 would hold two sales.
    expect(report.byHour.find((h) => h.hour === 10)).toEqual({
      hour: 10,
      netSalesCents: 2021,
      transactions: 1,
    });
    const toyRow = report.topProducts.find((p) => p.productId === toy.id)!;
    // S1's toy (899 − 90 − its share of the cart discount) less S0's returned toy; no trace of S3's two.
    expect(toyRow.quantity).toBe(1 - 1);
    expect(report.byCashier.find((c) => c.cashierId === cashier1.id)!.transactions).toBe(1);
  });

  it('moving a product to another category later leaves the past day as it was sold', async () => {
    const before = (await reportOf(managerA, chicago.id, DAY)).body as DailySalesReport;
    await t.database.db.update(products).set({ categoryId: foodCategory.id }).where(eq(products.id, toy.id));
    try {
      const after = (await reportOf(managerA, chicago.id, DAY)).body as DailySalesReport;
      expect(after.byCategory).toEqual(before.byCategory);
    } finally {
      await t.database.db.update(products).set({ categoryId: toyCategory.id }).where(eq(products.id, toy.id));
    }
  });

  it('access: a cashier → 403; a manager of another store → 404; a bad date → 400 naming it', async () => {
    const cashierAsks = await reportOf(cashier1, chicago.id, DAY);
    expect(cashierAsks.status).toBe(403);
    const foreign = await reportOf(managerA, newYork.id, DAY);
    expect(foreign.status).toBe(404);
    for (const date of ['2026-02-30', 'yesterday', '10/02/2026']) {
      const bad = await reportOf(managerA, chicago.id, date);
      expect(bad.status, date).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
      expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('date');
    }
    const noStore = await request(t.app)
      .get('/api/reports/daily-sales')
      .set('Authorization', `Bearer ${tokens.get(managerA.id)}`);
    expect(noStore.status).toBe(400);
  });
});
