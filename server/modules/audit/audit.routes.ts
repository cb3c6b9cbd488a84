import { auditEntrySchema, listAuditLogQuerySchema } from '../../../shared/schemas/audit';
import { page } from '../../../shared/schemas/common';
import type { Db } from '../../db/client';
import { visibleStoreIds } from '../../http/auth';
import { type AnyRoute, defineRoute } from '../../http/route';
import { listAuditLog } from './audit.service';

export function auditRoutes(deps: { db: Db }): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/audit-log',
      summary: 'Who did what, when, from where (managers: entries of their stores; admins: all)',
      tags: ['audit'],
      access: { kind: 'roles', roles: ['admin', 'manager'] },
      query: listAuditLogQuerySchema,
      response: page(auditEntrySchema),
      handler: ({ query, principal }) => listAuditLog(deps.db, visibleStoreIds(principal), query),
    }),
  ];
}
