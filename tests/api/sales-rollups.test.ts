import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SalesReport } from '../../shared/schemas/reports';
import type { Sale } from '../../shared/schemas/sales';
import { queryRows } from '../../server/db/query-rows';
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
 * The daily rollups (sales_daily, sales_daily_category; migrations/0008) must equal a recomputation from the
 * raw sales at every step: sales in two stores and time zones through the real checkout (two categories, an
 * uncategorised product, a weighed line, a cart discount), a void, returns on a later day, a sale deleted by
 * hand; and sales_rollups_rebuild() must give the same rows again, also after a rollup row was damaged. The
 * recomputation reads every completed transaction and its lines and sums them here, not in SQL.
 */
let t: TestApp;
let chicago: StoreFixture;
let newYork: StoreFixture;
let cashierA: UserFixture;
let cashierB: UserFixture;
let manager: UserFixture;
let admin: UserFixture;
const tokens = new Map<string, string>();
let food: ProductFixture;
let toy: ProductFixture;
let seed: ProductFixture;
let bulk: ProductFixture;
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

async function sell(name: string, user: UserFixture, at: string, body: Record<string, unknown>) {
  const response = await as<Sale>(user, at, 'post', '/api/sales', { id: randomUUID(), ...body });
  expect(response.status, `${name}: ${JSON.stringify(response.body)}`).toBe(201);
  sales[name] = response.body;
  return response.body;
}

