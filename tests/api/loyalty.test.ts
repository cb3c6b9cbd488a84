import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, businessDateAt } from '../../shared/time';
import {
  auditLog,
  loyaltyPurchases,
  loyaltyRewards,
  salesTransactionItems,
  salesTransactions,
} from '../../server/db/schema';
import { withTransaction } from '../../server/db/transaction';
import { AppError } from '../../server/lib/errors';
import {
  applyLoyaltyToSale,
  findLoyaltyProgress,
  type LoyaltySaleLine,
  reverseLoyaltyForReturn,
  reverseLoyaltyForVoid,
} from '../../server/modules/loyalty/loyalty.service';
import { type SessionClient, signIn } from '../helpers/auth';
import {
  makeCategory,
  makeCustomer,
  makeLoyaltyProgram,
  makeProduct,
  makeStore,
  makeUser,
  type ProductFixture,
  type StoreFixture,
  type UserFixture,
} from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let own: StoreFixture;
let other: StoreFixture;
let cashierUser: UserFixture;
let managerUser: UserFixture;
let admin: SessionClient;
let manager: SessionClient;
let cashier: SessionClient;
let otherManager: SessionClient;
/** Acme kibble: $9.99, $8.99 and $10.99 bags; Other Co does not qualify. */
let kibble: ProductFixture;
let cheapKibble: ProductFixture;
let dearKibble: ProductFixture;
let otherBrand: ProductFixture;
let weighed: ProductFixture;
let today: string;

beforeAll(async () => {
  t = await createTestApp({ env: { DB_MAX_CONNECTIONS: '10' } });
  const db = t.database.db;
  own = await makeStore(db, { code: 'LOY1' });
  other = await makeStore(db, { code: 'LOY2' });
  const a = await makeUser(db, { role: 'admin' });
  managerUser = await makeUser(db, { role: 'manager', storeIds: [own.id] });
  cashierUser = await makeUser(db, { role: 'cashier', storeIds: [own.id] });
  const m2 = await makeUser(db, { role: 'manager', storeIds: [other.id] });
  admin = await signIn(t.app, a.username, a.password);
  manager = await signIn(t.app, managerUser.username, managerUser.password);
  cashier = await signIn(t.app, cashierUser.username, cashierUser.password);
  otherManager = await signIn(t.app, m2.username, m2.password);
  kibble = await makeProduct(db, {
    sku: 'ACME-12',
    name: 'Acme Adult 12 kg',
    brand: 'Acme',
    priceCents: 999,
  });
  cheapKibble = await makeProduct(db, {
    sku: 'ACME-4',
    name: 'Acme Adult 4 kg',
    brand: 'Acme',
    priceCents: 899,
  });
  dearKibble = await makeProduct(db, {
    sku: 'ACME-15',
    name: 'Acme Senior 15 kg',
    brand: 'ACME',
    priceCents: 1099,
  });
  otherBrand = await makeProduct(db, {
    sku: 'OTH-1',
    name: 'Other Kibble',
    brand: 'Other Co',
    priceCents: 999,
  });
  weighed = await makeProduct(db, { sku: 'ACME-BULK', name: 'Acme Bulk', brand: 'Acme', unit: 'weight' });
  today = businessDateAt(new Date(), own.timezone);
});
afterAll(() => t.close());

function pathsOf(response: request.Response): string[] {
  return (response.body.error.details as { path: string }[]).map((d) => d.path).sort();
}

// ---------------------------------------------------------------------------------------------------------
// Minimal sale rows (the checkout is not on this branch): a sale and its lines, then the loyalty update, in
// one transaction exactly as the checkout will run it, so a loyalty failure leaves no sale behind.

type SaleLineSpec = {
  product: ProductFixture;
  quantity: number;
  /** Defaults to the catalog price. */
  unitPriceCents?: number;
  /** What was paid for the whole line; defaults to price × quantity (0 for a reward line). */
  netCents?: number;
  rewardProgramId?: string;
};

let receiptSequence = 0;

