import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/db/query-rows';
import { inventory, salesTransactions } from '../../server/db/schema';
import { findLedgerMismatches } from '../../server/modules/inventory/inventory.repo';
import { bearerToken } from '../helpers/auth';
import {
  makeProduct,
  makeStore,
  makeUser,
  type ProductFixture,
  type StoreFixture,
} from '../helpers/factories';
import { worldSnapshot } from '../helpers/sales';
import { createTestApp, type TestApp, usingPostgres } from '../helpers/test-app';

/**
 * The proof for the checkout: many registers selling the same few products at once in a store that
 * forbids negative stock never oversell, every acknowledged sale is recorded exactly once and every refused
 * one not at all, the stock ledger balances, and receipt numbers stay unique and gap-free per register.
 * On PostgreSQL the clients really run at once (20 × 50; the pool of 5 connections queues the rest); PGlite
 * serialises transactions, so there the counts are scaled down to keep `npm test` quick and every assertion
 * stays the same. SALES_CONCURRENCY_CLIENTS / SALES_CONCURRENCY_SALES override the counts.
 */
const CLIENTS = Number(process.env.SALES_CONCURRENCY_CLIENTS) || (usingPostgres() ? 20 : 4);
const SALES_PER_CLIENT = Number(process.env.SALES_CONCURRENCY_SALES) || (usingPostgres() ? 50 : 10);
const PRODUCT_COUNT = 10;
// A sale asks for 2 lines × 2 units on average: demand per product is about CLIENTS × SALES × 4 / 10. Stock
// 60 % of it, so the stock runs out part-way and the later sales must be refused rather than oversold.
const STOCK_PER_PRODUCT = Math.ceil(((CLIENTS * SALES_PER_CLIENT * 4) / PRODUCT_COUNT) * 0.6);

let t: TestApp;
let server: Server;
let baseUrl: string;
let store: StoreFixture;
let products: ProductFixture[];
let tokens: string[];
let shiftIds: string[];
let managerToken: string;

type Answer = { status: number; body: Record<string, unknown> };

async function call(token: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A small seeded generator (mulberry32) so a failing run can be replayed. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const registerOf = (client: number) => `reg-${String(client).padStart(2, '0')}`;

type SaleRequest = {
  id: string;
  storeId: string;
  registerId: string;
  shiftId: string;
  lines: { productId: string; quantity: number }[];
  tenders: { method: 'cash' | 'card'; amountCents: number; reference?: string }[];
};

/**
 * 1–3 lines of 1–3 units of random hot products (a product may come twice). The products are tax-exempt, so
 * the total is Σ price × quantity and a card can pay it exactly; cash pays the next whole $10, with change.
 */
function randomSale(random: () => number, client: number): { body: SaleRequest; totalCents: number } {
  const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
    productId: products[Math.floor(random() * products.length)]!.id,
    quantity: 1 + Math.floor(random() * 3),
  }));
  const priceOf = (id: string) => products.find((p) => p.id === id)!.priceCents;
  const totalCents = lines.reduce((sum, line) => sum + priceOf(line.productId) * line.quantity, 0);
  const tenders =
    random() < 0.5
      ? [
          {
            method: 'card' as const,
            amountCents: totalCents,
            reference: `T${client}-${Math.floor(random() * 1e6)}`,
          },
        ]
      : [{ method: 'cash' as const, amountCents: Math.ceil((totalCents + 1) / 1000) * 1000 }];
  return {
    body: {
      id: randomUUID(),
      storeId: store.id,
      registerId: registerOf(client),
      shiftId: shiftIds[client]!,
      lines,
      tenders,
    },
    totalCents,
  };
}

