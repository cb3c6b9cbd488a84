import 'fake-indexeddb/auto';
import { indexedDB } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sale } from '../../../../shared/schemas/sales';
import { ApiError } from '../../../../client/src/api/http';
import {
  closeOfflineDb,
  type OfflineDb,
  offlineDbName,
  openOfflineDb,
} from '../../../../client/src/offline/db';
import {
  listOutbox,
  NoReceiptCounterError,
  noteReceiptNumberUsed,
  queueSale,
  readCounter,
  storeReservedCounter,
  withdrawSale,
} from '../../../../client/src/offline/outbox';
import { buildLocalReceipt, type OutboxSaleBody } from '../../../../client/src/offline/outbox-record';
import { OutboxSync, verdictOf } from '../../../../client/src/offline/outbox-sync';

const STORE_ID = '00000000-0000-4000-8000-000000000001';
const REGISTER = 'till-1';
let db: OfflineDb;
let saleCount = 0;
const syncs: OutboxSync[] = [];

function startSync(
  options: Omit<ConstructorParameters<typeof OutboxSync>[0], 'db' | 'registerId' | 'reserveCounter'> & {
    reserveCounter?: () => Promise<void>;
  },
): OutboxSync {
  const sync = new OutboxSync({
    db,
    registerId: REGISTER,
    reserveCounter: async () => undefined,
    ...options,
  });
  syncs.push(sync);
  return sync;
}

function saleBuilder(receiptNumber: string) {
  saleCount += 1;
  const id = `00000000-0000-4000-8000-${String(saleCount).padStart(12, '0')}`;
  const body: OutboxSaleBody = {
    id,
    storeId: STORE_ID,
    registerId: REGISTER,
    shiftId: null,
    lines: [{ productId: '00000000-0000-4000-9000-000000000001', quantity: 1 }],
    tenders: [{ method: 'cash', amountCents: 500 }],
    receiptNumber,
    soldAt: '2026-11-24T10:00:00.000Z',
  };
  const receipt = buildLocalReceipt({
    receiptNumber,
    soldAt: body.soldAt,
    priced: {
      lines: [
        {
          grossCents: 450,
          lineDiscountCents: 0,
          cartDiscountCents: 0,
          discountCents: 0,
          netCents: 450,
          taxCents: 0,
          totalCents: 450,
        },
      ],
      subtotalCents: 450,
      discountCents: 0,
      taxCents: 0,
      totalCents: 450,
    },
    lines: [{ name: 'Kibble', unit: 'each', quantity: 1 }],
    tenders: body.tenders,
    cashRoundingCents: 1,
  });
  return { body, receipt };
}

/** The server's answer to a sale: what the outbox needs of it. */
function saleOf(body: OutboxSaleBody): Sale {
  return { id: body.id, receiptNumber: body.receiptNumber } as Sale;
}

function refusal(status: number, code: string): ApiError {
  return new ApiError({ status, code, message: `${code} refused` });
}

beforeEach(async () => {
  db = await openOfflineDb(STORE_ID);
  await storeReservedCounter(db, REGISTER, { prefix: 'S001-1-', nextNumber: 124 });
});

afterEach(async () => {
  for (const sync of syncs.splice(0)) {
    sync.stop();
  }
  closeOfflineDb(STORE_ID);
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(offlineDbName(STORE_ID));
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
});