async function recordSale(spec: {
  customerId: string | null;
  lines: SaleLineSpec[];
  businessDate?: string;
  approverId?: string | null;
  store?: StoreFixture;
}): Promise<{ id: string; receiptNumber: string; itemIds: string[] }> {
  const store = spec.store ?? own;
  const id = randomUUID();
  receiptSequence += 1;
  const receiptNumber = `${store.code}-1-${String(receiptSequence).padStart(6, '0')}`;
  const businessDate = spec.businessDate ?? today;
  const priced = spec.lines.map((line) => {
    const unitPriceCents = line.unitPriceCents ?? line.product.priceCents;
    const gross = unitPriceCents * line.quantity;
    const net = line.rewardProgramId ? 0 : (line.netCents ?? gross);
    return { ...line, unitPriceCents, gross, net };
  });
  const itemIds = await withTransaction(t.database.db, async (tx) => {
    const subtotal = priced.reduce((sum, line) => sum + line.gross, 0);
    const total = priced.reduce((sum, line) => sum + line.net, 0);
    await tx.insert(salesTransactions).values({
      id,
      kind: 'sale',
      storeId: store.id,
      registerId: 'till-1',
      cashierId: cashierUser.id,
      customerId: spec.customerId,
      receiptNumber,
      businessDate,
      subtotalCents: subtotal,
      discountCents: subtotal - total,
      totalCents: total,
      requestHash: 'test',
      approvedBy: spec.approverId ?? null,
    });
    const items = await tx
      .insert(salesTransactionItems)
      .values(
        priced.map((line, index) => ({
          transactionId: id,
          lineNumber: index + 1,
          productId: line.product.id,
          sku: line.product.sku,
          name: line.product.name,
          quantity: line.quantity,
          unitPriceCents: line.unitPriceCents,
          grossCents: line.gross,
          discountCents: line.gross - line.net,
          taxClass: 'standard' as const,
          taxRate: '0',
          totalCents: line.net,
          rewardProgramId: line.rewardProgramId ?? null,
        })),
      )
      .returning({ id: salesTransactionItems.id, lineNumber: salesTransactionItems.lineNumber });
    const ids = items.sort((x, y) => x.lineNumber - y.lineNumber).map((item) => item.id);
    const lines: LoyaltySaleLine[] = priced.map((line, index) => ({
      itemId: ids[index]!,
      lineIndex: index,
      productId: line.product.id,
      brand: line.product.brand,
      categoryId: line.product.categoryId,
      unit: line.product.unit,
      quantity: line.quantity,
      unitPriceCents: line.unitPriceCents,
      netCents: line.net,
      rewardProgramId: line.rewardProgramId ?? null,
    }));
    await applyLoyaltyToSale(tx, {
      id,
      storeId: store.id,
      customerId: spec.customerId,
      businessDate,
      approverId: spec.approverId ?? null,
      lines,
    });
    return ids;
  });
  return { id, receiptNumber, itemIds };
}

async function failedSale(spec: Parameters<typeof recordSale>[0]): Promise<AppError> {
  const error = await recordSale(spec).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function progressOf(customerId: string, programId: string) {
  const all = await findLoyaltyProgress(t.database.db, customerId, own.id);
  return all.find((entry) => entry.programId === programId);
}

async function rewardsOf(customerId: string, programId: string) {
  return t.database.db
    .select()
    .from(loyaltyRewards)
    .where(and(eq(loyaltyRewards.customerId, customerId), eq(loyaltyRewards.programId, programId)));
}

async function purchasesOf(customerId: string, programId: string) {
  return t.database.db
    .select()
    .from(loyaltyPurchases)
    .where(and(eq(loyaltyPurchases.customerId, customerId), eq(loyaltyPurchases.programId, programId)));
}

function statusCounts(rows: { status: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) {
    counts[row.status] = (counts[row.status] ?? 0) + 1;
  }
  return counts;
}

/** A program of Acme (buy 12 get 1 unless overridden) at the own store, and a customer. */
async function acmeSetup(overrides: { windowMonths?: number | null; buyQuantity?: number } = {}) {
  const program = await makeLoyaltyProgram(t.database.db, {
    storeIds: [own.id],
    qualifying: { brand: 'acme' },
    ...overrides,
  });
  const customer = await makeCustomer(t.database.db, { name: 'Loyal Lucy' });
  return { program, customer };
}

// ---------------------------------------------------------------------------------------------------------

describe('POST /api/loyalty-programs', () => {
  it('a manager creates a program for their store → 201 and audited', async () => {
    const response = await manager.agent
      .post('/api/loyalty-programs')
      .set(manager.csrf)
      .send({
        name: 'Acme buy 12 get 1',
        storeIds: [own.id],
        qualifying: { brand: 'Acme' },
        buyQuantity: 12,
        rewardQuantity: 1,
        windowMonths: 24,
      });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({
      name: 'Acme buy 12 get 1',
      storeIds: [own.id],
      qualifying: { brand: 'Acme' },
      buyQuantity: 12,
      rewardQuantity: 1,
      windowMonths: 24,
      active: true,
    });
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, response.body.id));
    expect(audit.map((entry) => entry.action)).toEqual(['loyalty_program.created']);
  });

  it('another store → 403 for a manager; a cashier → 403; anonymous → 401', async () => {
    const body = {
      name: 'X',
      storeIds: [other.id],
      qualifying: { brand: 'Acme' },
      buyQuantity: 5,
      rewardQuantity: 1,
    };
    const response = await manager.agent.post('/api/loyalty-programs').set(manager.csrf).send(body);
    expect(response.status).toBe(403);
    await cashier.agent
      .post('/api/loyalty-programs')
      .set(cashier.csrf)
      .send({ ...body, storeIds: [own.id] })
      .expect(403);
    await request(t.app).post('/api/loyalty-programs').send(body).expect(401);
  });

  it('bad fields → 400 naming each; unknown store, product or category → 400 naming it', async () => {
    const bad = await admin.agent.post('/api/loyalty-programs').set(admin.csrf).send({
      name: '',
      storeIds: [],
      qualifying: {},
      buyQuantity: 0,
      rewardQuantity: 101,
      windowMonths: 121,
    });
    expect(bad.status).toBe(400);
    expect(pathsOf(bad)).toEqual([
      'buyQuantity',
      'name',
      'qualifying',
      'rewardQuantity',
      'storeIds',
      'windowMonths',
    ]);

    const missing = '00000000-0000-4000-8000-00000000abcd';
    const unknown = await admin.agent
      .post('/api/loyalty-programs')
      .set(admin.csrf)
      .send({
        name: 'Ghosts',
        storeIds: [own.id, missing],
        qualifying: { productIds: [kibble.id, missing], categoryId: missing },
        buyQuantity: 10,
        rewardQuantity: 1,
      });
    expect(unknown.status).toBe(400);
    expect(pathsOf(unknown)).toEqual(['qualifying.categoryId', 'qualifying.productIds.1', 'storeIds.1']);
  });
});

