import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DailySalesReport, Dashboard, DashboardFigures } from '../../shared/schemas/reports';
import type { Return, Sale } from '../../shared/schemas/sales';
import { inventory } from '../../server/db/schema';
import { dashboardPeriods } from '../../server/modules/reports/dashboard-periods';
import { bearerToken } from '../helpers/auth';
import {
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
 * GET /api/reports/dashboard must agree with the sales it summarises. Two weeks' same weekday are rung up
 * through the real checkout in Chicago (UTC−6) and Los Angeles (UTC−8): sales before and after the time of
 * day "now" stands at, a void, a return, two cashiers. Every figure is recomputed from GET /api/sales/:id and
 * GET /api/returns/:id (and checked against the daily-sales report for whole days); "so far" is tested through
 * the API with a fixed clock and through the pure cut-off helper.
 */
let t: TestApp;
let chicago: StoreFixture;
let la: StoreFixture;
let other: StoreFixture;
let cashier1: UserFixture;
let cashier2: UserFixture;
let cashierB: UserFixture;
let managerA: UserFixture;
let admin: UserFixture;
const tokens = new Map<string, string>();
let food: ProductFixture;
let toy: ProductFixture;
let seed: ProductFixture;
let bulk: ProductFixture;
let productsById: Map<string, ProductFixture>;

const TODAY = '2026-02-17';
const LAST_WEEK = '2026-02-10';
/** 13:30 in Chicago, 11:30 in Los Angeles. */
const NOW = '2026-02-17T19:30:00Z';
const saleIds: string[] = [];
const returnIds: string[] = [];
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
  till: object,
  lines: { productId: string; quantity: number }[],
): Promise<Sale> {
  const response = await as<Sale>(user, at, 'post', '/api/sales', {
    id: randomUUID(),
    ...till,
    lines,
    tenders: [{ method: 'cash', amountCents: 100_000 }],
  });
  expect(response.status, `${name}: ${JSON.stringify(response.body)}`).toBe(201);
  sales[name] = response.body;
  saleIds.push(response.body.id);
  return response.body;
}

const lineOf = (sale: Sale, productId: string) => sale.lines.find((line) => line.productId === productId)!;

