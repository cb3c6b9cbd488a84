import type { AuditEntryResponse, ListAuditLogQuery } from '../../../shared/schemas/audit';
import type { Page } from '../../../shared/schemas/common';
import { MIN_AUDIT_LOG_RETENTION_MONTHS } from '../../config';
import type { Db, Executor } from '../../db/client';
import { withTransaction } from '../../db/transaction';
import { currentRequestContext } from '../../http/request-context';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { type BatchOptions, deleteInBatches } from '../../lib/batches';
import { ValidationError } from '../../lib/errors';
import { findUserNames } from '../users/users.service';
import { deleteAuditEntriesBefore, findAuditEntries, insertAuditEntry } from './audit.repo';

/** Where a request came from; written with every audit entry. */
export type RequestOrigin = { ip: string | null; userAgent: string | null };

export type AuditEntry = {
  action: string;
  actorUserId?: string | null;
  approverUserId?: string | null;
  storeId?: string | null;
  entityType?: string;
  entityId?: string;
  details?: Record<string, unknown>;
  origin?: RequestOrigin;
};

/**
 * Appends one audit row. Pass the transaction that makes the change so the entry commits with it
 * (or not at all). Details must never hold secrets: callers list changed field names, not values.
 */
export async function recordAudit(ex: Executor, entry: AuditEntry): Promise<void> {
  await insertAuditEntry(ex, {
    action: entry.action,
    actorUserId: entry.actorUserId ?? null,
    approverUserId: entry.approverUserId ?? null,
    storeId: entry.storeId ?? null,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    details: entry.details ?? {},
    ip: entry.origin?.ip ?? null,
    userAgent: entry.origin?.userAgent?.slice(0, 500) ?? null,
    requestId: currentRequestContext()?.requestId ?? null,
  });
}

const POSTGRES_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Newest first. Managers only see entries tied to their stores; a store they cannot see yields nothing. */
export async function listAuditLog(
  db: Executor,
  visible: string[] | null,
  query: ListAuditLogQuery,
): Promise<Page<AuditEntryResponse>> {
  const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
  // A tampered cursor must be a 400, never a failed cast in SQL.
  if (after && !(POSTGRES_TIMESTAMP.test(String(after[0])) && UUID.test(String(after[1])))) {
    throw new ValidationError([{ path: 'cursor', message: 'is not a cursor this API returned' }]);
  }
  const rows = await findAuditEntries(db, {
    storeIds: visible,
    storeId: query.storeId,
    action: query.action,
    userId: query.userId,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    after: after ? { occurredAt: String(after[0]), id: String(after[1]) } : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const names = await findUserNames(
    db,
    page.flatMap(({ entry }) => [entry.actorUserId, entry.approverUserId].filter((id) => id !== null)),
  );
  const nameOf = (id: string | null) => (id === null ? null : (names.get(id) ?? null));
  return {
    items: page.map(({ entry }) => ({
      ...entry,
      occurredAt: entry.occurredAt.toISOString(),
      actorName: nameOf(entry.actorUserId),
      approverName: nameOf(entry.approverUserId),
    })),
    // The cursor keeps PostgreSQL's microseconds: entries within one millisecond are neither skipped nor repeated.
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.occurredAtExact, last.entry.id]) : null,
  };
}

/**
 * The same time of day `months` calendar months before `instant` (UTC), on the month's last day when the
 * day does not exist there (12 months before 29 February is 28 February): never later than a true
 * calendar-month difference, so a row just inside the retention is never taken for an old one.
 */
export function monthsBefore(instant: Date, months: number): Date {
  const year = instant.getUTCFullYear();
  const month = instant.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const result = new Date(instant.getTime());
  result.setUTCFullYear(year, month, Math.min(instant.getUTCDate(), lastDay));
  return result;
}

/** Refuses an audit retention shorter than PCI DSS allows, naming the setting (loadConfig refuses it too). */
export function assertAuditRetention(months: number): void {
  if (!Number.isInteger(months) || months < MIN_AUDIT_LOG_RETENTION_MONTHS) {
    throw new Error(
      `AUDIT_LOG_RETENTION_MONTHS must be at least ${MIN_AUDIT_LOG_RETENTION_MONTHS} (PCI DSS 10.5.1 keeps 12 months of audit history); got ${months}`,
    );
  }
}

/**
 * Removes audit entries older than the retention, never silently: each batch is deleted in one transaction
 * with an entry `maintenance.audit_log_pruned` naming the cut-off and how many rows it removed, so even an
 * interrupted run leaves a record of every row it took. Refuses a retention under 12 months.
 */
export async function pruneAuditLog(
  db: Db,
  retention: { months: number; now?: Date; runId?: string },
  options: BatchOptions,
): Promise<{ removed: number; cutoff: Date }> {
  assertAuditRetention(retention.months);
  const cutoff = monthsBefore(retention.now ?? new Date(), retention.months);
  const removed = await deleteInBatches(
    (limit) =>
      withTransaction(db, async (tx) => {
        const count = await deleteAuditEntriesBefore(tx, cutoff, limit);
        if (count > 0) {
          await recordAudit(tx, {
            action: 'maintenance.audit_log_pruned',
            actorUserId: null,
            entityType: 'audit_log',
            details: {
              cutoff: cutoff.toISOString(),
              retentionMonths: retention.months,
              removed: count,
              ...(retention.runId ? { runId: retention.runId } : {}),
            },
          });
        }
        return count;
      }),
    options,
  );
  return { removed, cutoff };
}