describe('GET and PATCH /api/loyalty-programs', () => {
  it('staff list only programs of their stores; another store’s program → 404; ?storeId= of another store → 404', async () => {
    const mine = await makeLoyaltyProgram(t.database.db, { storeIds: [own.id], name: 'Listed Mine' });
    const theirs = await makeLoyaltyProgram(t.database.db, { storeIds: [other.id], name: 'Listed Theirs' });
    const listed = await cashier.agent.get('/api/loyalty-programs').query({ limit: 500 }).expect(200);
    const ids = listed.body.items.map((item: { id: string }) => item.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
    await cashier.agent.get(`/api/loyalty-programs/${theirs.id}`).expect(404);
    await cashier.agent.get(`/api/loyalty-programs/${mine.id}`).expect(200);
    await cashier.agent.get('/api/loyalty-programs').query({ storeId: other.id }).expect(404);
    const adminList = await admin.agent.get('/api/loyalty-programs').query({ storeId: other.id }).expect(200);
    expect(adminList.body.items.map((item: { id: string }) => item.id)).toContain(theirs.id);
  });

  it('?active=false lists deactivated programs; pages do not repeat', async () => {
    const inactive = await makeLoyaltyProgram(t.database.db, { storeIds: [own.id], active: false });
    const response = await manager.agent.get('/api/loyalty-programs').query({ active: 'false' }).expect(200);
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual([inactive.id]);
    const first = await manager.agent.get('/api/loyalty-programs').query({ limit: 1 }).expect(200);
    const second = await manager.agent
      .get('/api/loyalty-programs')
      .query({ limit: 1, cursor: first.body.nextCursor })
      .expect(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it('PATCH by the manager of all its stores → 200 and audited; shared with another store → 403; only another store’s → 404', async () => {
    const mine = await makeLoyaltyProgram(t.database.db, { storeIds: [own.id] });
    const shared = await makeLoyaltyProgram(t.database.db, { storeIds: [own.id, other.id] });
    const theirs = await makeLoyaltyProgram(t.database.db, { storeIds: [other.id] });
    const changed = await manager.agent
      .patch(`/api/loyalty-programs/${mine.id}`)
      .set(manager.csrf)
      .send({ name: 'Renamed', active: false, windowMonths: 12 });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Renamed', active: false, windowMonths: 12 });
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, mine.id));
    expect(audit.map((entry) => entry.action)).toEqual(['loyalty_program.updated']);

    await manager.agent
      .patch(`/api/loyalty-programs/${shared.id}`)
      .set(manager.csrf)
      .send({ name: 'Mine now' })
      .expect(403);
    await manager.agent
      .patch(`/api/loyalty-programs/${theirs.id}`)
      .set(manager.csrf)
      .send({ name: 'X' })
      .expect(404);
    await manager.agent
      .patch(`/api/loyalty-programs/${mine.id}`)
      .set(manager.csrf)
      .send({ storeIds: [own.id, other.id] })
      .expect(403);
    const widened = await admin.agent
      .patch(`/api/loyalty-programs/${mine.id}`)
      .set(admin.csrf)
      .send({ storeIds: [own.id, other.id], windowMonths: null });
    expect(widened.status).toBe(200);
    expect(widened.body.storeIds.sort()).toEqual([own.id, other.id].sort());
    expect(widened.body.windowMonths).toBeNull();
    const seenByManager = await manager.agent.get(`/api/loyalty-programs/${mine.id}`).expect(200);
    expect(seenByManager.body.storeIds).toEqual([own.id]);
    const bad = await admin.agent
      .patch(`/api/loyalty-programs/${mine.id}`)
      .set(admin.csrf)
      .send({ buyQuantity: 3 });
    expect(bad.status).toBe(400);
    expect(pathsOf(bad)).toContain('buyQuantity');
  });
});

describe('earning', () => {
  it('12 qualifying units earn 1 reward worth the cheapest unit paid; other brands and weighed lines do not count', async () => {
    const { program, customer } = await acmeSetup();
    await recordSale({
      customerId: customer.id,
      lines: [
        { product: kibble, quantity: 5 },
        { product: otherBrand, quantity: 3 },
        { product: weighed, quantity: 1500 },
      ],
    });
    expect(await progressOf(customer.id, program.id)).toMatchObject({
      unitsTowardNext: 5,
      rewardsAvailable: 0,
      rewardsRedeemed: 0,
    });
    // 7 bags at $8.99 with $3.93 off: $59.00 paid, 842.857… → 842 cents a bag.
    const second = await recordSale({
      customerId: customer.id,
      lines: [{ product: cheapKibble, quantity: 7, netCents: 5900 }],
    });
    const rewards = await rewardsOf(customer.id, program.id);
    expect(rewards).toEqual([
      expect.objectContaining({ status: 'available', maxValueCents: 842, earnedTransactionId: second.id }),
    ]);
    expect(await progressOf(customer.id, program.id)).toMatchObject({
      programName: program.name,
      buyQuantity: 12,
      unitsTowardNext: 0,
      rewardsAvailable: 1,
    });
    const purchases = await purchasesOf(customer.id, program.id);
    expect(purchases.map((row) => [row.units, row.unitsConsumed, row.unitsReturned]).sort()).toEqual([
      [5, 5, 0],
      [7, 7, 0],
    ]);

    const detail = await cashier.agent.get(`/api/customers/${customer.id}`).expect(200);
    // Other tests' Acme programs run in the same store: look at this one.
    expect(
      detail.body.loyalty.filter((entry: { programId: string }) => entry.programId === program.id),
    ).toEqual([
      {
        programId: program.id,
        programName: program.name,
        buyQuantity: 12,
        rewardQuantity: 1,
        windowMonths: null,
        unitsTowardNext: 0,
        rewardsAvailable: 1,
        rewardsRedeemed: 0,
      },
    ]);
    const elsewhere = await otherManager.agent.get(`/api/customers/${customer.id}`).expect(200);
    expect(elsewhere.body.loyalty).toEqual([]);
  });

  it('25 units in one sale earn 2 cards of rewardQuantity each; 1 unit stays toward the next', async () => {
    const program = await makeLoyaltyProgram(t.database.db, {
      storeIds: [own.id],
      qualifying: { productIds: [kibble.id] },
      rewardQuantity: 2,
    });
    const customer = await makeCustomer(t.database.db);
    await recordSale({ customerId: customer.id, lines: [{ product: kibble, quantity: 25 }] });
    expect(statusCounts(await rewardsOf(customer.id, program.id))).toEqual({ available: 4 });
    expect(await progressOf(customer.id, program.id)).toMatchObject({
      unitsTowardNext: 1,
      rewardsAvailable: 4,
    });
  });

  it('units bought before the window do not count toward a card', async () => {
    const { program, customer } = await acmeSetup({ windowMonths: 24 });
    await recordSale({
      customerId: customer.id,
      businessDate: addDays(today, -800),
      lines: [{ product: kibble, quantity: 11 }],
    });
    await recordSale({ customerId: customer.id, lines: [{ product: kibble, quantity: 1 }] });
    expect(await rewardsOf(customer.id, program.id)).toEqual([]);
    expect(await progressOf(customer.id, program.id)).toMatchObject({
      unitsTowardNext: 1,
      rewardsAvailable: 0,
    });

    await recordSale({ customerId: customer.id, lines: [{ product: kibble, quantity: 11 }] });
    expect(await rewardsOf(customer.id, program.id)).toHaveLength(1);
    expect(await progressOf(customer.id, program.id)).toMatchObject({
      unitsTowardNext: 0,
      rewardsAvailable: 1,
    });
  });

  it('a sale without a customer or at a store outside the program counts nothing', async () => {
    const { program, customer } = await acmeSetup();
    await recordSale({ customerId: null, lines: [{ product: kibble, quantity: 12 }] });
    await recordSale({ customerId: customer.id, store: other, lines: [{ product: kibble, quantity: 12 }] });
    expect(await purchasesOf(customer.id, program.id)).toEqual([]);
  });
});

describe('redeeming', () => {
  async function customerWithReward(unitValueCents = 999) {
    const setup = await acmeSetup();
    await recordSale({
      customerId: setup.customer.id,
      lines: [{ product: kibble, quantity: 12, netCents: unitValueCents * 12 }],
    });
    return setup;
  }

  it('a reward line takes the earned reward: redeemed on that line at the product’s price', async () => {
    const { program, customer } = await customerWithReward();
    const sale = await recordSale({
      customerId: customer.id,
      lines: [{ product: cheapKibble, quantity: 1, rewardProgramId: program.id }],
    });
    const [reward] = await rewardsOf(customer.id, program.id);
    expect(reward).toMatchObject({
      status: 'redeemed',
      redeemedTransactionId: sale.id,
      redeemedItemId: sale.itemIds[0],
      redeemedValueCents: 899,
      approvedBy: null,
    });
    expect(await progressOf(customer.id, program.id)).toMatchObject({
      rewardsAvailable: 0,
      rewardsRedeemed: 1,
    });
    // The free unit does not count toward the next card.
    expect(await purchasesOf(customer.id, program.id)).toHaveLength(1);
  });

  it('a reward worth less than the product’s price → 422 APPROVAL_REQUIRED saying what was earned; nothing changes', async () => {
    const { program, customer } = await customerWithReward(999);
    const error = await failedSale({
      customerId: customer.id,
      lines: [
        { product: kibble, quantity: 2 },
        { product: dearKibble, quantity: 1, rewardProgramId: program.id },
      ],
    });
    expect(error).toMatchObject({
      status: 422,
      code: 'APPROVAL_REQUIRED',
      details: [
        {
          path: 'lines.1.rewardProgramId',
          message: 'the customer has earned 1 free unit worth up to 999 cents',
        },
      ],
    });
    expect(statusCounts(await rewardsOf(customer.id, program.id))).toEqual({ available: 1 });
    expect(await purchasesOf(customer.id, program.id)).toHaveLength(1);
  });

  it('no reward earned and no approver → 422 APPROVAL_REQUIRED; with an approver → a goodwill reward, audited', async () => {
    const { program, customer } = await acmeSetup();
    const error = await failedSale({
      customerId: customer.id,
      lines: [{ product: kibble, quantity: 1, rewardProgramId: program.id }],
    });
    expect(error).toMatchObject({
      code: 'APPROVAL_REQUIRED',
      details: [{ path: 'lines.0.rewardProgramId', message: 'the customer has earned 0 free units' }],
    });
    const sale = await recordSale({
      customerId: customer.id,
      approverId: managerUser.id,
      lines: [{ product: kibble, quantity: 1, rewardProgramId: program.id }],
    });
    expect(await rewardsOf(customer.id, program.id)).toEqual([
      expect.objectContaining({
        status: 'redeemed',
        approvedBy: managerUser.id,
        maxValueCents: 999,
        redeemedValueCents: 999,
        redeemedTransactionId: sale.id,
        earnedTransactionId: null,
      }),
    ]);
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, sale.id));
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'loyalty.goodwill_reward',
        approverUserId: managerUser.id,
        storeId: own.id,
      }),
    ]);
  });

  it('reward lines without a customer, of a product that does not qualify, of a weighed product or another store’s program → 400 naming the line', async () => {
    const { program, customer } = await customerWithReward();
    const noCustomer = await failedSale({
      customerId: null,
      lines: [{ product: kibble, quantity: 1, rewardProgramId: program.id }],
    });
    expect(noCustomer).toMatchObject({
      status: 400,
      details: [{ path: 'lines.0.rewardProgramId', message: 'a reward needs a customer on the sale' }],
    });
    const elsewhere = await makeLoyaltyProgram(t.database.db, {
      storeIds: [other.id],
      qualifying: { brand: 'Acme' },
    });
    const invalid = await failedSale({
      customerId: customer.id,
      lines: [
        { product: otherBrand, quantity: 1, rewardProgramId: program.id },
        { product: weighed, quantity: 1000, rewardProgramId: program.id },
        { product: kibble, quantity: 1, rewardProgramId: elsewhere.id },
      ],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.details?.map((detail) => detail.path)).toEqual([
      'lines.0.rewardProgramId',
      'lines.1.rewardProgramId',
      'lines.2.rewardProgramId',
    ]);
    expect(statusCounts(await rewardsOf(customer.id, program.id))).toEqual({ available: 1 });
  });

  it('a deactivated program’s rewards cannot be redeemed (400)', async () => {
    const { program, customer } = await customerWithReward();
    await admin.agent
      .patch(`/api/loyalty-programs/${program.id}`)
      .set(admin.csrf)
      .send({ active: false })
      .expect(200);
    const error = await failedSale({
      customerId: customer.id,
      lines: [{ product: kibble, quantity: 1, rewardProgramId: program.id }],
    });
    expect(error.status).toBe(400);
  });

  it('two sales redeeming the one reward at the same time → exactly one succeeds, the other → 422', async () => {
    const { program, customer } = await customerWithReward();
    const results = await Promise.allSettled([
      recordSale({
        customerId: customer.id,
        lines: [{ product: kibble, quantity: 1, rewardProgramId: program.id }],
      }),
      recordSale({
        customerId: customer.id,
        lines: [{ product: kibble, quantity: 1, rewardProgramId: program.id }],
      }),
    ]);
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter(
      (result): result is PromiseRejectedResult => result.status === 'rejected',
    );
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatchObject({ status: 422, code: 'APPROVAL_REQUIRED' });
    const rewards = await rewardsOf(customer.id, program.id);
    expect(statusCounts(rewards)).toEqual({ redeemed: 1 });
    // Only the winning sale exists: the loser's rows rolled back with it.
    const sales = await t.database.db
      .select({ id: salesTransactions.id })
      .from(salesTransactions)
      .where(eq(salesTransactions.id, rewards[0]!.redeemedTransactionId!));
    expect(sales).toHaveLength(1);
  });
});