describe('receipt counter', () => {
  it('each queued sale takes the next number, formatted as the server does', async () => {
    const first = await queueSale(db, REGISTER, saleBuilder);
    const second = await queueSale(db, REGISTER, saleBuilder);
    expect(first.receiptNumber).toBe('S001-1-000124');
    expect(second.receiptNumber).toBe('S001-1-000125');
    expect(second.body.receiptNumber).toBe('S001-1-000125');
    expect(await readCounter(db, REGISTER)).toEqual({ prefix: 'S001-1-', nextNumber: 126 });
  });

  it('a register that never reserved numbers cannot queue, and nothing is written', async () => {
    await expect(queueSale(db, 'till-new', saleBuilder)).rejects.toBeInstanceOf(NoReceiptCounterError);
    expect(await listOutbox(db, 'till-new')).toEqual([]);
    expect(await readCounter(db, 'till-new')).toBeNull();
  });

  it('a new reservation never moves the counter back behind numbers queued offline', async () => {
    await queueSale(db, REGISTER, saleBuilder);
    await queueSale(db, REGISTER, saleBuilder);
    await storeReservedCounter(db, REGISTER, { prefix: 'S001-1-', nextNumber: 124 });
    expect((await readCounter(db, REGISTER))?.nextNumber).toBe(126);
    await storeReservedCounter(db, REGISTER, { prefix: 'S001-1-', nextNumber: 300 });
    expect((await readCounter(db, REGISTER))?.nextNumber).toBe(300);
  });

  it('noteReceiptNumberUsed moves the counter past a number the server gave, never back, ignores other prefixes', async () => {
    await noteReceiptNumberUsed(STORE_ID, REGISTER, 'S001-1-000130');
    expect((await readCounter(db, REGISTER))?.nextNumber).toBe(131);
    await noteReceiptNumberUsed(STORE_ID, REGISTER, 'S001-1-000100');
    expect((await readCounter(db, REGISTER))?.nextNumber).toBe(131);
    await noteReceiptNumberUsed(STORE_ID, REGISTER, 'S001-2-000900');
    expect((await readCounter(db, REGISTER))?.nextNumber).toBe(131);
    expect((await queueSale(db, REGISTER, saleBuilder)).receiptNumber).toBe('S001-1-000131');
  });

  it('withdrawing the last sale gives its number back; an earlier one keeps the gap', async () => {
    const first = await queueSale(db, REGISTER, saleBuilder);
    const second = await queueSale(db, REGISTER, saleBuilder);
    await withdrawSale(db, second.seq as number);
    expect((await readCounter(db, REGISTER))?.nextNumber).toBe(125);
    await queueSale(db, REGISTER, saleBuilder);
    await withdrawSale(db, first.seq as number);
    expect((await readCounter(db, REGISTER))?.nextNumber).toBe(126);
    expect((await listOutbox(db, REGISTER)).map((record) => record.receiptNumber)).toEqual(['S001-1-000125']);
  });
});

