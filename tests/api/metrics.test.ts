import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { openDatabase } from '../../server/db/client';
import { queryRows } from '../../server/db/query-rows';
import { type SessionClient, signIn } from '../helpers/auth';
import {
  makeProduct,
  makeStore,
  makeUser,
  type ProductFixture,
  type StoreFixture,
} from '../helpers/factories';
import { openShiftRow, saleBody } from '../helpers/sales';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let storeA: StoreFixture;
let storeB: StoreFixture;
let manager: SessionClient;
let cashier: SessionClient;
let shiftA: string;
let shiftB: string;
let food: ProductFixture;
let bulk: ProductFixture;
let toy: ProductFixture;

type Sample = { name: string; labels: Record<string, string>; value: number };

/** The Prometheus text format, sample lines only. */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) {
      continue;
    }
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]!] = pair[2]!;
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

async function scrape(app = t.app): Promise<Sample[]> {
  const response = await request(app).get('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toContain('text/plain');
  return parseMetrics(response.text);
}

/** The value of one series; a counter or gauge never touched for that store reads as absent (undefined). */
function sampleValue(samples: Sample[], name: string, store?: string): number | undefined {
  return samples.find((s) => s.name === name && (store === undefined || s.labels.store === store))?.value;
}

async function stock(storeId: string, productId: string, delta: number) {
  const response = await manager.agent
    .post(`/api/stores/${storeId}/inventory/adjustments`)
    .set(manager.csrf)
    .send({ lines: [{ productId, delta, reason: 'received' }] });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

type SaleAnswer = {
  id: string;
  storeId: string;
  totalCents: number;
  roundingCents: number;
  lines: { id: string; unit: string; quantity: number }[];
};

async function sell(
  store: StoreFixture,
  shiftId: string,
  lines: Record<string, unknown>[],
  cashCents: number,
) {
  const body = saleBody(
    { storeId: store.id, shiftId },
    { lines, tenders: [{ method: 'cash', amountCents: cashCents }] },
  );
  const response = await cashier.agent.post('/api/sales').set(cashier.csrf).send(body);
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { body, sale: response.body as SaleAnswer };
}

/** What the database says, independently of the app's query. */
async function lowStockInDb(storeId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    t.database.db,
    sql`select count(*)::int as n from inventory i join products p on p.id = i.product_id and p.active
        where i.store_id = ${storeId}::uuid and i.reorder_point > 0 and i.on_hand <= i.reorder_point`,
  );
  return Number(row!.n);
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  storeA = await makeStore(db, { code: 'MET1' });
  storeB = await makeStore(db, { code: 'MET2' });
  const managerUser = await makeUser(db, { role: 'manager', storeIds: [storeA.id, storeB.id] });
  const cashierUser = await makeUser(db, { role: 'cashier', storeIds: [storeA.id, storeB.id] });
  manager = await signIn(t.app, managerUser.username, managerUser.password);
  cashier = await signIn(t.app, cashierUser.username, cashierUser.password);
  food = await makeProduct(db, { sku: 'MET-FOOD', name: 'Kibble', priceCents: 1000, costCents: 600 });
  toy = await makeProduct(db, { sku: 'MET-TOY', name: 'Squeaky Toy', priceCents: 500, costCents: 200 });
  bulk = await makeProduct(db, { sku: 'MET-BULK', name: 'Seed by weight', priceCents: 1200, unit: 'weight' });
  shiftA = await openShiftRow(db, { storeId: storeA.id, registerId: 'till-1', openedBy: cashierUser.id });
  shiftB = await openShiftRow(db, { storeId: storeB.id, registerId: 'till-1', openedBy: cashierUser.id });
  await stock(storeA.id, food.id, 10);
  await stock(storeA.id, toy.id, 10);
  await stock(storeA.id, bulk.id, 5000);
  await stock(storeB.id, food.id, 10);
});
afterAll(() => t.close());