describe('returns and voids', () => {
  async function purchaseTotals(customerId: string, programId: string) {
    const rows = await purchasesOf(customerId, programId);
    for (const row of rows) {
      expect(row.unitsConsumed).toBeGreaterThanOrEqual(0);
      expect(row.unitsReturned).toBeGreaterThanOrEqual(0);
      expect(row.unitsConsumed + row.unitsReturned).toBeLessThanOrEqual(row.units);
    }
    return {
      consumed: rows.reduce((sum, row) => sum + row.unitsConsumed, 0),
      returned: rows.reduce((sum, row) => sum + row.unitsReturned, 0),
      free: rows.reduce((sum, row) => sum + row.units - row.unitsConsumed - row.unitsReturned, 0),
    };
  }

  it('returning an unconsumed unit takes it off the count; returning more than was bought never goes negative', async () => {
    const { program, customer } = await acmeSetup();
    const sale = await recordSale({ customerId: customer.id, lines: [{ product: kibble, quantity: 5 }] });
    await withTransaction(t.database.db, (tx) =>
      reverseLoyaltyForReturn(tx, {
        originalSaleId: sale.id,
        lines: [{ originalItemId: sale.itemIds[0]!, quantity: 2 }],
      }),
    );
    expect(await progressOf(customer.id, program.id)).toMatchObject({ unitsTowardNext: 3 });
    await withTransaction(t.database.db, (tx) =>
      reverseLoyaltyForReturn(tx, {
        originalSaleId: sale.id,
        lines: [{ originalItemId: sale.itemIds[0]!, quantity: 9 }],
      }),
    );
    expect(await purchaseTotals(customer.id, program.id)).toEqual({ consumed: 0, returned: 5, free: 0 });
    expect(await progressOf(customer.id, program.id)).toMatchObject({
      unitsTowardNext: 0,
      rewardsAvailable: 0,
    });
  });

  it('returning a unit of a full card whose reward is unused revokes the reward and gives the other 11 units back', async () => {
    const { program, customer } = await acmeSetup();
    const first = await recordSale({ customerId: customer.id, lines: [{ product: kibble, quantity: 4 }] });
    await recordSale({ customerId: customer.id, lines: [{ product: cheapKibble, quantity: 8 }] });
    expect(statusCounts(await rewardsOf(customer.id, program.id))).toEqual({ available: 1 });
    await withTransaction(t.database.db, (tx) =>
      reverseLoyaltyForReturn(tx, {
        originalSaleId: first.id,
        lines: [{ originalItemId: first.itemIds[0]!, quantity: 1 }],
      }),
    );
    expect(statusCounts(await rewardsOf(customer.id, program.id))).toEqual({ revoked: 1 });
    expect(await purchaseTotals(customer.id, program.id)).toEqual({ consumed: 0, returned: 1, free: 11 });
    expect(await progressOf(customer.id, program.id)).toMatchObject({
      unitsTowardNext: 11,
      rewardsAvailable: 0,
    });
    // One more bag fills the card again.
    await recordSale({ customerId: customer.id, lines: [{ product: kibble, quantity: 1 }] });
    expect(statusCounts(await rewardsOf(customer.id, program.id))).toEqual({ revoked: 1, available: 1 });
  });

  it('a revoked card refills at once from units bought since; its reward is worth the cheapest of them', async () => {
    const { program, customer } = await acmeSetup();
    const first = await recordSale({
      customerId: customer.id,
      lines: [{ product: dearKibble, quantity: 12 }],
    });
    await recordSale({ customerId: customer.id, lines: [{ product: cheapKibble, quantity: 3 }] });
    await withTransaction(t.database.db, (tx) =>
      reverseLoyaltyForReturn(tx, {
        originalSaleId: first.id,
        lines: [{ originalItemId: first.itemIds[0]!, quantity: 1 }],
      }),
    );
    const rewards = await rewardsOf(customer.id, program.id);
    expect(statusCounts(rewards)).toEqual({ revoked: 1, available: 1 });
    expect(rewards.find((reward) => reward.status === 'available')!.maxValueCents).toBe(899);
    expect(await purchaseTotals(customer.id, program.id)).toEqual({ consumed: 12, returned: 1, free: 2 });
  });

  it('returning a unit of a card whose reward was already redeemed takes a unit off the next card instead; never below zero', async () => {
    const { program, customer } = await acmeSetup();
    const first = await recordSale({ customerId: customer.id, lines: [{ product: kibble, quantity: 12 }] });
    await recordSale({
      customerId: customer.id,
      lines: [{ product: kibble, quantity: 1, rewardProgramId: program.id }],
    });
    await recordSale({ customerId: customer.id, lines: [{ product: kibble, quantity: 1 }] });
    const returnOne = () =>
      withTransaction(t.database.db, (tx) =>
        reverseLoyaltyForReturn(tx, {
          originalSaleId: first.id,
          lines: [{ originalItemId: first.itemIds[0]!, quantity: 1 }],
        }),
      );
    await returnOne();
    expect(await progressOf(customer.id, program.id)).toMatchObject({
      unitsTowardNext: 0,
      rewardsRedeemed: 1,
    });
    await returnOne();
    expect(await progressOf(customer.id, program.id)).toMatchObject({
      unitsTowardNext: 0,
      rewardsRedeemed: 1,
    });
    expect(await purchaseTotals(customer.id, program.id)).toEqual({ consumed: 11, returned: 2, free: 0 });
  });

  it('returning a free line puts the earned reward back; a goodwill one is revoked', async () => {
    const { program, customer } = await acmeSetup();
    await recordSale({ customerId: customer.id, lines: [{ product: kibble, quantity: 12 }] });
    const free = await recordSale({
      customerId: customer.id,
      approverId: managerUser.id,
      lines: [{ product: kibble, quantity: 2, rewardProgramId: program.id }],
    });
    expect(statusCounts(await rewardsOf(customer.id, program.id))).toEqual({ redeemed: 2 });
    await withTransaction(t.database.db, (tx) =>
      reverseLoyaltyForReturn(tx, {
        originalSaleId: free.id,
        lines: [{ originalItemId: free.itemIds[0]!, quantity: 1 }],
      }),
    );
    let rewards = await rewardsOf(customer.id, program.id);
    expect(rewards.find((reward) => reward.approvedBy !== null)).toMatchObject({
      status: 'revoked',
      redeemedItemId: null,
    });
    expect(rewards.find((reward) => reward.approvedBy === null)).toMatchObject({ status: 'redeemed' });
    await withTransaction(t.database.db, (tx) =>
      reverseLoyaltyForReturn(tx, {
        originalSaleId: free.id,
        lines: [{ originalItemId: free.itemIds[0]!, quantity: 1 }],
      }),
    );
    rewards = await rewardsOf(customer.id, program.id);
    expect(rewards.find((reward) => reward.approvedBy === null)).toMatchObject({
      status: 'available',
      redeemedTransactionId: null,
      redeemedValueCents: null,
    });
  });

  it('voiding a sale undoes it: its units stop counting, the reward it earned is revoked, rewards it redeemed come back', async () => {
    const { program, customer } = await acmeSetup();
    await recordSale({ customerId: customer.id, lines: [{ product: kibble, quantity: 12 }] });
    await recordSale({ customerId: customer.id, lines: [{ product: kibble, quantity: 11 }] });
    const sale = await recordSale({
      customerId: customer.id,
      lines: [
        { product: kibble, quantity: 1, rewardProgramId: program.id },
        { product: kibble, quantity: 3 },
      ],
    });
    expect(statusCounts(await rewardsOf(customer.id, program.id))).toEqual({ redeemed: 1, available: 1 });
    await withTransaction(t.database.db, (tx) => reverseLoyaltyForVoid(tx, sale.id));
    const rewards = await rewardsOf(customer.id, program.id);
    expect(rewards.find((reward) => reward.earnedTransactionId === sale.id)).toMatchObject({
      status: 'revoked',
    });
    expect(statusCounts(rewards)).toEqual({ available: 1, revoked: 1 });
    expect(await progressOf(customer.id, program.id)).toMatchObject({
      unitsTowardNext: 11,
      rewardsAvailable: 1,
      rewardsRedeemed: 0,
    });
    await withTransaction(t.database.db, (tx) => reverseLoyaltyForVoid(tx, sale.id));
    expect(await purchaseTotals(customer.id, program.id)).toEqual({ consumed: 12, returned: 3, free: 11 });
  });
});