async function dashboard(user: UserFixture, at: string, query: string) {
  return as<Dashboard>(user, at, 'get', `/api/reports/dashboard${query}`);
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  chicago = await makeStore(db, { code: 'DSH1', name: 'Chicago', timezone: 'America/Chicago' });
  la = await makeStore(db, { code: 'DSH2', name: 'Los Angeles', timezone: 'America/Los_Angeles' });
  other = await makeStore(db, { code: 'DSH3', name: 'Elsewhere', timezone: 'America/New_York' });
  cashier1 = await makeUser(db, { role: 'cashier', storeIds: [chicago.id] });
  cashier2 = await makeUser(db, { role: 'cashier', storeIds: [chicago.id] });
  cashierB = await makeUser(db, { role: 'cashier', storeIds: [la.id] });
  managerA = await makeUser(db, { role: 'manager', storeIds: [chicago.id] });
  admin = await makeUser(db, { role: 'admin' });
  for (const user of [cashier1, cashier2, cashierB, managerA, admin]) {
    tokens.set(user.id, await bearerToken(t.app, user.username, user.password));
  }
  const foodCategory = await makeCategory(db, { name: 'Food' });
  const toyCategory = await makeCategory(db, { name: 'Toys' });
  food = await makeProduct(db, {
    sku: 'DSH-FOOD',
    name: 'Salmon Kibble',
    priceCents: 5499,
    costCents: 3000,
    categoryId: foodCategory.id,
  });
  toy = await makeProduct(db, {
    sku: 'DSH-TOY',
    name: 'Rope toy',
    priceCents: 899,
    costCents: 400,
    categoryId: toyCategory.id,
  });
  seed = await makeProduct(db, { sku: 'DSH-SEED', name: 'Millet', priceCents: 349, costCents: 150 });
  bulk = await makeProduct(db, {
    sku: 'DSH-BULK',
    name: 'Bird Seed by weight',
    priceCents: 1299,
    costCents: 700,
    unit: 'weight',
    categoryId: foodCategory.id,
  });
  productsById = new Map([food, toy, seed, bulk].map((p) => [p.id, p]));

  vi.useFakeTimers({ toFake: ['Date'] });
  const a1 = await openShift(cashier1, '2026-02-10T13:00:00Z', chicago.id, 'd-1');
  const a2 = await openShift(cashier2, '2026-02-10T13:00:00Z', chicago.id, 'd-2');
  const b1 = await openShift(cashierB, '2026-02-10T15:00:00Z', la.id, 'l-1');
  // Last week in Chicago: 09:00 (before 13:30) and 15:00 (after).
  await sell('L1', cashier1, '2026-02-10T15:00:00Z', a1, [{ productId: food.id, quantity: 1 }]);
  await sell('L2', cashier2, '2026-02-10T21:00:00Z', a2, [{ productId: toy.id, quantity: 2 }]);
  // Last week in Los Angeles: 10:00 (before 11:30) and 12:00 (after).
  await sell('M1', cashierB, '2026-02-10T18:00:00Z', b1, [{ productId: toy.id, quantity: 1 }]);
  await sell('M2', cashierB, '2026-02-10T20:00:00Z', b1, [{ productId: food.id, quantity: 1 }]);
  // Today in Chicago: two cashiers, a weighed line, a void, a return.
  await sell('T1', cashier1, '2026-02-17T15:15:00Z', a1, [
    { productId: food.id, quantity: 2 },
    { productId: toy.id, quantity: 1 },
  ]);
  await sell('T2', cashier2, '2026-02-17T16:40:00Z', a2, [
    { productId: bulk.id, quantity: 750 },
    { productId: seed.id, quantity: 3 },
  ]);
  await sell('T3', cashier1, '2026-02-17T17:00:00Z', a1, [{ productId: toy.id, quantity: 2 }]);
  const voided = await as(managerA, '2026-02-17T17:05:00Z', 'post', `/api/sales/${sales.T3!.id}/void`, {
    reason: 'wrong till',
  });
  expect(voided.status, JSON.stringify(voided.body)).toBe(200);
  const returnId = randomUUID();
  const returned = await as(cashier2, '2026-02-17T18:00:00Z', 'post', '/api/returns', {
    id: returnId,
    reason: 'not wanted',
    ...a2,
    originalSaleId: sales.T1!.id,
    lines: [{ originalLineId: lineOf(sales.T1!, toy.id).id, quantity: 1 }],
    refundTenders: [{ method: 'cash', amountCents: lineOf(sales.T1!, toy.id).totalCents }],
  });
  expect(returned.status, JSON.stringify(returned.body)).toBe(201);
  returnIds.push(returnId);
  // Today in Los Angeles: 08:30 and 11:00.
  await sell('N1', cashierB, '2026-02-17T16:30:00Z', b1, [
    { productId: food.id, quantity: 1 },
    { productId: toy.id, quantity: 3 },
  ]);
  await sell('N2', cashierB, '2026-02-17T19:00:00Z', b1, [{ productId: seed.id, quantity: 1 }]);
  vi.useRealTimers();

  // Low stock: two rows in Chicago, one in Los Angeles, one with no reorder point (never low), one above it.
  const levels = async (storeId: string, product: ProductFixture, onHand: number, reorderPoint: number) => {
    await db.insert(inventory).values({ storeId, productId: product.id }).onConflictDoNothing();
    await db
      .update(inventory)
      .set({ onHand, reorderPoint })
      .where(and(eq(inventory.storeId, storeId), eq(inventory.productId, product.id)));
  };
  await levels(chicago.id, food, 2, 5);
  await levels(chicago.id, toy, 5, 5);
  await levels(chicago.id, seed, 50, 5);
  await levels(la.id, food, 0, 3);
  await levels(la.id, seed, 1, 0);
}, 120_000);
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------------------
// The dashboard recomputed from what the API says about each sale and return.

