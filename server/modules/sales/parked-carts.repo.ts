import { and, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { parkedCarts } from '../../db/schema';

export type ParkedCartRow = typeof parkedCarts.$inferSelect;

export async function insertParkedCart(
  ex: Executor,
  cart: typeof parkedCarts.$inferInsert,
): Promise<ParkedCartRow> {
  const [row] = await ex.insert(parkedCarts).values(cart).returning();
  return row!;
}

/** Carts of a store parked since `since` (the start of its business day), newest first. */
export async function findParkedCarts(ex: Executor, storeId: string, since: Date): Promise<ParkedCartRow[]> {
  return ex
    .select()
    .from(parkedCarts)
    .where(and(eq(parkedCarts.storeId, storeId), gte(parkedCarts.createdAt, since)))
    .orderBy(desc(parkedCarts.createdAt))
    .limit(200);
}

export async function findParkedCartStore(ex: Executor, id: string): Promise<string | undefined> {
  const [row] = await ex
    .select({ storeId: parkedCarts.storeId })
    .from(parkedCarts)
    .where(eq(parkedCarts.id, id));
  return row?.storeId;
}

/** Takes a cart off the shelf: only one register can ever get it back. */
export async function deleteParkedCart(
  ex: Executor,
  id: string,
  since: Date,
): Promise<ParkedCartRow | undefined> {
  const [row] = await ex
    .delete(parkedCarts)
    .where(and(eq(parkedCarts.id, id), gte(parkedCarts.createdAt, since)))
    .returning();
  return row;
}

/** Carts left from earlier business days: they have expired. */
export async function deleteExpiredParkedCarts(ex: Executor, storeId: string, before: Date): Promise<number> {
  const rows = await ex
    .delete(parkedCarts)
    .where(and(eq(parkedCarts.storeId, storeId), lt(parkedCarts.createdAt, before)))
    .returning({ id: parkedCarts.id });
  return rows.length;
}

/** Removes up to `limit` of a store's carts parked before `before`: the maintenance job's batches. */
export async function deleteParkedCartsBefore(
  ex: Executor,
  storeId: string,
  before: Date,
  limit: number,
): Promise<number> {
  const expired = ex
    .select({ id: parkedCarts.id })
    .from(parkedCarts)
    .where(and(eq(parkedCarts.storeId, storeId), lt(parkedCarts.createdAt, before)))
    .limit(limit);
  const rows = await ex
    .delete(parkedCarts)
    .where(inArray(parkedCarts.id, expired))
    .returning({ id: parkedCarts.id });
  return rows.length;
}
