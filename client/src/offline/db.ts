// The till's own database in IndexedDB, one per store: the catalog copy, the store's settings, the open
// shift, the register's receipt counter and the outbox of sales. Everything the register needs to keep
// selling, and to lose nothing, while the API cannot be reached.
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Shift } from '../../../shared/schemas/shifts';
import type { Store } from '../../../shared/schemas/stores';
import type { RegisterProduct } from './catalog-api';
import type { OutboxRecord } from './outbox-record';

/** A product as the till holds it: the feed's product plus its SKU in lower case, for SKU lookups. */
export type StoredProduct = RegisterProduct & { skuLower: string };

/**
 * The catalog is stored as segments, one per feed page (up to 5000 products), not one record per product:
 * IndexedDB's cost is per record, and 100k single puts took 20 s on this machine where 20 segments take
 * well under one. Later segments hold newer versions; lookups run on an index built in memory from them.
 */
export type CatalogSegment = { seq?: number; products: RegisterProduct[] };

/** The register's receipt numbering: the next sale carries prefix + nextNumber (zero-padded). */
export type ReceiptCounter = { prefix: string; nextNumber: number };

export type MetaValues = {
  store: Store;
  catalogCursor: string;
  /** When the last catalog sync reached the end of the feed (ISO). */
  catalogSyncedAt: string;
};

export type OfflineSchema = DBSchema & {
  catalogSegments: { key: number; value: CatalogSegment };
  /** Small values by name: see MetaValues, plus `shift:<register>` and `counter:<register>`. */
  meta: { key: string; value: unknown };
  outbox: {
    key: number;
    value: OutboxRecord;
    indexes: { register: string };
  };
};

export type OfflineDb = IDBPDatabase<OfflineSchema>;

const DB_VERSION = 1;

export function offlineDbName(storeId: string): string {
  return `pos-offline-${storeId}`;
}

const openDbs = new Map<string, Promise<OfflineDb>>();

/** Opens (and on first use creates) the store's database; one connection per store for the tab. */
export function openOfflineDb(storeId: string): Promise<OfflineDb> {
  const existing = openDbs.get(storeId);
  if (existing) {
    return existing;
  }
  const opening = openDB<OfflineSchema>(offlineDbName(storeId), DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('catalogSegments', { keyPath: 'seq', autoIncrement: true });
      db.createObjectStore('meta');
      const outbox = db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      outbox.createIndex('register', 'registerId');
    },
  });
  openDbs.set(storeId, opening);
  opening.catch(() => openDbs.delete(storeId));
  return opening;
}

/** Forgets the cached connection (unit tests delete databases between tests). */
export function closeOfflineDb(storeId: string): void {
  const opening = openDbs.get(storeId);
  openDbs.delete(storeId);
  void opening?.then((db) => db.close());
}

export async function readMeta<K extends keyof MetaValues>(
  db: OfflineDb,
  key: K,
): Promise<MetaValues[K] | undefined> {
  return (await db.get('meta', key)) as MetaValues[K] | undefined;
}

export async function writeMeta<K extends keyof MetaValues>(
  db: OfflineDb,
  key: K,
  value: MetaValues[K],
): Promise<void> {
  await db.put('meta', value, key);
}

export function shiftKey(registerId: string): string {
  return `shift:${registerId}`;
}

export function counterKey(registerId: string): string {
  return `counter:${registerId}`;
}

/** The last open shift this register saw, so the till opens offline; null clears it (shift closed). */
export async function rememberShift(db: OfflineDb, registerId: string, shift: Shift | null): Promise<void> {
  if (shift === null) {
    await db.delete('meta', shiftKey(registerId));
  } else {
    await db.put('meta', shift, shiftKey(registerId));
  }
}

export async function readRememberedShift(db: OfflineDb, registerId: string): Promise<Shift | null> {
  return ((await db.get('meta', shiftKey(registerId))) as Shift | undefined) ?? null;
}
