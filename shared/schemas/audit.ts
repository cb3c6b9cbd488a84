import { z } from 'zod';
import { pageQuery, uuid } from './common';

export const auditEntrySchema = z.object({
  id: uuid(),
  occurredAt: z.iso.datetime(),
  action: z.string(),
  actorUserId: uuid().nullable(),
  /** The actor's display name, so a manager (who cannot list users) reads who did it. */
  actorName: z.string().nullable(),
  approverUserId: uuid().nullable(),
  approverName: z.string().nullable(),
  storeId: uuid().nullable(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type AuditEntryResponse = z.infer<typeof auditEntrySchema>;

export const listAuditLogQuerySchema = z
  .object({
    ...pageQuery,
    storeId: uuid().optional(),
    action: z.string().max(100).optional(),
    /** Entries this user did or approved. */
    userId: uuid().optional(),
    from: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 timestamp' }).optional(),
    to: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 timestamp' }).optional(),
  })
  .strict();
export type ListAuditLogQuery = z.infer<typeof listAuditLogQuerySchema>;