async function giveBack(user: UserFixture, at: string, body: Record<string, unknown>) {
  const response = await as(user, at, 'post', '/api/returns', {
    id: randomUUID(),
    reason: 'not wanted',
    ...body,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

const lineOf = (sale: Sale, productId: string) => sale.lines.find((line) => line.productId === productId)!;

type RollupRow = {
  store_id: string;
  business_date: string;
  category_id?: string | null;
  sales_revenue_cents: number;
  discount_cents: number;
  returns_cents: number;
  tax_cents: number;
  transactions: number;
  returns_count: number;
  items: number;
  cost_cents: number;
};

const FIGURES = `sales_revenue_cents::float8 as sales_revenue_cents, discount_cents::float8 as discount_cents,
  returns_cents::float8 as returns_cents, tax_cents::float8 as tax_cents, transactions, returns_count,
  items::float8 as items, cost_cents::float8 as cost_cents`;

/** The rollup rows that count (rows of sales all voided or deleted stay at zero counts and are left out). */
async function rollups(): Promise<{ daily: RollupRow[]; byCategory: RollupRow[] }> {
  const db = t.database.db;
  const daily = await queryRows<RollupRow>(
    db,
    sql.raw(`select store_id, business_date::text as business_date, ${FIGURES} from sales_daily
      where transactions + returns_count > 0`),
  );
  const byCategory = await queryRows<RollupRow>(
    db,
    sql.raw(`select store_id, business_date::text as business_date, category_id, ${FIGURES}
      from sales_daily_category where transactions + returns_count > 0`),
  );
  return { daily: sortRows(daily), byCategory: sortRows(byCategory) };
}

function sortRows(rows: RollupRow[]): RollupRow[] {
  const key = (row: RollupRow) => `${row.store_id}|${row.business_date}|${row.category_id ?? ''}`;
  return [...rows].sort((a, b) => key(a).localeCompare(key(b)));
}

/** The same figures summed here from every completed transaction and its lines. */
async function recomputed(): Promise<{ daily: RollupRow[]; byCategory: RollupRow[] }> {
  const lines = await queryRows<{
    id: string;
    kind: 'sale' | 'return';
    store_id: string;
    business_date: string;
    category_id: string | null;
    unit: 'each' | 'weight';
    quantity: number;
    total_cents: number;
    tax_cents: number;
    discount_cents: number;
    cost_cents: number;
  }>(
    t.database.db,
    sql`select t.id, t.kind, t.store_id, t.business_date::text as business_date, i.category_id, i.unit, i.quantity,
          i.total_cents::float8 as total_cents, i.tax_cents::float8 as tax_cents,
          i.discount_cents::float8 as discount_cents, i.cost_cents::float8 as cost_cents
        from sales_transactions t join sales_transaction_items i on i.transaction_id = t.id
        where t.status = 'completed'`,
  );
  const tally = (
    map: Map<string, RollupRow & { sales: Set<string>; returns: Set<string> }>,
    key: string,
    base: Partial<RollupRow>,
    line: (typeof lines)[number],
  ) => {
    let row = map.get(key);
    if (!row) {
      row = {
        store_id: line.store_id,
        business_date: line.business_date,
        ...base,
        sales_revenue_cents: 0,
        discount_cents: 0,
        returns_cents: 0,
        tax_cents: 0,
        transactions: 0,
        returns_count: 0,
        items: 0,
        cost_cents: 0,
        sales: new Set(),
        returns: new Set(),
      };
      map.set(key, row);
    }
    const sign = line.kind === 'sale' ? 1 : -1;
    const net = line.total_cents - line.tax_cents;
    if (line.kind === 'sale') {
      row.sales_revenue_cents += net;
      row.discount_cents += line.discount_cents;
      row.sales.add(line.id);
    } else {
      row.returns_cents += net;
      row.returns.add(line.id);
    }
    row.tax_cents += sign * line.tax_cents;
    row.items += sign * (line.unit === 'weight' ? 1 : line.quantity);
    row.cost_cents += sign * line.cost_cents;
  };
  const daily = new Map<string, RollupRow & { sales: Set<string>; returns: Set<string> }>();
  const byCategory = new Map<string, RollupRow & { sales: Set<string>; returns: Set<string> }>();
  for (const line of lines) {
    tally(daily, `${line.store_id}|${line.business_date}`, {}, line);
    tally(
      byCategory,
      `${line.store_id}|${line.business_date}|${line.category_id}`,
      { category_id: line.category_id },
      line,
    );
  }
  const finish = (rows: Iterable<RollupRow & { sales: Set<string>; returns: Set<string> }>) =>
    sortRows(
      [...rows].map(({ sales: saleIds, returns: returnIds, ...row }) => ({
        ...row,
        transactions: saleIds.size,
        returns_count: returnIds.size,
      })),
    );
  return { daily: finish(daily.values()), byCategory: finish(byCategory.values()) };
}

async function expectRollupsExact(): Promise<void> {
  const expected = await recomputed();
  expect(expected.daily.length).toBeGreaterThan(0);
  expect(await rollups()).toEqual(expected);
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  chicago = await makeStore(db, { code: 'RLA', name: 'Chicago', timezone: 'America/Chicago' });
  newYork = await makeStore(db, {
    code: 'RLB',
    name: 'Brooklyn',
    timezone: 'America/New_York',
    pricesIncludeTax: true,
  });
  cashierA = await makeUser(db, { role: 'cashier', storeIds: [chicago.id] });
  cashierB = await makeUser(db, { role: 'cashier', storeIds: [newYork.id] });
  manager = await makeUser(db, { role: 'manager', storeIds: [chicago.id] });
  admin = await makeUser(db, { role: 'admin' });
  for (const user of [cashierA, cashierB, manager, admin]) {
    tokens.set(user.id, await bearerToken(t.app, user.username, user.password));
  }
  const foodCategory = await makeCategory(db, { name: 'Food' });
  const toyCategory = await makeCategory(db, { name: 'Toys' });
  food = await makeProduct(db, {
    sku: 'RL-FOOD',
    priceCents: 5499,
    costCents: 3000,
    categoryId: foodCategory.id,
  });
  toy = await makeProduct(db, { sku: 'RL-TOY', priceCents: 899, costCents: 400, categoryId: toyCategory.id });
  seed = await makeProduct(db, { sku: 'RL-SEED', priceCents: 349, costCents: 150 });
  bulk = await makeProduct(db, {
    sku: 'RL-BULK',
    priceCents: 1299,
    costCents: 700,
    unit: 'weight',
    categoryId: foodCategory.id,
  });

  vi.useFakeTimers({ toFake: ['Date'] });
  const a = await openShift(cashierA, '2026-03-02T14:00:00Z', chicago.id, 'rl-1');
  await sell('A1', cashierA, '2026-03-02T15:15:00Z', {
    ...a,
    lines: [
      { productId: food.id, quantity: 2 },
      { productId: toy.id, quantity: 1, discount: { type: 'percent', value: 10, reason: 'damaged box' } },
      { productId: seed.id, quantity: 3 },
    ],
    cartDiscount: { type: 'amount', value: 500, reason: 'loyalty' },
    tenders: [{ method: 'cash', amountCents: 15_000 }],
  });
  await sell('A2', cashierA, '2026-03-02T16:40:00Z', {
    ...a,
    lines: [
      { productId: bulk.id, quantity: 750 },
      { productId: food.id, quantity: 1 },
    ],
    tenders: [{ method: 'cash', amountCents: 8000 }],
  });
  // 23:30 local is the next day in UTC: still the 2nd in Chicago.
  await sell('A3', cashierA, '2026-03-03T05:30:00Z', {
    ...a,
    lines: [{ productId: toy.id, quantity: 2 }],
    tenders: [{ method: 'cash', amountCents: 2000 }],
  });
  const b = await openShift(cashierB, '2026-03-02T13:00:00Z', newYork.id, 'rlb-1');
  await sell('B1', cashierB, '2026-03-02T14:05:00Z', {
    ...b,
    lines: [
      { productId: food.id, quantity: 1 },
      { productId: toy.id, quantity: 3 },
    ],
    cartDiscount: { type: 'percent', value: 10, reason: 'new customer' },
    tenders: [{ method: 'cash', amountCents: 10_000 }],
  });
  vi.useRealTimers();
}, 120_000);
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => t.close());

describe('daily sales rollups', () => {
  it('hold each store-day and category of the completed sales when they commit', async () => {
    await expectRollupsExact();
    const { daily } = await rollups();
    const chicagoDay = daily.find((row) => row.store_id === chicago.id)!;
    expect(chicagoDay.business_date).toBe('2026-03-02');
    expect(chicagoDay.transactions).toBe(3);
  });

  it('take a voided sale out and count a return on its own day', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const a = { storeId: chicago.id, registerId: 'rl-1', shiftId: sales.A1!.shiftId };
    await sell('A4', cashierA, '2026-03-03T16:55:00Z', {
      ...a,
      lines: [
        { productId: toy.id, quantity: 2 },
        { productId: seed.id, quantity: 1 },
      ],
      tenders: [{ method: 'cash', amountCents: 3000 }],
    });
    const voided = await as(manager, '2026-03-03T17:00:00Z', 'post', `/api/sales/${sales.A4!.id}/void`, {
      reason: 'rang up on the wrong till',
    });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    await giveBack(cashierA, '2026-03-03T18:20:00Z', {
      ...a,
      originalSaleId: sales.A1!.id,
      lines: [{ originalLineId: lineOf(sales.A1!, food.id).id, quantity: 1, restock: false }],
      refundTenders: [{ method: 'cash', amountCents: lineOf(sales.A1!, food.id).totalCents / 2 }],
    });
    await expectRollupsExact();
    const third = (await rollups()).daily.find(
      (row) => row.store_id === chicago.id && row.business_date === '2026-03-03',
    )!;
    // The voided sale is gone; the return is the day's only transaction.
    expect(third).toMatchObject({ transactions: 0, returns_count: 1, sales_revenue_cents: 0 });
    expect(third.returns_cents).toBeGreaterThan(0);
  });

  it('follow a sale deleted by hand (its lines go with it)', async () => {
    await t.database.db.execute(sql`delete from sales_transactions where id = ${sales.A3!.id}`);
    await expectRollupsExact();
  });

  it('are rebuilt to the same rows by sales_rollups_rebuild(), which also repairs a damaged row', async () => {
    const before = await rollups();
    await t.database.db.execute(sql`select sales_rollups_rebuild()`);
    expect(await rollups()).toEqual(before);
    await t.database.db.execute(
      sql`update sales_daily_category set sales_revenue_cents = sales_revenue_cents + 1, transactions = transactions + 1
          where store_id = ${newYork.id}`,
    );
    expect(await rollups()).not.toEqual(before);
    await t.database.db.execute(sql`select sales_rollups_rebuild()`);
    expect(await rollups()).toEqual(before);
    await expectRollupsExact();
  });

  it('answer the sales report by category, day and store as the raw sales do', async () => {
    const totals = (await recomputed()).daily;
    for (const groupBy of ['category', 'day', 'store'] as const) {
      const response = await request(t.app)
        .get(`/api/reports/sales?from=2026-03-01&to=2026-03-04&groupBy=${groupBy}`)
        .set('Authorization', `Bearer ${tokens.get(admin.id)}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const report = response.body as SalesReport;
      expect(report.totals.transactions).toBe(totals.reduce((sum, row) => sum + row.transactions, 0));
      expect(report.totals.returns).toBe(totals.reduce((sum, row) => sum + row.returns_count, 0));
      expect(report.totals.netSalesCents).toBe(
        totals.reduce((sum, row) => sum + row.sales_revenue_cents - row.returns_cents, 0),
      );
      expect(report.totals.grossMarginCents).toBe(
        totals.reduce((sum, row) => sum + row.sales_revenue_cents - row.returns_cents - row.cost_cents, 0),
      );
    }
    const byCategory = (
      await request(t.app)
        .get('/api/reports/sales?from=2026-03-01&to=2026-03-04&groupBy=category')
        .set('Authorization', `Bearer ${tokens.get(admin.id)}`)
    ).body as SalesReport;
    const expected = new Map<string | null, { transactions: number; net: number }>();
    for (const row of (await recomputed()).byCategory) {
      const entry = expected.get(row.category_id ?? null) ?? { transactions: 0, net: 0 };
      entry.transactions += row.transactions;
      entry.net += row.sales_revenue_cents - row.returns_cents;
      expected.set(row.category_id ?? null, entry);
    }
    expect(
      new Map(
        byCategory.rows.map((row) => [row.key, { transactions: row.transactions, net: row.netSalesCents }]),
      ),
    ).toEqual(expected);
  });
});