describe('GET /api/loyalty-programs/:id/members', () => {
  it('lists each collecting customer by name with units toward the next reward and rewards; pages do not repeat', async () => {
    const program = await makeLoyaltyProgram(t.database.db, {
      storeIds: [own.id],
      qualifying: { brand: 'acme' },
      buyQuantity: 3,
    });
    const zoe = await makeCustomer(t.database.db, { name: 'Zoe Member' });
    const adam = await makeCustomer(t.database.db, { name: 'adam member' });
    const bystander = await makeCustomer(t.database.db, { name: 'Bea Bystander' });
    // Adam: 4 units → one reward, 1 toward the next. Zoe: 2 units. Bea buys another brand only.
    await recordSale({ customerId: adam.id, lines: [{ product: kibble, quantity: 4 }] });
    await recordSale({ customerId: zoe.id, lines: [{ product: cheapKibble, quantity: 2 }] });
    await recordSale({ customerId: bystander.id, lines: [{ product: otherBrand, quantity: 5 }] });

    const response = await manager.agent.get(`/api/loyalty-programs/${program.id}/members`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toEqual({
      items: [
        {
          customerId: adam.id,
          customerName: 'adam member',
          unitsTowardNext: 1,
          rewardsAvailable: 1,
          rewardsRedeemed: 0,
          lastPurchaseDate: today,
        },
        {
          customerId: zoe.id,
          customerName: 'Zoe Member',
          unitsTowardNext: 2,
          rewardsAvailable: 0,
          rewardsRedeemed: 0,
          lastPurchaseDate: today,
        },
      ],
      nextCursor: null,
    });
    // The same figures the customer's own progress shows.
    expect(await progressOf(adam.id, program.id)).toMatchObject({ unitsTowardNext: 1, rewardsAvailable: 1 });

    const first = await admin.agent.get(`/api/loyalty-programs/${program.id}/members?limit=1`);
    expect(first.body.items.map((item: { customerId: string }) => item.customerId)).toEqual([adam.id]);
    const second = await admin.agent.get(
      `/api/loyalty-programs/${program.id}/members?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    expect(second.body.items.map((item: { customerId: string }) => item.customerId)).toEqual([zoe.id]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('a cashier → 403; another store’s program → 404; a bad id, limit or cursor → 400 naming it', async () => {
    const program = await makeLoyaltyProgram(t.database.db, {
      storeIds: [own.id],
      qualifying: { brand: 'acme' },
    });
    await cashier.agent.get(`/api/loyalty-programs/${program.id}/members`).expect(403);
    await otherManager.agent.get(`/api/loyalty-programs/${program.id}/members`).expect(404);
    await manager.agent.get(`/api/loyalty-programs/${randomUUID()}/members`).expect(404);
    await request(t.app).get(`/api/loyalty-programs/${program.id}/members`).expect(401);
    expect(pathsOf(await manager.agent.get('/api/loyalty-programs/nope/members'))).toEqual(['id']);
    expect(pathsOf(await manager.agent.get(`/api/loyalty-programs/${program.id}/members?limit=0`))).toEqual([
      'limit',
    ]);
    const tampered = Buffer.from(JSON.stringify(['a', 'not-a-uuid'])).toString('base64url');
    const bad = await manager.agent.get(`/api/loyalty-programs/${program.id}/members?cursor=${tampered}`);
    expect(bad.status).toBe(400);
    expect(pathsOf(bad)).toEqual(['cursor']);
  });
});

describe('GET /api/loyalty-programs/:id/redemptions', () => {
  it('lists redeemed free units per sale line between two business dates, goodwill flagged, as JSON and CSV', async () => {
    const program = await makeLoyaltyProgram(t.database.db, {
      storeIds: [own.id, other.id],
      qualifying: { brand: 'Acme' },
      name: 'Acme Club',
    });
    const customer = await makeCustomer(t.database.db, { name: 'Report, Rita' });
    await recordSale({
      customerId: customer.id,
      lines: [{ product: kibble, quantity: 24 }],
      businessDate: '2026-03-01',
    });
    const earned = await recordSale({
      customerId: customer.id,
      businessDate: '2026-03-05',
      lines: [{ product: cheapKibble, quantity: 2, rewardProgramId: program.id }],
    });
    const goodwill = await recordSale({
      customerId: customer.id,
      businessDate: '2026-03-06',
      approverId: managerUser.id,
      lines: [{ product: dearKibble, quantity: 1, rewardProgramId: program.id }],
    });
    await recordSale({
      customerId: customer.id,
      lines: [{ product: kibble, quantity: 12 }],
      businessDate: '2026-03-07',
    });
    const elsewhere = await recordSale({
      customerId: customer.id,
      store: other,
      businessDate: '2026-03-08',
      lines: [{ product: kibble, quantity: 1, rewardProgramId: program.id }],
    });
    await recordSale({
      customerId: customer.id,
      businessDate: '2026-04-02',
      lines: [{ product: kibble, quantity: 1, rewardProgramId: program.id }],
      approverId: managerUser.id,
    });

    const response = await admin.agent
      .get(`/api/loyalty-programs/${program.id}/redemptions`)
      .query({ from: '2026-03-01', to: '2026-03-31' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.items).toEqual([
      expect.objectContaining({
        redeemedDate: '2026-03-05',
        storeCode: 'LOY1',
        receiptNumber: earned.receiptNumber,
        customerName: 'Report, Rita',
        sku: 'ACME-4',
        productName: 'Acme Adult 4 kg',
        brand: 'Acme',
        units: 2,
        valueGivenCents: 1798,
        goodwill: false,
      }),
      expect.objectContaining({
        redeemedDate: '2026-03-06',
        receiptNumber: goodwill.receiptNumber,
        units: 1,
        valueGivenCents: 1099,
        goodwill: true,
      }),
      expect.objectContaining({
        redeemedDate: '2026-03-08',
        storeCode: 'LOY2',
        receiptNumber: elsewhere.receiptNumber,
        units: 1,
        valueGivenCents: 999,
        goodwill: false,
      }),
    ]);
    expect(response.body.totals).toEqual({
      units: 4,
      valueGivenCents: 3896,
      earnedUnits: 3,
      earnedValueCents: 2797,
      goodwillUnits: 1,
      goodwillValueCents: 1099,
    });

    const mine = await manager.agent
      .get(`/api/loyalty-programs/${program.id}/redemptions`)
      .query({ from: '2026-03-01', to: '2026-03-31' })
      .expect(200);
    expect(mine.body.items.map((item: { storeCode: string }) => item.storeCode)).toEqual(['LOY1', 'LOY1']);

    const csv = await manager.agent
      .get(`/api/loyalty-programs/${program.id}/redemptions`)
      .query({ from: '2026-03-01', to: '2026-03-31', format: 'csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="acme-club-redemptions-2026-03-01-to-2026-03-31.csv"',
    );
    expect(csv.text).toBe(
      [
        'redeemed_date,store_code,receipt_number,customer_name,sku,product_name,brand,units,value_given_cents,goodwill',
        `2026-03-05,LOY1,${earned.receiptNumber},"Report, Rita",ACME-4,Acme Adult 4 kg,Acme,2,1798,false`,
        `2026-03-06,LOY1,${goodwill.receiptNumber},"Report, Rita",ACME-15,Acme Senior 15 kg,ACME,1,1099,true`,
        '',
      ].join('\n'),
    );
  });

  it('a cashier → 403; another store’s program → 404; bad dates → 400 naming them', async () => {
    const theirs = await makeLoyaltyProgram(t.database.db, { storeIds: [other.id] });
    const mine = await makeLoyaltyProgram(t.database.db, { storeIds: [own.id] });
    const range = { from: '2026-01-01', to: '2026-01-31' };
    await cashier.agent.get(`/api/loyalty-programs/${mine.id}/redemptions`).query(range).expect(403);
    await manager.agent.get(`/api/loyalty-programs/${theirs.id}/redemptions`).query(range).expect(404);
    await manager.agent
      .get(`/api/loyalty-programs/${mine.id}/redemptions`)
      .query({ ...range, storeId: other.id })
      .expect(404);
    const bad = await manager.agent
      .get(`/api/loyalty-programs/${mine.id}/redemptions`)
      .query({ from: '2026-02-30', to: '2026-01-01', format: 'xml' });
    expect(bad.status).toBe(400);
    expect(pathsOf(bad)).toEqual(['format', 'from']);
    const backwards = await manager.agent
      .get(`/api/loyalty-programs/${mine.id}/redemptions`)
      .query({ from: '2026-02-01', to: '2026-01-01' });
    expect(pathsOf(backwards)).toEqual(['to']);
  });
});

describe('categories', () => {
  it('a category program counts only that category’s products', async () => {
    const dryFood = await makeCategory(t.database.db);
    const inCategory = await makeProduct(t.database.db, {
      brand: 'Any',
      categoryId: dryFood.id,
      priceCents: 500,
    });
    const program = await makeLoyaltyProgram(t.database.db, {
      storeIds: [own.id],
      qualifying: { categoryId: dryFood.id },
      buyQuantity: 2,
    });
    const customer = await makeCustomer(t.database.db);
    await recordSale({
      customerId: customer.id,
      lines: [
        { product: inCategory, quantity: 2 },
        { product: kibble, quantity: 5 },
      ],
    });
    expect(await rewardsOf(customer.id, program.id)).toEqual([
      expect.objectContaining({ maxValueCents: 500 }),
    ]);
  });
});
