import { and, asc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { stores } from '../../db/schema';

export type StoreRow = typeof stores.$inferSelect;

/** null storeIds means every store (admins). */
export async function findStores(
  ex: Executor,
  filter: { storeIds: string[] | null; afterCode?: string; limit: number },
): Promise<StoreRow[]> {
  const conditions: SQL[] = [];
  if (filter.storeIds) {
    if (filter.storeIds.length === 0) {
      return [];
    }
    conditions.push(inArray(stores.id, filter.storeIds));
  }
  if (filter.afterCode) {
    conditions.push(gt(stores.code, filter.afterCode));
  }
  return ex
    .select()
    .from(stores)
    .where(and(...conditions))
    .orderBy(asc(stores.code))
    .limit(filter.limit);
}

export async function findStoreById(ex: Executor, id: string): Promise<StoreRow | undefined> {
  const [row] = await ex.select().from(stores).where(eq(stores.id, id)).limit(1);
  return row;
}

export async function findExistingStoreIds(ex: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) {
    return [];
  }
  const rows = await ex.select({ id: stores.id }).from(stores).where(inArray(stores.id, ids));
  return rows.map((row) => row.id);
}

export async function insertStore(ex: Executor, store: typeof stores.$inferInsert): Promise<StoreRow> {
  const [row] = await ex.insert(stores).values(store).returning();
  return row!;
}

export async function updateStoreColumns(
  ex: Executor,
  id: string,
  changes: Partial<Omit<typeof stores.$inferInsert, 'id' | 'code'>>,
): Promise<StoreRow | undefined> {
  const [row] = await ex
    .update(stores)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(stores.id, id))
    .returning();
  return row;
}