async function onHandByProduct(): Promise<Map<string, number>> {
  const rows = await t.database.db
    .select({ productId: inventory.productId, onHand: inventory.onHand })
    .from(inventory)
    .where(eq(inventory.storeId, store.id));
  return new Map(rows.map((row) => [row.productId, row.onHand]));
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  store = await makeStore(db, { code: 'CONS', allowNegativeStock: false });
  products = [];
  for (let i = 0; i < PRODUCT_COUNT; i++) {
    products.push(
      await makeProduct(db, {
        sku: `HOT-${String(i).padStart(2, '0')}`,
        name: `Hot product ${i}`,
        priceCents: 199 + i * 100,
        taxClass: 'exempt',
      }),
    );
  }
  server = t.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const manager = await makeUser(db, { role: 'manager', storeIds: [store.id] });
  managerToken = await bearerToken(t.app, manager.username, manager.password);
  const stocked = await call(managerToken, 'POST', `/api/stores/${store.id}/inventory/adjustments`, {
    lines: products.map((p) => ({ productId: p.id, delta: STOCK_PER_PRODUCT, reason: 'received' })),
  });
  expect(stocked.status, JSON.stringify(stocked.body)).toBe(201);

  // Each client is a cashier at its own register with its own open shift, as real tills are.
  tokens = [];
  shiftIds = [];
  for (let client = 0; client < CLIENTS; client++) {
    const cashier = await makeUser(db, { role: 'cashier', storeIds: [store.id] });
    const token = await bearerToken(t.app, cashier.username, cashier.password);
    const opened = await call(token, 'POST', '/api/shifts', {
      storeId: store.id,
      registerId: registerOf(client),
      openingFloatCents: 10_000,
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    tokens.push(token);
    shiftIds.push(opened.body.id as string);
  }
}, 180_000);
afterAll(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await t?.close();
});

type Outcome = { request: SaleRequest; totalCents: number; answer: Answer };

