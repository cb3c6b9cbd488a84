import { and, desc, eq, gte, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { auditLog } from '../../db/schema';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;

export async function insertAuditEntry(ex: Executor, entry: NewAuditRow): Promise<void> {
  await ex.insert(auditLog).values(entry);
}

/** Removes up to `limit` entries that occurred before `cutoff`, oldest first (the retention job's batches). */
export async function deleteAuditEntriesBefore(ex: Executor, cutoff: Date, limit: number): Promise<number> {
  const old = ex
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(lt(auditLog.occurredAt, cutoff))
    .orderBy(auditLog.occurredAt)
    .limit(limit);
  const rows = await ex.delete(auditLog).where(inArray(auditLog.id, old)).returning({ id: auditLog.id });
  return rows.length;
}

export type AuditFilter = {
  storeIds: string[] | null;
  storeId?: string;
  action?: string;
  /** Entries this user did or approved. */
  userId?: string;
  from?: Date;
  to?: Date;
  /** The last row of the previous page: its occurred_at as PostgreSQL prints it (microseconds kept) and id. */
  after?: { occurredAt: string; id: string };
  limit: number;
};

/** Newest first, keyset-paginated on (occurred_at, id). */
export async function findAuditEntries(
  ex: Executor,
  filter: AuditFilter,
): Promise<{ entry: AuditRow; occurredAtExact: string }[]> {
  const conditions: SQL[] = [];
  if (filter.storeIds) {
    conditions.push(inArray(auditLog.storeId, filter.storeIds));
  }
  if (filter.storeId) {
    conditions.push(eq(auditLog.storeId, filter.storeId));
  }
  if (filter.action) {
    conditions.push(eq(auditLog.action, filter.action));
  }
  if (filter.userId) {
    conditions.push(or(eq(auditLog.actorUserId, filter.userId), eq(auditLog.approverUserId, filter.userId))!);
  }
  if (filter.from) {
    conditions.push(gte(auditLog.occurredAt, filter.from));
  }
  if (filter.to) {
    conditions.push(lt(auditLog.occurredAt, filter.to));
  }
  if (filter.after) {
    const { occurredAt, id } = filter.after;
    conditions.push(
      sql`(${auditLog.occurredAt}, ${auditLog.id}) < (${occurredAt}::timestamptz, ${id}::uuid)`,
    );
  }
  return ex
    .select({ entry: auditLog, occurredAtExact: sql<string>`${auditLog.occurredAt}::text` })
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(filter.limit);
}
