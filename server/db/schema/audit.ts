import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { idColumn } from './columns';
import { stores } from './stores';
import { users } from './users';

/** Append-only: who did what, when, from where. Rows are only removed past the store's retention. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: idColumn(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    action: text('action').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    approverUserId: uuid('approver_user_id').references(() => users.id, { onDelete: 'set null' }),
    storeId: uuid('store_id').references(() => stores.id, { onDelete: 'set null' }),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
  },
  (t) => [
    index('audit_log_occurred_at_idx').on(t.occurredAt),
    index('audit_log_store_occurred_idx').on(t.storeId, t.occurredAt),
    index('audit_log_action_occurred_idx').on(t.action, t.occurredAt),
    index('audit_log_actor_idx').on(t.actorUserId, t.occurredAt),
  ],
);