describe('GET /metrics: business metrics', () => {
  it('counts sales, items, returns and voids exactly once each, by store, as the API answered them', async () => {
    const before = await scrape();
    expect(sampleValue(before, 'pos_sales_total', storeA.id)).toBeUndefined();
    expect(sampleValue(before, 'pos_metrics_database_up')).toBe(1);

    // Store A: 3 kibble + 250 g of seed (4 items), then 2 toys; store B: 1 kibble.
    const first = await sell(
      storeA,
      shiftA,
      [
        { productId: food.id, quantity: 3 },
        { productId: bulk.id, quantity: 250 },
      ],
      10_000,
    );
    const second = await sell(storeA, shiftA, [{ productId: toy.id, quantity: 2 }], 2_000);
    const inB = await sell(storeB, shiftB, [{ productId: food.id, quantity: 1 }], 2_000);
    // The same sale sent again (the till retrying) is answered 200 and must not count twice.
    const replay = await cashier.agent.post('/api/sales').set(cashier.csrf).send(first.body);
    expect(replay.status).toBe(200);

    // Both toys of the second sale come back (refunded at what was paid); the first sale is voided; voiding
    // it again is refused.
    const toyLine = second.sale.lines[0]! as SaleAnswer['lines'][number] & { totalCents: number };
    const ret = await cashier.agent
      .post('/api/returns')
      .set(cashier.csrf)
      .send({
        id: randomUUID(),
        storeId: storeA.id,
        registerId: 'till-1',
        shiftId: shiftA,
        reason: 'changed mind',
        originalSaleId: second.sale.id,
        lines: [{ originalLineId: toyLine.id, quantity: 2, restock: true }],
        refundTenders: [{ method: 'cash', amountCents: toyLine.totalCents }],
      });
    expect(ret.status, JSON.stringify(ret.body)).toBe(201);
    const refundCents = ret.body.refundTotalCents + ret.body.roundingCents;
    expect(refundCents).toBe(toyLine.totalCents);
    const voided = await manager.agent
      .post(`/api/sales/${first.sale.id}/void`)
      .set(manager.csrf)
      .send({ reason: 'rang up on the wrong till' });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    const again = await manager.agent
      .post(`/api/sales/${first.sale.id}/void`)
      .set(manager.csrf)
      .send({ reason: 'twice' });
    expect(again.status).toBe(409);

    const after = await scrape();
    const due = (s: SaleAnswer) => s.totalCents + s.roundingCents;
    expect(sampleValue(after, 'pos_sales_total', storeA.id)).toBe(2);
    expect(sampleValue(after, 'pos_sales_total', storeB.id)).toBe(1);
    expect(sampleValue(after, 'pos_sales_revenue_cents_total', storeA.id)).toBe(
      due(first.sale) + due(second.sale),
    );
    expect(sampleValue(after, 'pos_sales_revenue_cents_total', storeB.id)).toBe(due(inB.sale));
    expect(sampleValue(after, 'pos_sale_items_total', storeA.id)).toBe(4 + 2);
    expect(sampleValue(after, 'pos_sale_items_total', storeB.id)).toBe(1);
    expect(sampleValue(after, 'pos_returns_total', storeA.id)).toBe(1);
    expect(sampleValue(after, 'pos_returns_total', storeB.id)).toBeUndefined();
    expect(sampleValue(after, 'pos_refunded_cents_total', storeA.id)).toBe(refundCents);
    expect(sampleValue(after, 'pos_sale_voids_total', storeA.id)).toBe(1);
    expect(sampleValue(after, 'pos_sale_voided_cents_total', storeA.id)).toBe(due(first.sale));

    // The counters agree with the sales tables: every sale row of store A, voided or not, was counted once.
    const [db] = await queryRows<{ sales: number; voids: number; items: number }>(
      t.database.db,
      sql`select count(*) filter (where t.kind = 'sale')::int as sales,
                 count(*) filter (where t.kind = 'sale' and t.status = 'voided')::int as voids,
                 (select coalesce(sum(case when p.unit = 'weight' then 1 else i.quantity end), 0)::int
                    from sales_transaction_items i join products p on p.id = i.product_id
                    join sales_transactions s on s.id = i.transaction_id
                   where s.store_id = ${storeA.id}::uuid and s.kind = 'sale') as items
          from sales_transactions t where t.store_id = ${storeA.id}::uuid`,
    );
    expect(sampleValue(after, 'pos_sales_total', storeA.id)).toBe(Number(db!.sales));
    expect(sampleValue(after, 'pos_sale_voids_total', storeA.id)).toBe(Number(db!.voids));
    expect(sampleValue(after, 'pos_sale_items_total', storeA.id)).toBe(Number(db!.items));

    // Today's figures come from the database: the voided sale counts nowhere, the return counts.
    expect(sampleValue(after, 'pos_store_today_sales', storeA.id)).toBe(1);
    expect(sampleValue(after, 'pos_store_today_returns', storeA.id)).toBe(1);
    expect(sampleValue(after, 'pos_store_today_items', storeA.id)).toBe(2 - 2);
    expect(sampleValue(after, 'pos_store_today_sales', storeB.id)).toBe(1);
    const [daily] = await queryRows<{ revenue: number }>(
      t.database.db,
      sql`select sales_revenue_cents::int as revenue from sales_daily where store_id = ${storeB.id}::uuid`,
    );
    expect(sampleValue(after, 'pos_store_today_revenue_cents', storeB.id)).toBe(Number(daily!.revenue));
    expect(sampleValue(after, 'pos_store_open_shifts', storeA.id)).toBe(1);
    const info = after.find((s) => s.name === 'pos_store_info' && s.labels.store === storeA.id);
    expect(info?.labels.code).toBe('MET1');
  });

  it('the low-stock gauge follows reorder points and stock, equal to what the database says', async () => {
    const initial = await scrape();
    expect(sampleValue(initial, 'pos_store_low_stock_products', storeA.id)).toBe(
      await lowStockInDb(storeA.id),
    );
    expect(sampleValue(initial, 'pos_store_low_stock_products', storeA.id)).toBe(0);

    // Kibble in A: 10 received, 3 sold then voided (back), so 10 on hand; a reorder point of 12 makes it low.
    // Toys: 10 received, 2 sold, 2 returned to stock: 10 on hand, above a point of 9.
    const patched = await manager.agent
      .patch(`/api/stores/${storeA.id}/inventory/${food.id}`)
      .set(manager.csrf)
      .send({ reorderPoint: 12, reorderQuantity: 24 });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    const toyPatched = await manager.agent
      .patch(`/api/stores/${storeA.id}/inventory/${toy.id}`)
      .set(manager.csrf)
      .send({ reorderPoint: 9, reorderQuantity: 24 });
    expect(toyPatched.status).toBe(200);
    const low = await scrape();
    expect(await lowStockInDb(storeA.id)).toBe(1);
    expect(sampleValue(low, 'pos_store_low_stock_products', storeA.id)).toBe(1);
    expect(sampleValue(low, 'pos_store_low_stock_products', storeB.id)).toBe(0);

    // Selling two toys takes them to 8, below 9: two low; receiving kibble above its point leaves one.
    await sell(storeA, shiftA, [{ productId: toy.id, quantity: 2 }], 2_000);
    const twoLow = await scrape();
    expect(await lowStockInDb(storeA.id)).toBe(2);
    expect(sampleValue(twoLow, 'pos_store_low_stock_products', storeA.id)).toBe(2);
    await stock(storeA.id, food.id, 5);
    const restocked = await scrape();
    expect(await lowStockInDb(storeA.id)).toBe(1);
    expect(sampleValue(restocked, 'pos_store_low_stock_products', storeA.id)).toBe(1);
  });

  it('an unreachable database leaves /metrics answering 200 with the process metrics and pos_metrics_database_up 0', async () => {
    // A real pool pointed at a port nothing listens on (nothing is connected until the scrape queries).
    const down = await openDatabase({
      kind: 'postgres',
      url: 'postgres://postgres@127.0.0.1:1/none',
      maxConnections: 1,
      ssl: false,
    });
    try {
      const { app } = createApp({ config: t.config, database: down, redis: null, logger: t.logger });
      const samples = await scrape(app);
      expect(sampleValue(samples, 'pos_metrics_database_up')).toBe(0);
      expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
      expect(samples.some((s) => s.name === 'db_pool_connections')).toBe(true);
      expect(samples.some((s) => s.name === 'pos_store_low_stock_products')).toBe(false);
      expect(t.logs.some((line) => line.message === 'business metrics could not be read')).toBe(true);
    } finally {
      await down.close();
    }
  });
});
