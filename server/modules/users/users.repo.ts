import { and, asc, desc, eq, gt, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { userPasswordHistory, users, userStores } from '../../db/schema';
import type { Role } from '../../../shared/roles';

export type UserRow = typeof users.$inferSelect;
export type UserWithStores = UserRow & { storeIds: string[] };

const storeIdsOf = sql<
  string[]
>`coalesce((select json_agg(${userStores.storeId} order by ${userStores.storeId}) from ${userStores} where ${userStores.userId} = ${users.id}), '[]'::json)`;

export async function findUserWithStoresById(ex: Executor, id: string): Promise<UserWithStores | undefined> {
  const [row] = await ex
    .select({ user: users, storeIds: storeIdsOf })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  return row ? { ...row.user, storeIds: row.storeIds } : undefined;
}

export async function findUserWithStoresByUsername(
  ex: Executor,
  username: string,
): Promise<UserWithStores | undefined> {
  const [row] = await ex
    .select({ user: users, storeIds: storeIdsOf })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  return row ? { ...row.user, storeIds: row.storeIds } : undefined;
}

export type UserListFilter = {
  q?: string;
  storeId?: string;
  after?: { usernameLower: string; id: string };
  limit: number;
};

/** Ordered by lower(username), id: a stable keyset for pagination. */
export async function findUsers(ex: Executor, filter: UserListFilter): Promise<UserWithStores[]> {
  const conditions: SQL[] = [];
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(${users.username} ilike ${pattern} or ${users.name} ilike ${pattern})`);
  }
  if (filter.storeId) {
    conditions.push(
      sql`exists (select 1 from ${userStores} where ${userStores.userId} = ${users.id} and ${userStores.storeId} = ${filter.storeId})`,
    );
  }
  if (filter.after) {
    const { usernameLower, id } = filter.after;
    conditions.push(
      or(
        sql`lower(${users.username}) > ${usernameLower}`,
        and(sql`lower(${users.username}) = ${usernameLower}`, gt(users.id, id)),
      ) as SQL,
    );
  }
  const rows = await ex
    .select({ user: users, storeIds: storeIdsOf })
    .from(users)
    .where(and(...conditions))
    .orderBy(sql`lower(${users.username})`, asc(users.id))
    .limit(filter.limit);
  return rows.map((row) => ({ ...row.user, storeIds: row.storeIds }));
}

export type NewUser = {
  username: string;
  name: string;
  email: string | null;
  role: Role;
  passwordHash: string;
  pinHash: string | null;
};

export async function insertUser(ex: Executor, user: NewUser): Promise<UserRow> {
  const [row] = await ex.insert(users).values(user).returning();
  return row!;
}

export async function updateUserColumns(
  ex: Executor,
  id: string,
  changes: Partial<Omit<typeof users.$inferInsert, 'id'>>,
): Promise<void> {
  await ex
    .update(users)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(users.id, id));
}

export async function replaceUserStores(ex: Executor, userId: string, storeIds: string[]): Promise<void> {
  await ex.delete(userStores).where(eq(userStores.userId, userId));
  if (storeIds.length > 0) {
    await ex.insert(userStores).values(storeIds.map((storeId) => ({ userId, storeId })));
  }
}

export async function countActiveAdmins(ex: Executor, exceptUserId: string): Promise<number> {
  const [row] = await ex
    .select({ count: sql<number>`count(*)::int` })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true), sql`${users.id} <> ${exceptUserId}`));
  return row?.count ?? 0;
}

/** Counts one failed sign-in; the 10th in a row (since any earlier lock ran out) locks the account. */
export async function recordFailedLogin(
  ex: Executor,
  id: string,
  maxFailures: number,
  lockMinutes: number,
): Promise<{ failedLoginCount: number; lockedUntil: Date | null }> {
  const [row] = await ex
    .update(users)
    .set({
      failedLoginCount: sql`case when ${users.lockedUntil} is not null and ${users.lockedUntil} <= now() then 1 else ${users.failedLoginCount} + 1 end`,
      lockedUntil: sql`case
        when (case when ${users.lockedUntil} is not null and ${users.lockedUntil} <= now() then 1 else ${users.failedLoginCount} + 1 end) >= ${maxFailures}::int
        then now() + make_interval(mins => ${lockMinutes}::int)
        when ${users.lockedUntil} <= now() then null
        else ${users.lockedUntil} end`,
    })
    .where(eq(users.id, id))
    .returning({ failedLoginCount: users.failedLoginCount, lockedUntil: users.lockedUntil });
  return row!;
}

export async function recordSuccessfulLogin(ex: Executor, id: string): Promise<void> {
  await ex
    .update(users)
    .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: sql`now()` })
    .where(eq(users.id, id));
}

export async function findUsersByIds(ex: Executor, ids: string[]): Promise<UserRow[]> {
  if (ids.length === 0) {
    return [];
  }
  return ex.select().from(users).where(inArray(users.id, ids));
}

/** The bcrypt hashes of the user's most recent earlier passwords, newest first. */
export async function findRecentPasswordHashes(
  ex: Executor,
  userId: string,
  limit: number,
): Promise<string[]> {
  const rows = await ex
    .select({ passwordHash: userPasswordHistory.passwordHash })
    .from(userPasswordHistory)
    .where(eq(userPasswordHistory.userId, userId))
    .orderBy(desc(userPasswordHistory.createdAt), desc(userPasswordHistory.id))
    .limit(limit);
  return rows.map((row) => row.passwordHash);
}

/** Keeps a replaced password's hash, and only the newest `keep` of them. */
export async function insertPasswordHistory(
  ex: Executor,
  userId: string,
  passwordHash: string,
  keep: number,
): Promise<void> {
  await ex.insert(userPasswordHistory).values({ userId, passwordHash });
  await ex.execute(sql`
    delete from ${userPasswordHistory}
    where ${userPasswordHistory.userId} = ${userId}
      and ${userPasswordHistory.id} not in (
        select id from ${userPasswordHistory} where ${userPasswordHistory.userId} = ${userId}
        order by ${userPasswordHistory.createdAt} desc, ${userPasswordHistory.id} desc limit ${keep}
      )`);
}

/**
 * Active users whose last sign-in (or creation, or re-enabling, whichever is latest) is older than `before`:
 * the accounts the inactivity rule disables.
 */
export async function findUsersInactiveSince(ex: Executor, before: Date): Promise<UserRow[]> {
  return ex
    .select()
    .from(users)
    .where(
      and(
        eq(users.active, true),
        sql`greatest(${users.lastLoginAt}, ${users.createdAt}, ${users.reactivatedAt}) < ${before.toISOString()}::timestamptz`,
      ),
    );
}
