import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { and, eq, inArray } from 'drizzle-orm';
import request from 'supertest';
import { expect, it, vi } from 'vitest';
import { categories, shifts, stockMovements, stores, users } from '../../server/db/schema';
import type { Return, Sale } from '../../shared/schemas/sales';
import { bearerToken } from './auth';
import {
  type CategoryFixture,
  makeCategory,
  makeCustomer,
  makeLoyaltyProgram,
  makeProduct,
  makeStore,
  makeUser,
  type ProductFixture,
  type StoreFixture,
  TEST_PIN,
  type UserFixture,
} from './factories';
import { createTestApp, type TestApp } from './test-app';

/**
 * A few days of two stores for the back-office range reports, rung up through the real API: Chicago (UTC−6
 * in early March, tax added to prices) and Brooklyn (UTC−5, tax inside prices, its own rates). Cash with
 * change, a split card + cash tender, line and cart discounts, a frequent-buyer reward, a price override and a discount over the
 * limit (both approved), a void approved by a manager, a sale at 23:30 local (the next day in UTC), returns
 * on a later date than their sales (card, cash and store credit; one not restocked, one without a receipt), a sale before
 * and one after the range; stock adjustments for every reason near the range's edges; three shifts closed
 * with over/short. Managers: Drew sees only Chicago.
 *
 * Shifts and ledger rows are stamped by the database clock (now()), which the tests' fake Date cannot move;
 * after they are made through the API, their times are set to the history's instants in the database.
 */
export const FROM = '2026-03-02';
export const TO = '2026-03-05';

export type ReportHistory = {
  t: TestApp;
  chicago: StoreFixture;
  newYork: StoreFixture;
  cashier1: UserFixture;
  cashier2: UserFixture;
  cashierB: UserFixture;
  managerA: UserFixture;
  admin: UserFixture;
  products: Map<string, ProductFixture>;
  categories: Map<string, CategoryFixture>;
  userNames: Map<string, string>;
  /** Every sale and return made, as the API shows them now (voids included). */
  sales: Record<string, Sale>;
  returns: Record<string, Return>;
  shiftIds: string[];
  /** GET as a user; the body parsed as JSON. */
  get: <T = Record<string, unknown>>(user: UserFixture, path: string) => Promise<{ status: number; body: T }>;
  /** GET ?format=csv as a user: the raw response. */
  getCsv: (user: UserFixture, path: string) => Promise<request.Response>;
  storeOf: (storeId: string) => StoreFixture;
};