type Recorded = { sales: Sale[]; returns: Return[] };

async function recorded(): Promise<Recorded> {
  const read = async <T>(path: string) => {
    const response = await request(t.app)
      .get(path)
      .set('Authorization', `Bearer ${tokens.get(admin.id)}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as T;
  };
  return {
    sales: await Promise.all(saleIds.map((id) => read<Sale>(`/api/sales/${id}`))),
    returns: await Promise.all(returnIds.map((id) => read<Return>(`/api/returns/${id}`))),
  };
}

type Period = { storeId: string; date: string; until?: string };

const inPeriod = (row: { storeId: string; businessDate: string; createdAt: string }, p: Period) =>
  row.storeId === p.storeId && row.businessDate === p.date && (!p.until || row.createdAt < p.until);

const itemsOf = (productId: string, quantity: number) =>
  productsById.get(productId)!.unit === 'weight' ? 1 : quantity;
const costOf = (productId: string, quantity: number) => {
  const product = productsById.get(productId)!;
  return product.unit === 'weight'
    ? Math.round((product.costCents * quantity) / 1000)
    : product.costCents * quantity;
};
const sum = <T>(rows: T[], pick: (row: T) => number) => rows.reduce((total, row) => total + pick(row), 0);

function recomputeFigures(all: Recorded, periods: Period[]): DashboardFigures {
  const matching = all.sales.filter((sale) => periods.some((p) => inPeriod(sale, p)));
  const completed = matching.filter((sale) => sale.status === 'completed');
  const voided = matching.filter((sale) => sale.status === 'voided');
  const returns = all.returns.filter((r) => periods.some((p) => inPeriod(r, p)));
  const revenue = (row: { totalCents: number; taxCents: number }) => row.totalCents - row.taxCents;
  const salesRevenue = sum(completed, revenue);
  const returnsCents = sum(returns, (r) => r.refundTotalCents - r.taxCents);
  const net = salesRevenue - returnsCents;
  const items = sum(completed, (sale) => sum(sale.lines, (line) => itemsOf(line.productId, line.quantity)));
  const cost =
    sum(completed, (sale) => sum(sale.lines, (line) => costOf(line.productId, line.quantity))) -
    sum(returns, (r) => sum(r.lines, (line) => costOf(line.productId, line.quantity)));
  return {
    netSalesCents: net,
    transactions: completed.length,
    averageBasketCents: completed.length ? Math.round(salesRevenue / completed.length) : 0,
    itemsPerBasket: completed.length ? Math.round((items * 100) / completed.length) / 100 : 0,
    grossMarginCents: net - cost,
    returnsCents,
    returns: returns.length,
    voids: voided.length,
    voidedCents: sum(voided, revenue),
  };
}

function hourIn(timezone: string, instant: string): number {
  return Number(
    new Intl.DateTimeFormat('en-US', { timeZone: timezone, hour: 'numeric', hourCycle: 'h23' }).format(
      new Date(instant),
    ),
  );
}

/** byHour, byCategory, byCashier and topProducts recomputed for today's periods (hours: both weeks). */
function recomputeBreakdowns(all: Recorded, today: Period[], lastWeek: Period[]) {
  const zoneOf = (storeId: string) => [chicago, la].find((s) => s.id === storeId)!.timezone;
  const hours = new Map<
    number,
    { netSalesCents: number; transactions: number; lastWeekNetSalesCents: number }
  >();
  const hour = (h: number) => {
    const entry = hours.get(h) ?? { netSalesCents: 0, transactions: 0, lastWeekNetSalesCents: 0 };
    hours.set(h, entry);
    return entry;
  };
  const categories = new Map<string | null, { netSalesCents: number; itemsSold: number }>();
  const cashiers = new Map<string, { transactions: number; netSalesCents: number }>();
  const products = new Map<string, { quantity: number; netSalesCents: number }>();
  const bump = <K, V extends Record<string, number>>(map: Map<K, V>, key: K, add: V) => {
    const entry: Record<string, number> = { ...(map.get(key) ?? {}) };
    for (const [k, value] of Object.entries(add)) {
      entry[k] = (entry[k] ?? 0) + value;
    }
    map.set(key, entry as V);
  };
  for (const sale of all.sales.filter((s) => s.status === 'completed')) {
    const net = sale.totalCents - sale.taxCents;
    if (lastWeek.some((p) => inPeriod(sale, p))) {
      hour(hourIn(zoneOf(sale.storeId), sale.createdAt)).lastWeekNetSalesCents += net;
    }
    if (!today.some((p) => inPeriod(sale, p))) {
      continue;
    }
    const h = hour(hourIn(zoneOf(sale.storeId), sale.createdAt));
    h.netSalesCents += net;
    h.transactions += 1;
    bump(cashiers, sale.cashierId, { transactions: 1, netSalesCents: net });
    for (const line of sale.lines) {
      bump(categories, productsById.get(line.productId)!.categoryId, {
        netSalesCents: line.totalCents - line.taxCents,
        itemsSold: itemsOf(line.productId, line.quantity),
      });
      bump(products, line.productId, {
        quantity: line.quantity,
        netSalesCents: line.totalCents - line.taxCents,
      });
    }
  }
  for (const r of all.returns) {
    const refunded = r.refundTotalCents - r.taxCents;
    if (lastWeek.some((p) => inPeriod(r, p))) {
      hour(hourIn(zoneOf(r.storeId), r.createdAt)).lastWeekNetSalesCents -= refunded;
    }
    if (!today.some((p) => inPeriod(r, p))) {
      continue;
    }
    hour(hourIn(zoneOf(r.storeId), r.createdAt)).netSalesCents -= refunded;
    bump(cashiers, r.cashierId, { transactions: 0, netSalesCents: -refunded });
    for (const line of r.lines) {
      bump(categories, productsById.get(line.productId)!.categoryId, {
        netSalesCents: -(line.refundCents - line.taxCents),
        itemsSold: -itemsOf(line.productId, line.quantity),
      });
      bump(products, line.productId, {
        quantity: -line.quantity,
        netSalesCents: -(line.refundCents - line.taxCents),
      });
    }
  }
  const byNet = (a: { netSalesCents: number }, b: { netSalesCents: number }) =>
    b.netSalesCents - a.netSalesCents;
  return {
    byHour: [...hours].sort(([a], [b]) => a - b).map(([h, f]) => ({ hour: h, ...f })),
    byCategory: [...categories].map(([categoryId, f]) => ({ categoryId, ...f })).sort(byNet),
    byCashier: [...cashiers].map(([cashierId, f]) => ({ cashierId, ...f })).sort(byNet),
    topProducts: [...products]
      .map(([productId, f]) => ({ productId, ...f }))
      .sort(byNet)
      .slice(0, 10),
  };
}

async function dailyReport(storeId: string, date: string): Promise<DailySalesReport> {
  const response = await request(t.app)
    .get('/api/reports/daily-sales')
    .query({ storeId, date })
    .set('Authorization', `Bearer ${tokens.get(admin.id)}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as DailySalesReport;
}

async function lowStockListed(storeId: string): Promise<number> {
  const response = await request(t.app)
    .get(`/api/stores/${storeId}/inventory`)
    .query({ lowStock: 'true', limit: 200 })
    .set('Authorization', `Bearer ${tokens.get(admin.id)}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body.items as unknown[]).length;
}

// ---------------------------------------------------------------------------------------------------------

describe('GET /api/reports/dashboard agrees with the sales it summarises', () => {
  it('today so far: both stores, last week cut at each store’s own time of day', async () => {
    const all = await recorded();
    const response = await dashboard(admin, NOW, `?storeId=${chicago.id}&storeId=${la.id}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const body = response.body;
    // 13:30 in Chicago, 11:30 in Los Angeles, a week earlier.
    const chicagoUntil = '2026-02-10T19:30:00.000Z';
    const laUntil = '2026-02-10T19:30:00.000Z';
    expect(body.date).toBe(TODAY);
    expect(body.asOf).toBe(new Date(NOW).toISOString());
    expect(body.currency).toBe('USD');
    expect(body.stores).toEqual([
      {
        id: chicago.id,
        code: 'DSH1',
        name: 'Chicago',
        date: TODAY,
        lastWeekDate: LAST_WEEK,
        compareUntil: chicagoUntil,
      },
      {
        id: la.id,
        code: 'DSH2',
        name: 'Los Angeles',
        date: TODAY,
        lastWeekDate: LAST_WEEK,
        compareUntil: laUntil,
      },
    ]);
    const today: Period[] = [
      { storeId: chicago.id, date: TODAY },
      { storeId: la.id, date: TODAY },
    ];
    const lastWeek: Period[] = [
      { storeId: chicago.id, date: LAST_WEEK, until: chicagoUntil },
      { storeId: la.id, date: LAST_WEEK, until: laUntil },
    ];
    expect(body.today).toEqual(recomputeFigures(all, today));
    expect(body.lastWeek).toEqual(recomputeFigures(all, lastWeek));
    // Only the sales before the time of day: L1 and M1, not L2 or M2.
    expect(body.lastWeek.transactions).toBe(2);
    expect(body.today.voids).toBe(1);
    expect(body.today.returns).toBe(1);
    expect(body.today.voidedCents).toBe(sales.T3!.totalCents - sales.T3!.taxCents);
    const expected = recomputeBreakdowns(all, today, lastWeek);
    expect(body.byHour).toEqual(expected.byHour);
    expect(
      body.byCategory.map(({ categoryId, netSalesCents, itemsSold }) => ({
        categoryId,
        netSalesCents,
        itemsSold,
      })),
    ).toEqual(expected.byCategory);
    expect(
      body.byCashier.map(({ cashierId, transactions, netSalesCents }) => ({
        cashierId,
        transactions,
        netSalesCents,
      })),
    ).toEqual(expected.byCashier);
    expect(new Set(body.byCashier.map((row) => row.cashierId))).toEqual(
      new Set([cashier1.id, cashier2.id, cashierB.id]),
    );
    expect(
      body.topProducts.map(({ productId, quantity, netSalesCents }) => ({
        productId,
        quantity,
        netSalesCents,
      })),
    ).toEqual(expected.topProducts);
    expect(body.byStore).toEqual([
      {
        storeId: chicago.id,
        code: 'DSH1',
        name: 'Chicago',
        today: recomputeFigures(all, [today[0]!]),
        lastWeek: recomputeFigures(all, [lastWeek[0]!]),
      },
      {
        storeId: la.id,
        code: 'DSH2',
        name: 'Los Angeles',
        today: recomputeFigures(all, [today[1]!]),
        lastWeek: recomputeFigures(all, [lastWeek[1]!]),
      },
    ]);
    expect(body.lowStockCount).toBe(3);
    expect(body.lowStockCount).toBe((await lowStockListed(chicago.id)) + (await lowStockListed(la.id)));
  });

  it('a past date: whole day against whole day, each store agreeing with the daily-sales report', async () => {
    const all = await recorded();
    const response = await dashboard(
      admin,
      '2026-02-19T12:00:00Z',
      `?date=${TODAY}&storeId=${chicago.id}&storeId=${la.id}`,
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const body = response.body;
    expect(body.stores.map((s) => s.compareUntil)).toEqual([null, null]);
    expect(body.lastWeek).toEqual(
      recomputeFigures(all, [
        { storeId: chicago.id, date: LAST_WEEK },
        { storeId: la.id, date: LAST_WEEK },
      ]),
    );
    expect(body.lastWeek.transactions).toBe(4);
    for (const [i, store] of [chicago, la].entries()) {
      const row = body.byStore![i]!;
      expect(row.storeId).toBe(store.id);
      for (const [figures, date] of [
        [row.today, TODAY],
        [row.lastWeek, LAST_WEEK],
      ] as const) {
        const daily = await dailyReport(store.id, date);
        expect(figures.netSalesCents).toBe(daily.netSalesCents);
        expect(figures.transactions).toBe(daily.transactions);
        expect(figures.averageBasketCents).toBe(daily.averageBasketCents);
        expect(figures.grossMarginCents).toBe(daily.grossMarginCents);
        expect(figures.returnsCents).toBe(daily.returnsCents);
        expect(figures.returns).toBe(daily.returns);
      }
    }
    const chicagoToday = await dailyReport(chicago.id, TODAY);
    const one = await dashboard(admin, '2026-02-19T12:00:00Z', `?date=${TODAY}&storeId=${chicago.id}`);
    expect(one.status).toBe(200);
    expect(one.body.byStore).toBeUndefined();
    expect(one.body.byCategory).toEqual(chicagoToday.byCategory);
    expect(one.body.byCashier).toEqual(chicagoToday.byCashier);
    expect(one.body.topProducts).toEqual(chicagoToday.topProducts);
    // The dashboard also lists the hours only last week had (today's figures 0 there).
    const todayHours = new Set(chicagoToday.byHour.map((row) => row.hour));
    const [shared, lastWeekOnly] = [
      one.body.byHour.filter((row) => todayHours.has(row.hour)),
      one.body.byHour.filter((row) => !todayHours.has(row.hour)),
    ];
    expect(
      shared.map(({ hour, netSalesCents, transactions }) => ({ hour, netSalesCents, transactions })),
    ).toEqual(chicagoToday.byHour);
    expect(lastWeekOnly.map((row) => [row.hour, row.netSalesCents, row.transactions])).toEqual([[15, 0, 0]]);
    const chicagoLastWeek = await dailyReport(chicago.id, LAST_WEEK);
    expect(sum(one.body.byHour, (row) => row.lastWeekNetSalesCents)).toBe(chicagoLastWeek.netSalesCents);
    expect(one.body.lowStockCount).toBe(await lowStockListed(chicago.id));
  });

  it('no date: each store’s own today; a day without sales is all zero', async () => {
    // 06:30Z on the 18th: still the 17th in both stores (00:30 and 22:30), last week cut at those times.
    const late = await dashboard(admin, '2026-02-18T06:30:00Z', `?storeId=${chicago.id}&storeId=${la.id}`);
    expect(late.status).toBe(200);
    expect(late.body.stores.map((s) => [s.date, s.compareUntil])).toEqual([
      ['2026-02-18', '2026-02-11T06:30:00.000Z'],
      [TODAY, '2026-02-11T06:30:00.000Z'],
    ]);
    expect(late.body.date).toBeNull();
    // Chicago's today (the 18th) has nothing yet; Los Angeles' 17th is whole.
    expect(late.body.byStore![0]!.today.transactions).toBe(0);
    expect(late.body.byStore![1]!.today).toEqual(
      recomputeFigures(await recorded(), [{ storeId: la.id, date: TODAY }]),
    );
    const empty = await dashboard(admin, NOW, `?date=2026-03-03&storeId=${chicago.id}`);
    expect(empty.status).toBe(200);
    expect(empty.body.today).toEqual({
      netSalesCents: 0,
      transactions: 0,
      averageBasketCents: 0,
      itemsPerBasket: 0,
      grossMarginCents: 0,
      returnsCents: 0,
      returns: 0,
      voids: 0,
      voidedCents: 0,
    });
    expect([empty.body.byHour, empty.body.byCategory, empty.body.byCashier, empty.body.topProducts]).toEqual([
      [],
      [],
      [],
      [],
    ]);
  });
});

describe('GET /api/reports/dashboard: who sees what, and bad input', () => {
  it('a manager sees their own store by default; an admin every active store; a cashier 403', async () => {
    const mine = await dashboard(managerA, NOW, '');
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.stores.map((s) => s.id)).toEqual([chicago.id]);
    expect(mine.body.byStore).toBeUndefined();
    const all = await dashboard(admin, NOW, '');
    expect(all.status).toBe(200);
    const ids = all.body.stores.map((s) => s.id);
    for (const id of [chicago.id, la.id, other.id]) {
      expect(ids).toContain(id);
    }
    expect(all.body.byStore!.length).toBe(ids.length);
    const cashier = await dashboard(cashier1, NOW, `?storeId=${chicago.id}`);
    expect(cashier.status).toBe(403);
  });

  it("another store → 404, alone or among the manager's own; an unknown store → 404", async () => {
    expect((await dashboard(managerA, NOW, `?storeId=${la.id}`)).status).toBe(404);
    expect((await dashboard(managerA, NOW, `?storeId=${chicago.id}&storeId=${la.id}`)).status).toBe(404);
    expect((await dashboard(admin, NOW, `?storeId=${randomUUID()}`)).status).toBe(404);
  });

  it('a bad date or storeId → 400 naming the field', async () => {
    const badDate = await dashboard(managerA, NOW, '?date=2026-02-30');
    expect(badDate.status).toBe(400);
    expect(JSON.stringify(badDate.body)).toContain('date');
    for (const query of ['?storeId=nope', `?storeId=${chicago.id}&storeId=nope`]) {
      const bad = await dashboard(managerA, NOW, query);
      expect(bad.status, query).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('storeId');
    }
    const unknown = await dashboard(managerA, NOW, '?store=1');
    expect(unknown.status).toBe(400);
  });

  it('GET /api/openapi.json documents the route and its query', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    const operation = doc.paths['/api/reports/dashboard'].get;
    expect(operation.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['date', 'storeId']);
  });
});