describe('outbox sync', () => {
  it('sends queued sales strictly in order, one at a time, and removes each on success', async () => {
    const sent: string[] = [];
    let inFlight = 0;
    const sync = startSync({
      send: async (body) => {
        inFlight += 1;
        expect(inFlight).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        sent.push(body.receiptNumber);
        return saleOf(body);
      },
    });
    for (let i = 0; i < 5; i++) {
      await queueSale(db, REGISTER, saleBuilder);
    }
    await sync.kick();
    expect(sent).toEqual([
      'S001-1-000124',
      'S001-1-000125',
      'S001-1-000126',
      'S001-1-000127',
      'S001-1-000128',
    ]);
    expect(await listOutbox(db, REGISTER)).toEqual([]);
    expect(sync.getStatus()).toMatchObject({ queued: 0, rejected: 0, isSending: false });
  });

  it('network errors and 5xx keep the sale queued and retry the very same body later; nothing after it overtakes', async () => {
    const bodies: string[] = [];
    let failuresLeft = 3;
    const sync = startSync({
      retryDelayMs: () => 5,
      send: async (body) => {
        bodies.push(JSON.stringify(body));
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw failuresLeft === 1
            ? refusal(503, 'UNAVAILABLE')
            : new ApiError({ status: 0, code: 'NETWORK', message: 'offline' });
        }
        return saleOf(body);
      },
    });
    await queueSale(db, REGISTER, saleBuilder);
    await queueSale(db, REGISTER, saleBuilder);
    await sync.kick();
    expect(sync.getStatus()).toMatchObject({ queued: 2, isReachable: false });
    const [first] = await listOutbox(db, REGISTER);
    expect(first?.attempts).toBe(1);
    await expect
      .poll(() => listOutbox(db, REGISTER).then((records) => records.length), { timeout: 2000 })
      .toBe(0);
    // Four tries of the first sale, all identical, then the second sale once.
    expect(bodies).toHaveLength(5);
    expect(new Set(bodies.slice(0, 4)).size).toBe(1);
    expect(JSON.parse(bodies[4] as string).receiptNumber).toBe('S001-1-000125');
    sync.stop();
  });

  it('a 4xx refusal keeps the sale as rejected with the error, and the next sales still go', async () => {
    const sync = startSync({
      send: async (body) => {
        if (body.receiptNumber === 'S001-1-000124') {
          throw refusal(422, 'INACTIVE_PRODUCT');
        }
        return saleOf(body);
      },
    });
    await queueSale(db, REGISTER, saleBuilder);
    await queueSale(db, REGISTER, saleBuilder);
    await sync.kick();
    const records = await listOutbox(db, REGISTER);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      receiptNumber: 'S001-1-000124',
      state: 'rejected',
      rejection: { status: 422, code: 'INACTIVE_PRODUCT' },
    });
    expect(sync.getStatus()).toMatchObject({ queued: 0, rejected: 1 });
  });

  it('409 RECEIPT_NUMBER_TAKEN: kept as rejected and the counter is reserved again', async () => {
    let reservations = 0;
    const sync = startSync({
      reserveCounter: async () => {
        reservations += 1;
        await storeReservedCounter(db, REGISTER, { prefix: 'S001-1-', nextNumber: 500 });
      },
      send: async () => {
        throw refusal(409, 'RECEIPT_NUMBER_TAKEN');
      },
    });
    await queueSale(db, REGISTER, saleBuilder);
    await sync.kick();
    expect(reservations).toBe(1);
    expect((await listOutbox(db, REGISTER))[0]).toMatchObject({
      state: 'rejected',
      rejection: { code: 'RECEIPT_NUMBER_TAKEN' },
    });
    expect((await queueSale(db, REGISTER, saleBuilder)).receiptNumber).toBe('S001-1-000500');
  });

  it('a manager retry sends a rejected sale again with the same body', async () => {
    const bodies: string[] = [];
    let refuse = true;
    const sync = startSync({
      send: async (body) => {
        bodies.push(JSON.stringify(body));
        if (refuse) {
          throw refusal(409, 'INSUFFICIENT_STOCK');
        }
        return saleOf(body);
      },
    });
    const record = await queueSale(db, REGISTER, saleBuilder);
    await sync.kick();
    expect((await listOutbox(db, REGISTER))[0]?.state).toBe('rejected');
    refuse = false;
    await sync.retryRejected(record.seq as number);
    expect(await listOutbox(db, REGISTER)).toEqual([]);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toBe(bodies[1]);
  });

  it('401 and CSRF failures wait for a sign-in: the sale stays queued, not rejected', async () => {
    const sync = startSync({
      retryDelayMs: () => 60_000,
      send: async () => {
        throw refusal(403, 'CSRF_FAILED');
      },
    });
    await queueSale(db, REGISTER, saleBuilder);
    await sync.kick();
    expect((await listOutbox(db, REGISTER))[0]?.state).toBe('queued');
    expect(sync.getStatus()).toMatchObject({ queued: 1, needsSignIn: true });
    sync.stop();
    expect(verdictOf(refusal(401, 'UNAUTHENTICATED'))).toBe('sign-in');
    expect(verdictOf(refusal(429, 'RATE_LIMITED'))).toBe('retry');
    expect(verdictOf(refusal(404, 'NOT_FOUND'))).toBe('refused');
  });

  it('the cashier waiting for a sale: the server’s sale when sent; a refusal takes the sale back out', async () => {
    const sync = startSync({
      send: async (body) => {
        if (body.receiptNumber === 'S001-1-000125') {
          throw refusal(422, 'APPROVAL_REQUIRED');
        }
        return saleOf(body);
      },
    });
    const first = await queueSale(db, REGISTER, saleBuilder);
    expect(await sync.waitFor(first.saleId, 1000)).toMatchObject({
      kind: 'sent',
      sale: { id: first.saleId },
    });
    const second = await queueSale(db, REGISTER, saleBuilder);
    const outcome = await sync.waitFor(second.saleId, 1000);
    expect(outcome.kind).toBe('refused');
    // Nothing recorded: the sale left the outbox and its number is free again.
    expect(await listOutbox(db, REGISTER)).toEqual([]);
    expect((await readCounter(db, REGISTER))?.nextNumber).toBe(125);
  });

  it('no answer in time: pending for the cashier, still queued, sent later; an approval is never stored', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const seen: unknown[] = [];
    const sync = startSync({
      send: async (body) => {
        seen.push(body);
        await gate;
        return saleOf(body);
      },
    });
    const record = await queueSale(db, REGISTER, saleBuilder);
    const outcome = await sync.waitFor(record.saleId, 20, { username: 'manager', pin: '1234' });
    expect(outcome).toEqual({ kind: 'pending' });
    const stored = await listOutbox(db, REGISTER);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain('1234');
    release();
    await expect.poll(() => listOutbox(db, REGISTER).then((records) => records.length)).toBe(0);
    expect(seen[0]).toMatchObject({ approval: { username: 'manager', pin: '1234' } });
  });
});