export async function buildReportHistory(): Promise<ReportHistory> {
  const t = await createTestApp();
  const db = t.database.db;
  const tokens = new Map<string, string>();
  const chicago = await makeStore(db, { code: 'RPA', name: 'Chicago Loop', timezone: 'America/Chicago' });
  const newYork = await makeStore(db, {
    code: 'RPB',
    name: 'Brooklyn',
    timezone: 'America/New_York',
    pricesIncludeTax: true,
    taxRates: { standard: '8.875', reduced: '4', exempt: '0' },
  });
  const cashier1 = await makeUser(db, { role: 'cashier', storeIds: [chicago.id] });
  const cashier2 = await makeUser(db, { role: 'cashier', storeIds: [chicago.id] });
  const cashierB = await makeUser(db, { role: 'cashier', storeIds: [newYork.id] });
  const managerA = await makeUser(db, { role: 'manager', storeIds: [chicago.id] });
  const admin = await makeUser(db, { role: 'admin' });
  for (const [user, name] of [
    [cashier1, 'Avery'],
    [cashier2, 'Blake'],
    [cashierB, 'Casey'],
    [managerA, 'Drew'],
    [admin, 'Eden'],
  ] as const) {
    await db.update(users).set({ name }).where(eq(users.id, user.id));
    user.name = name;
  }
  const everyone = [cashier1, cashier2, cashierB, managerA, admin];
  for (const user of everyone) {
    tokens.set(user.id, await bearerToken(t.app, user.username, user.password));
  }
  const dog = await makeCategory(db, { name: 'Dog' });
  const dogFood = await makeCategory(db, { name: 'Food', parentId: dog.id });
  const dogTreats = await makeCategory(db, { name: 'Treats', parentId: dog.id });
  const toys = await makeCategory(db, { name: 'Toys' });
  const food = await makeProduct(db, {
    sku: 'RP-FOOD',
    name: 'Salmon Kibble 12 kg',
    priceCents: 5499,
    costCents: 3000,
    categoryId: dogFood.id,
  });
  const treat = await makeProduct(db, {
    sku: 'RP-TREAT',
    name: 'Chew sticks',
    priceCents: 1250,
    costCents: 600,
    taxClass: 'reduced',
    categoryId: dogTreats.id,
  });
  const toy = await makeProduct(db, {
    sku: 'RP-TOY',
    name: 'Rope toy',
    priceCents: 899,
    costCents: 400,
    categoryId: toys.id,
  });
  const seed = await makeProduct(db, {
    sku: 'RP-SEED',
    name: 'Millet Seed 1 kg',
    priceCents: 349,
    costCents: 150,
    taxClass: 'exempt',
  });
  const bulk = await makeProduct(db, {
    sku: 'RP-BULK',
    name: 'Bird Seed by weight',
    priceCents: 1299,
    costCents: 700,
    unit: 'weight',
    categoryId: dogFood.id,
  });

  const sales: Record<string, Sale> = {};
  const returns: Record<string, Return> = {};
  const as = async <T = Record<string, unknown>>(
    user: UserFixture,
    at: string,
    method: 'post' | 'get',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> => {
    vi.setSystemTime(new Date(at));
    const pending = request(t.app)
      [method](path)
      .set('Authorization', `Bearer ${tokens.get(user.id)}`);
    const response = body === undefined ? await pending : await pending.send(body as object);
    return { status: response.status, body: response.body as T };
  };
  const openShift = async (user: UserFixture, at: string, storeId: string, registerId: string) => {
    const response = await as(user, at, 'post', '/api/shifts', {
      storeId,
      registerId,
      openingFloatCents: 10_000,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return { storeId, registerId, shiftId: response.body.id as string };
  };
  const sell = async (name: string, user: UserFixture, at: string, body: Record<string, unknown>) => {
    const response = await as<Sale>(user, at, 'post', '/api/sales', { id: randomUUID(), ...body });
    expect(response.status, `${name}: ${JSON.stringify(response.body)}`).toBe(201);
    sales[name] = response.body;
    return response.body;
  };
  const giveBack = async (name: string, user: UserFixture, at: string, body: Record<string, unknown>) => {
    const response = await as<Return>(user, at, 'post', '/api/returns', { id: randomUUID(), ...body });
    expect(response.status, `${name}: ${JSON.stringify(response.body)}`).toBe(201);
    returns[name] = response.body;
    return response.body;
  };
  const lineOf = (sale: Sale, productId: string) => sale.lines.find((line) => line.productId === productId)!;
  const approval = { username: managerA.username, pin: TEST_PIN };

  vi.useFakeTimers({ toFake: ['Date'] });
  const a1 = await openShift(cashier1, '2026-03-02T14:00:00Z', chicago.id, 'rp-1');
  const a2 = await openShift(cashier2, '2026-03-02T14:00:00Z', chicago.id, 'rp-2');
  // 1 March 22:00 local (04:00Z on the 2nd): before the range; its toy comes back inside it.
  await sell('S0', cashier2, '2026-03-02T04:00:00Z', {
    storeId: chicago.id,
    registerId: 'rp-3',
    lines: [{ productId: toy.id, quantity: 1 }],
    tenders: [{ method: 'card', amountCents: 973, reference: 'AUTH-S0' }],
  });
  // 2 March 09:15: line and cart discounts, three tax classes, cash with change.
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
  // Two chew sticks earn a free one.
  const program = await makeLoyaltyProgram(db, {
    storeIds: [chicago.id],
    qualifying: { productIds: [treat.id] },
    buyQuantity: 2,
    rewardQuantity: 1,
  });
  const regular = await makeCustomer(db, { name: 'Gale' });
  // 2 March 10:40: by weight and a reduced-rate line; card and cash, with change.
  await sell('S2', cashier2, '2026-03-02T16:40:00Z', {
    ...a2,
    customerId: regular.id,
    lines: [
      { productId: bulk.id, quantity: 750 },
      { productId: treat.id, quantity: 2 },
    ],
    tenders: [
      { method: 'card', amountCents: 1000, reference: 'AUTH-S2' },
      { method: 'cash', amountCents: 5000 },
    ],
  });
  // 3 March 10:55, voided at 11:00 by its cashier with Drew's approval: counts nowhere but as a void.
  await sell('S3', cashier1, '2026-03-03T16:55:00Z', {
    ...a1,
    lines: [{ productId: toy.id, quantity: 2 }],
    tenders: [{ method: 'cash', amountCents: 2000 }],
  });
  const voided = await as<Sale>(cashier1, '2026-03-03T17:00:00Z', 'post', `/api/sales/${sales.S3!.id}/void`, {
    reason: 'rang up on the wrong till',
    approval,
  });
  expect(voided.status, JSON.stringify(voided.body)).toBe(200);
  sales.S3 = voided.body;
  // 3 March 23:30 local is 05:30Z on the 4th: still the 3rd in Chicago. An approved price override.
  await sell('S4', cashier2, '2026-03-04T05:30:00Z', {
    ...a2,
    lines: [
      { productId: seed.id, quantity: 1 },
      { productId: toy.id, quantity: 2, unitPriceOverrideCents: 700, overrideReason: 'price match' },
    ],
    tenders: [{ method: 'cash', amountCents: 3000 }],
    approval,
  });
  // 4 March noon: 25 % off a bag, over the cashier's 10 % limit, approved.
  await sell('S6', cashier1, '2026-03-04T18:00:00Z', {
    ...a1,
    lines: [{ productId: food.id, quantity: 1, discount: { type: 'percent', value: 25, reason: 'dented' } }],
    tenders: [{ method: 'cash', amountCents: 5000 }],
    approval,
  });
  // 4 March 13:00: the earned chew stick redeemed (a 100 % line discount), with a manager standing by.
  await sell('S7', cashier2, '2026-03-04T19:00:00Z', {
    ...a2,
    customerId: regular.id,
    lines: [
      { productId: treat.id, quantity: 1, rewardProgramId: program.id },
      { productId: seed.id, quantity: 1 },
    ],
    tenders: [{ method: 'cash', amountCents: 500 }],
    approval,
  });
  // 5 March: S1's toy comes back not restocked (cash), S0's toy to its card, and a toy without a receipt.
  await giveBack('R1', cashier2, '2026-03-05T16:20:00Z', {
    ...a2,
    originalSaleId: sales.S1!.id,
    lines: [{ originalLineId: lineOf(sales.S1!, toy.id).id, quantity: 1, restock: false }],
    refundTenders: [{ method: 'cash', amountCents: lineOf(sales.S1!, toy.id).totalCents }],
    reason: 'torn',
  });
  await giveBack('R2', cashier1, '2026-03-05T17:00:00Z', {
    ...a1,
    originalSaleId: sales.S0!.id,
    lines: [{ originalLineId: lineOf(sales.S0!, toy.id).id, quantity: 1 }],
    refundTenders: [{ method: 'card', amountCents: lineOf(sales.S0!, toy.id).totalCents }],
    reason: 'not wanted',
  });
  await giveBack('R3', cashier1, '2026-03-05T18:00:00Z', {
    ...a1,
    originalSaleId: null,
    customerId: (await makeCustomer(db, { name: 'Frankie' })).id,
    lines: [{ productId: toy.id, quantity: 1 }],
    refundTenders: [{ method: 'store_credit', amountCents: 899 + Math.round(899 * 0.0825) }],
    reason: 'gift, no receipt',
    approval,
  });
  // 6 March: after the range.
  await sell('S5', cashier1, '2026-03-06T16:00:00Z', {
    ...a1,
    lines: [{ productId: food.id, quantity: 1 }],
    tenders: [{ method: 'cash', amountCents: 6000 }],
  });

  // Brooklyn, tax inside the prices.
  const b1 = await openShift(cashierB, '2026-03-02T13:00:00Z', newYork.id, 'rpb-1');
  await sell('B1', cashierB, '2026-03-02T14:05:00Z', {
    ...b1,
    lines: [
      { productId: food.id, quantity: 1 },
      { productId: toy.id, quantity: 3 },
      { productId: treat.id, quantity: 1 },
    ],
    cartDiscount: { type: 'percent', value: 10, reason: 'new customer' },
    tenders: [{ method: 'cash', amountCents: 10_000 }],
  });
  // 4 March 23:50 local is 04:50Z on the 5th: the 4th in Brooklyn.
  await sell('B2', cashierB, '2026-03-05T04:50:00Z', {
    ...b1,
    lines: [{ productId: bulk.id, quantity: 500 }],
    tenders: [{ method: 'cash', amountCents: 700 }],
  });
  await giveBack('RB', cashierB, '2026-03-05T15:10:00Z', {
    ...b1,
    originalSaleId: sales.B1!.id,
    lines: [{ originalLineId: lineOf(sales.B1!, food.id).id, quantity: 1 }],
    refundTenders: [{ method: 'cash', amountCents: lineOf(sales.B1!, food.id).totalCents }],
    reason: 'wrong flavour',
  });

  // Stock adjustments, each moved to its instant: [store, product, delta, reason, instant].
  const adjustments: [StoreFixture, ProductFixture, number, string, string][] = [
    [chicago, food, 40, 'received', '2026-03-01T15:00:00Z'],
    [chicago, toy, 30, 'received', '2026-03-01T15:00:00Z'],
    [chicago, bulk, 5000, 'received', '2026-03-01T15:00:00Z'],
    [newYork, food, 10, 'received', '2026-03-01T15:00:00Z'],
    // 1 March 23:30 local (05:30Z on the 2nd): before the range in Chicago.
    [chicago, food, -1, 'damaged', '2026-03-02T05:30:00Z'],
    [chicago, food, -2, 'damaged', '2026-03-03T15:00:00Z'],
    [chicago, treat, -3, 'expired', '2026-03-04T05:30:00Z'],
    [chicago, toy, -1, 'shrink', '2026-03-04T16:00:00Z'],
    [chicago, toy, 2, 'found', '2026-03-04T16:30:00Z'],
    [chicago, bulk, -120, 'count_correction', '2026-03-05T20:00:00Z'],
    // 5 March 23:30 local (05:30Z on the 6th): inside; 6 March 00:30 local: after.
    [chicago, seed, -4, 'other', '2026-03-06T05:30:00Z'],
    [chicago, seed, -7, 'other', '2026-03-06T06:30:00Z'],
    [newYork, toy, -2, 'damaged', '2026-03-03T15:00:00Z'],
    [newYork, bulk, 250, 'found', '2026-03-04T15:00:00Z'],
  ];
  vi.useRealTimers();
  for (const [store, product, delta, reason, at] of adjustments) {
    const response = await request(t.app)
      .post(`/api/stores/${store.id}/inventory/adjustments`)
      .set('Authorization', `Bearer ${tokens.get(admin.id)}`)
      .send({ lines: [{ productId: product.id, delta, reason }], note: null });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    await db
      .update(stockMovements)
      .set({ createdAt: new Date(at) })
      .where(
        and(eq(stockMovements.refType, 'adjustment'), eq(stockMovements.refId, response.body.id as string)),
      );
  }
  // R1's toy, not restocked, was written off as damaged when it came back (5 March 10:20 local).
  await db
    .update(stockMovements)
    .set({ createdAt: new Date('2026-03-05T16:20:00Z') })
    .where(and(eq(stockMovements.refType, 'return'), eq(stockMovements.refId, returns.R1!.id)));

  // Close the shifts: a1 over by 2.50, a2 short by 1.00, b1 exact; then give them the history's times.
  const shiftIds: string[] = [];
  const closings: [typeof a1, UserFixture, number, string, string][] = [
    // Opened 2 March 08:00 local, closed 5 March 23:10 local (05:10Z on the 6th): closes on the 5th.
    [a1, managerA, 250, '2026-03-02T14:00:00Z', '2026-03-06T05:10:00Z'],
    // Closed 6 March 00:20 local: after the range.
    [a2, managerA, -100, '2026-03-02T14:00:00Z', '2026-03-06T06:20:00Z'],
    [b1, admin, 0, '2026-03-02T13:00:00Z', '2026-03-05T22:00:00Z'],
  ];
  for (const [shift, closer, overShort, openedAt, closedAt] of closings) {
    const report = await request(t.app)
      .get(`/api/shifts/${shift.shiftId}/report`)
      .set('Authorization', `Bearer ${tokens.get(closer.id)}`);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    const expected = report.body.cash.expectedCashCents as number;
    const closed = await request(t.app)
      .post(`/api/shifts/${shift.shiftId}/close`)
      .set('Authorization', `Bearer ${tokens.get(closer.id)}`)
      .send({ countedCashCents: expected + overShort });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    await db
      .update(shifts)
      .set({ openedAt: new Date(openedAt), closedAt: new Date(closedAt) })
      .where(eq(shifts.id, shift.shiftId));
    shiftIds.push(shift.shiftId);
  }

  const get = async <T = Record<string, unknown>>(user: UserFixture, path: string) => {
    const response = await request(t.app)
      .get(path)
      .set('Authorization', `Bearer ${tokens.get(user.id)}`);
    return { status: response.status, body: response.body as T };
  };
  const getCsv = (user: UserFixture, path: string) =>
    request(t.app)
      .get(path)
      .set('Authorization', `Bearer ${tokens.get(user.id)}`);
  const storeRows = await db
    .select()
    .from(stores)
    .where(inArray(stores.id, [chicago.id, newYork.id]));
  const storeOf = (storeId: string) => storeRows.find((store) => store.id === storeId)!;
  const categoryRows = await db.select().from(categories);
  return {
    t,
    chicago,
    newYork,
    cashier1,
    cashier2,
    cashierB,
    managerA,
    admin,
    products: new Map([food, treat, toy, seed, bulk].map((p) => [p.id, p])),
    categories: new Map(categoryRows.map((c) => [c.id, c])),
    userNames: new Map(everyone.map((user) => [user.id, user.name])),
    sales,
    returns,
    shiftIds,
    get,
    getCsv,
    storeOf,
  };
}

/** Reads a sale or return again as the API shows it (after returns and voids). */
export async function readBack<T>(history: ReportHistory, kind: 'sales' | 'returns', id: string): Promise<T> {
  const response = await history.get<T>(history.admin, `/api/${kind}/${id}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}

/** A CSV body as records keyed by the header line. */
export function csvRecords(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

/** Cents as the CSV writes them ("-12.05"). */
export function decimal(cents: number): string {
  const magnitude = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
}

/** CSV money ("-12.05") back to cents, insisting on the two-decimal form. */
export function centsOf(text: string | undefined): number {
  expect(text).toMatch(/^-?\d+\.\d{2}$/);
  const negative = text!.startsWith('-');
  const [whole, fraction] = text!.replace('-', '').split('.');
  const magnitude = Number(whole) * 100 + Number(fraction);
  return negative ? -magnitude : magnitude;
}

/**
 * The checks every back-office report shares: 401 without a session, 403 for a cashier, 404 for a store the
 * manager may not see or that does not exist, a manager's all-stores answer equal to an admin's answer for
 * that manager's one store, and 400 VALIDATION_FAILED naming the field for bad input.
 */
export function itChecksReportAccess(history: () => ReportHistory, kind: string, isRange = true): void {
  const path = `/api/reports/${kind}`;
  const range = isRange ? `from=${FROM}&to=${TO}` : '';
  it(`GET ${path}: no session → 401; a cashier → 403; another store's id for a manager → 404; an unknown store → 404 for an admin`, async () => {
    const h = history();
    expect((await request(h.t.app).get(`${path}?${range}`)).status).toBe(401);
    const cashier = await h.get<{ error: { code: string } }>(h.cashier1, `${path}?${range}`);
    expect(cashier.status).toBe(403);
    expect(cashier.body.error.code).toBe('FORBIDDEN');
    const foreign = await h.get<{ error: { code: string } }>(
      h.managerA,
      `${path}?${range}&storeId=${h.newYork.id}`,
    );
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    const nowhere = await h.get(h.admin, `${path}?${range}&storeId=${randomUUID()}`);
    expect(nowhere.status).toBe(404);
  });

  it(`GET ${path}: a manager without storeId gets exactly the admin's answer for the manager's one store`, async () => {
    const h = history();
    const own = await h.get<Record<string, unknown>>(h.managerA, `${path}?${range}`);
    const chicagoOnly = await h.get<Record<string, unknown>>(
      h.admin,
      `${path}?${range}&storeId=${h.chicago.id}`,
    );
    const all = await h.get<Record<string, unknown>>(h.admin, `${path}?${range}`);
    expect(own.status).toBe(200);
    const { asOf: _a, storeId: ownStore, ...ownRest } = own.body;
    const { asOf: _b, storeId: chicagoStore, ...chicagoRest } = chicagoOnly.body;
    expect(ownStore).toBeNull();
    expect(chicagoStore).toBe(h.chicago.id);
    expect(ownRest).toEqual(chicagoRest);
    // Brooklyn has figures of every kind, so both stores differ from one.
    expect(all.body.rows).not.toEqual(own.body.rows);
  });

  it(`GET ${path}: bad input → 400 VALIDATION_FAILED naming the field`, async () => {
    const h = history();
    const cases: [string, string][] = isRange
      ? [
          ['from=2026-02-30&to=2026-03-05', 'from'],
          ['from=yesterday&to=2026-03-05', 'from'],
          ['from=2026-03-02&to=05/03/2026', 'to'],
          ['to=2026-03-05', 'from'],
          ['from=2026-03-02', 'to'],
          ['from=2026-03-05&to=2026-03-02', 'to'],
          ['from=2025-01-01&to=2026-01-02', 'to'],
          ['from=2026-03-02&to=2026-03-05&format=xlsx', 'format'],
          ['from=2026-03-02&to=2026-03-05&storeId=not-a-uuid', 'storeId'],
          ['from=2026-03-02&to=2026-03-05&groupBy=day', ''],
        ]
      : [
          ['format=xlsx', 'format'],
          ['storeId=not-a-uuid', 'storeId'],
          ['from=2026-03-02', ''],
        ];
    for (const [query, field] of cases) {
      const response = await h.get<{ error: { code: string; details: { path: string }[] } }>(
        h.managerA,
        `${path}?${query}`,
      );
      expect(response.status, query).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      if (field) {
        expect(
          response.body.error.details.map((detail) => detail.path),
          query,
        ).toContain(field);
      }
    }
    if (isRange) {
      expect((await h.get(h.managerA, `${path}?from=2028-01-01&to=2028-12-31`)).status).toBe(200);
    }
  });
}

/** An instant on a store's wall clock, "YYYY-MM-DD HH:MM:SS", worked out with Intl (not the server's SQL). */
export function localTimeIn(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Who voided each voided sale (or approved the void), from GET /api/audit-log. */
export async function voidApprovers(history: ReportHistory): Promise<Map<string, string>> {
  const response = await history.get<{
    items: { entityId: string; actorUserId: string; approverUserId: string | null }[];
  }>(history.admin, '/api/audit-log?action=sale.voided&limit=500');
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return new Map(
    response.body.items.map((entry) => [entry.entityId, entry.approverUserId ?? entry.actorUserId]),
  );
}
