import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CartLine, priceCart } from '../../shared/pricing/cart';
import { auditLog, loyaltyRewards } from '../../server/db/schema';
import { type SessionClient, signIn } from '../helpers/auth';
import {
  makeCustomer,
  makeLoyaltyProgram,
  makeProduct,
  makeStore,
  makeUser,
  type LoyaltyProgramFixture,
  type ProductFixture,
  type StoreFixture,
  type UserFixture,
} from '../helpers/factories';
import { saleBody, worldSnapshot } from '../helpers/sales';
import { createTestApp, type TestApp } from '../helpers/test-app';

// Frequent-buyer programs end to end, through the sales API: earning on a sale, redeeming on a later one as a
// free line, never twice, progress on the customer and the receipt, and a void undoing a redemption.
let t: TestApp;
let store: StoreFixture;
let managerUser: UserFixture;
let cashier: SessionClient;
let manager: SessionClient;
let program: LoyaltyProgramFixture;
let bag: ProductFixture;
let bigBag: ProductFixture;
let toy: ProductFixture;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  store = await makeStore(db, { code: 'LOY1' });
  managerUser = await makeUser(db, { role: 'manager', storeIds: [store.id] });
  const cashierUser = await makeUser(db, { role: 'cashier', storeIds: [store.id] });
  cashier = await signIn(t.app, cashierUser.username, cashierUser.password);
  manager = await signIn(t.app, managerUser.username, managerUser.password);
  bag = await makeProduct(db, { sku: 'LOY-ACANA-2', name: 'Acana 2 kg', brand: 'Acana', priceCents: 1999 });
  bigBag = await makeProduct(db, {
    sku: 'LOY-ACANA-11',
    name: 'Acana 11 kg',
    brand: 'Acana',
    priceCents: 7999,
  });
  toy = await makeProduct(db, { sku: 'LOY-TOY', name: 'Rope toy', brand: 'Other', priceCents: 500 });
  program = await makeLoyaltyProgram(db, {
    storeIds: [store.id],
    name: 'Acana: buy 3, get 1',
    qualifying: { brand: 'Acana' },
    buyQuantity: 3,
    rewardQuantity: 1,
  });
});
afterAll(() => t.close());

/** Rings up a sale paid exactly by card, the total priced as the register does, with the shared engine. */
async function sellExact(customerId: string, lines: CartLine[], extra: Record<string, unknown> = {}) {
  const catalog = new Map(
    [bag, bigBag, toy].map((p) => [p.id, { unit: p.unit, priceCents: p.priceCents, taxClass: p.taxClass }]),
  );
  const priced = priceCart({ lines }, catalog, {
    taxRates: store.taxRates,
    pricesIncludeTax: store.pricesIncludeTax,
    cashierDiscountLimitPercent: store.cashierDiscountLimitPercent,
  });
  return cashier.agent
    .post('/api/sales')
    .set(cashier.csrf)
    .send(
      saleBody(
        { storeId: store.id },
        {
          customerId,
          lines,
          tenders: [{ method: 'card', amountCents: priced.totalCents, reference: 'LOY' }],
          ...extra,
        },
      ),
    );
}

async function progressOf(customerId: string) {
  const response = await cashier.agent.get(`/api/customers/${customerId}?storeId=${store.id}`);
  expect(response.status).toBe(200);
  return response.body.loyalty.find((p: { programId: string }) => p.programId === program.id);
}

