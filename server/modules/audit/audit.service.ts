import type { AuditEntryResponse, ListAuditLogQuery } from '../../../shared/schemas/audit';
import type { Page } from '../../../shared/schemas/common';
import type { Executor } from '../../db/client';
import { currentRequestContext } from '../../http/request-context';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { ValidationError } from '../../lib/errors';
import { findUserNames } from '../users/users.service';
import { findAuditEntries, insertAuditEntry } from './audit.repo';

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