describe(`${CLIENTS} concurrent registers × ${SALES_PER_CLIENT} sales on ${PRODUCT_COUNT} hot products (no negative stock)`, () => {
  it('never oversells, records every acknowledged sale once and no refused one, and the books balance', async () => {
    const db = t.database.db;
    const before = await onHandByProduct();
    // Each client sends its sales one after another, as a till does; the clients all run at once.
    const outcomes = (
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          const random = randomSource(7000 + client);
          const mine: Outcome[] = [];
          for (let n = 0; n < SALES_PER_CLIENT; n++) {
            const { body, totalCents } = randomSale(random, client);
            mine.push({
              request: body,
              totalCents,
              answer: await call(tokens[client]!, 'POST', '/api/sales', body),
            });
          }
          return mine;
        }),
      )
    ).flat();

    const unexpected = outcomes.filter(
      (o) =>
        o.answer.status !== 201 &&
        !(o.answer.status === 409 && (o.answer.body.error as { code: string }).code === 'INSUFFICIENT_STOCK'),
    );
    expect(unexpected.map((o) => `${o.answer.status} ${JSON.stringify(o.answer.body)}`)).toEqual([]);
    const accepted = outcomes.filter((o) => o.answer.status === 201);
    const refused = outcomes.filter((o) => o.answer.status === 409);
    // Demand exceeds supply by design: both outcomes must occur, or the test proved nothing.
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const o of accepted) {
      expect(o.answer.body).toMatchObject({
        id: o.request.id,
        status: 'completed',
        totalCents: o.totalCents,
      });
    }

    // Every acknowledged sale exactly once, completed; every refused one absent.
    const acceptedIds = accepted.map((o) => o.request.id);
    const rows = await db
      .select({ id: salesTransactions.id, status: salesTransactions.status })
      .from(salesTransactions)
      .where(eq(salesTransactions.storeId, store.id));
    expect(rows.map((r) => r.id).sort()).toEqual([...acceptedIds].sort());
    expect(rows.every((r) => r.status === 'completed')).toBe(true);
    const refusedIds = refused.map((o) => o.request.id);
    const leaked = await db
      .select({ id: salesTransactions.id })
      .from(salesTransactions)
      .where(inArray(salesTransactions.id, refusedIds));
    expect(leaked).toEqual([]);

    // Σ sold per product, from the sales as recorded and from what the clients were told, is exactly what
    // left the shelf; nothing is below zero.
    const sold = await queryRows<{ product_id: string; quantity: string }>(
      db,
      sql`select i.product_id, sum(i.quantity)::text as quantity
          from sales_transaction_items i join sales_transactions t on t.id = i.transaction_id
          where t.store_id = ${store.id} and t.kind = 'sale' and t.status = 'completed'
          group by i.product_id`,
    );
    const soldInDb = new Map(sold.map((row) => [row.product_id, Number(row.quantity)]));
    const soldAcknowledged = new Map<string, number>();
    for (const o of accepted) {
      for (const line of o.request.lines) {
        soldAcknowledged.set(line.productId, (soldAcknowledged.get(line.productId) ?? 0) + line.quantity);
      }
    }
    const after = await onHandByProduct();
    for (const product of products) {
      const taken = before.get(product.id)! - after.get(product.id)!;
      expect(soldInDb.get(product.id) ?? 0, product.sku).toBe(taken);
      expect(soldAcknowledged.get(product.id) ?? 0, product.sku).toBe(taken);
      expect(after.get(product.id)!, product.sku).toBeGreaterThanOrEqual(0);
    }
    // Every refused sale really was short of something when it ran: a product it asked for is now (nearly)
    // sold out, never one with plenty left. Stock only falls, so "short then" implies "at most that much now".
    for (const o of refused) {
      const wanted = new Map<string, number>();
      for (const line of o.request.lines) {
        wanted.set(line.productId, (wanted.get(line.productId) ?? 0) + line.quantity);
      }
      const someShort = [...wanted].some(([productId, quantity]) => after.get(productId)! < quantity);
      expect(someShort, JSON.stringify(o.answer.body)).toBe(true);
    }

    expect(await findLedgerMismatches(db)).toEqual([]);

    // Receipt numbers: unique in the store, and each register counts 1..n without a gap (a refused sale
    // gives its number back).
    const receipts = await db
      .select({ registerId: salesTransactions.registerId, receiptNumber: salesTransactions.receiptNumber })
      .from(salesTransactions)
      .where(eq(salesTransactions.storeId, store.id));
    expect(new Set(receipts.map((r) => r.receiptNumber)).size).toBe(receipts.length);
    const byRegister = new Map<string, { prefix: string; numbers: number[] }>();
    for (const receipt of receipts) {
      const match = /^(CONS-\d+)-(\d{6})$/.exec(receipt.receiptNumber);
      expect(match, receipt.receiptNumber).not.toBeNull();
      const entry = byRegister.get(receipt.registerId) ?? { prefix: match![1]!, numbers: [] };
      // A register keeps one register number for all its receipts.
      expect(match![1]).toBe(entry.prefix);
      entry.numbers.push(Number(match![2]));
      byRegister.set(receipt.registerId, entry);
    }
    const prefixes = [...byRegister.values()].map((entry) => entry.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const [registerId, entry] of byRegister) {
      const count = accepted.filter((o) => o.request.registerId === registerId).length;
      expect(
        entry.numbers.sort((a, b) => a - b),
        registerId,
      ).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    }
    // The answers carried those same numbers.
    const answered = new Map(accepted.map((o) => [o.request.id, o.answer.body.receiptNumber]));
    const recorded = await db
      .select({ id: salesTransactions.id, receiptNumber: salesTransactions.receiptNumber })
      .from(salesTransactions)
      .where(eq(salesTransactions.storeId, store.id));
    for (const row of recorded) {
      expect(answered.get(row.id)).toBe(row.receiptNumber);
    }
  }, 600_000);
});