describe('frequent-buyer programs through the sales API', () => {
  it('3 bags earn a free one; it is redeemed on a later sale as a free line, and only once', async () => {
    const customer = await makeCustomer(t.database.db, { name: 'Loyal Lou' });
    const earn = await sellExact(customer.id, [
      { productId: bag.id, quantity: 3 },
      { productId: toy.id, quantity: 1 },
    ]);
    expect(earn.status, JSON.stringify(earn.body)).toBe(201);
    expect(await progressOf(customer.id)).toMatchObject({ unitsTowardNext: 0, rewardsAvailable: 1 });
    const receipt = await cashier.agent.get(`/api/sales/${earn.body.id}/receipt`).set('Accept', 'text/plain');
    expect(receipt.text).toContain('1 reward ready to redeem');

    // The free bag: a 100 % line discount; the toy is paid as usual (500 + 41 tax).
    const redeem = await sellExact(customer.id, [
      { productId: bag.id, quantity: 1, rewardProgramId: program.id },
      { productId: toy.id, quantity: 1 },
    ]);
    expect(redeem.status, JSON.stringify(redeem.body)).toBe(201);
    expect(redeem.body.lines[0]).toMatchObject({
      rewardProgramId: program.id,
      grossCents: 1999,
      discountCents: 1999,
      taxCents: 0,
      totalCents: 0,
      discountReason: 'frequent-buyer reward',
    });
    expect(redeem.body.totalCents).toBe(541);
    expect(await progressOf(customer.id)).toMatchObject({
      unitsTowardNext: 0,
      rewardsAvailable: 0,
      rewardsRedeemed: 1,
    });

    const before = await worldSnapshot(t.database.db);
    const again = await sellExact(customer.id, [
      { productId: bag.id, quantity: 1, rewardProgramId: program.id },
      { productId: toy.id, quantity: 1 },
    ]);
    expect(again.status).toBe(422);
    expect(again.body.error).toMatchObject({
      code: 'APPROVAL_REQUIRED',
      details: [{ path: 'lines.0.rewardProgramId' }],
    });
    expect(await worldSnapshot(t.database.db)).toEqual(before);

    // A manager may give one anyway: a goodwill reward, audit-logged with both users.
    const goodwill = await sellExact(
      customer.id,
      [
        { productId: bag.id, quantity: 1, rewardProgramId: program.id },
        { productId: toy.id, quantity: 1 },
      ],
      { approval: { username: managerUser.username, pin: managerUser.pin } },
    );
    expect(goodwill.status, JSON.stringify(goodwill.body)).toBe(201);
    const entries = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, goodwill.body.id));
    expect(entries.map((e) => [e.action, e.approverUserId]).sort()).toEqual([
      ['loyalty.goodwill_reward', managerUser.id],
      ['sale.approved', managerUser.id],
    ]);
  });

  it('a free unit may not be worth more than the cheapest unit that earned it', async () => {
    const customer = await makeCustomer(t.database.db, { name: 'Thrifty Theo' });
    expect((await sellExact(customer.id, [{ productId: bag.id, quantity: 3 }])).status).toBe(201);
    const tooDear = await sellExact(customer.id, [
      { productId: bigBag.id, quantity: 1, rewardProgramId: program.id },
      { productId: toy.id, quantity: 1 },
    ]);
    expect(tooDear.status).toBe(422);
    expect(tooDear.body.error.details[0].path).toBe('lines.0.rewardProgramId');
  });

  it('two tills redeeming the one reward at the same moment: exactly one gets it', async () => {
    const customer = await makeCustomer(t.database.db, { name: 'Double Dana' });
    expect((await sellExact(customer.id, [{ productId: bag.id, quantity: 3 }])).status).toBe(201);
    const lines = [
      { productId: bag.id, quantity: 1, rewardProgramId: program.id },
      { productId: toy.id, quantity: 1 },
    ];
    const answers = await Promise.all([sellExact(customer.id, lines), sellExact(customer.id, lines)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    const redeemed = await t.database.db
      .select()
      .from(loyaltyRewards)
      .where(eq(loyaltyRewards.customerId, customer.id));
    expect(redeemed.map((r) => r.status)).toEqual(['redeemed']);
  });

  it('voiding the sale that redeemed a reward gives the reward back', async () => {
    const customer = await makeCustomer(t.database.db, { name: 'Void Vera' });
    expect((await sellExact(customer.id, [{ productId: bag.id, quantity: 3 }])).status).toBe(201);
    const redeem = await sellExact(customer.id, [
      { productId: bag.id, quantity: 1, rewardProgramId: program.id },
      { productId: toy.id, quantity: 1 },
    ]);
    expect(redeem.status).toBe(201);
    const voided = await manager.agent
      .post(`/api/sales/${redeem.body.id}/void`)
      .set(manager.csrf)
      .send({ reason: 'wrong customer' });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(await progressOf(customer.id)).toMatchObject({ rewardsAvailable: 1, rewardsRedeemed: 0 });
  });

  it('returning bought bags takes their units back, never below zero', async () => {
    const customer = await makeCustomer(t.database.db, { name: 'Return Rita' });
    const sale = await sellExact(customer.id, [{ productId: bag.id, quantity: 2 }]);
    expect(await progressOf(customer.id)).toMatchObject({ unitsTowardNext: 2 });
    const ret = await cashier.agent
      .post('/api/returns')
      .set(cashier.csrf)
      .send({
        id: randomUUID(),
        storeId: store.id,
        registerId: 'till-1',
        originalSaleId: sale.body.id,
        lines: [{ originalLineId: sale.body.lines[0].id, quantity: 2 }],
        refundTenders: [{ method: 'card', amountCents: sale.body.totalCents, reference: 'LOY' }],
        reason: 'wrong size',
      });
    expect(ret.status, JSON.stringify(ret.body)).toBe(201);
    expect(await progressOf(customer.id)).toMatchObject({ unitsTowardNext: 0, rewardsAvailable: 0 });
  });
});
