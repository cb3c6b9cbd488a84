import type { CartDraft, ParkCartInput, ParkedCart } from '../../../shared/schemas/sales';
import type { Store } from '../../../shared/schemas/stores';
import { businessDateAt, zonedTimeToInstant } from '../../../shared/time';
import type { Db } from '../../db/client';
import { type BatchOptions, deleteInBatches } from '../../lib/batches';
import { NotFoundError } from '../../lib/errors';
import { getStore, listStores } from '../stores/stores.service';
import {
  deleteExpiredParkedCarts,
  deleteParkedCartsBefore,
  deleteParkedCart,
  findParkedCarts,
  findParkedCartStore,
  insertParkedCart,
  type ParkedCartRow,
} from './parked-carts.repo';
import type { SaleActor, SalesDeps } from './sale-actor';

function presentParkedCart(row: ParkedCartRow): ParkedCart {
  return {
    id: row.id,
    storeId: row.storeId,
    registerId: row.registerId,
    label: row.label ?? '',
    parkedBy: row.userId,
    cart: row.cart as CartDraft,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A parked cart lives until the end of the store's business day. */
function startOfBusinessDay(store: Store, now = new Date()): Date {
  return zonedTimeToInstant(businessDateAt(now, store.timezone), 0, store.timezone);
}

/** Parks a cart so the till can serve the next customer; yesterday's leftovers are cleared on the way. */
export async function parkCart(deps: SalesDeps, actor: SaleActor, input: ParkCartInput): Promise<ParkedCart> {
  const store = await getStore({ db: deps.db }, actor.visible, input.storeId);
  await deleteExpiredParkedCarts(deps.db, store.id, startOfBusinessDay(store));
  const row = await insertParkedCart(deps.db, {
    storeId: store.id,
    registerId: input.registerId,
    userId: actor.userId,
    label: input.label,
    cart: input.cart,
  });
  return presentParkedCart(row);
}

/** Today's parked carts of a store, on any of its registers, newest first. */
export async function listParkedCarts(
  deps: SalesDeps,
  visible: string[] | null,
  storeId: string,
): Promise<{ items: ParkedCart[]; nextCursor: null }> {
  const store = await getStore({ db: deps.db }, visible, storeId);
  const rows = await findParkedCarts(deps.db, store.id, startOfBusinessDay(store));
  return { items: rows.map(presentParkedCart), nextCursor: null };
}

/**
 * Takes a parked cart back to ring it up, on any register of its store. It leaves the shelf in the same
 * statement, so two registers recalling it at once cannot both get it; an expired cart is gone (404).
 */
export async function takeParkedCart(
  deps: SalesDeps,
  visible: string[] | null,
  id: string,
): Promise<ParkedCart> {
  const storeId = await findParkedCartStore(deps.db, id);
  if (!storeId || (visible && !visible.includes(storeId))) {
    throw new NotFoundError('Parked cart');
  }
  const store = await getStore({ db: deps.db }, visible, storeId);
  const row = await deleteParkedCart(deps.db, id, startOfBusinessDay(store));
  if (!row) {
    throw new NotFoundError('Parked cart');
  }
  return presentParkedCart(row);
}

/**
 * For the maintenance job: removes the carts every store parked before its current business day, the same
 * rule that hides them from the registers, so nothing a register can still recall is removed.
 */
export async function pruneExpiredParkedCarts(
  db: Db,
  options: BatchOptions,
  now = new Date(),
): Promise<number> {
  let removed = 0;
  let cursor: string | undefined;
  do {
    const page = await listStores({ db }, null, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const store of page.items) {
      const before = startOfBusinessDay(store, now);
      removed += await deleteInBatches(
        (limit) => deleteParkedCartsBefore(db, store.id, before, limit),
        options,
      );
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor && !options.signal?.aborted);
  return removed;
}