describe('dashboardPeriods: "so far" is the same local time of day a week earlier', () => {
  it('today cuts last week at the wall-clock time now, per store', () => {
    const now = new Date('2026-02-17T16:30:15.250Z');
    expect(dashboardPeriods(now, 'America/Chicago')).toEqual({
      date: TODAY,
      lastWeekDate: LAST_WEEK,
      lastWeekUntil: new Date('2026-02-10T16:30:15.250Z'),
    });
    // Tokyo is already on the 18th at 01:30.
    expect(dashboardPeriods(now, 'Asia/Tokyo')).toEqual({
      date: '2026-02-18',
      lastWeekDate: '2026-02-11',
      lastWeekUntil: new Date('2026-02-10T16:30:15.250Z'),
    });
  });

  it('across a DST change the wall-clock time is kept, not the elapsed hours', () => {
    // 10:30 in New York on 2026-03-10 (EDT, UTC−4); a week before it was EST (UTC−5): 10:30 is 15:30Z.
    expect(dashboardPeriods(new Date('2026-03-10T14:30:00Z'), 'America/New_York').lastWeekUntil).toEqual(
      new Date('2026-03-03T15:30:00Z'),
    );
  });

  it('a date other than today compares whole days', () => {
    expect(dashboardPeriods(new Date('2026-02-17T16:30:00Z'), 'America/Chicago', '2026-02-16')).toEqual({
      date: '2026-02-16',
      lastWeekDate: '2026-02-09',
      lastWeekUntil: null,
    });
  });
});
