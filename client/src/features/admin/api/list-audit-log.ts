import { type AuditEntryResponse, auditEntrySchema } from '../../../../../shared/schemas/audit';
import { page } from '../../../../../shared/schemas/common';
import { http } from '../../../api/http';

export type AuditEntry = AuditEntryResponse;

export type AuditFilters = {
  action: string;
  userId: string;
  storeId: string;
  /** ISO instants; '' for no bound. */
  from: string;
  to: string;
};

const auditPageSchema = page(auditEntrySchema);

export const AUDIT_PAGE_SIZE = 50;

/** One page of the audit log, newest first; empty filters are left out. */
export function listAuditLog(filters: AuditFilters, cursor: string | null, signal?: AbortSignal) {
  const query = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
  for (const [key, value] of Object.entries(filters)) {
    if (value !== '') {
      query.set(key, value);
    }
  }
  if (cursor) {
    query.set('cursor', cursor);
  }
  return http.get(`/api/audit-log?${query.toString()}`, {
    signal,
    parse: (body) => auditPageSchema.parse(body),
  });
}
