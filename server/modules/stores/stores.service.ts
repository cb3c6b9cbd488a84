import type { Page } from '../../../shared/schemas/common';
import type {
  CreateStoreRequest,
  ListStoresQuery,
  Store,
  UpdateStoreRequest,
} from '../../../shared/schemas/stores';
import type { Db } from '../../db/client';
import { sqlStateOf, UNIQUE_VIOLATION, withTransaction } from '../../db/transaction';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { ConflictError, NotFoundError } from '../../lib/errors';
import { type RequestOrigin, recordAudit } from '../audit/audit.service';
import { findStoreById, findStores, insertStore, type StoreRow, updateStoreColumns } from './stores.repo';

export type StoresDeps = { db: Db };

export function presentStore(row: StoreRow): Store {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    timezone: row.timezone,
    currency: row.currency,
    address: row.address,
    pricesIncludeTax: row.pricesIncludeTax,
    allowNegativeStock: row.allowNegativeStock,
    taxRates: row.taxRates,
    cashierDiscountLimitPercent: row.cashierDiscountLimitPercent,
    cashRoundingCents: row.cashRoundingCents,
    receiptHeader: row.receiptHeader,
    receiptFooter: row.receiptFooter,
    scaleBarcodeLayout: row.scaleBarcodeLayout,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Stores the caller may see (null = all), by code. */
export async function listStores(
  deps: StoresDeps,
  visible: string[] | null,
  query: ListStoresQuery,
): Promise<Page<Store>> {
  const after = query.cursor ? decodeCursor(query.cursor, 1) : undefined;
  const rows = await findStores(deps.db, {
    storeIds: visible,
    afterCode: after ? String(after[0]) : undefined,
    limit: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(presentStore),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.code]) : null,
  };
}

export type StoreSettingsCache = {
  /** The store as getStore gives it, from a copy at most a few seconds old. */
  get(deps: StoresDeps, visible: string[] | null, id: string): Promise<Store>;
  forget(id: string): void;
};

/**
 * Store settings as the till's hot paths read them, kept a few seconds per process: a store rings up many
 * sales a minute and its settings change rarely. A change made through this process is seen at once (the
 * route forgets the copy); other processes of a cluster see it within `ttlMs`.
 */
export function createStoreSettingsCache(ttlMs = 3_000): StoreSettingsCache {
  const copies = new Map<string, { store: Store; until: number }>();
  return {
    async get(deps, visible, id) {
      if (visible && !visible.includes(id)) {
        throw new NotFoundError('Store');
      }
      const copy = copies.get(id);
      if (copy && copy.until > Date.now()) {
        return copy.store;
      }
      const store = await getStore(deps, null, id);
      copies.set(id, { store, until: Date.now() + ttlMs });
      return store;
    },
    forget(id) {
      copies.delete(id);
    },
  };
}

/** Another store's id answers 404, exactly like a store that does not exist. */
export async function getStore(deps: StoresDeps, visible: string[] | null, id: string): Promise<Store> {
  if (visible && !visible.includes(id)) {
    throw new NotFoundError('Store');
  }
  const row = await findStoreById(deps.db, id);
  if (!row) {
    throw new NotFoundError('Store');
  }
  return presentStore(row);
}

export async function createStore(
  deps: StoresDeps,
  request: CreateStoreRequest,
  actorUserId: string,
  origin: RequestOrigin,
): Promise<Store> {
  return withTransaction(deps.db, async (tx) => {
    const row = await insertStore(tx, request).catch((error: unknown) => {
      throw sqlStateOf(error) === UNIQUE_VIOLATION
        ? new ConflictError(`A store with code ${request.code} already exists`, 'CONFLICT', [
            { path: 'code', message: 'is already used by another store' },
          ])
        : error;
    });
    await recordAudit(tx, {
      action: 'store.created',
      actorUserId,
      storeId: row.id,
      entityType: 'store',
      entityId: row.id,
      details: { code: row.code, name: row.name },
      origin,
    });
    return presentStore(row);
  });
}

export async function updateStore(
  deps: StoresDeps,
  id: string,
  request: UpdateStoreRequest,
  actorUserId: string,
  origin: RequestOrigin,
): Promise<Store> {
  return withTransaction(deps.db, async (tx) => {
    const row = await updateStoreColumns(tx, id, request);
    if (!row) {
      throw new NotFoundError('Store');
    }
    await recordAudit(tx, {
      action: 'store.updated',
      actorUserId,
      storeId: id,
      entityType: 'store',
      entityId: id,
      details: { changed: Object.keys(request).sort(), values: request },
      origin,
    });
    return presentStore(row);
  });
}