describe('the same sale sent several times', () => {
  async function restock(productId: string, delta: number): Promise<void> {
    const response = await call(managerToken, 'POST', `/api/stores/${store.id}/inventory/adjustments`, {
      lines: [{ productId, delta, reason: 'received' }],
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  }

  async function onHandOf(productId: string): Promise<number> {
    const [row] = await t.database.db
      .select({ onHand: inventory.onHand })
      .from(inventory)
      .where(and(eq(inventory.storeId, store.id), eq(inventory.productId, productId)));
    return row?.onHand ?? 0;
  }

  it('ten concurrent copies of one sale → one sale, ten identical answers, the stock taken once', async () => {
    const product = products[0]!;
    await restock(product.id, 5);
    const stockBefore = await onHandOf(product.id);
    const body = {
      id: randomUUID(),
      storeId: store.id,
      registerId: registerOf(0),
      shiftId: shiftIds[0],
      lines: [{ productId: product.id, quantity: 2 }],
      tenders: [{ method: 'cash', amountCents: 1000 }],
    };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => call(tokens[0]!, 'POST', '/api/sales', body)),
    );
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.filter((s) => s === 201),
      JSON.stringify(answers[0]!.body),
    ).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(9);
    for (const answer of answers) {
      expect(answer.body).toEqual(answers[0]!.body);
    }
    const rows = await t.database.db
      .select()
      .from(salesTransactions)
      .where(eq(salesTransactions.id, body.id));
    expect(rows).toHaveLength(1);
    expect(await onHandOf(product.id)).toBe(stockBefore - 2);
    expect(await findLedgerMismatches(t.database.db)).toEqual([]);
  });

  it('ten concurrent copies of a sale the stock cannot fill → ten 409 INSUFFICIENT_STOCK, nothing written', async () => {
    const product = products[1]!;
    const available = await onHandOf(product.id);
    const body = {
      id: randomUUID(),
      storeId: store.id,
      registerId: registerOf(1),
      shiftId: shiftIds[1],
      lines: [{ productId: product.id, quantity: available + 1 }],
      tenders: [{ method: 'card', amountCents: product.priceCents * (available + 1), reference: 'NOPE' }],
    };
    const before = await worldSnapshot(t.database.db);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => call(tokens[1]!, 'POST', '/api/sales', body)),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(409);
      expect((answer.body.error as { code: string }).code).toBe('INSUFFICIENT_STOCK');
    }
    expect(await worldSnapshot(t.database.db)).toEqual(before);
  });

  it('a retry after a lost answer is safe: each sale sent again once answered → 200 with the identical body', async () => {
    const random = randomSource(99);
    for (const product of products) {
      await restock(product.id, 20);
    }
    for (let n = 0; n < 6; n++) {
      const client = n % tokens.length;
      const { body } = randomSale(random, client);
      const first = await call(tokens[client]!, 'POST', '/api/sales', body);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      const snapshot = await worldSnapshot(t.database.db);
      const again = await call(tokens[client]!, 'POST', '/api/sales', body);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      // The retry wrote nothing: no second sale, stock movement, receipt number or audit entry.
      expect(await worldSnapshot(t.database.db)).toEqual(snapshot);
    }
    // A refused sale retried is refused again and still leaves nothing behind.
    const product = products[2]!;
    const available = await onHandOf(product.id);
    const refusedBody = {
      id: randomUUID(),
      storeId: store.id,
      registerId: registerOf(0),
      shiftId: shiftIds[0],
      lines: [{ productId: product.id, quantity: available + 1 }],
      tenders: [{ method: 'card', amountCents: product.priceCents * (available + 1), reference: 'R1' }],
    };
    const snapshot = await worldSnapshot(t.database.db);
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await call(tokens[0]!, 'POST', '/api/sales', refusedBody);
      expect(refused.status).toBe(409);
      expect(await worldSnapshot(t.database.db)).toEqual(snapshot);
    }
    expect(await findLedgerMismatches(t.database.db)).toEqual([]);
  });
});
