// The outbox and the receipt counter in IndexedDB. A sale takes its number and joins the queue in one
// transaction, so a crash can neither lose a queued sale nor hand the same number out twice.
import { counterKey, type OfflineDb, openOfflineDb, type ReceiptCounter } from './db';
import {
  formatReceiptNumber,
  type LocalReceipt,
  type OutboxRecord,
  type OutboxRejection,
  type OutboxSaleBody,
} from './outbox-record';

/** The register has never reserved its receipt numbers (it has not been online since it was set up). */
export class NoReceiptCounterError extends Error {
  override readonly name = 'NoReceiptCounterError';
  constructor() {
    super('This register has no receipt numbers yet: it must reach the server once.');
  }
}

export async function readCounter(db: OfflineDb, registerId: string): Promise<ReceiptCounter | null> {
  return ((await db.get('meta', counterKey(registerId))) as ReceiptCounter | undefined) ?? null;
}

/** The number in a receipt number of this prefix, or null when it is another register's. */
function numberIn(prefix: string, receiptNumber: string): number | null {
  if (!receiptNumber.startsWith(prefix)) {
    return null;
  }
  const digits = receiptNumber.slice(prefix.length);
  return /^[0-9]+$/.test(digits) ? Number(digits) : null;
}

/**
 * Keeps what the server reserved: its next number, unless the till is already further (sales queued
 * offline took numbers the server has not seen yet). A new prefix replaces the old counter.
 */
export async function storeReservedCounter(
  db: OfflineDb,
  registerId: string,
  reserved: ReceiptCounter,
): Promise<ReceiptCounter> {
  const tx = db.transaction('meta', 'readwrite');
  const current = (await tx.store.get(counterKey(registerId))) as ReceiptCounter | undefined;
  const next =
    current && current.prefix === reserved.prefix
      ? { prefix: reserved.prefix, nextNumber: Math.max(current.nextNumber, reserved.nextNumber) }
      : reserved;
  await tx.store.put(next, counterKey(registerId));
  await tx.done;
  return next;
}

/** Moves the counter past a number the server gave (returns are numbered from the same counter). */
export async function noteReceiptNumberUsedIn(
  db: OfflineDb,
  registerId: string,
  receiptNumber: string,
): Promise<void> {
  const tx = db.transaction('meta', 'readwrite');
  const current = (await tx.store.get(counterKey(registerId))) as ReceiptCounter | undefined;
  const used = current ? numberIn(current.prefix, receiptNumber) : null;
  if (current && used !== null && used >= current.nextNumber) {
    await tx.store.put({ prefix: current.prefix, nextNumber: used + 1 }, counterKey(registerId));
  }
  await tx.done;
}

/**
 * Moves this register's local receipt counter past a number the server handed out (e.g. a return's).
 * Safe to call with any number: it never moves the counter back.
 */
export async function noteReceiptNumberUsed(
  storeId: string,
  registerId: string,
  receiptNumber: string,
): Promise<void> {
  await noteReceiptNumberUsedIn(await openOfflineDb(storeId), registerId, receiptNumber);
}

/**
 * Numbers the sale from the register's counter and queues it, in one transaction. `build` gets the receipt
 * number and returns the exact body to send and the receipt to show. Throws NoReceiptCounterError when the
 * register has no counter yet.
 */
export async function queueSale(
  db: OfflineDb,
  registerId: string,
  build: (receiptNumber: string) => { body: OutboxSaleBody; receipt: LocalReceipt },
  now: Date = new Date(),
): Promise<OutboxRecord> {
  const tx = db.transaction(['meta', 'outbox'], 'readwrite');
  const meta = tx.objectStore('meta');
  const counter = (await meta.get(counterKey(registerId))) as ReceiptCounter | undefined;
  if (!counter) {
    tx.abort();
    await tx.done.catch(() => undefined);
    throw new NoReceiptCounterError();
  }
  const receiptNumber = formatReceiptNumber(counter.prefix, counter.nextNumber);
  const { body, receipt } = build(receiptNumber);
  const record: OutboxRecord = {
    registerId,
    saleId: body.id,
    receiptNumber,
    body,
    state: 'queued',
    queuedAt: now.toISOString(),
    attempts: 0,
    lastError: null,
    rejection: null,
    receipt,
  };
  await meta.put({ prefix: counter.prefix, nextNumber: counter.nextNumber + 1 }, counterKey(registerId));
  const seq = await tx.objectStore('outbox').add(record);
  await tx.done;
  return { ...record, seq };
}

/** Every sale of the register still in the outbox (queued or rejected), oldest first. */
export async function listOutbox(db: OfflineDb, registerId: string): Promise<OutboxRecord[]> {
  return db.getAllFromIndex('outbox', 'register', registerId);
}

/** The oldest sale still to send, or null. Rejected sales wait for a manager and do not hold the others up. */
export async function firstQueued(db: OfflineDb, registerId: string): Promise<OutboxRecord | null> {
  let cursor = await db.transaction('outbox').store.index('register').openCursor(registerId);
  while (cursor) {
    if (cursor.value.state === 'queued') {
      return cursor.value;
    }
    cursor = await cursor.continue();
  }
  return null;
}

async function updateRecord(
  db: OfflineDb,
  seq: number,
  change: (record: OutboxRecord) => OutboxRecord,
): Promise<void> {
  const tx = db.transaction('outbox', 'readwrite');
  const record = await tx.store.get(seq);
  if (record) {
    await tx.store.put(change(record));
  }
  await tx.done;
}

/** The server has the sale (201, or 200 for a repeat): it leaves the outbox. */
export async function removeSent(db: OfflineDb, seq: number): Promise<void> {
  await db.delete('outbox', seq);
}

export async function noteFailedAttempt(db: OfflineDb, seq: number, error: string): Promise<void> {
  await updateRecord(db, seq, (record) => ({ ...record, attempts: record.attempts + 1, lastError: error }));
}

/** The server refused the sale: kept, with the refusal, for a manager. */
export async function markRejected(db: OfflineDb, seq: number, rejection: OutboxRejection): Promise<void> {
  await updateRecord(db, seq, (record) => ({
    ...record,
    state: 'rejected',
    attempts: record.attempts + 1,
    rejection,
  }));
}

/** A manager sends a rejected sale again (same id, same body). */
export async function requeueRejected(db: OfflineDb, seq: number): Promise<void> {
  await updateRecord(db, seq, (record) => ({ ...record, state: 'queued', rejection: null, lastError: null }));
}

/**
 * Takes back a sale the server refused while the cashier was waiting for it (nothing was recorded; the
 * cashier deals with the refusal on the spot). Its number is given back when no later sale took one.
 */
export async function withdrawSale(db: OfflineDb, seq: number): Promise<void> {
  const tx = db.transaction(['meta', 'outbox'], 'readwrite');
  const record = await tx.objectStore('outbox').get(seq);
  if (record) {
    await tx.objectStore('outbox').delete(seq);
    const meta = tx.objectStore('meta');
    const counter = (await meta.get(counterKey(record.registerId))) as ReceiptCounter | undefined;
    const used = counter ? numberIn(counter.prefix, record.receiptNumber) : null;
    if (counter && used !== null && counter.nextNumber === used + 1) {
      await meta.put({ prefix: counter.prefix, nextNumber: used }, counterKey(record.registerId));
    }
  }
  await tx.done;
}
